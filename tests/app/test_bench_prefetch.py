"""Issue 10, server side: antq/view/prefetch.py runs a page's questions two at a time with the session's
rights and leaves the answers unchanged; antq/cli/serve.py's warm-up loads what the first visitor would
wait for, and importing it does nothing; the benchmark signs in through the form."""
import subprocess
import sys
import threading

import pytest
import streamlit as st

from antq.auth import access

from bench import run as bench

from antq.data import db

from antq.view import prefetch

from antq.cli import serve
from apptest import open_app
from tests.conftest import ROOT


def test_together_and_warm_all_outside_streamlit(monkeypatch):
    calls = [lambda i=i: i * i for i in range(7)]
    assert prefetch.together(calls) == [i * i for i in range(7)]
    names = prefetch.together([lambda: threading.current_thread().name for _ in range(6)])
    assert all(n.startswith("antq-prefetch") for n in names) and 1 <= len(set(names)) <= 2  # two workers at most

    def boom():
        raise ValueError("hỏng")
    with pytest.raises(ValueError):
        prefetch.together([boom])
    done = []
    prefetch.warm_all([boom, lambda: done.append(1)])  # a failure is left for the page: nothing raised
    assert done == [1]
    monkeypatch.setenv("ANTQ_PREFETCH_WORKERS", "0")  # off: in turn, on the caller's thread
    assert prefetch.workers() == 0
    assert set(prefetch.together([lambda: threading.current_thread().name] * 3)) == {threading.current_thread().name}
    monkeypatch.setenv("ANTQ_PREFETCH_WORKERS", "x")
    assert prefetch.workers() == prefetch.WORKERS


@pytest.fixture()
def server_rights():
    """As `python -m antq serve`: work outside a signed-in session gets no data (antq/auth/access.py)."""
    before = access._process
    access.set_process(access.NOBODY)
    yield
    access.set_process(before)


@pytest.mark.parametrize("page,query,user", [
    ("antq/features/overview/page.py", {}, "leader"),
    ("antq/features/overview/page.py", {"map": "2024", "province": "01", "from": "2018-01-01", "to": "2018-12-31"}, "leader"),
    ("antq/features/compare/page.py", {"provinces": "01,79,48"}, "leader"),
    ("antq/features/compare/page.py", {"provinces": "40,01"}, "director"),  # a director: commune detail of Nghệ An only
    ("antq/features/models/page.py", {"map": "2024", "level": "commune"}, "leader"),
    ("antq/features/models/page.py", {"province": "40"}, "director"),
    ("antq/features/festival/page.py", {"province": "40"}, "director"),
    ("antq/features/festival/page.py", {"map": "2024", "province": "38"}, "leader"),
    ("antq/features/data/page.py", {}, "officer"),
    ("antq/features/data/page.py", {}, "director"),
])
def test_prefetched_questions_run_with_the_session_rights(built_data, monkeypatch, server_rights, page, query, user):
    ran, failed = [], []

    def quiet(call):
        try:
            call()
            ran.append(threading.current_thread().name)
        except BaseException as e:  # noqa: BLE001
            failed.append(e)
    monkeypatch.setattr(prefetch, "_quiet", quiet)
    st.cache_data.clear()
    at = open_app(query, page, user)
    assert not at.exception, at.exception
    assert ran and not failed, failed[:3]  # a worker without the session's rights would be refused
    assert all(n.startswith("antq-prefetch") for n in ran)


def _shown(at) -> list:
    """What a page shows: every metric, table and chart figure."""
    return ([(m.label, m.value, m.delta) for m in at.metric] + [d.value.to_csv() for d in at.dataframe]
            + [c.proto.spec for c in at.get("plotly_chart")])


@pytest.mark.parametrize("page,query", [
    ("antq/features/overview/page.py", {"metric": "solved_share"}),
    ("antq/features/compare/page.py", {"provinces": "01,79", "metric": "solved_share", "inside": "79"}),
    ("antq/features/models/page.py", {"map": "2024", "level": "commune"}),                  # the national commune map
    ("antq/features/models/page.py", {"map": "2025", "province": "79", "types": "camera_an_ninh", "sites": "all"}),
    ("antq/features/festival/page.py", {"map": "2024", "province": "38"}),                  # Thanh Hóa's communes
    ("antq/features/festival/page.py", {"map": "2024", "province": "38", "year": "2022", "levels": "xa", "showcase": "1"}),
    ("antq/features/compare/page.py", {"provinces": "01,79,48", "from": "2013-01-01"}),     # the whole period
    ("antq/features/data/page.py", {}),                                                     # the seed-fact check
])
def test_the_page_shows_the_same_with_and_without_prefetch(built_data, monkeypatch, page, query):
    shown = {}
    for n in ("0", "2"):
        monkeypatch.setenv("ANTQ_PREFETCH_WORKERS", n)
        st.cache_data.clear()
        at = open_app(query, page, "root" if page == "antq/features/data/page.py" else "leader")
        assert not at.exception, at.exception
        shown[n] = _shown(at)
    assert len(shown["2"]) > 3 and shown["0"] == shown["2"]


def test_serve_warm_loads_what_a_first_visit_needs(built_data, monkeypatch):
    from antq.figures import geo, maplabels
    opened = []
    create = db._create_views
    monkeypatch.setattr(db, "_create_views", lambda con, snap, g: (opened.append(snap), create(con, snap, g))[1])
    db._connect.clear()
    maplabels.island_labels_geojson.cache_clear()
    said = []
    seconds = serve.warm(say=said.append)
    assert set(seconds) == {"imports", "plotly", "snapshots", "connection", "layers", "gc"}
    assert len(said) == 1 and "không xong" not in said[0], said  # every step done
    assert {"antq.features.overview.chart", "antq.features.compare.chart", "antq.features.overview.figures", "antq.data.db"} <= set(serve.page_modules())
    assert all(m in sys.modules for m in serve.page_modules() if m.startswith("antq."))
    assert geo._geojson.cache_info().currsize >= 4  # both national layers of both maps
    assert maplabels.island_labels_geojson.cache_info().currsize == 2  # the archipelagos' labels, both languages
    active = serve._active_snapshot()
    assert opened == [active.path]
    db.connection(active.path)  # what the first page asks for is open already
    assert opened == [active.path]


def test_importing_serve_does_no_work():
    code = ("import gc, antq.cli.serve, antq.view.prefetch; from antq import geo; "
            "print(gc.get_freeze_count(), geo._geojson.cache_info().currsize, 'antq.features.overview.chart' in __import__('sys').modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["0", "0", "False"], out.stderr[-500:]


def test_bench_signs_in_through_the_form(built_data):
    with bench.bench_account() as folder:
        assert folder and bench.SIGNIN["password"]
        at = bench._app("antq/features/overview/page.py", {}, "demo")
        assert not bench.sign_in_apptest(at)  # signed in already: no form any more
        assert len(at.metric) == 8 and not at.exception
    assert bench.SIGNIN["password"] is None
