"""Recorded answers of queries (tests/queries/answers/*.parquet), to check that a query still gives exactly
the rows, column types and order it gave when the answers were recorded.

A file holds one query's answers to a grid of parameters, a row per case: its key (its parameters as
JSON, dates as ISO strings), its number of rows, its first rows (up to `head`, in a list column of the
answer's own types) and, when it has more rows than that, a SHA-256 of all of them; so a difference shows
the rows themselves while a file stays small. The answers are Arrow tables as DuckDB returns them: a
column's SQL type is checked with its values (a BIGINT that became a DOUBLE, a DATE that became a
TIMESTAMP, a NULL that became 0 all differ), and so is the order of the rows.

`Recorded(name).check(params, answer)` compares an answer to the recorded one; `query_answer(...)` runs
a query the way the tests compare it. tests/queries/answers/README.md says how the files were written.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ANSWERS = Path(__file__).resolve().parent / "queries" / "answers"
META = b"antq.recorded"
HEAD = 20  # rows kept of each case (all of them when it has no more)


def case_key(params: dict) -> str:
    """The parameters of a case as one stable string."""
    def plain(v):
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        return list(v) if isinstance(v, (tuple, list)) else v
    return json.dumps({k: plain(v) for k, v in sorted(params.items())}, ensure_ascii=False, sort_keys=True)


def digest(table: pa.Table) -> str:
    """SHA-256 of every row, in order (values as JSON: dates ISO, decimals as text, floats exact)."""
    def text(v):
        if isinstance(v, (dt.date, dt.datetime, dt.time, decimal.Decimal)):
            return str(v)
        raise TypeError(type(v))
    h = hashlib.sha256()
    for batch in table.to_batches(max_chunksize=20_000):
        for row in batch.to_pylist():
            h.update(json.dumps(list(row.values()), default=text, ensure_ascii=False).encode())
            h.update(b"\n")
    return h.hexdigest()


def arrow_answer(con, sql: str, params: dict) -> pa.Table:
    """`sql` on a DuckDB connection, its named parameters bound from `params`, as an Arrow table."""
    cur = con.cursor()
    try:
        return cur.sql(sql, params={k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}).to_arrow_table()
    finally:
        cur.close()


def query_answer(name: str, snapshot_dir, **params) -> pa.Table:
    """The named query (queries/<name>.sql) on a snapshot, uncached, its parameters bound as db.run binds
    them, as an Arrow table."""
    from antq.data import db

    sql = db.load_sql(name)
    return arrow_answer(db.connection(snapshot_dir), sql, dict(db._bind(name, db.parameters_of(sql), params)))


def record(path: Path, cases: list[tuple[dict, pa.Table]], source: str, head: int = HEAD) -> None:
    """Write the answers of every case (its parameters, its answer) into one parquet file: a row per case
    with its key, its number of rows, its first rows and (when it has more) a SHA-256 of all of them."""
    keys = [case_key(p) for p, _ in cases]
    assert len(set(keys)) == len(keys), "two cases with the same parameters"
    schema = cases[0][1].schema
    for key, (_, table) in zip(keys, cases):
        assert table.schema.equals(schema), (key, table.schema, schema)
    whole = pa.table({
        "case": pa.array(keys, pa.string()),
        "rows": pa.array([t.num_rows for _, t in cases], pa.int64()),
        "sha256": pa.array([digest(t) if t.num_rows > head else None for _, t in cases], pa.string()),
        "first_rows": pa.array([t.slice(0, head).to_pylist() for _, t in cases], pa.list_(pa.struct(list(schema)))),
    })
    meta = {"source": source, "head": head}
    whole = whole.replace_schema_metadata({META: json.dumps(meta, ensure_ascii=False).encode()})
    pq.write_table(whole, path, compression="zstd", compression_level=19)


class Recorded:
    """The recorded answers of one file of tests/queries/answers/."""

    def __init__(self, name: str):
        self.path = ANSWERS / f"{name}.parquet"
        table = pq.read_table(self.path)
        meta = json.loads(table.schema.metadata[META])
        self.source, self.head = meta["source"], meta["head"]
        self.schema = pa.schema(list(table.schema.field("first_rows").type.value_type))
        first = table.column("first_rows").combine_chunks()
        self.cases = {k: (n, sha, i) for i, (k, n, sha) in enumerate(zip(
            table.column("case").to_pylist(), table.column("rows").to_pylist(), table.column("sha256").to_pylist()))}
        self._first = first

    def rows(self) -> int:
        """Rows of every case together (the grid does return rows)."""
        return sum(n for n, _, _ in self.cases.values())

    def first_rows(self, params: dict) -> pa.Table:
        """The recorded first rows of a case (all of them when it has `head` rows or fewer)."""
        key = case_key(params)
        assert key in self.cases, f"{self.path.name} has no answer for {key}"
        return pa.Table.from_struct_array(self._first[self.cases[key][2]].values)

    def check(self, params: dict, got: pa.Table) -> None:
        """The answer is the recorded one: the same columns of the same types, the same rows in the same
        order (nulls where they were)."""
        key = case_key(params)
        want = self.first_rows(params)
        rows, sha, _ = self.cases[key]
        got = got.replace_schema_metadata(None)
        where = f"{self.path.name}, {key}"
        assert got.schema.equals(self.schema), f"{where}: columns\n{got.schema}\nrecorded\n{self.schema}"
        assert got.num_rows == rows, f"{where}: {got.num_rows} rows, {rows} recorded"
        first = got.slice(0, self.head)
        if not first.equals(want):
            g, w = first.to_pylist(), want.to_pylist()
            i = next((i for i, (a, b) in enumerate(zip(g, w)) if a != b), None)
            raise AssertionError(f"{where}: row {i} is {g[i]}, recorded {w[i]}" if i is not None
                                 else f"{where}: the first rows differ")
        assert sha is None or digest(got) == sha, f"{where}: rows after the first {self.head} differ"
