"""antq/cli/serve.py's warm-up loads what the first visitor would wait for, and importing it does
nothing; the benchmark signs in through the form."""
import subprocess
import sys
import threading

import pytest
import streamlit as st

from antq.auth import access

from bench import pages as bench

from antq.data import cache, db

from antq.cli import serve
from apptest import open_app
from tests.conftest import ROOT


def test_serve_warm_loads_what_a_first_visit_needs(built_data, monkeypatch):
    from antq.figures import geo, maplabels
    opened = []
    open_ = db._open
    monkeypatch.setattr(db, "_open", lambda snap, g: (opened.append(snap), open_(snap, g))[1])
    cache.clear("resource")
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
    code = ("import gc, antq.cli.serve; from antq.figures import geo; "
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
