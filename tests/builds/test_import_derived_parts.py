"""An import updates the derived tables in the partitions its rows touch (antq/data/derived_parts.py): the files
it writes hold exactly the rows, with the column types, that the tables' SQL gives over the new snapshot's
tables (a full computation): for Bình Dương's report (tips, cases and monthly activities superseding the
demo's), a correction of its tips (rows removed), a report of Hồ Chí Minh on the 2025 map, a tip naming a
case of another province (that case's events change in Hà Nội and in the country), model and festival
sites; a 30-row report recomputes only the days and provinces of its rows and links the rest."""
import json
import os
import unicodedata

import duckdb
import pyarrow.parquet as pq
import pytest

from antq import paths
from antq.data import db, derived, derived_parts, schema
from antq.ingest import importer as ingest
from tests.builds.test_import_models_festival import FESTIVAL, MODELS, filled
from tests.import_support import SAMPLES, TODAY, demo_root, sample  # noqa: F401  (fixture)

BD_2024 = {"province": "74", "period_from": "2024-01-01", "period_to": "2024-12-31"}


def _import(root, files, said=None, **kw):
    o = ingest.run([sample(f) if isinstance(f, str) else f for f in files], root=root, today=TODAY,
                   progress=(said.append if said is not None else None), **kw)
    assert o.status == "imported", [p.text() for p in o.problems[:5]]
    return root / o.snapshot_id


