"""Snapshots: immutable folders of parquet fact tables plus a manifest.json.

A snapshot is written beside the others into a hidden temporary folder and renamed into
place only when every file and the manifest are complete, so a half-written snapshot never
becomes visible. Reading checks the manifest against the files (presence, row counts,
sha256) and refuses a snapshot that does not match, with a Vietnamese message.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from antq import paths
SCHEMA_VERSION = 1
FACT_TABLES = ("model_types", "model_sites", "tipoffs", "cases", "festival_sites", "activities")
MANIFEST = "manifest.json"
ACTIVE_FILE = "ACTIVE"


class SnapshotError(Exception):
    """A snapshot that cannot be used; the message is Vietnamese and names the snapshot/file."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class SnapshotWriter:
    """Write a snapshot atomically.

    with SnapshotWriter("demo-x1", kind="demo", simulated=True, data_date=...) as w:
        w.write_table("tipoffs", arrow_table_or_dataframe)
    On a clean exit the manifest is written and the folder renamed into place; on an
    exception the temporary folder is removed and nothing visible changes.
    """

    def __init__(self, snapshot_id: str, *, kind: str, simulated: bool, data_date: str,
                 period: dict | None = None, sources: list | None = None, extra: dict | None = None,
                 root: Path | None = None, replace: bool = False, progress=print):
        self.id = snapshot_id
        self.root = Path(root) if root else paths.snapshots_dir()
        self.final = self.root / snapshot_id
        self.tmp = self.root / f".tmp-{snapshot_id}"
        self.replace = replace
        self.progress = progress or (lambda *_: None)
        self.manifest = {
            "id": snapshot_id,
            "created_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "kind": kind,
            "simulated": bool(simulated),
            "data_date": data_date,
            "period": period or {},
            "schema_version": SCHEMA_VERSION,
            "sources": sources or [],
            "tables": {},
        }
        if extra:
            self.manifest.update(extra)

    def __enter__(self) -> "SnapshotWriter":
        if self.final.exists() and not self.replace:
            raise SnapshotError(f"Snapshot '{self.id}' đã tồn tại tại {self.final}; snapshot không được ghi đè.")
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir(parents=True)
        return self

    def path_for(self, table: str) -> Path:
        """Where a table's parquet file goes (for writers that stream row groups themselves)."""
        return self.tmp / f"{table}.parquet"

    def write_table(self, table: str, data) -> Path:
        if not isinstance(data, pa.Table):
            data = pa.Table.from_pandas(data, preserve_index=False)
        out = self.path_for(table)
        pq.write_table(data, out, compression="zstd", row_group_size=256_000)
        self.progress(f"  {table}: {data.num_rows:,} dòng -> {out.name}")
        return out

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        for f in sorted(self.tmp.glob("*.parquet")):
            self.manifest["tables"][f.stem] = {
                "file": f.name,
                "rows": pq.ParquetFile(f).metadata.num_rows,
                "sha256": sha256_of(f),
                "bytes": f.stat().st_size,
            }
        (self.tmp / MANIFEST).write_text(json.dumps(self.manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if self.final.exists():
            old = self.root / f".old-{self.id}"
            shutil.rmtree(old, ignore_errors=True)
            self.final.rename(old)
            self.tmp.rename(self.final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            self.tmp.rename(self.final)
        return False


@dataclass
class Snapshot:
    id: str
    path: Path
    manifest: dict
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def simulated(self) -> bool:
        return bool(self.manifest.get("simulated", self.manifest.get("kind") == "demo"))

    def table_path(self, table: str) -> Path:
        return self.path / self.manifest["tables"][table]["file"]


_VERIFIED: dict[tuple, str] = {}  # file signature -> sha256 already checked in this process


def _signature(f: Path) -> tuple:
    st_ = f.stat()
    return (str(f), st_.st_size, st_.st_mtime_ns, st_.st_ino)


def _checksum(f: Path) -> str:
    """sha256 of a file, computed once per file version per process (the sidebar lists snapshots
    on every run; hashing 60 MB each time would cost more than the page itself)."""
    sig = _signature(f)
    if sig not in _VERIFIED:
        _VERIFIED[sig] = sha256_of(f)
    return _VERIFIED[sig]


def inspect(path: Path, *, checksums: bool = True) -> Snapshot:
    """Read a snapshot folder and list every way it fails its manifest (empty list = good)."""
    path = Path(path)
    snap = Snapshot(id=path.name, path=path, manifest={})
    mf = path / MANIFEST
    if not path.is_dir():
        snap.problems.append(f"Không tìm thấy thư mục snapshot {path}.")
        return snap
    if not mf.exists():
        snap.problems.append(f"Snapshot '{path.name}' thiếu tệp {MANIFEST} (có thể đang ghi dở).")
        return snap
    try:
        snap.manifest = json.loads(mf.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        snap.problems.append(f"Tệp {mf} không đọc được như JSON: {e}.")
        return snap
    tables = snap.manifest.get("tables")
    if not isinstance(tables, dict):
        snap.problems.append(f"Tệp {mf} không có mục 'tables'.")
        return snap
    for t in FACT_TABLES:
        if t not in tables:
            snap.problems.append(f"Snapshot '{path.name}': manifest không khai báo bảng '{t}'.")
    for name, meta in tables.items():
        f = path / str(meta.get("file", ""))
        if not f.is_file():
            snap.problems.append(f"Snapshot '{path.name}': thiếu tệp {f.name} của bảng '{name}'.")
            continue
        try:
            rows = pq.ParquetFile(f).metadata.num_rows
        except Exception as e:  # pyarrow raises several types for a corrupt file
            snap.problems.append(f"Snapshot '{path.name}': tệp {f.name} hỏng, không đọc được ({type(e).__name__}).")
            continue
        if rows != meta.get("rows"):
            snap.problems.append(
                f"Snapshot '{path.name}': bảng '{name}' có {rows} dòng nhưng manifest ghi {meta.get('rows')}.")
        if checksums and _checksum(f) != meta.get("sha256"):
            snap.problems.append(f"Snapshot '{path.name}': mã kiểm tra sha256 của {f.name} không khớp manifest.")
    return snap


def list_snapshots(root: Path | None = None, *, checksums: bool = True) -> list[Snapshot]:
    """Every snapshot folder under root (hidden temporary folders skipped), newest first."""
    root = Path(root) if root else paths.snapshots_dir()
    if not root.is_dir():
        return []
    snaps = [inspect(p, checksums=checksums) for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(snaps, key=lambda s: (s.manifest.get("created_at", ""), s.id), reverse=True)


def active_id(root: Path | None = None) -> str | None:
    """The snapshot chosen as active (data/snapshots/ACTIVE), if any."""
    f = (Path(root) if root else paths.snapshots_dir()) / ACTIVE_FILE
    return f.read_text(encoding="utf-8").strip() or None if f.exists() else None


def set_active(snapshot_id: str, root: Path | None = None) -> None:
    root = Path(root) if root else paths.snapshots_dir()
    tmp = root / f".{ACTIVE_FILE}.tmp"
    tmp.write_text(snapshot_id, encoding="utf-8")
    tmp.replace(root / ACTIVE_FILE)
