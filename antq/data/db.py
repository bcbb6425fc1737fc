"""The only module that talks to DuckDB.

It owns one in-memory connection per (snapshot, boundary layers) pair, with views over the
snapshot's parquet files and the boundary layers' attribute columns, and runs the named
queries of `queries/*.sql` with `$named` parameters bound by DuckDB. Every call takes a fresh
cursor (a connection is shared by every session of the server and is not thread-safe);
results are cached on the SQL text, the parameters and the snapshot, so editing a `.sql`
file or switching snapshot never serves a stale answer.

Views (what queries may use):
  model_types, model_sites, tipoffs, cases, festival_sites, activities   the snapshot's tables
  communes   (map, commune_code, commune_name, commune_type, province_code, province_name, area_km2)
  provinces  (map, province_code, province_name, region, population, population_basis, area_km2)
  crosswalk  (commune_code_2024, commune_code_2025, weight, is_primary)
  commune_keys (admin_era, commune_code, code_2024, province_2024, code_2025, province_2025)
  neighbours (map, commune_code, neighbour_code): communes sharing a border, both directions
  areas      (map, level 'province'|'commune', area_code, area_name, parent_code, population, area_km2):
             what a map draws, for queries that return one row per area (no data stays NULL)
  placement  (admin_era, commune_code, map, map_commune_code, map_province_code): the long form
             of commune_keys; `JOIN placement p ON p.admin_era = t.admin_era
             AND p.commune_code = t.commune_code AND p.map = $map` puts any fact row on a map.

Derived tables (pre-aggregated from the snapshot's tables, see DERIVED, for the heavy questions at
national scale): tip_facts, tip_days, tip_cohort_days, tip_cohort_province_days, case_events,
case_days, case_solved_days, festival_days, site_spells, activity_province_months,
activity_commune_months, festival_placed_days. They are written with the snapshot
(`derive_into`, called by the demo build) as `derived-<name>.pq` files listed under the manifest's
"derived" key, each with a fingerprint of what it was computed from (its source tables' sha256, the
placement of communes, its SQL). A snapshot without a matching file (an import that changed a source
table, rebuilt boundary layers) reuses its base snapshot's when that one matches, else gets the table
computed in memory when its connection opens: same SQL, same answers, only slower to open.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from antq.auth import access

from antq import paths

from antq.data import snapshots
GEO_TABLES = {
    "communes_2024": "communes_2024.parquet",
    "communes_2025": "communes_2025.parquet",
    "provinces_2024": "provinces_2024.parquet",
    "provinces_2025": "provinces_2025.parquet",
    "crosswalk": "crosswalk_2024_2025.parquet",
    "adjacency_2024": "adjacency_2024.parquet",
    "adjacency_2025": "adjacency_2025.parquet",
}
_PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")


class QueryError(Exception):
    """A query that could not run; the message is Vietnamese and names the query file."""


def query_path(name: str) -> Path:
    return paths.QUERIES / f"{name}.sql"


def query_names() -> list[str]:
    return sorted(p.stem for p in paths.QUERIES.glob("*.sql"))


def load_sql(name: str) -> str:
    p = query_path(name)
    if not p.is_file():
        raise QueryError(f"Không có truy vấn '{name}' (tệp {p} không tồn tại).")
    return p.read_text(encoding="utf-8")


def parameters_of(sql: str) -> set[str]:
    """The `$names` a query binds (comments and string literals are not scanned for them)."""
    code = re.sub(r"--[^\n]*", "", sql)
    code = re.sub(r"'(?:[^']|'')*'", "''", code)
    return set(_PARAM.findall(code))


def _sql_literal(path: Path) -> str:
    # DDL cannot take bound parameters; these are our own file paths, quoted, never user input.
    return "'" + str(path).replace("'", "''") + "'"


def _attribute_columns(path: Path) -> list[str]:
    """Columns of a GeoParquet file other than geometry blobs (views carry attributes only)."""
    schema = pq.read_schema(path)
    return [f.name for f in schema if not f.name.startswith("geometry")]


def _create_views(con: duckdb.DuckDBPyConnection, snapshot_dir: Path | None, geo: Path) -> None:
    missing = [f for f in GEO_TABLES.values() if not (geo / f).is_file()]
    if missing:
        raise QueryError(
            f"Thiếu lớp ranh giới trong {geo}: {', '.join(missing)}. Chạy: python -m antq.build.geo.build")
    for view, f in GEO_TABLES.items():
        cols = ", ".join(f'"{c}"' for c in _attribute_columns(geo / f))
        # Boundary attributes are small (tens of thousands of rows) and joined by nearly every
        # query: hold them in memory once per connection rather than re-reading the parquet.
        con.execute(f"CREATE TABLE {view} AS SELECT {cols} FROM read_parquet({_sql_literal(geo / f)})")

    pop24 = paths.REFERENCE / "provinces_2024.csv"
    pop25 = paths.REFERENCE / "provinces_2025.csv"
    regions = paths.REFERENCE / "regions.csv"
    # The reference files and the area tables built from them are small and read by nearly every
    # query: held in memory once per connection, not parsed again per query (issue 10, round 4).
    con.execute(f"""
        CREATE TABLE ref_provinces_2024 AS
          SELECT * FROM read_csv({_sql_literal(pop24)}, header=true, all_varchar=true);
        CREATE TABLE ref_provinces_2025 AS
          SELECT * FROM read_csv({_sql_literal(pop25)}, header=true, all_varchar=true);
        CREATE TABLE ref_regions AS
          SELECT * FROM read_csv({_sql_literal(regions)}, header=true, all_varchar=true);
        CREATE VIEW communes AS
          SELECT '2024' AS map, commune_code, commune_name, commune_type, province_code, province_name, area_km2
          FROM communes_2024
          UNION ALL
          SELECT '2025', commune_code, commune_name, commune_type, province_code, province_name, area_km2
          FROM communes_2025;
        CREATE TABLE provinces AS
          SELECT '2024' AS map, g.province_code, g.province_name, r.region,
                 -- the reference lacks the GSO 2023 figure for 20 southern provinces: use the
                 -- 2019 census there, and say so row by row
                 CAST(coalesce(nullif(p.population_2023_gso_avg, ''), p.population_2019_census) AS BIGINT) AS population,
                 CASE WHEN coalesce(p.population_2023_gso_avg, '') <> '' THEN 'GSO 2023 (dân số trung bình)'
                      ELSE 'Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)' END AS population_basis,
                 CAST(p.area_km2 AS DOUBLE) AS area_km2
          FROM provinces_2024 g
          LEFT JOIN ref_provinces_2024 p ON p.province_code = g.province_code
          LEFT JOIN ref_regions r ON r.map = '2024' AND r.province_code = g.province_code
          UNION ALL
          SELECT '2025', g.province_code, g.province_name, r.region,
                 CAST(p.population AS BIGINT), p.population_basis, CAST(p.area_km2 AS DOUBLE)
          FROM provinces_2025 g
          LEFT JOIN ref_provinces_2025 p ON p.province_code = g.province_code
          LEFT JOIN ref_regions r ON r.map = '2025' AND r.province_code = g.province_code;
        CREATE TABLE commune_keys AS
          WITH fwd AS (
            SELECT commune_code_2024, commune_code_2025 FROM crosswalk WHERE is_primary
          ), back AS (
            -- the old commune that gave a new one the largest area
            SELECT x.commune_code_2025,
                   arg_max(x.commune_code_2024, x.weight * coalesce(c.area_km2, 0)) AS commune_code_2024
            FROM crosswalk x LEFT JOIN communes_2024 c ON c.commune_code = x.commune_code_2024
            GROUP BY x.commune_code_2025
          )
          SELECT '2024' AS admin_era, o.commune_code, o.commune_code AS code_2024,
                 o.province_code AS province_2024, n.commune_code AS code_2025, n.province_code AS province_2025
          FROM communes_2024 o
          LEFT JOIN fwd ON fwd.commune_code_2024 = o.commune_code
          LEFT JOIN communes_2025 n ON n.commune_code = fwd.commune_code_2025
          UNION ALL
          SELECT '2025', n.commune_code, o.commune_code, o.province_code, n.commune_code, n.province_code
          FROM communes_2025 n
          LEFT JOIN back ON back.commune_code_2025 = n.commune_code
          LEFT JOIN communes_2024 o ON o.commune_code = back.commune_code_2024;
        CREATE VIEW neighbours AS
          SELECT '2024' AS map, commune_code, neighbour_code FROM adjacency_2024
          UNION ALL
          SELECT '2025', commune_code, neighbour_code FROM adjacency_2025;
        CREATE TABLE areas AS
          SELECT map, 'province' AS level, province_code AS area_code, province_name AS area_name,
                 NULL::VARCHAR AS parent_code, population, area_km2
          FROM provinces
          UNION ALL
          SELECT map, 'commune', commune_code, commune_name, province_code, NULL::BIGINT, area_km2
          FROM communes;
        CREATE TABLE placement AS
          SELECT admin_era, commune_code, '2024' AS map, code_2024 AS map_commune_code,
                 province_2024 AS map_province_code FROM commune_keys
          UNION ALL
          SELECT admin_era, commune_code, '2025', code_2025, province_2025 FROM commune_keys;
    """)
    if snapshot_dir is None:
        return
    snap = snapshots.inspect(snapshot_dir, checksums=False)
    if not snap.ok:
        raise QueryError(" ".join(snap.problems))
    for table in snap.manifest["tables"]:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_literal(snap.table_path(table))})")
    _attach_derived(con, snap.path, snap.manifest)


# ---------------------------------------------------------------------------------- derived tables
# Pre-aggregated answers to the heavy questions, so a national funnel over 14 years reads ~1M rows
# instead of joining 6M tips (60M at 10x) with their cases. Every table keeps what the named queries
# need to give exactly the answers they gave on the raw tables:
#   tip_facts        one row per tip, its case resolved (days_to_solve NULL = no case solved), with the
#                    province of the 2025 map (p25) and in that order, so a province's tips are a few row
#                    groups (a filter on p25 skips the rest)
#   tip_days         tips per day, province pair (p24 = province on the 2024 map, p25 on 2025; known =
#                    the commune is on the maps), valuable, with a case, with a solved case
#   tip_cohort_days  tips per day, channel, category, valuable and day bin (days from the tip to its
#                    case's solution: the bins of tipoffs_cohorts.sql and charts_tipoffs.DAY_BINS); and
#                    tip_cohort_province_days, the same per province pair in p25 order (one province's cohorts)
#   case_events      distinct cases as additive +1/-1 events: for each case and each scope cell (the
#                    country: 'all' tips or 'known' communes; a province of '2024' or '2025'), +1 on every
#                    distinct day a valuable tip of the cell names it, -1 on every pair of consecutive such
#                    days (d1, d2). Summing the events with d1 >= $from and coalesce(d2, d1) <= $to counts
#                    each case with a tip in the period exactly once; with its arrests, guns, weapons
#                    (solved cases only) and whether it is solved
#   case_days        the same events for solved cases, by days from the case's first tip to its solution
#                    (the median of tip_funnel.sql, taken from the histogram)
#   case_solved_days solved cases that a tip led to, per day solved and province pair, with their results
#   festival_days    festival sites per recorded commune, day and showcase, with participants and leaders
#   site_spells      per recorded commune and model type, the spells during which at least one site of
#                    the type was active (sites overlapping or touching merged; ended_on NULL = still active):
#                    whether a commune has an active site at a date, with a fraction of the rows
#   activity_province_months  the monthly activity reports summed per map, province of that map and month,
#                    with the communes reporting (a row = the province reported that month): the
#                    whole country's and a province's totals, per-province figures and monthly trends
#                    from ~16k rows instead of placing 1.56M commune-months
#   activity_commune_months  the same per map, commune of that map and month, in province order: one
#                    province's communes from a few row groups, without placing the reports
#   festival_placed_days  festival sites and participants per map, commune of that map, day and showcase,
#                    in date order: the festival by area without placing 757k commune-days per question
DERIVED_VERSION = 2
_DAY_BIN = """CASE WHEN {d} IS NULL THEN NULL WHEN {d} < 0 THEN 0 WHEN {d} <= 7 THEN 1 WHEN {d} <= 14 THEN 2
     WHEN {d} <= 30 THEN 3 WHEN {d} <= 60 THEN 4 WHEN {d} <= 90 THEN 5 WHEN {d} <= 180 THEN 6
     WHEN {d} <= 365 THEN 7 ELSE 8 END"""
_CASE_CELLS = """
WITH links AS (
    SELECT t.case_id, t.received_on AS d, k.commune_code IS NOT NULL AS known,
           k.province_2024 AS p24, k.province_2025 AS p25
    FROM tipoffs t LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
    WHERE t.valuable AND t.case_id IS NOT NULL
), cells AS (
    SELECT DISTINCT 'all' AS scope, NULL::VARCHAR AS province, case_id, d FROM links
    UNION ALL SELECT DISTINCT 'known', NULL::VARCHAR, case_id, d FROM links WHERE known
    UNION ALL SELECT DISTINCT '2024', p24, case_id, d FROM links WHERE known
    UNION ALL SELECT DISTINCT '2025', p25, case_id, d FROM links WHERE known
), ev AS (
    SELECT scope, province, case_id, d, lead(d) OVER (PARTITION BY scope, province, case_id ORDER BY d) AS nxt
    FROM cells
), per_case AS (   -- what each case brings (its results count only once it is solved)
    SELECT c.case_id, c.solved_on IS NOT NULL AS solved, c.arrests, c.guns, c.primitive_weapons,
           c.solved_on - f.first_received AS days
    FROM cases c
    JOIN (SELECT case_id, min(received_on) AS first_received FROM tipoffs WHERE case_id IS NOT NULL
          GROUP BY case_id) f ON f.case_id = c.case_id
), signed AS (
    SELECT e.scope, e.province, e.d1, e.d2, e.w, pc.solved, pc.arrests, pc.guns, pc.primitive_weapons, pc.days
    FROM (SELECT scope, province, case_id, d AS d1, NULL::DATE AS d2, 1 AS w FROM ev
          UNION ALL
          SELECT scope, province, case_id, d, nxt, -1 FROM ev WHERE nxt IS NOT NULL) e
    LEFT JOIN per_case pc ON pc.case_id = e.case_id
)"""
_FAR = "DATE '9999-12-31'"
# name: (the snapshot tables it is computed from, whether it places communes on the maps, its SQL)
DERIVED = {
    "tip_facts": (("tipoffs", "cases"), True, """
