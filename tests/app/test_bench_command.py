"""`python -m antq bench` (bench/run.py) can time every named query: it derives parameters for each
`$name` a query binds (a new query without them would stop the benchmark), and the queries run."""
import datetime as dt

from bench import queries as bench

from antq.data import db
def test_every_query_gets_every_parameter_it_binds():
    for name in db.query_names():
        wanted = db.parameters_of(db.load_sql(name))
        variants = bench.query_variants(name, dt.date(2026, 10, 31), full=True)
        assert variants, name
        for label, params in variants:
            assert wanted <= set(params), (name, label, wanted - set(params))


def test_the_query_section_runs_every_query(built_data):
    out = bench.bench_queries(built_data, 1, full=False)
    assert {r["query"] for r in out["rows"]} == set(db.query_names())
    assert all(r["p50"] == r["p50"] and r["p50"] >= 0 for r in out["rows"])  # measured (not NaN)
    present = [r["rows"] for r in out["rows"] if r["query"] == "ingest_present_activities"]
    assert len(present) == 1 and 0 < present[0] <= 400  # January 2024 of the communes coded 1..400 the demo holds