def _derived(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["derived"]["files"]


def _sources_changed(folder) -> set[str]:
    tables = set(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["import"]["tables"])
    return {n for n, d in derived.DERIVED.items() if tables & set(d.sources)}


def assert_as_computed_whole(folder, names, base=None) -> None:
    """Each derived file of `names` in the snapshot `folder` holds the rows its SQL gives over the snapshot's
    tables (as a multiset: EXCEPT ALL both ways), with the same column names and types, and the parquet
    types of the file a full computation wrote for the demo; with `base`, it differs from the base's file."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    demo = json.loads((paths.snapshots_dir() / "demo" / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(config={"threads": 2, "memory_limit": "3GB"})
    schema.create(con, paths.geo_dir())
    schema.add_tables(con, folder, manifest["tables"])
    for name in names:
        path = folder / manifest["derived"]["files"][name]["file"]
        with derived.inputs(con, [name]):
            con.execute(f"CREATE OR REPLACE TEMP TABLE want AS {derived.sql(name)}")
        con.execute(f"CREATE OR REPLACE TEMP VIEW got AS SELECT * FROM read_parquet({schema.sql_literal(path)})")
        assert con.execute("DESCRIBE got").fetchall() == con.execute("DESCRIBE want").fetchall(), name
        n = con.execute("SELECT count(*) FROM want").fetchone()[0]
        assert con.execute("SELECT count(*) FROM got").fetchone()[0] == n == manifest["derived"]["files"][name]["rows"], name
        for a, b in (("got", "want"), ("want", "got")):
            extra = con.execute(f"SELECT * FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b}) LIMIT 3").fetchall()
            assert not extra, (name, f"in {a}, not in {b}", extra)
        # the parquet types of the file a full computation wrote (not its "required" flags: DuckDB sets them
        # from what it knows of the data written, e.g. no tip of the demo off the maps)
        written = pq.read_schema(paths.snapshots_dir() / "demo" / demo["derived"]["files"][name]["file"])
        assert [(f.name, f.type) for f in pq.read_schema(path)] == [(f.name, f.type) for f in written], name
        if base is not None:
            old = schema.sql_literal(base / _derived(base)[name]["file"])
            assert con.execute(f"SELECT count(*) FROM (SELECT * FROM got EXCEPT ALL "
                               f"SELECT * FROM read_parquet({old}))").fetchone()[0] > 0, name


def _updated(folder) -> list[str]:
    """The derived tables the import wrote by partitions (the others are linked or computed whole)."""
    return [n for n, m in _derived(folder).items() if "partitions" in m]


def test_bd_report_and_its_correction_equal_a_full_computation(demo_root):
    good = _import(demo_root, ["bd-2024-good.xlsx"])  # tips, cases, activities superseding the demo's rows
    assert set(_updated(good)) == _sources_changed(good) == {
        n for n, d in derived.DERIVED.items() if {"tipoffs", "cases", "activities"} & set(d.sources)}
    assert all(m["partitions"] > 0 for n, m in _derived(good).items() if n in _updated(good))
    assert_as_computed_whole(good, _updated(good), base=demo_root / "demo")
    fix = _import(demo_root, ["bd-2024-tips-correction.xlsx"])  # the report's 400 tips out, 393 in
    assert set(_updated(fix)) == _sources_changed(fix)
    assert_as_computed_whole(fix, _updated(fix))


def test_hcm_report_on_the_2025_map_equals_a_full_computation(demo_root):
    new = _import(demo_root, ["hcm-2025h2-tips.csv"], province="79", period_from="2025-07-01",
                  period_to="2025-12-31")
    assert set(_updated(new)) == _sources_changed(new)
    assert_as_computed_whole(new, _updated(new))


def test_a_tip_naming_a_case_of_another_province_updates_that_case_everywhere(demo_root):
    """A tip of Bình Dương names a solved case of Hà Nội, before that case's first tip: the case's days to
    solution change in Hà Nội's cells and the country's, none of which the tip's own province is."""
    con = db.connection(demo_root / "demo")
    case_id, first = con.execute("""
        SELECT t.case_id, min(t.received_on) FROM tipoffs t
        JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
        JOIN cases c ON c.case_id = t.case_id
        WHERE c.solved_on BETWEEN DATE '2024-06-01' AND DATE '2024-12-31'
        GROUP BY t.case_id HAVING bool_and(t.valuable AND k.province_2024 = '01') AND min(t.received_on) > DATE '2024-03-01'
        ORDER BY t.case_id LIMIT 1""").fetchone()
    commune = con.execute("SELECT commune_code FROM commune_keys WHERE admin_era = '2024' AND province_2024 = '74' "
                          "ORDER BY commune_code LIMIT 1").fetchone()[0]
    text = ("Mã nguồn tin;Ngày tiếp nhận;Mã xã;Kênh tiếp nhận;Lĩnh vực;Có giá trị;Mã vụ việc\r\n"
            f"7424990001;02/01/2024;{commune};Trực tiếp;Hình sự;Có;{case_id}\r\n")
    new = _import(demo_root, [("bd-ten-vu-ha-noi.csv", text.encode("utf-8-sig"))], **BD_2024)
    assert set(_updated(new)) == _sources_changed(new)
    ask = "SELECT * FROM case_days WHERE scope = $s AND province IS NOT DISTINCT FROM $p AND d1 >= $d"
    for scope, province in (("2024", "01"), ("2025", "01"), ("known", None)):
        p = {"s": scope, "p": province, "d": first}
        before = set(db.connection(demo_root / "demo").execute(ask, p).fetchall())
        after = set(db.connection(new).execute(ask, p).fetchall())
        assert before and before != after, (scope, province)  # the case's days to solution, one day more
    assert_as_computed_whole(new, _updated(new))


def test_model_and_festival_sites_equal_a_full_computation(demo_root):
    new = _import(demo_root, [("mau-74.xlsx", filled(MODELS, FESTIVAL))])
    assert set(_updated(new)) == _sources_changed(new) == {"site_spells", "festival_days", "festival_placed_days"}
    parts = {n: m["partitions"] for n, m in _derived(new).items() if n in _updated(new)}
    # two communes, two days; on both maps (Bình Dương, and Hồ Chí Minh which holds it on the 2025 map)
    assert parts == {"site_spells": 2, "festival_days": 2, "festival_placed_days": 4}
    assert_as_computed_whole(new, _updated(new), base=demo_root / "demo")


def test_a_30_row_report_recomputes_only_its_days_and_links_the_rest(demo_root):
    """Thirty tips of Bình Dương (no case): the tip tables are recomputed on the days of those tips in the
    pair (74, 79) only; the case tables (no case touched) and the tables of other sources are the base's files."""
    text = unicodedata.normalize("NFC", (SAMPLES / "bd-2024-tips-cp1258.csv").read_bytes().decode("cp1258"))
    said: list[str] = []
    new = _import(demo_root, [("bd-30-nguon-tin.csv", text.encode("utf-8-sig"))], said, **BD_2024)
    con = db.connection(new)
    days, pairs = con.execute("""
        SELECT count(DISTINCT received_on), count(DISTINCT (k.province_2024, k.province_2025, received_on))
        FROM tipoffs t JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
        WHERE tip_id BETWEEN 7424090001 AND 7424099999""").fetchone()
    assert 10 < days <= 30 and pairs == days  # every commune of Bình Dương is in Hồ Chí Minh on the 2025 map
    files, base = _derived(new), _derived(demo_root / "demo")
    assert {n: m.get("partitions") for n, m in files.items() if "partitions" in m} == {
        "tip_facts": days, "tip_days": days, "tip_cohort_days": days, "tip_cohort_province_days": days,
        "case_events": 0, "case_days": 0, "case_solved_days": 0}
    for name, meta in files.items():
        linked = os.path.samefile(new / meta["file"], demo_root / "demo" / base[name]["file"])
        assert linked == (name not in {"tip_facts", "tip_days", "tip_cohort_days", "tip_cohort_province_days"}), name
    lines = [s.strip() for s in said]
    for name in ("tip_facts", "tip_days", "tip_cohort_days", "tip_cohort_province_days"):
        assert any(s.startswith(f"{name}: tính lại {days} phần") for s in lines), (name, lines)
    for name in ("case_events", "case_days", "case_solved_days"):
        assert any(s.startswith(f"{name}: báo cáo không chạm phần nào") for s in lines), (name, lines)
    assert not any("tính lại toàn bộ" in s for s in lines)
    fresh = {s.split(":")[0]: int(s.split("): ")[1].split(" dòng mới")[0].replace(".", "")) for s in lines
             if "dòng mới" in s and s.split(":")[0] in files}
    # a few days of one province: not the millions of rows a full computation writes
    assert fresh["tip_facts"] * 100 < files["tip_facts"]["rows"] and fresh["tip_days"] <= 8 * days
    assert_as_computed_whole(new, [n for n, m in files.items() if m.get("partitions")], base=demo_root / "demo")


def test_a_table_the_base_has_no_good_file_for_is_computed_whole(demo_root):
    m = json.loads((demo_root / "demo" / "manifest.json").read_text(encoding="utf-8"))
    m["derived"]["files"]["tip_days"]["fingerprint"] = "computed from other tables"
    (demo_root / "demo" / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    said: list[str] = []
    new = _import(demo_root, ["hcm-2025h2-tips.csv"], said, province="79", period_from="2025-07-01",
                  period_to="2025-12-31")
    assert any("tính lại toàn bộ tip_days" in s for s in said), said
    assert "tip_days" not in _updated(new) and "tip_facts" in _updated(new)
    assert_as_computed_whole(new, ["tip_days", "tip_facts"])


@pytest.mark.parametrize("name", sorted(derived.DERIVED))
def test_every_derived_table_has_its_partitions(name):
    part = derived_parts.PARTS[name]
    text = (derived_parts.PARTS_DIR / f"{part.file}.sql").read_text(encoding="utf-8")
    for made in ("TEMP TABLE dirty", "TEMP VIEW kept", "TEMP VIEW fresh", "TABLE feed."):
        assert made in text, (name, made)
    for source in set(derived.DERIVED[name].sources) - {"tipoffs", "cases"}:
        assert f"changed_{source}" in text, (name, source)  # its dirty partitions follow its own source's changes