SELECT t.admin_era, t.commune_code, k.province_2025 AS p25, t.received_on, t.channel, t.category, t.valuable,
       t.case_id IS NOT NULL AS has_case, CAST(c.solved_on - t.received_on AS INTEGER) AS days_to_solve
FROM tipoffs t
LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
ORDER BY p25, t.commune_code, t.admin_era, t.received_on"""),
    "tip_days": (("tipoffs", "cases"), True, """
SELECT k.commune_code IS NOT NULL AS known, k.province_2024 AS p24, k.province_2025 AS p25, t.received_on,
       t.valuable, t.case_id IS NOT NULL AS has_case, c.case_id IS NOT NULL AS solved, count(*) AS tips
FROM tipoffs t
LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
GROUP BY ALL
ORDER BY t.received_on, p24, p25"""),
    "tip_cohort_days": (("tipoffs", "cases"), False, f"""
SELECT t.received_on, t.channel, t.category, t.valuable, {_DAY_BIN.format(d="c.solved_on - t.received_on")} AS day_bin,
       count(*) AS tips
FROM tipoffs t LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
GROUP BY ALL
ORDER BY t.received_on"""),
    "tip_cohort_province_days": (("tipoffs", "cases"), True, f"""
SELECT k.province_2024 AS p24, k.province_2025 AS p25, t.received_on, t.channel, t.category, t.valuable,
       {_DAY_BIN.format(d="c.solved_on - t.received_on")} AS day_bin, count(*) AS tips
