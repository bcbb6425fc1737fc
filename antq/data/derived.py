"""The derived tables: a snapshot's heavy questions pre-aggregated, so that a national funnel over 14 years
reads ~1M rows instead of joining every tip with its case. Each keeps what the page queries need to give
exactly the answers the raw tables give (tests/queries/test_derived_tables.py).

Their SQL lives in queries/derived/, one file per table (<name>.sql, its header says what the table
holds), beside the queries; files starting with "_" are shared inputs, not tables: _day_bin.sql (the
macro day_bin of the tip cohorts) and _case_signed.sql (the case events that case_events and case_days
aggregate, read as `case_signed`; see `inputs`).

They are written with the snapshot (`derive_into`, called by the demo build; `add_derived` for a snapshot
written before, or whose files are stale) as derived-<name>.pq files listed under the manifest's
"derived" key, each with a fingerprint of what it was computed from: its source tables' sha256, the
placement of communes when it places them, and its SQL (its file and the shared inputs it reads, without
comments). A connection (`attach`) reads the files that still match; a snapshot without a matching file
(an import that changed a source table, rebuilt boundary layers) reuses its base snapshot's when that
one matches, else gets the table computed in memory: same SQL, same answers, only slower to open.
An import writes the tables whose sources it changed from its base's files, computing again only the
partitions its rows touch (antq/data/derived_parts.py; their SQL in queries/derived/parts/).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import duckdb

from antq import paths
from antq.data import schema, snapshots

DERIVED_DIR = paths.QUERIES / "derived"
DERIVED_VERSION = 2
DERIVED_FILE = "derived-{}.pq"  # not *.parquet: these are no tables of the snapshot (not listed, not imported)


class Derived(NamedTuple):
    sources: tuple[str, ...]  # the snapshot tables it is computed from
    placed: bool              # whether it places communes on the maps (its answers follow the placement)
    reads: tuple[str, ...] = ()  # the shared inputs of queries/derived/_*.sql its SQL reads


_TIPS = ("tipoffs", "cases")
DERIVED = {
    "tip_facts": Derived(_TIPS, True),
    "tip_days": Derived(_TIPS, True),
    "tip_cohort_days": Derived(_TIPS, False, ("_day_bin",)),
    "tip_cohort_province_days": Derived(_TIPS, True, ("_day_bin",)),
    "case_events": Derived(_TIPS, True, ("_case_signed",)),
    "case_days": Derived(_TIPS, True, ("_case_signed",)),
    "case_solved_days": Derived(_TIPS, True),
    "festival_days": Derived(("festival_sites",), False),
    "site_spells": Derived(("model_sites",), False),
    "activity_province_months": Derived(("activities",), True),
    "activity_commune_months": Derived(("activities",), True),
    "festival_placed_days": Derived(("festival_sites",), True),
}
# Read through views when no file matches: they only make one province faster, not worth the memory.
_LAZY = ("tip_facts", "tip_cohort_province_days")


def _text(name: str) -> str:
    return (DERIVED_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql(name: str) -> str:
    """The SELECT of derived table `name` (run it inside `inputs(con, [name])`)."""
    return _text(name)


def _code(text: str) -> str:
    """SQL without its comments and spacing: a fingerprint follows what runs, not how it is explained."""
    text = re.sub(r"'(?:[^']|'')*'|--[^\n]*", lambda m: m.group(0) if m.group(0).startswith("'") else "", text)
    return " ".join(text.split())


def _placement_stamp(con: duckdb.DuckDBPyConnection) -> list[int]:
    place = con.execute("SELECT count(*), bit_xor(hash(admin_era, commune_code, map, map_commune_code, "
                        "map_province_code)) FROM placement").fetchone()
    return [int(x or 0) for x in place]


def fingerprints(con: duckdb.DuckDBPyConnection, manifest: dict) -> dict[str, str]:
    """What each derived table is computed from: its source files (their sha256 in the manifest), the
    placement of communes on both maps when it places them (its content), and its SQL."""
    tables = manifest.get("tables", {})
    stamp = _placement_stamp(con)
    out = {}
    for name, d in DERIVED.items():
        basis = {"version": DERIVED_VERSION, "sql": _code("\n".join(_text(r) for r in (*d.reads, name))),
                 "duckdb": duckdb.__version__, "placement": stamp if d.placed else None,
                 "sources": {t: tables.get(t, {}).get("sha256") for t in d.sources}}
        out[name] = hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()
    return out


@contextlib.contextmanager
def inputs(con: duckdb.DuckDBPyConnection, names):
    """Define what the SQL of the derived tables `names` reads besides the schema and the snapshot: the
    macro day_bin (kept: a view may use it later), and case_signed for the case tables, dropped on leaving
    (a temporary table when both case tables are computed here, so the events are computed once)."""
    con.execute(_text("_day_bin"))
    cases = [n for n in names if "_case_signed" in DERIVED[n].reads]
    kind = "TABLE" if len(cases) > 1 else "VIEW"
    if cases:
        con.execute(f"CREATE OR REPLACE TEMP {kind} case_signed AS {_text('_case_signed')}")
    try:
        yield
    finally:
        if cases:
            con.execute(f"DROP {kind} IF EXISTS case_signed")


def _files(folder: Path, manifest: dict) -> dict:
    return {n: {**m, "path": folder / str(m.get("file", ""))}
            for n, m in ((manifest.get("derived") or {}).get("files") or {}).items()}


def _base_files(folder: Path, manifest: dict) -> dict:
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
    return _files(folder.parent / base, other)


def attach(con: duckdb.DuckDBPyConnection, folder: Path, manifest: dict) -> None:
    """A view over each derived file written with the snapshot in `folder` (or its base) that still
    matches it; the others computed now, in memory."""
    written, based = _files(folder, manifest), _base_files(folder, manifest)
    prints = fingerprints(con, manifest)
    todo = []
    for name in DERIVED:
        meta = next((m for m in (written.get(name), based.get(name))
                     if m and m.get("fingerprint") == prints[name] and m["path"].is_file()), None)
        if meta:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({schema.sql_literal(meta['path'])})")
        else:
            todo.append(name)
    try:
        _compute(con, todo)
    except duckdb.Error:  # the case events cannot be read from this snapshot: the other tables still can
        _compute(con, [n for n in todo if "_case_signed" not in DERIVED[n].reads])


def _compute(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    with inputs(con, names):
        for name in names:
            with contextlib.suppress(duckdb.Error):  # the queries reading a table it cannot have say so
                con.execute(f"CREATE {'VIEW' if name in _LAZY else 'TABLE'} {name} AS {sql(name)}")


def _stale(folder: Path, manifest: dict, prints: dict) -> list[str]:
    files = _files(folder, manifest)
    return [n for n in DERIVED if n not in files or files[n].get("fingerprint") != prints[n]
            or not files[n]["path"].is_file()]


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
        schema.create(con, paths.geo_dir())
        schema.add_tables(con, folder, manifest["tables"])
        prints = fingerprints(con, manifest)
        entry = {"files": dict(((manifest.get("derived") or {}).get("files") or {}) if only else {})}
        names = [n for n in DERIVED if only is None or n in only]
        with inputs(con, names):
            for name in names:
                out = folder / DERIVED_FILE.format(name)
                con.execute(f"COPY ({sql(name)}) TO {schema.sql_literal(out)} "
                            "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)")
                rows = con.execute(f"SELECT count(*) FROM read_parquet({schema.sql_literal(out)})").fetchone()[0]
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
    complete, its manifest not yet written): `w.manifest["derived"] = derived.derive_into(w.tmp)` inside a
    SnapshotWriter block (the demo build does; an import can too, so that its first page opens fast)."""
    folder = Path(folder)
    sources = {t for d in DERIVED.values() for t in d.sources}
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
        schema.create(con, paths.geo_dir())
        stale = _stale(folder, manifest, fingerprints(con, manifest))
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
