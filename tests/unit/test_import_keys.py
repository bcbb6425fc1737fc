"""The import's checks against the base snapshot ask DuckDB for the report's keys only
(queries/ingest_*.sql, a semi-join on the parquet file): they find exactly the keys a full read of
the table finds (antq.ingest.snapshot.arrow_keys over the whole table), for every table's kind of key."""
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from antq.ingest import importer as ingest, snapshot as ingest_snapshot, spec

from antq.data import snapshots
@pytest.mark.slow  # reads every table of the demo in full
@pytest.mark.parametrize("table", spec.TABLES)
def test_present_keys_are_those_a_full_read_finds(built_data, table):
    base = snapshots.inspect(built_data, checksums=False)
    every = ingest_snapshot.arrow_keys(table, pq.read_table(base.table_path(table), columns=list(spec.KEYS[table]))).to_numpy()
    rng = np.random.default_rng(7)
    some = rng.choice(every, 500, replace=False)
    absent = np.setdiff1d(np.concatenate([some + 1, some - 1, [every.max() + 10, 0]]), every)
    asked = np.concatenate([some, absent, some[:5]])  # repeats are asked once
    found = ingest._present(base, table, asked)
    assert sorted(found.tolist()) == sorted(set(some.tolist()))
    assert len(absent) > 0 and not set(absent.tolist()) & set(found.tolist())
    assert len(ingest._present(base, table, np.array([], dtype="int64"))) == 0


def test_base_cases_and_known_models(built_data):
    base = snapshots.inspect(built_data, checksums=False)
    cases = pq.read_table(base.table_path("cases"), columns=["case_id", "opened_on", "solved_on"]).to_pandas()
    pick = cases.sample(50, random_state=1)
    got = ingest._base_cases(base, [*pick["case_id"].tolist(), int(cases["case_id"].max()) + 99])
    assert sorted(got["case_id"].tolist()) == sorted(pick["case_id"].tolist())
    want = pick.set_index("case_id").sort_index()
    assert [d.date() if d == d else None for d in got.set_index("case_id").sort_index()["solved_on"]] == \
        [d if d == d and d is not None else None for d in want["solved_on"]]
    models = pq.read_table(base.table_path("model_sites"), columns=["model_id"]).column(0).unique().to_pylist()
    frame = pd.DataFrame({"model_id": [models[0], models[-1], "MH-KHONG-CO", None],
                          "is_origin": [False, False, False, False]})
    problems = []
    sheet = type("S", (), {"file": "f.xlsx", "sheet": "Điểm mô hình", "table": "model_sites", "header_row": 1,
                           "columns": {"model_id": 1}})()
    ingest._model_origins(base, frame, sheet, problems)
    assert len(problems) == 1 and "MH-KHONG-CO" in problems[0].message