FROM tipoffs t
JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
GROUP BY ALL
ORDER BY p25, p24, t.received_on"""),
    "case_events": (("tipoffs", "cases"), True, _CASE_CELLS + """
SELECT scope, province, d1, d2, CAST(sum(w) AS BIGINT) AS cases,
       CAST(coalesce(sum(w) FILTER (WHERE solved), 0) AS BIGINT) AS cases_solved,
       CAST(sum(w * arrests) FILTER (WHERE solved) AS BIGINT) AS arrests,
       CAST(sum(w * guns) FILTER (WHERE solved) AS BIGINT) AS guns,
       CAST(sum(w * primitive_weapons) FILTER (WHERE solved) AS BIGINT) AS primitive_weapons
FROM signed
GROUP BY ALL
ORDER BY scope, province, d1"""),
    "case_days": (("tipoffs", "cases"), True, _CASE_CELLS + """
SELECT scope, province, d1, d2, days, CAST(sum(w) AS BIGINT) AS cases
FROM signed
WHERE solved
GROUP BY ALL
ORDER BY scope, province, d1"""),
    "case_solved_days": (("tipoffs", "cases"), True, """
SELECT k.commune_code IS NOT NULL AS known, k.province_2024 AS p24, k.province_2025 AS p25, c.solved_on,
       count(*) AS cases, CAST(sum(c.arrests) AS BIGINT) AS arrests, CAST(sum(c.guns) AS BIGINT) AS guns,
       CAST(sum(c.primitive_weapons) AS BIGINT) AS primitive_weapons
