"""Issue 10, round 3: the last cold views over 500 ms on the demo (Mô hình's national commune map, Ngày hội
of one province, So sánh over the whole period, Dữ liệu's upload check). Their fixes keep every answer:
the rewritten `models_sites_list` returns the rows of the query it replaced (the pages that now ask their
questions on workers are checked, with and without them and for each role's rights, in
tests/test_bench_prefetch.py); the seed-fact check's questions are those `check_seed_facts` asks, each once; the server's warm-up
reads the detail layer a province's communes are cut from."""
import datetime as dt
import itertools

import pytest
import streamlit as st

from antq.auth import access

from antq.data import cache, db, facts

from antq.figures import geo

from antq.cli import serve
from apptest import open_app

D = dt.date

# queries/models_sites_list.sql before round 3 (every commune ranked by name, every column carried through
# the sort): the rewritten query must return exactly its rows, in its order, with its types
SITES_LIST_BEFORE = """
WITH chosen AS (
    SELECT s.site_id, CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS province_code,
           CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS commune_code,
           s.model_type, s.model_id, s.model_name, s.is_origin, s.started_on, s.ended_on, s.effective,
           s.members, s.cameras
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE s.started_on <= CAST($as_of AS DATE)
      AND (NOT $only_active OR s.ended_on IS NULL OR s.ended_on > CAST($as_of AS DATE))
      AND (len(CAST($model_types AS VARCHAR[])) = 0 OR list_contains(CAST($model_types AS VARCHAR[]), s.model_type))
      AND ($province IS NULL OR $province = ''
           OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
), named AS (       -- Vietnamese order of the names, ranked once per commune rather than per site
    SELECT commune_code, province_name, commune_name,
           row_number() OVER (ORDER BY province_name COLLATE vi, commune_name COLLATE vi, commune_code) AS name_rank
    FROM communes
    WHERE map = $map AND ($province IS NULL OR $province = '' OR province_code = $province)
)
SELECT x.site_id, x.province_code, n.province_name, x.commune_code, n.commune_name,
       x.model_type, t.name_vi AS type_vi, t.name_en AS type_en, x.model_id, x.model_name, x.is_origin,
       x.started_on, x.ended_on, x.effective, x.members, x.cameras,
       (SELECT count(*) FROM chosen JOIN named USING (commune_code)) AS rows_total
FROM chosen x
JOIN named n USING (commune_code)
LEFT JOIN model_types t ON t.model_type = x.model_type
ORDER BY n.name_rank, x.started_on, x.site_id
LIMIT $limit  -- a top-N: the rows before the limit are counted apart, not kept in a window
"""

# queries/overview_activities_by_area.sql before round 3 (a DISTINCT count of months over every placed row)
ACTIVITIES_BY_AREA_BEFORE = """
WITH placed AS (
    SELECT p.map_province_code, p.map_commune_code, a.month,
           a.month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE) AS in_period,
           a.month = make_date(CAST($safety_year AS INTEGER), 12, 1) AS in_safety,
           a.propaganda_sessions, a.propaganda_participants, a.safety_units_assessed, a.safety_units_passed
    FROM activities a
    JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code AND p.map = $map
    WHERE (a.month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
           OR a.month = make_date(CAST($safety_year AS INTEGER), 12, 1))
      AND ($province IS NULL OR $province = '' OR p.map_province_code = $province)
), agg AS (
    SELECT CASE WHEN $province IS NULL OR $province = '' THEN map_province_code ELSE map_commune_code END AS area_code,
           count(DISTINCT month) FILTER (WHERE in_period)                          AS months_reported,
           CAST(sum(propaganda_sessions) FILTER (WHERE in_period) AS BIGINT)     AS propaganda_sessions,
           CAST(sum(propaganda_participants) FILTER (WHERE in_period) AS BIGINT) AS propaganda_participants,
           CAST(sum(safety_units_assessed) FILTER (WHERE in_safety) AS BIGINT)   AS safety_units_assessed,
           CAST(sum(safety_units_passed) FILTER (WHERE in_safety) AS BIGINT)     AS safety_units_passed
    FROM placed
    GROUP BY 1
)
SELECT a.area_code, a.area_name, coalesce(g.months_reported, 0) AS months_reported,
       g.propaganda_sessions, g.propaganda_participants, g.safety_units_assessed, g.safety_units_passed
FROM areas a
LEFT JOIN agg g USING (area_code)
WHERE a.map = $map
  AND a.level = CASE WHEN $province IS NULL OR $province = '' THEN 'province' ELSE 'commune' END
  AND ($province IS NULL OR $province = '' OR a.parent_code = $province)
ORDER BY a.area_code
"""


