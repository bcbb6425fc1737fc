"""Streamlit's scripts sent compressed from memory (antq/server/static_cache.py), as an ASGI app seen
from outside: what is compressed, what goes on to Streamlit, and that a path never reaches the disk."""
from __future__ import annotations

import asyncio
import gzip

import pytest

from antq.server import static_cache
from antq.server.static_cache import Assets, CompressedStatic, accepts_gzip


@pytest.fixture()
def root(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "index.abc123.js").write_text("console.log('xin chào');" * 200, encoding="utf-8")
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(b"\x00wOF2" * 10)
    (tmp_path / "secret.txt").write_text("not an asset")
    return tmp_path


def call(app, path, method="GET", encoding="gzip, deflate, br"):
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    headers = [(b"accept-encoding", encoding.encode())] if encoding is not None else []
    asyncio.run(app({"type": "http", "method": method, "path": path, "headers": headers}, receive, send))
    return sent


async def streamlit(scope, receive, send):  # what Streamlit's own handler would answer
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b"from streamlit"})


def test_a_script_is_sent_gzip_compressed_whole_and_typed(root):
    app = CompressedStatic(streamlit, Assets(root))
    start, body = call(app, "/static/js/index.abc123.js")
    headers = dict(start["headers"])
    assert start["status"] == 200 and headers[b"content-encoding"] == b"gzip"
    assert headers[b"content-type"].startswith(b"text/javascript")
    assert b"immutable" in headers[b"cache-control"] and headers[b"vary"] == b"Accept-Encoding"
    original = (root / "static" / "js" / "index.abc123.js").read_bytes()
    assert gzip.decompress(body["body"]) == original and len(body["body"]) < len(original) / 5
    assert int(headers[b"content-length"]) == len(body["body"])
    head = call(app, "/static/js/index.abc123.js", method="HEAD")
    assert head[1]["body"] == b"" and dict(head[0]["headers"])[b"content-length"] == headers[b"content-length"]


@pytest.mark.parametrize("path, method, encoding", [
    ("/static/media/font.woff2", "GET", "gzip"),           # already compressed: Streamlit sends it
    ("/static/js/index.abc123.js", "GET", None),           # a client without gzip
    ("/static/js/index.abc123.js", "GET", "br, gzip;q=0"),  # gzip refused by weight
    ("/static/js/index.abc123.js", "POST", "gzip"),
    ("/static/js/missing.js", "GET", "gzip"),
    ("/static/../secret.txt", "GET", "gzip"),               # a path outside the index never reaches the disk
    ("/static/js/../../secret.txt", "GET", "gzip"),
    ("/overview", "GET", "gzip"),
])
def test_anything_else_goes_on_to_streamlit(root, path, method, encoding):
    sent = call(CompressedStatic(streamlit, Assets(root)), path, method, encoding)
    assert sent[0]["status"] == 299 and sent[1]["body"] == b"from streamlit"


def test_accept_encoding_weights():
    def scope(value):
        return {"headers": [(b"accept-encoding", value.encode())]}
    assert accepts_gzip(scope("gzip")) and accepts_gzip(scope("deflate, GZIP;q=0.5"))
    assert not accepts_gzip(scope("gzip;q=0")) and not accepts_gzip(scope("br")) and not accepts_gzip({"headers": []})
    assert not accepts_gzip(scope("gzip;q=x"))


def test_streamlits_own_scripts_are_indexed_and_compress_to_a_quarter():
    assets = static_cache.Assets()
    scripts = [p for p in assets.files if p.startswith("/static/js/") and p.endswith(".js")]
    assert len(scripts) > 50 and not any(p.endswith(".woff2") for p in assets.files)
    biggest = max(scripts, key=lambda p: assets.files[p].stat().st_size)
    assert len(assets.body(biggest)) < assets.files[biggest].stat().st_size / 3