FROM cases c
LEFT JOIN commune_keys k ON k.admin_era = c.admin_era AND k.commune_code = c.commune_code
WHERE c.solved_on IS NOT NULL AND c.case_id IN (SELECT case_id FROM tipoffs WHERE case_id IS NOT NULL)
GROUP BY ALL
ORDER BY c.solved_on"""),
    "festival_days": (("festival_sites",), False, """
SELECT admin_era, commune_code, year, held_on, showcase, count(*) AS sites,
       CAST(sum(participants) AS BIGINT) AS participants,
       CAST(sum(leaders_politburo) AS BIGINT) AS leaders_politburo,
       CAST(sum(leaders_secretariat) AS BIGINT) AS leaders_secretariat,
       CAST(sum(leaders_cc_central) AS BIGINT) AS leaders_cc_central,
       CAST(sum(leaders_cc_provincial_secretary) AS BIGINT) AS leaders_cc_provincial_secretary,
       CAST(sum(leaders_province_standing) AS BIGINT) AS leaders_province_standing,
       CAST(sum(leaders_district_standing) AS BIGINT) AS leaders_district_standing
FROM festival_sites
GROUP BY ALL
ORDER BY held_on, commune_code"""),
    "site_spells": (("model_sites",), False, f"""
WITH s AS (
    SELECT admin_era, commune_code, model_type, started_on, coalesce(ended_on, {_FAR}) AS ends
    FROM model_sites
    WHERE ended_on IS NULL OR ended_on >= started_on
), marked AS (
    SELECT *, max(ends) OVER (PARTITION BY admin_era, commune_code, model_type ORDER BY started_on, ends
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM s
), numbered AS (
    SELECT *, sum(CAST(reach IS NULL OR started_on > reach AS INTEGER))
                  OVER (PARTITION BY admin_era, commune_code, model_type ORDER BY started_on, ends
                        ROWS UNBOUNDED PRECEDING) AS spell
    FROM marked
)
SELECT admin_era, commune_code, model_type, min(started_on) AS started_on, nullif(max(ends), {_FAR}) AS ended_on
FROM numbered
GROUP BY admin_era, commune_code, model_type, spell
UNION ALL  -- a site ending before it starts (never active) is kept as it is, not merged
SELECT admin_era, commune_code, model_type, started_on, ended_on FROM model_sites WHERE ended_on < started_on
ORDER BY commune_code, admin_era, model_type, started_on"""),
    "activity_province_months": (("activities",), True, """
SELECT p.map, p.map_province_code AS province_code, a.month,
       count(DISTINCT p.map_commune_code) AS communes_reporting,
       CAST(sum(a.propaganda_sessions) AS BIGINT) AS propaganda_sessions,
       CAST(sum(a.propaganda_participants) AS BIGINT) AS propaganda_participants,
       CAST(sum(a.families_committed) AS BIGINT) AS families_committed,
       CAST(sum(a.students_committed) AS BIGINT) AS students_committed,
       CAST(sum(a.commendations_collective) AS BIGINT) AS commendations_collective,
       CAST(sum(a.commendations_individual) AS BIGINT) AS commendations_individual,
       CAST(sum(a.safety_units_assessed) AS BIGINT) AS safety_units_assessed,
       CAST(sum(a.safety_units_passed) AS BIGINT) AS safety_units_passed
FROM activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code
GROUP BY ALL
ORDER BY p.map, province_code, a.month"""),
    "activity_commune_months": (("activities",), True, """
SELECT p.map, p.map_province_code AS province_code, p.map_commune_code AS commune_code, a.month,
       CAST(sum(a.propaganda_sessions) AS BIGINT) AS propaganda_sessions,
       CAST(sum(a.propaganda_participants) AS BIGINT) AS propaganda_participants,
       CAST(sum(a.safety_units_assessed) AS BIGINT) AS safety_units_assessed,
       CAST(sum(a.safety_units_passed) AS BIGINT) AS safety_units_passed
FROM activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code
GROUP BY ALL
ORDER BY p.map, province_code, commune_code, a.month"""),
    "festival_placed_days": (("festival_sites",), True, """
SELECT p.map, p.map_province_code AS province_code, p.map_commune_code AS commune_code, f.held_on, f.showcase,
       count(*) AS sites, CAST(sum(f.participants) AS BIGINT) AS participants
FROM festival_sites f
JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code
GROUP BY ALL
ORDER BY p.map, f.held_on, province_code, commune_code"""),
}
DERIVED_FILE = "derived-{}.pq"  # not *.parquet: these are no tables of the snapshot (not listed, not imported)


def _placement_stamp(con: duckdb.DuckDBPyConnection) -> list[int]:
    place = con.execute("SELECT count(*), bit_xor(hash(admin_era, commune_code, map, map_commune_code, "
                        "map_province_code)) FROM placement").fetchone()
    return [int(x or 0) for x in place]


def derived_fingerprints(con: duckdb.DuckDBPyConnection, manifest: dict) -> dict[str, str]:
    """What each derived table is computed from: its source files (their sha256 in the manifest), the
    placement of communes on both maps when it places them (its content), and its SQL."""
    tables = manifest.get("tables", {})
    stamp = _placement_stamp(con)
    out = {}
    for name, (sources, placed, sql) in DERIVED.items():
        basis = {"version": DERIVED_VERSION, "sql": sql, "duckdb": duckdb.__version__,
                 "placement": stamp if placed else None,
                 "sources": {t: tables.get(t, {}).get("sha256") for t in sources}}
        out[name] = hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()
    return out


_SIGNED = "_case_signed"  # the case events before aggregation, shared by case_events and case_days when computed here


def _derived_sql(name: str, shared: bool = False) -> str:
    """A derived table's SQL; with `shared`, the case tables read the events from _case_signed."""
    sql = DERIVED[name][2]
    if shared and sql.startswith(_CASE_CELLS):
        return f"WITH signed AS (SELECT * FROM {_SIGNED})" + sql[len(_CASE_CELLS):]
    return sql


def _sibling_files(folder: Path, manifest: dict) -> dict:
    """The derived files of the snapshot this one was made from (an import names its base): a table
    whose sources the import left as they were has the same fingerprint there, and snapshots are
    never modified, so its file serves both."""
    base = manifest.get("base")
    if not base or "/" in str(base) or base.startswith("."):
        return {}
    try:
        other = json.loads((folder.parent / base / snapshots.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {n: {**m, "path": folder.parent / base / str(m.get("file", ""))}
            for n, m in ((other.get("derived") or {}).get("files") or {}).items()}


def _attach_derived(con: duckdb.DuckDBPyConnection, folder: Path, manifest: dict) -> None:
    """A view over each derived file written with the snapshot (or its base) that still matches it;
    the others computed now, in memory (tip_facts and tip_cohort_province_days as views: they only
    make one province faster)."""
    written = {n: {**m, "path": folder / str(m.get("file", ""))}
               for n, m in ((manifest.get("derived") or {}).get("files") or {}).items()}
    based = _sibling_files(folder, manifest)
    prints = derived_fingerprints(con, manifest)
    todo = []
    for name in DERIVED:
        meta = next((m for m in (written.get(name), based.get(name))
                     if m and m.get("fingerprint") == prints[name] and m["path"].is_file()), None)
        if meta:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_sql_literal(meta['path'])})")
        else:
            todo.append(name)
    shared = {"case_events", "case_days"} <= set(todo)
    if shared:
        con.execute(f"CREATE TEMP TABLE {_SIGNED} AS {_CASE_CELLS} SELECT * FROM signed")
    for name in todo:
        try:
            kind = "VIEW" if name in ("tip_facts", "tip_cohort_province_days") else "TABLE"
            con.execute(f"CREATE {kind} {name} AS {_derived_sql(name, shared)}")
        except duckdb.Error:  # a snapshot whose tables lack what it needs: the queries reading it say so
            pass
    if shared:
        con.execute(f"DROP TABLE {_SIGNED}")


def _stale(folder: Path, manifest: dict, prints: dict) -> list[str]:
    files = (manifest.get("derived") or {}).get("files") or {}
    return [n for n in DERIVED if (files.get(n) or {}).get("fingerprint") != prints[n]
            or not (folder / str(files[n].get("file", ""))).is_file()]


def write_derived(folder: Path, manifest: dict, progress=None, only: list[str] | None = None) -> dict:
    """Compute the derived tables of the snapshot in `folder` (its parquet tables listed in `manifest`)
    into derived-<name>.pq files there, and return the manifest's "derived" entry (the caller writes the
    manifest: the demo build inside its SnapshotWriter, `add_derived` for a snapshot already written)."""
    folder = Path(folder)
    con = duckdb.connect(":memory:", config={"threads": os.cpu_count() or 2, "memory_limit": "4GB",
                                             "temp_directory": str(folder / ".derive-tmp"),
                                             "preserve_insertion_order": False})
    try:
        con.execute("SET enable_progress_bar = false")
        _create_views(con, None, paths.geo_dir())
        for table, meta in manifest["tables"].items():
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_literal(folder / meta['file'])})")
        prints = derived_fingerprints(con, manifest)
        entry = {"files": dict(((manifest.get("derived") or {}).get("files") or {}) if only else {})}
        names = [n for n in DERIVED if only is None or n in only]
        shared = {"case_events", "case_days"} <= set(names)
        if shared:
            con.execute(f"CREATE TEMP TABLE {_SIGNED} AS {_CASE_CELLS} SELECT * FROM signed")
        for name in names:
            out = folder / DERIVED_FILE.format(name)
            sql = _derived_sql(name, shared)
            con.execute(f"COPY ({sql}) TO {_sql_literal(out)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)")
            rows = con.execute(f"SELECT count(*) FROM read_parquet({_sql_literal(out)})").fetchone()[0]
            entry["files"][name] = {"file": out.name, "rows": int(rows), "bytes": out.stat().st_size,
                                    "fingerprint": prints[name]}
            if progress:
                progress(f"  {'derived ' + name:<24} {rows:>12,} dòng")
        return entry
    finally:
        con.close()
        shutil.rmtree(folder / ".derive-tmp", ignore_errors=True)


