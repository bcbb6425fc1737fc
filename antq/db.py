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
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from antq import paths, snapshots

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
            f"Thiếu lớp ranh giới trong {geo}: {', '.join(missing)}. Chạy: python -m antq.geo_build")
    for view, f in GEO_TABLES.items():
        cols = ", ".join(f'"{c}"' for c in _attribute_columns(geo / f))
        # Boundary attributes are small (tens of thousands of rows) and joined by nearly every
        # query: hold them in memory once per connection rather than re-reading the parquet.
        con.execute(f"CREATE TABLE {view} AS SELECT {cols} FROM read_parquet({_sql_literal(geo / f)})")

    pop24 = paths.REFERENCE / "provinces_2024.csv"
    pop25 = paths.REFERENCE / "provinces_2025.csv"
    regions = paths.REFERENCE / "regions.csv"
    con.execute(f"""
        CREATE VIEW ref_provinces_2024 AS
          SELECT * FROM read_csv({_sql_literal(pop24)}, header=true, all_varchar=true);
        CREATE VIEW ref_provinces_2025 AS
          SELECT * FROM read_csv({_sql_literal(pop25)}, header=true, all_varchar=true);
        CREATE VIEW ref_regions AS
          SELECT * FROM read_csv({_sql_literal(regions)}, header=true, all_varchar=true);
        CREATE VIEW communes AS
          SELECT '2024' AS map, commune_code, commune_name, commune_type, province_code, province_name, area_km2
          FROM communes_2024
          UNION ALL
          SELECT '2025', commune_code, commune_name, commune_type, province_code, province_name, area_km2
          FROM communes_2025;
        CREATE VIEW provinces AS
          SELECT '2024' AS map, g.province_code, g.province_name, r.region,
                 -- the reference lacks the GSO 2023 figure for 20 southern provinces: use the
                 -- 2019 census there, and say so row by row
                 CAST(coalesce(nullif(p.population_2023_gso_avg, ''), p.population_2019_census) AS BIGINT) AS population,
                 CASE WHEN coalesce(p.population_2023_gso_avg, '') <> '' THEN 'GSO 2023 (dân số trung bình)'
                      ELSE 'Tổng điều tra dân số 1/4/2019' END AS population_basis,
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
        CREATE VIEW areas AS
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


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(sql: str, params: tuple, key: tuple) -> pd.DataFrame:
    cur = _connect(key).cursor()
    try:
        bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
        return cur.execute(sql, bound).df()
    finally:
        cur.close()


def run(name: str, *, snapshot_dir: Path | str | None = None, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with its `$parameters` taken from params.

    Shared page state holds more keys than any one query uses, so only the names the SQL binds
    are passed on; a name the SQL needs and params lacks is an error naming the query.
    """
    sql = load_sql(name)
    wanted = parameters_of(sql)
    missing = wanted - params.keys()
    if missing:
        raise QueryError(f"Truy vấn '{name}' cần tham số: {', '.join(sorted(missing))}.")
    bound = tuple(sorted((k, _normalise(params[k])) for k in wanted))
    key = _connection_key(Path(snapshot_dir) if snapshot_dir else None)
    try:
        return _cached(sql, bound, key)
    except duckdb.Error as e:
        raise QueryError(f"Truy vấn '{name}' ({query_path(name).name}) lỗi: {e}") from e


def prepare(name: str, snapshot_dir: Path | None = None) -> None:
    """Plan a query against the schema without running it (used by the tests of every .sql)."""
    sql = load_sql(name)
    cur = connection(snapshot_dir).cursor()
    try:
        cur.execute(f"PREPARE q AS {sql.strip().rstrip(';')}")
        cur.execute("DEALLOCATE q")
    finally:
        cur.close()


