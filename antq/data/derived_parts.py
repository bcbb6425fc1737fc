"""The derived tables of an import, updated rather than recomputed: a report of a province and a year
changes a few partitions of each table its rows feed, and the new snapshot's file is the base snapshot's
file without those partitions plus those partitions computed again, from the source rows that feed them
only (antq/ingest/snapshot.py `_derive` calls `update`; antq/data/derived.py computes a table whole).

A partition is a set of a table's rows that depends on a set of source rows and on nothing else, so that
computing the table's SQL (queries/derived/<name>.sql, unchanged) over those source rows gives exactly
the rows of that partition a full computation gives. queries/derived/parts/<file>.sql says, per table:
  part_of(...)  the partition of a row (a struct: its NULL fields compare equal, so the communes off the
                maps and the NULL provinces are partitions like the others);
  dirty         the partitions the import touched, from the rows it added and removed (changed_<table>,
                both kinds: what was there before counts as much as what is there now);
  feed.<table>  the source rows feeding those partitions: while the table's SQL runs they stand in for the
                snapshot's tables of the same name (search_path 'feed,main'; the others are read whole);
  kept, fresh   the base's rows outside the dirty partitions, and the rows computed inside them.
_touched.sql is shared by the tip and case tables: the tips whose rows change (added, removed, or naming a
case added or removed) and the cases whose events change (added, removed, or named by such a tip).

The partitions, by table (a day is the day of the row: received, solved, held; both maps where the table
places communes, so a tip of Bình Dương, 74 on the 2024 map, is in the pair (74, 79): Hồ Chí Minh on the 2025 map):
  tip_facts                 province of the 2025 map (p25) × day received
  tip_days                  province pair (p24, p25, known) × day received
  tip_cohort_province_days  province pair (p24, p25) × day received
  tip_cohort_days           day received: the table is the whole country's and has no province, so a day's
                            partition is fed by every tip of that day (a report of a year: 1/14 of the tips)
  case_events, case_days    scope cell of _case_signed.sql × day: the provinces of both maps, and the two
                            national cells ('all', 'known'), partitioned by day like tip_cohort_days; fed by
                            every tip of the cases with a valuable tip in the partition (a case's events and
                            its days to solution follow from all its tips)
  case_solved_days          province pair of the case's commune × day solved
  festival_days             commune as recorded × day held; festival_placed_days: province of a map × day
  site_spells               commune as recorded (a spell spans any dates)
  activity_province_months, activity_commune_months: province of a map × month
So no table is recomputed whole because it cannot be partitioned: the national ones are partitioned by day.
A table is recomputed whole (derived.write_derived) only when the base has no file for it, or a file that
does not match the base (its fingerprint: the boundary layers rebuilt since, another SQL): then there is
nothing exact to start from. A table none of whose partitions the import touched (the case tables, for a
report of tips without cases) is the base's file, linked, with the new fingerprint: the same rows. The
manifest's entry of a table written here says how many partitions were computed again ("partitions", 0
when linked).

Row order: the kept rows are written in the base file's order (DuckDB may interleave a few vectors of
them), the fresh rows after them in the table's own ORDER BY. No query depends on the order of a derived
table (they filter and sum: tests/queries/test_derived_tables.py); the order only lets a filter skip row
groups (tip_facts and tip_cohort_province_days by p25, activity_commune_months by map and province), and
a partition's rows stay together, either where they were or at the end.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from antq import paths
from antq.data import derived, schema
from antq.fmt import number as N

PARTS_DIR = derived.DERIVED_DIR / "parts"
SOURCES = ("tipoffs", "cases", "festival_sites", "model_sites", "activities")  # changed_<table> for each


class Part(NamedTuple):
    file: str                 # queries/derived/parts/<file>.sql
    reads: tuple[str, ...]    # the shared files of queries/derived/parts/ it reads, run first (once)
    what: str                 # a partition, in the progress lines


_T = ("_touched",)
PARTS = {
    "tip_facts": Part("tip_facts", _T, "tỉnh bản đồ 2025 × ngày"),
    "tip_days": Part("tip_days", _T, "cặp tỉnh hai bản đồ × ngày"),
    "tip_cohort_days": Part("tip_cohort_days", _T, "ngày, cả nước"),
    "tip_cohort_province_days": Part("tip_cohort_province_days", _T, "cặp tỉnh hai bản đồ × ngày"),
    "case_events": Part("case_events", _T, "phạm vi × ngày"),
    "case_days": Part("case_events", _T, "phạm vi × ngày"),  # the same events as case_events, by days to solution
    "case_solved_days": Part("case_solved_days", _T, "cặp tỉnh hai bản đồ × ngày phá án"),
    "festival_days": Part("festival_days", (), "xã × ngày"),
    "site_spells": Part("site_spells", (), "xã"),
    "activity_province_months": Part("activity_province_months", (), "tỉnh mỗi bản đồ × tháng"),
    "activity_commune_months": Part("activity_province_months", (), "tỉnh mỗi bản đồ × tháng"),
    "festival_placed_days": Part("festival_placed_days", (), "tỉnh mỗi bản đồ × ngày"),
}


def _script(name: str) -> str:
    return (PARTS_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _link(src: Path, dst: Path) -> None:
    try:  # snapshot files are never modified: the same bytes can serve both snapshots
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copyfile(src, dst)


def _register_changes(con: duckdb.DuckDBPyConnection, folder: Path, tables: dict, changes: dict) -> None:
    """changed_<table>: the rows the import added and removed, an empty table where it changed none."""
    for t in SOURCES:
        if t in changes:
            con.register(f"changed_{t}", changes[t])
        elif t in tables:
            con.register(f"changed_{t}", pq.read_schema(folder / tables[t]["file"]).empty_table())


def update(base_dir: Path, base_files: dict, folder: Path, manifest: dict, changes: dict[str, pa.Table],
           names: list[str], progress=None) -> dict[str, dict]:
    """Write the derived tables `names` of the snapshot being written into `folder` (its tables listed in
    `manifest`, with their sha256) from the files of the base snapshot in `base_dir` (`base_files`: its
    manifest's derived files, matching the base) and `changes` (table -> the rows the import added and
    the rows it removed, one Arrow table each); their entries of the manifest's derived files."""
    say = progress or (lambda *_: None)
    folder = Path(folder)
    tmp = folder / ".derive-tmp"
    con = duckdb.connect(":memory:", config={"threads": os.cpu_count() or 2, "memory_limit": "1GB",
                                             "temp_directory": str(tmp)})
    out: dict[str, dict] = {}
    try:
        _register_changes(con, folder, manifest["tables"], changes)  # before any statement leaves a result open
        con.execute("SET enable_progress_bar = false")
        schema.create(con, paths.geo_dir())
        schema.add_tables(con, folder, manifest["tables"])
        prints = derived.fingerprints(con, manifest)
        ran: set[str] = set()
        for name in names:
            part, base = PARTS[name], base_files[name]
            src, dst = Path(base_dir) / base["file"], folder / derived.DERIVED_FILE.format(name)
            for shared in part.reads:
                if shared not in ran:
                    con.execute(_script(shared))
                    ran.add(shared)
            con.execute("DROP SCHEMA IF EXISTS feed CASCADE")
            con.execute("CREATE SCHEMA feed")
            con.execute(f"CREATE OR REPLACE TEMP VIEW base_rows AS SELECT * FROM read_parquet({schema.sql_literal(src)})")
            with derived.inputs(con, [name]):
                con.execute(f"CREATE OR REPLACE TEMP VIEW new_rows AS {derived.sql(name)}")
                con.execute(_script(part.file))
                n = con.execute("SELECT count(*) FROM dirty").fetchone()[0]
                if not n:
                    _link(src, dst)
                    out[name] = {**base, "file": dst.name, "fingerprint": prints[name], "partitions": 0}
                    say(f"  {name}: báo cáo không chạm phần nào, giữ nguyên {N(base['rows'])} dòng "
                        f"của «{Path(base_dir).name}»")
                    continue
                con.execute("SET search_path = 'feed,main'")  # the table's SQL reads the feed's rows
                try:
                    con.execute("CREATE OR REPLACE TEMP TABLE fresh_rows AS SELECT * FROM fresh")
                finally:
                    con.execute("RESET search_path")
            fresh = con.execute("SELECT count(*) FROM fresh_rows").fetchone()[0]
            rows = con.execute(f"COPY (SELECT * FROM kept UNION ALL SELECT * FROM fresh_rows) "
                               f"TO {schema.sql_literal(dst)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)"
                               ).fetchone()[0]
            out[name] = {"file": dst.name, "rows": int(rows), "bytes": dst.stat().st_size,
                         "fingerprint": prints[name], "partitions": int(n)}
            say(f"  {name}: tính lại {N(n)} phần ({part.what}): {N(fresh)} dòng mới, "
                f"giữ {N(rows - fresh)} dòng của «{Path(base_dir).name}»")
        return out
    finally:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
