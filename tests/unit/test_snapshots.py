"""Snapshots are written atomically and refused when they do not match their manifest."""
import json

import pandas as pd
import pytest

from antq.data import snapshots
def _write(root, sid="s1", **kw):
    with snapshots.SnapshotWriter(sid, kind="demo", simulated=True, data_date="2026-10-31", root=root,
                                  progress=None, **kw) as w:
        for t in snapshots.FACT_TABLES:
            w.write_table(t, pd.DataFrame({"x": [1, 2, 3]}))
    return root / sid


def test_written_snapshot_is_valid(tmp_path):
    path = _write(tmp_path)
    snap = snapshots.inspect(path)
    assert snap.ok, snap.problems
    assert snap.manifest["tables"]["tipoffs"]["rows"] == 3
    assert len(snap.manifest["tables"]["tipoffs"]["sha256"]) == 64
    assert not list(tmp_path.glob(".tmp-*"))


def test_failed_write_leaves_nothing_and_keeps_existing(tmp_path):
    good = _write(tmp_path, "keep")
    before = (good / "manifest.json").read_text()
    with pytest.raises(RuntimeError):
        with snapshots.SnapshotWriter("half", kind="demo", simulated=True, data_date="2026-10-31",
                                      root=tmp_path, progress=None) as w:
            w.write_table("tipoffs", pd.DataFrame({"x": [1]}))
            raise RuntimeError("boom")
    assert not (tmp_path / "half").exists() and not list(tmp_path.glob(".tmp-*"))
    assert (good / "manifest.json").read_text() == before
    with pytest.raises(snapshots.SnapshotError):
        _write(tmp_path, "keep")  # never overwritten silently


@pytest.mark.parametrize("damage,expected", [
    ("no_manifest", "thiếu tệp manifest.json"),
    ("missing_file", "thiếu tệp tipoffs.parquet"),
    ("rows", "có 3 dòng nhưng manifest ghi 99"),
    ("checksum", "sha256 của tipoffs.parquet không khớp"),
    ("corrupt", "hỏng"),
    ("bad_json", "không đọc được như JSON"),
])
def test_damaged_snapshot_is_refused_in_vietnamese(tmp_path, damage, expected):
    path = _write(tmp_path)
    mf = path / "manifest.json"
    m = json.loads(mf.read_text())
    if damage == "no_manifest":
        mf.unlink()
    elif damage == "missing_file":
        (path / "tipoffs.parquet").unlink()
    elif damage == "rows":
        m["tables"]["tipoffs"]["rows"] = 99
        mf.write_text(json.dumps(m))
    elif damage == "checksum":
        m["tables"]["tipoffs"]["sha256"] = "0" * 64
        mf.write_text(json.dumps(m))
    elif damage == "corrupt":
        (path / "tipoffs.parquet").write_bytes(b"not parquet")
    elif damage == "bad_json":
        mf.write_text("{")
    snap = snapshots.inspect(path)
    assert not snap.ok
    assert any(expected in p for p in snap.problems), snap.problems


def test_list_and_active(tmp_path):
    _write(tmp_path, "a")
    _write(tmp_path, "b")
    (tmp_path / ".tmp-c").mkdir()
    ids = [s.id for s in snapshots.list_snapshots(tmp_path)]
    assert sorted(ids) == ["a", "b"]
    assert snapshots.active_id(tmp_path) is None
    snapshots.set_active("a", tmp_path)
    assert snapshots.active_id(tmp_path) == "a"