def _run_sql(sql: str, snapshot_dir, **params):
    """`sql` on the snapshot's connection, its parameters bound as db.run binds them (an empty province is NULL)."""
    return db._execute(sql, db._bind("test", db.parameters_of(sql), params), db.connection_key(snapshot_dir))


def test_sites_list_returns_the_rows_of_the_query_it_replaced(built_data):
    new = db.load_sql("models_sites_list")
    assert "-- access: commune detail in commune_code" in new  # the query layer's rule is kept
    grid = itertools.product(["2024", "2025"], [None, "", "01", "79", "zz"], [D(2013, 6, 30), D(2019, 3, 31), D(2026, 10, 31)],
                             [[], ["camera_an_ninh"], ["clb_pctp", "tu_quan_antt"]], [True, False], [1000, 5, 0])
    checked = 0
    for m, province, as_of, types, active, limit in grid:
        p = dict(map=m, province=province, as_of=as_of, model_types=types, only_active=active, limit=limit)
        before, after = _run_sql(SITES_LIST_BEFORE, built_data, **p), _run_sql(new, built_data, **p)
        assert list(after.columns) == list(before.columns) and list(after.dtypes) == list(before.dtypes), p
        assert after.equals(before), p
        checked += len(after)
    assert checked > 10_000  # the grid does return rows
    whole = dict(map="2024", province=None, as_of=D(2026, 10, 31), model_types=[], only_active=False, limit=None)
    assert _run_sql(new, built_data, **whole).equals(_run_sql(SITES_LIST_BEFORE, built_data, **whole))  # the CSV


def test_activities_by_area_gives_the_answers_of_the_query_it_replaced(built_data):
    new = db.load_sql("overview_activities_by_area")
    assert "-- access: commune detail in area_code" in new
    periods = [(D(2013, 1, 1), D(2026, 10, 31)), (D(2025, 1, 1), D(2025, 12, 31)), (D(2018, 3, 15), D(2018, 3, 20)),
               (D(2020, 2, 10), D(2021, 7, 3)), (D(2026, 1, 1), D(2030, 12, 31)), (D(2010, 1, 1), D(2012, 12, 31)),
               (D(2019, 5, 20), D(2019, 5, 1))]
    rows = 0
    for m, province, (start, end), safety in itertools.product(["2024", "2025"], [None, "", "01", "79", "zz"], periods,
                                                               [2018, 2026, 2012]):
        p = {"map": m, "province": province, "date_from": start, "date_to": end, "safety_year": safety}
        before, after = _run_sql(ACTIVITIES_BY_AREA_BEFORE, built_data, **p), _run_sql(new, built_data, **p)
        assert list(after.dtypes) == list(before.dtypes) and after.equals(before), p
        rows += int(after["months_reported"].sum())
    assert rows > 0


def test_seed_calls_are_the_questions_of_the_check_each_once():
    asked, prefetched = [], []
    facts.check_seed_facts(run=lambda q, **p: asked.append((q, repr(sorted(p.items())))) or _empty())
    for call in facts.seed_calls(run=lambda q, **p: prefetched.append((q, repr(sorted(p.items())))),
                                 snapshot_dir=None):
        call()
    assert len(asked) == len(facts.load_checks()) > len(prefetched)  # 37 facts, fewer distinct questions
    assert sorted(set(asked)) == sorted(prefetched)  # the same questions, with the same parameters, each once
    with_dir = []
    for call in facts.seed_calls(run=lambda q, **p: with_dir.append(p.get("snapshot_dir")), snapshot_dir="x"):
        call()
    assert set(with_dir) == {"x"}  # as check_seed_facts(snapshot_dir=...) passes it on


