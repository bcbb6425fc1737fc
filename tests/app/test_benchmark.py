"""`python -m antq bench` (the bench/ package): it derives parameters for each `$name` a query binds (a new
query without them would stop the benchmark) and its query section runs every query; it signs in
through the form as a person does; and it times a first view without the seed-fact check kept from an
earlier visit."""
import datetime as dt

from antq.data import db, facts
from bench import pages as bench_pages
from bench import queries as bench_queries


def test_every_query_gets_every_parameter_it_binds():
    for name in db.query_names():
        wanted = db.parameters_of(db.load_sql(name))
        variants = bench_queries.query_variants(name, dt.date(2026, 10, 31), full=True)
        assert variants, name
        for label, params in variants:
            assert wanted <= set(params), (name, label, wanted - set(params))


def test_the_query_section_runs_every_query(built_data):
    out = bench_queries.bench_queries(built_data, 1, full=False)
    assert {r["query"] for r in out["rows"]} == set(db.query_names())
    assert all(r["p50"] == r["p50"] and r["p50"] >= 0 for r in out["rows"])  # measured (not NaN)
    present = [r["rows"] for r in out["rows"] if r["query"] == "ingest_present_activities"]
    assert len(present) == 1 and 0 < present[0] <= 400  # January 2024 of the communes coded 1..400 the demo holds


def test_bench_signs_in_through_the_form(built_data):
    with bench_pages.bench_account() as folder:
        assert folder and bench_pages.SIGNIN["password"]
        at = bench_pages._app("antq/features/overview/page.py", {}, "demo")
        assert not bench_pages.sign_in_apptest(at)  # signed in already: no form any more
        assert len(at.metric) == 8 and not at.exception
    assert bench_pages.SIGNIN["password"] is None


def test_the_bench_times_a_first_view_without_the_kept_check(built_data):
    facts.seed_check(built_data)
    assert facts.seed_check_known(built_data)
    bench_pages.forget_kept()  # before a default view's cold run (an interaction's finds it kept)
    assert not facts.seed_check_known(built_data)


def test_every_click_the_clicks_section_drives_is_on_its_page(built_data):
    """bench/clicks.py drives widgets by their Vietnamese labels and choices: a renamed label or choice
    must stop here, not as a timeout in the browser."""
    from bench import clicks, scenarios

    with bench_pages.bench_account():
        for slug, params, page_clicks in clicks.clicks():
            at = bench_pages.open_page(scenarios.page(slug).script, scenarios.query(slug, "demo", params), "demo")
            assert not at.exception, slug
            for c in page_clicks:
                root = at.sidebar if c.sidebar else at.main
                kinds = {"select": root.selectbox, "radio": root.radio, "segment": root.button_group}[c.kind]
                found = [w for w in kinds if w.label == c.widget]
                assert len(found) == 1, (slug, c.label, [w.label for w in kinds])
                options = [str(o) for o in found[0].options]
                assert {c.there, c.back} <= set(options) and c.there != c.back, (slug, c.label, options)
