"""The data page's check of the published (seed) figures computes each of its questions once, whether the
questions are asked on the workers first or in turn, and a check kept for the snapshot spares the next
person's first visit every one of them."""
import pytest
import streamlit as st

from antq.data import cache, db, facts
from apptest import open_app


class _Recording:
    """A DuckDB connection whose cursors write down every statement they execute (SQL and parameters)."""

    def __init__(self, con, log):
        self._con, self._log = con, log

    def cursor(self):
        return _RecordingCursor(self._con.cursor(), self._log)


class _RecordingCursor:
    def __init__(self, cur, log):
        self._cur, self._log = cur, log

    def execute(self, sql, params=None):
        self._log.append((sql, repr(sorted((params or {}).items()))))
        self._cur.execute(sql, params)
        return self

    def __getattr__(self, name):
        return getattr(self._cur, name)


@pytest.mark.parametrize("workers", ["0", "2"])
def test_the_data_page_computes_each_seed_question_once(built_data, monkeypatch, workers):
    """Started as the page opens and read by the check, every seed-fact question is computed once."""
    log = []
    real = db._connect
    monkeypatch.setattr(db, "_connect", lambda key: _Recording(real(key), log))
    monkeypatch.setenv("ANTQ_QUERY_WORKERS", workers)
    st.cache_data.clear()
    cache.clear("data")
    facts.forget_checks()
    at = open_app({}, "antq/features/data/page.py", "root")
    assert not at.exception
    checks = at.dataframe[-1].value
    assert len(checks) == len(facts.load_checks()) and set(checks.iloc[:, -1]) == {"✅"}
    expected = []  # each seed question as the query layer binds it (db.run: the names the SQL uses, lists as lists)

    for ask in facts.questions().values():
        sql = db.load_sql(ask.query)
        bound = db._bind(ask.query, db.parameters_of(sql), ask.params)
        expected.append((sql, repr(sorted((k, list(v) if isinstance(v, tuple) else v) for k, v in bound))))
    assert len(expected) == len(set(expected)) == 22
    assert sorted(x for x in log if x in set(expected)) == sorted(expected)  # every one computed, and once
    # the check is kept for the snapshot: another person's first visit (nothing cached) asks none of them
    log.clear()
    st.cache_data.clear()
    cache.clear("data")
    again = open_app({}, "antq/features/data/page.py", "leader")
    assert not again.exception and again.dataframe[-1].value.equals(checks)
    assert not [x for x in log if x in set(expected)]