def derive_into(folder: Path, progress=None) -> dict:
    """The manifest's "derived" entry for a snapshot being written into `folder` (its *.parquet tables
    complete, its manifest not yet written): `w.manifest["derived"] = db.derive_into(w.tmp)` inside a
    SnapshotWriter block (the demo build does; an import can too, so that its first page opens fast)."""
    folder = Path(folder)
    sources = {t for src, _, _ in DERIVED.values() for t in src}
    tables = {f.stem: {"file": f.name, "sha256": snapshots.sha256_of(f) if f.stem in sources else None}
              for f in sorted(folder.glob("*.parquet"))}
    return write_derived(folder, {"tables": tables}, progress)


def add_derived(folder: Path, progress=None) -> bool:
    """Write the derived tables a snapshot lacks (or whose fingerprint is stale) and list them in its
    manifest (rewritten atomically; the snapshot's tables are not touched). True if any was written."""
    folder = Path(folder)
    mf = folder / snapshots.MANIFEST
    manifest = json.loads(mf.read_text(encoding="utf-8"))
    con = duckdb.connect(":memory:")
    try:
        _create_views(con, None, paths.geo_dir())
        stale = _stale(folder, manifest, derived_fingerprints(con, manifest))
    finally:
        con.close()
    if not stale:
        return False
    manifest["derived"] = write_derived(folder, manifest, progress, only=stale)
    for name in set(manifest["derived"]["files"]) - set(DERIVED):  # tables no longer derived
        (folder / manifest["derived"]["files"].pop(name)["file"]).unlink(missing_ok=True)
    tmp = folder / f".{snapshots.MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, mf)
    return True


