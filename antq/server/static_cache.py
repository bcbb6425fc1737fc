"""Streamlit's own JavaScript and styles, sent compressed from memory: an ASGI middleware given to
Streamlit's server (antq/server/app.py).

Streamlit serves `/static/` uncompressed, file by file from disk, expecting a proxy in front to
compress and cache (its starlette_gzip_middleware.py says so). The embedded default has no proxy: a
new browser took ~9 MB of JavaScript, read in chunks, each a hop to a worker thread and back, and the
same 9 MB crossed the network to every tablet. Here a text asset (scripts, styles, source maps, SVG,
JSON) is compressed once per process at the highest level, kept in memory, and sent in one piece to a
browser that accepts gzip (every browser does): about a quarter of the bytes, and no disk or thread
work after the first time. Files are found through an index of the static folder made at start, so a
request's path never reaches the file system. Anything else (fonts and images, already compressed; a
client without gzip; a path not in the index) goes on to Streamlit unchanged. Under `--replicas`,
nginx serves `/static/` itself and this is not reached.
"""
from __future__ import annotations

import gzip
import threading
from pathlib import Path

from streamlit import file_util

PREFIX = "/static/"
TYPES = {  # the text assets, by suffix, and the type each is sent as
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".map": "application/json", ".json": "application/json",
    ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8"}
CACHE_CONTROL = b"public, immutable, max-age=31536000"  # the names carry a hash of the content


def index(root: Path | None = None) -> dict[str, Path]:
    """URL path → file, for every text asset under Streamlit's `static/` folder."""
    root = Path(root or file_util.get_static_dir())
    folder = root / "static"
    return {PREFIX + p.relative_to(folder).as_posix(): p
            for p in folder.rglob("*") if p.is_file() and p.suffix in TYPES}


def accepts_gzip(scope) -> bool:
    """Whether the request's Accept-Encoding takes gzip (by name, with a weight above zero)."""
    for name, value in scope.get("headers", []):
        if name != b"accept-encoding":
            continue
        for part in value.decode("latin-1").lower().split(","):
            coding, _, params = part.partition(";")
            if coding.strip() == "gzip":
                weight = params.replace(" ", "").removeprefix("q=") or "1"
                try:
                    return float(weight) > 0
                except ValueError:
                    return False
    return False


class Assets:
    """The index of the static folder and each text asset compressed, once per process."""

    def __init__(self, root: Path | None = None):
        self.files = index(root)
        self.compressed: dict[str, bytes] = {}
        self.lock = threading.Lock()

    def body(self, path: str) -> bytes:
        data = self.compressed.get(path)
        if data is None:
            with self.lock:
                data = self.compressed.get(path)
                if data is None:
                    data = gzip.compress(self.files[path].read_bytes(), compresslevel=9, mtime=0)
                    self.compressed[path] = data
        return data

    def prepare(self) -> int:
        """Compress every text asset now (the server's warm-up: ~0.8 s, ~7 MB held); returns their bytes."""
        return sum(len(self.body(path)) for path in self.files)


_ASSETS: Assets | None = None


def assets() -> Assets:
    global _ASSETS
    if _ASSETS is None:
        _ASSETS = Assets()
    return _ASSETS


class CompressedStatic:
    def __init__(self, app, store: Assets | None = None):
        self.app = app
        self.assets = store or assets()

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        files = self.assets.files
        if (not path.startswith(PREFIX) or path not in files or scope["method"] not in ("GET", "HEAD")
                or not accepts_gzip(scope)):
            return await self.app(scope, receive, send)
        data = self.assets.compressed.get(path)
        if data is None:
            import anyio.to_thread

            data = await anyio.to_thread.run_sync(self.assets.body, path)
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", TYPES[files[path].suffix].encode()), (b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding"),
            (b"content-length", str(len(data)).encode()), (b"cache-control", CACHE_CONTROL)]})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else data})
