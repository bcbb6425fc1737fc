"""An import writes the derived tables (antq/data/derived.py DERIVED) of the snapshot it creates: its manifest
lists every one with a fingerprint that matches the new snapshot, the tables whose sources it changed
are computed from the new rows, the others are the base's files (same bytes), and the new snapshot's
connection reads them as files instead of computing them in memory."""
import json
import os

from antq.data import db, derived
from tests.import_support import TODAY, demo_root, sample  # noqa: F401  (fixture)

from antq.ingest import importer as ingest
TIP_TABLES = {n for n, (src, _, _) in derived.DERIVED.items() if {"tipoffs", "cases"} & set(src)}
REPORT_TABLES = {n for n, (src, _, _) in derived.DERIVED.items() if {"tipoffs", "cases", "activities"} & set(src)}


def _import(root, name, **kw):
    o = ingest.run([sample(name)], root=root, today=TODAY, **kw)
    assert o.status == "imported", [p.text() for p in o.problems[:5]]
    return root / o.snapshot_id


def _views(folder) -> dict:
    """name -> SQL of the connection's derived views (a table computed in memory is no view)."""
    con = db.connection(folder)
    rows = con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall()
    return {n: s for n, s in rows if n in derived.DERIVED}


def test_an_import_writes_its_derived_tables(demo_root):
    said = []
    new = _import(demo_root, "bd-2024-good.xlsx", progress=said.append)
    manifest = json.loads((new / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["derived"]["files"]
    assert set(files) == set(derived.DERIVED)
    prints = derived.fingerprints(db.connection(new), manifest)
    base = json.loads((demo_root / "demo" / "manifest.json").read_text(encoding="utf-8"))["derived"]["files"]
    for name, meta in files.items():
        path = new / meta["file"]
        assert path.is_file() and meta["fingerprint"] == prints[name], name
        same = (path.read_bytes() == (demo_root / "demo" / base[name]["file"]).read_bytes())
        # the report has tips, cases and activities: their tables are computed again, the others are the base's
        assert same == (name not in REPORT_TABLES), name
    assert any("bảng tổng hợp" in s for s in said)
    # the first page after the import reads the files: every derived table is a view over the new folder
    views = _views(new)
    assert set(views) == set(derived.DERIVED)
    for name, sql in views.items():
        assert "read_parquet" in sql and str(new) in sql, name
    # and the tables hold the imported rows: 400 more tips in the report's province and period
    con = db.connection(new)
    before = db.connection(demo_root / "demo").execute("SELECT sum(tips) FROM tip_days").fetchone()[0]
    assert con.execute("SELECT sum(tips) FROM tip_days").fetchone()[0] == before + 400
    assert con.execute("SELECT count(*) FROM tip_facts").fetchone()[0] == before + 400


def test_an_import_on_an_import_links_what_it_did_not_change(demo_root):
    first = _import(demo_root, "bd-2024-good.xlsx")
    fix = _import(demo_root, "bd-2024-tips-correction.xlsx")  # tips only: the rest is the first import's
    m1 = json.loads((first / "manifest.json").read_text(encoding="utf-8"))["derived"]["files"]
    m2 = json.loads((fix / "manifest.json").read_text(encoding="utf-8"))
    prints = derived.fingerprints(db.connection(fix), m2)
    for name, meta in m2["derived"]["files"].items():
        assert meta["fingerprint"] == prints[name], name
        linked = os.path.samefile(fix / meta["file"], first / m1[name]["file"])
        assert linked == (name not in TIP_TABLES), name
    assert set(_views(fix)) == set(derived.DERIVED)
