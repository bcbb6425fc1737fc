"""Compare two snapshots: rows added, removed and changed per table and province.

Why this module opens its own DuckDB connection: antq/data/db.py owns the app's connection and builds
its views over ONE snapshot (every query reads "the" tipoffs), so a query cannot see two snapshots
side by side there. This module opens a private in-memory connection, used for one comparison and
closed, that only reads the two folders' parquet files (read_parquet; nothing is written, no
table is created); where rows lie (commune -> province) comes from the query layer
(queries/data_commune_register.sql through db.run) and is passed in as a DataFrame.

A row is identified by its key (ids; activities: month, commune and map) and compared by a hash
of all its columns. Tables whose files have the same sha256 in both manifests are not read.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from antq.data import snapshots
KEYS = {"model_types": ("model_type",), "model_sites": ("site_id",), "tipoffs": ("tip_id",), "cases": ("case_id",),
        "festival_sites": ("site_id",), "activities": ("month", "commune_code", "admin_era"),
        "commune_population": ("admin_era", "commune_code")}
COLUMNS = ["table", "province_code", "added", "removed", "changed"]


def _lit(path: Path) -> str:
    # DDL and read_parquet take no bound parameters; these are the snapshots' own file paths, quoted.
    return "'" + str(path).replace("'", "''") + "'"


def _side(path: Path, keys: tuple, placed: bool, empty: bool = False) -> str:
    """One snapshot's rows of a table: key, row hash, where it lies (no rows when the table is absent:
    `empty` reads the other side's file for its schema only)."""
    cols = ", ".join(f'"{k}"' for k in keys)
    where = ", admin_era AS _era, commune_code AS _commune" if placed else ", NULL::VARCHAR AS _era, NULL::VARCHAR AS _commune"
    return f"SELECT {cols}, hash(x) AS _h{where} FROM read_parquet({_lit(path)}) x" + (" WHERE false" if empty else "")


def compare(a_dir: Path, b_dir: Path, register: pd.DataFrame, map_: str = "2025") -> pd.DataFrame:
    """Rows of B against A per table and province (on map `map_`): added, removed, changed.

    register: data_commune_register (admin_era, commune_code, province_2024, province_2025).
    Returns COLUMNS; tables with no difference have no row; a table without communes gets
    province_code None."""
    a, b = snapshots.inspect(a_dir, checksums=False), snapshots.inspect(b_dir, checksums=False)
    ta, tb = a.manifest.get("tables", {}), b.manifest.get("tables", {})
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        con.execute("SET enable_progress_bar = false")
        place = register[["admin_era", "commune_code", f"province_{map_}"]].rename(columns={f"province_{map_}": "province"})
        con.register("place", place)
        frames = []
        for table in sorted(set(ta) | set(tb)):
            if table in ta and table in tb and ta[table].get("sha256") == tb[table].get("sha256"):
                continue
            keys = KEYS.get(table)
            if keys is None:
                continue
            pa_ = a.table_path(table) if table in ta else b.table_path(table)
            pb_ = b.table_path(table) if table in tb else a.table_path(table)
            placed = {"admin_era", "commune_code"} <= set(pq.read_schema(pb_).names)
            on = " AND ".join(f'a."{k}" = b."{k}"' for k in keys)
            sql = f"""
                WITH a AS ({_side(pa_, keys, placed, empty=table not in ta)}),
                     b AS ({_side(pb_, keys, placed, empty=table not in tb)}),
                d AS (
                    SELECT CASE WHEN a._h IS NULL THEN 'added' WHEN b._h IS NULL THEN 'removed' ELSE 'changed' END AS change,
                           coalesce(b._era, a._era) AS admin_era, coalesce(b._commune, a._commune) AS commune_code
                    FROM a FULL JOIN b ON {on}
                    WHERE a._h IS DISTINCT FROM b._h
                )
                SELECT p.province AS province_code,
                       count(*) FILTER (WHERE change = 'added') AS added,
                       count(*) FILTER (WHERE change = 'removed') AS removed,
                       count(*) FILTER (WHERE change = 'changed') AS changed
                FROM d LEFT JOIN place p USING (admin_era, commune_code)
                GROUP BY ALL ORDER BY province_code"""
            df = con.execute(sql).df()
            if len(df):
                frames.append(df.assign(table=table))
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
        for c in ("added", "removed", "changed"):
            out[c] = out[c].astype("int64")
        return out[COLUMNS]
    finally:
        con.close()


def totals(diff: pd.DataFrame) -> pd.DataFrame:
    """The comparison summed per table."""
    return diff.groupby("table", as_index=False)[["added", "removed", "changed"]].sum()
