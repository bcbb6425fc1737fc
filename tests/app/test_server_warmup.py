"""`python -m antq serve` warms up before the first visitor: antq/cli/serve.py's warm-up loads what a first
visit would wait for (the page modules, plotly, the active snapshot's connection, both maps' national
layers, the archipelagos' labels, Streamlit's scripts compressed) and reads the detail layers a province's communes are cut from, while
importing it does no work at all."""
import subprocess
import sys

from antq.cli import serve
from antq.data import cache, db
from antq.figures import geo
from tests.conftest import ROOT


def test_serve_warm_loads_what_a_first_visit_needs(built_data, monkeypatch):
    from antq.figures import maplabels
    opened = []
    open_ = db._open
    monkeypatch.setattr(db, "_open", lambda snap, g: (opened.append(snap), open_(snap, g))[1])
    cache.clear("resource")
    maplabels.island_labels_geojson.cache_clear()
    said = []
    seconds = serve.warm(say=said.append)
    assert set(seconds) == {"imports", "plotly", "snapshots", "connection", "layers", "static", "gc"}
    assert len(said) == 1 and "không xong" not in said[0], said  # every step done
    assert {"antq.features.overview.chart", "antq.features.compare.chart", "antq.features.overview.figures", "antq.data.db"} <= set(serve.page_modules())
    assert all(m in sys.modules for m in serve.page_modules() if m.startswith("antq."))
    assert geo._geojson.cache_info().currsize >= 4  # both national layers of both maps
    assert maplabels.island_labels_geojson.cache_info().currsize == 2  # the archipelagos' labels, both languages
    from antq.server import static_cache
    assets = static_cache.assets()
    assert set(assets.compressed) == set(assets.files)  # Streamlit's scripts compressed before the first browser
    active = serve._active_snapshot()
    assert opened == [active.path]
    db.connection(active.path)  # what the first page asks for is open already
    assert opened == [active.path]


def test_serve_warm_reads_the_detail_layers(built_data, monkeypatch):
    serve._layers()

    def no_read(*a, **k):
        raise AssertionError("a layer read again after the warm-up")
    monkeypatch.setattr(geo.gpd, "read_parquet", no_read)
    geo._geojson.cache_clear()  # cut again from the layers in memory, not from the files
    for m, province in (("2024", "38"), ("2025", "79"), ("2024", None), ("2025", None)):
        shape, _ = geo.geojson("commune", m, province)
        assert len(shape["features"]) > 100


def test_importing_serve_does_no_work():
    code = ("import gc, antq.cli.serve; from antq.figures import geo; "
            "print(gc.get_freeze_count(), geo._geojson.cache_info().currsize, 'antq.features.overview.chart' in __import__('sys').modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["0", "0", "False"], out.stderr[-500:]