def _connection_key(snapshot_dir: Path | None) -> tuple:
    """What a connection depends on: the snapshot, and the layers' build time (a rebuild reconnects)."""
    geo = paths.geo_dir()
    stamp = max((geo / f).stat().st_mtime for f in GEO_TABLES.values()) if geo.is_dir() and all(
        (geo / f).is_file() for f in GEO_TABLES.values()) else 0.0
    return (str(snapshot_dir) if snapshot_dir else None, str(geo), stamp)


@st.cache_resource(show_spinner=False, max_entries=4)
def _connect(key: tuple) -> duckdb.DuckDBPyConnection:
    snapshot_dir, geo, _ = key
    con = duckdb.connect(":memory:", config={"threads": 2})
    _create_views(con, Path(snapshot_dir) if snapshot_dir else None, Path(geo))
    return con


def connection(snapshot_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    return _connect(_connection_key(Path(snapshot_dir) if snapshot_dir else None))


def _normalise(value):
    """Make parameter values hashable and DuckDB-typed (lists stay lists, dates stay dates)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(value)) if isinstance(value, (set, frozenset)) else tuple(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _execute(sql: str, params: tuple, key: tuple) -> pd.DataFrame:
    """Run SQL with its normalised parameters on a fresh cursor of the connection for `key`."""
    cur = _connect(key).cursor()
    try:
        return cur.execute(sql, {k: list(v) if isinstance(v, tuple) else v for k, v in params}).df()
    finally:
        cur.close()


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(sql: str, params: tuple, key: tuple) -> pd.DataFrame:
    return _execute(sql, params, key)


def run(name: str, *, snapshot_dir: Path | str | None = None, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with its `$parameters` taken from params.

    Shared page state holds more keys than any one query uses, so only the names the SQL binds
    are passed on; a name the SQL needs and params lacks is an error naming the query. Whoever
    asks (antq/auth/access.py) must be allowed to: nobody signed in gets nothing, and a provincial
    director's commune-detail queries are refused outside their province and filtered to it.
    """
    sql, bound, key, column, scope = _prepare(name, snapshot_dir, params)
    try:
        df = _cached(sql, bound, key)
    except duckdb.Error as e:
        raise QueryError(f"Truy vấn '{name}' ({query_path(name).name}) lỗi: {e}") from e
    return _answer(df, bound, column, scope)


def _prepare(name: str, snapshot_dir, params: dict):
    """What `run` and `execute_uncached` share before running: the SQL, the parameters it binds
    (normalised), the connection key, and the rights of whoever asks (antq/auth/access.py; a refusal is
    audited and raised) as the column to filter on and the director's scope."""
    sql = load_sql(name)
    wanted = parameters_of(sql)
    missing = wanted - params.keys()
    if missing:
        raise QueryError(f"Truy vấn '{name}' cần tham số: {', '.join(sorted(missing))}.")
    bound = tuple(sorted((k, _normalise(params[k])) for k in wanted))
    key = _connection_key(Path(snapshot_dir) if snapshot_dir else None)
    who = access.current()
    try:
        column, scope = access.check(name, access.detail_column(sql), who, dict(bound), lambda p: _scope(p, key))
    except access.AccessDenied as e:
        _deny(who, name, bound, e)
        raise
    return sql, bound, key, column, scope


def _answer(df: pd.DataFrame, bound: tuple, column: str | None, scope) -> pd.DataFrame:
    return access.filter_rows(df, column, str(dict(bound).get("map") or "2025"), scope) if column else df


def _scope(province: str, key: tuple) -> access.Scope:
    """A director's province and communes on both maps (queries/access_scope.sql, run for the query
    layer itself, outside any person's rights)."""
    df = _cached(load_sql("access_scope"), (("province", province),), key)
    sets = {(m, lv): set(g["code"]) for (m, lv), g in df.groupby(["map", "level"])}
    return access.Scope(provinces={m: sets.get((m, "province"), set()) for m in ("2024", "2025")},
                        communes={m: sets.get((m, "commune"), set()) for m in ("2024", "2025")},
                        all_provinces={m: sets.get((m, "any_province"), set()) for m in ("2024", "2025")})


def commune_scope(snapshot_dir: Path | str | None = None) -> access.Scope | None:
    """The province (both maps) whose communes the person asking may see in detail; None = all."""
    province = access.current().commune_province
    return _scope(province, _connection_key(Path(snapshot_dir) if snapshot_dir else None)) if province else None


def _deny(who: access.Access, name: str, bound: tuple, e: Exception) -> None:
    if who.user:  # nobody signed in: the sign-in screen is the answer, not an audit line per query
        from antq.auth import audit
        audit.record("access_denied", who.user, query=name,
                     params={k: str(v) for k, v in bound if k in ("map", "province", "commune")}, reason=str(e))


def execute_uncached(name: str, *, snapshot_dir: Path | str | None = None, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` on a fresh cursor of the snapshot's connection, bypassing the result
    cache (what a cache miss costs; used by the benchmark, `python -m antq bench`). Same binding
    rules as `run`: only the names the SQL uses are passed, a missing one is an error."""
    sql, bound, key, column, scope = _prepare(name, snapshot_dir, params)
    return _answer(_execute(sql, bound, key), bound, column, scope)


def prepare(name: str, snapshot_dir: Path | None = None) -> None:
    """Plan a query against the schema without running it (used by the tests of every .sql)."""
    sql = load_sql(name)
    cur = connection(snapshot_dir).cursor()
    try:
        cur.execute(f"PREPARE q AS {sql.strip().rstrip(';')}")
        cur.execute("DEALLOCATE q")
    finally:
        cur.close()