def _empty():
    import pandas as pd
    return pd.DataFrame()


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
    """Asked on the workers and then by the check, every seed-fact question is computed once (the page finds
    the worker's answer, or waits for it): the prefetched calls have the check's own cache keys."""
    log = []
    real = db._connect
    monkeypatch.setattr(db, "_connect", lambda key: _Recording(real(key), log))
    monkeypatch.setenv("ANTQ_PREFETCH_WORKERS", workers)
    st.cache_data.clear()
    cache.clear("data")
    facts.forget_checks()
    at = open_app({}, "antq/features/data/page.py", "root")
    assert not at.exception
    checks = at.dataframe[-1].value
    assert len(checks) == len(facts.load_checks()) and set(checks.iloc[:, -1]) == {"✅"}
    expected = []  # each seed question as the query layer binds it (db.run: the names the SQL uses, lists as lists)

    def bind(q, **params):
        sql = db.load_sql(q)
        bound = db._bind(q, db.parameters_of(sql), params)
        expected.append((sql, repr(sorted((k, list(v) if isinstance(v, tuple) else v) for k, v in bound))))
    for call in facts.seed_calls(run=bind):
        call()
    assert len(expected) == len(set(expected)) == 22
    assert sorted(x for x in log if x in set(expected)) == sorted(expected)  # every one computed, and once
    # the check is kept for the snapshot: another person's first visit (nothing cached) asks none of them
    log.clear()
    st.cache_data.clear()
    cache.clear("data")
    again = open_app({}, "antq/features/data/page.py", "leader")
    assert not again.exception and again.dataframe[-1].value.equals(checks)
    assert not [x for x in log if x in set(expected)]


def test_a_kept_check_is_the_check_and_only_kept_when_whole(built_data, monkeypatch):
    facts.forget_checks()
    fresh = facts.check_seed_facts(snapshot_dir=built_data)
    assert facts.seed_check(built_data).equals(fresh) and facts.seed_check_known(built_data)
    assert facts.seed_check(built_data).equals(fresh)  # from the kept copy (a copy: the page cannot change it)
    facts.forget_checks()
    before = access._process
    access.set_process(access.NOBODY)  # nobody signed in: every question refused, nothing kept
    try:
        refused = facts.seed_check(built_data)
        assert not refused["ok"].any() and not facts.seed_check_known(built_data)
    finally:
        access.set_process(before)
    real_run = db.run

    def flaky(name, **p):
        if name == "tip_funnel":
            raise db.QueryError("hỏng")
        return real_run(name, **p)
    monkeypatch.setattr(db, "run", flaky)
    failed = facts.seed_check(built_data)
    assert not failed["ok"].all() and not facts.seed_check_known(built_data)  # asked again next time


def test_serve_warm_reads_the_detail_layers(built_data, monkeypatch):
    serve._layers()

    def no_read(*a, **k):
        raise AssertionError("a layer read again after the warm-up")
    monkeypatch.setattr(geo.gpd, "read_parquet", no_read)
    geo._geojson.cache_clear()  # cut again from the layers in memory, not from the files
    for m, province in (("2024", "38"), ("2025", "79"), ("2024", None), ("2025", None)):
        shape, _ = geo.geojson("commune", m, province)
        assert len(shape["features"]) > 100


def test_the_bench_times_a_first_view_without_the_kept_check(built_data):
    from bench import pages as bench
    facts.seed_check(built_data)
    assert facts.seed_check_known(built_data)
    bench.forget_kept()  # before a default view's cold run (an interaction's finds it kept)
    assert not facts.seed_check_known(built_data)
