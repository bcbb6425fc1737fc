"""The schema of a query connection: what the page queries (queries/*.sql) may read.

Its SQL lives in queries/schema/, beside the queries, and runs in this order:
  boundaries.sql  communes_2024, communes_2025, provinces_2024, provinces_2025, crosswalk, adjacency_2024,
                  adjacency_2025: the boundary layers' attribute columns (data/geo, without geometry)
  reference.sql   ref_provinces_2024, ref_provinces_2025, ref_regions: data/reference's CSV files, as text
  areas.sql       the areas of both maps and the placement of recorded communes on them:
    communes     (map, commune_code, commune_name, commune_type, province_code, province_name, area_km2)
    provinces    (map, province_code, province_name, region, population, population_basis, area_km2)
    province_population (map, province_code, population, population_basis): NULL basis without a figure
    commune_keys (admin_era, commune_code, code_2024, province_2024, code_2025, province_2025)
    neighbours   (map, commune_code, neighbour_code): communes sharing a border, both directions
    areas        (map, level 'province'|'commune', area_code, area_name, parent_code, population, area_km2):
                 what a map draws, for queries that return one row per area (no data stays NULL)
    placement    (admin_era, commune_code, map, map_commune_code, map_province_code): the long form of
                 commune_keys; `JOIN placement p ON p.admin_era = t.admin_era AND p.commune_code =
                 t.commune_code AND p.map = $map` puts any fact row on a map
  macros.sql      areas_of($map, $province): the areas a per-area query answers for; in_selection(list,
                  value): a list parameter's choice, an empty list choosing everything

DDL takes no bound parameters, so the files name the files they read as {{name}}, replaced here by the
quoted path of one of our own files (FILES), never by anything a user typed.

A snapshot adds a view per table of its manifest over its parquet file (`attach_snapshot`): model_types,
model_sites, tipoffs, cases, festival_sites, activities (and commune_population when it has one); its
derived tables come from antq/data/derived.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from antq import paths
from antq.data import snapshots
from antq.data.errors import QueryError

SCHEMA_DIR = paths.QUERIES / "schema"
SCHEMA_FILES = ("boundaries", "reference", "areas", "macros")
GEO_TABLES = {
    "communes_2024": "communes_2024.parquet",
    "communes_2025": "communes_2025.parquet",
    "provinces_2024": "provinces_2024.parquet",
    "provinces_2025": "provinces_2025.parquet",
    "crosswalk": "crosswalk_2024_2025.parquet",
    "adjacency_2024": "adjacency_2024.parquet",
    "adjacency_2025": "adjacency_2025.parquet",
}
REFERENCE_FILES = {
    "ref_provinces_2024": "provinces_2024.csv",
    "ref_provinces_2025": "provinces_2025.csv",
    "ref_regions": "regions.csv",
}
_NAME = re.compile(r"\{\{(\w+)\}\}")


def sql_literal(path: Path) -> str:
    """`path` as a quoted SQL string, for DDL (which cannot take bound parameters): our own file paths only."""
    return "'" + str(path).replace("'", "''") + "'"


def files(geo: Path) -> dict[str, Path]:
    """The files the schema reads, by the {{name}} its SQL gives them."""
    return {**{name: geo / f for name, f in GEO_TABLES.items()},
            **{name: paths.REFERENCE / f for name, f in REFERENCE_FILES.items()}}


def sql(name: str, geo: Path) -> str:
    """The text of queries/schema/<name>.sql with the files it reads quoted in."""
    where = files(geo)

    def quoted(m: re.Match) -> str:
        if m.group(1) not in where:
            raise QueryError(f"queries/schema/{name}.sql đọc tệp không rõ {{{{{m.group(1)}}}}}.")
        return sql_literal(where[m.group(1)])
    return _NAME.sub(quoted, (SCHEMA_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def create(con: duckdb.DuckDBPyConnection, geo: Path) -> None:
    """Create the schema from the boundary layers in `geo` and the reference files."""
    missing = [f for f in GEO_TABLES.values() if not (geo / f).is_file()]
    if missing:
        raise QueryError(
            f"Thiếu lớp ranh giới trong {geo}: {', '.join(missing)}. Chạy: python -m antq.build.geo.build")
    for name in SCHEMA_FILES:
        con.execute(sql(name, geo))


def add_tables(con: duckdb.DuckDBPyConnection, folder: Path, tables: dict) -> None:
    """A view per table of a snapshot's manifest ({name: {"file": ...}}) over its parquet file in `folder`."""
    for table, meta in tables.items():
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({sql_literal(Path(folder) / meta['file'])})")


def attach_snapshot(con: duckdb.DuckDBPyConnection, snapshot_dir: Path) -> snapshots.Snapshot:
    """Add the views over a snapshot's tables (its manifest checked against its files, without checksums)
    and return the snapshot; a snapshot that does not match its manifest is a QueryError."""
    snap = snapshots.inspect(snapshot_dir, checksums=False)
    if not snap.ok:
        raise QueryError(" ".join(snap.problems))
    add_tables(con, snap.path, snap.manifest["tables"])
    return snap


def layers_stamp(geo: Path) -> float:
    """The boundary layers' build time (0 when some are missing): a rebuild changes what a connection holds."""
    if not geo.is_dir() or not all((geo / f).is_file() for f in GEO_TABLES.values()):
        return 0.0
    return max((geo / f).stat().st_mtime for f in GEO_TABLES.values())
