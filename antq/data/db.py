"""The query runner: the only way the app, the command line and the benchmark ask DuckDB anything.

`run(name, **params)` runs the named query `queries/<name>.sql` with its `$named` parameters bound by
DuckDB, on a fresh cursor of one in-memory connection per (snapshot, boundary layers) pair (a connection
is shared by every session of the server and is not thread-safe). The connection's schema is
antq/data/schema.py's, plus the snapshot's tables and its derived tables (antq/data/derived.py). Answers
are cached (antq/data/cache.py) on the SQL text, the bound parameters and the connection key, so editing
a `.sql` file or switching snapshot never serves a stale answer. Whoever asks must be allowed to
(antq/auth/access.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from antq import paths
from antq.auth import access
from antq.data import cache, derived, schema
from antq.data.errors import QueryError

__all__ = ["QueryError", "run", "execute_uncached", "prepare", "commune_scope", "connection", "connection_key",
           "load_sql", "query_names", "query_path", "parameters_of"]

_PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")
# Area codes where an empty value means "every area": bound as NULL, so the SQL tests `$province IS NULL` only.
_EMPTY_IS_NULL = ("province", "commune")


def query_path(name: str) -> Path:
    return paths.QUERIES / f"{name}.sql"


def query_names() -> list[str]:
    """The page queries (queries/*.sql; the schema's and the derived tables' SQL lie in subfolders)."""
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


# ------------------------------------------------------------------------------------------ connections

def connection_key(snapshot_dir: Path | str | None) -> tuple:
    """What a connection depends on: the snapshot, and the layers' build time (a rebuild reconnects)."""
    geo = paths.geo_dir()
    return (str(snapshot_dir) if snapshot_dir else None, str(geo), schema.layers_stamp(geo))


def _open(snapshot_dir: Path | None, geo: Path) -> duckdb.DuckDBPyConnection:
    """A new connection with the schema, and the snapshot's tables and derived tables when one is given."""
    con = duckdb.connect(":memory:", config={"threads": 2})
    con.execute("SET enable_progress_bar = false")  # derived tables computed on opening: no bar on a terminal
    schema.create(con, geo)
    if snapshot_dir is not None:
        snap = schema.attach_snapshot(con, snapshot_dir)
        derived.attach(con, snap.path, snap.manifest)
    return con


@cache.memo(max_entries=4, kind="resource")
def _connect(key: tuple) -> duckdb.DuckDBPyConnection:
    snapshot_dir, geo, _ = key
    return _open(Path(snapshot_dir) if snapshot_dir else None, Path(geo))


def connection(snapshot_dir: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    return _connect(connection_key(snapshot_dir))


# ---------------------------------------------------------------------------------------------- running

def _normalise(value):
    """Make parameter values hashable and DuckDB-typed (lists stay lists, dates stay dates)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(value)) if isinstance(value, (set, frozenset)) else tuple(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _bind(name: str, wanted: set[str], params: dict) -> tuple:
    """The parameters the SQL binds, normalised, as a sorted tuple of (name, value) (a cache key)."""
    missing = wanted - params.keys()
    if missing:
        raise QueryError(f"Truy vấn '{name}' cần tham số: {', '.join(sorted(missing))}.")
    return tuple(sorted((k, None if k in _EMPTY_IS_NULL and params[k] == "" else _normalise(params[k]))
                        for k in wanted))


def _execute(sql: str, params: tuple, key: tuple) -> pd.DataFrame:
    """Run SQL with its normalised parameters on a fresh cursor of the connection for `key`."""
    cur = _connect(key).cursor()
    try:
        return cur.execute(sql, {k: list(v) if isinstance(v, tuple) else v for k, v in params}).df()
    finally:
        cur.close()


@cache.memo(max_entries=2000)
def _results(sql: str, params: tuple, key: tuple) -> pd.DataFrame:
    return _execute(sql, params, key)


def run(name: str, *, snapshot_dir: Path | str | None = None, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with its `$parameters` taken from params.

    Shared page state holds more keys than any one query uses, so only the names the SQL binds
    are passed on; a name the SQL needs and params lacks is an error naming the query. An empty
    province or commune is NULL (every area). Whoever asks (antq/auth/access.py) must be allowed to:
    nobody signed in gets nothing, and a provincial director's commune-detail queries are refused
    outside their province and filtered to it.
    """
    sql, bound, key, column, scope = _prepare(name, snapshot_dir, params)
    try:
        df = _results(sql, bound, key)
    except duckdb.Error as e:
        raise QueryError(f"Truy vấn '{name}' ({query_path(name).name}) lỗi: {e}") from e
    return _answer(df, bound, column, scope)


def execute_uncached(name: str, *, snapshot_dir: Path | str | None = None, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` on a fresh cursor of the snapshot's connection, bypassing the result
    cache (what a cache miss costs; used by the benchmark, `python -m antq bench`). Same binding
    rules as `run`: only the names the SQL uses are passed, a missing one is an error."""
    sql, bound, key, column, scope = _prepare(name, snapshot_dir, params)
    return _answer(_execute(sql, bound, key), bound, column, scope)


def _prepare(name: str, snapshot_dir, params: dict):
    """What `run` and `execute_uncached` share before running: the SQL, the parameters it binds
    (normalised), the connection key, and the rights of whoever asks (antq/auth/access.py; a refusal is
    audited and raised) as the column to filter on and the director's scope."""
    sql = load_sql(name)
    bound = _bind(name, parameters_of(sql), params)
    key = connection_key(snapshot_dir)
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
    df = _results(load_sql("access_scope"), (("province", province),), key)
    sets = {(m, lv): set(g["code"]) for (m, lv), g in df.groupby(["map", "level"])}
    return access.Scope(provinces={m: sets.get((m, "province"), set()) for m in ("2024", "2025")},
                        communes={m: sets.get((m, "commune"), set()) for m in ("2024", "2025")},
                        all_provinces={m: sets.get((m, "any_province"), set()) for m in ("2024", "2025")})


def commune_scope(snapshot_dir: Path | str | None = None) -> access.Scope | None:
    """The province (both maps) whose communes the person asking may see in detail; None = all."""
    province = access.current().commune_province
    return _scope(province, connection_key(snapshot_dir)) if province else None


def _deny(who: access.Access, name: str, bound: tuple, e: Exception) -> None:
    if who.user:  # nobody signed in: the sign-in screen is the answer, not an audit line per query
        from antq.auth import audit
        audit.record("access_denied", who.user, query=name,
                     params={k: str(v) for k, v in bound if k in ("map", "province", "commune")}, reason=str(e))


def prepare(name: str, snapshot_dir: Path | None = None) -> None:
    """Plan a query against the schema without running it (used by the tests of every .sql)."""
    sql = load_sql(name)
    cur = connection(snapshot_dir).cursor()
    try:
        cur.execute(f"PREPARE q AS {sql.strip().rstrip(';')}")
        cur.execute("DEALLOCATE q")
    finally:
        cur.close()
