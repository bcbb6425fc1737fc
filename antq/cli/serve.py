"""Serve the dashboard: `python -m antq serve [streamlit options]` (what setup.sh runs).

Before the server accepts requests, `warm()` does what the first visitor would otherwise wait for:
the Python imports of the pages, the snapshot list and its checksums, the active snapshot's DuckDB
connection, the boundary layers of both national maps and their encoded form, the detail layers a
province's communes are cut from, Streamlit's scripts compressed; then what is loaded is frozen out of
the garbage collector's full collections (gc.freeze). All of it is cached per process, so every later
session finds it done. Nothing of this runs when a module is imported: only `main` calls it (and the
benchmark, to time pages as a running server serves them).
"""
from __future__ import annotations

import ast
import gc
import importlib
import importlib.util
import os
import sys
import time

from antq import paths


def page_modules() -> list[str]:
    """The modules dashboard.py and the pages import (read from their source, so a new page or a new
    import is warmed without a list to keep up to date)."""
    names: list[str] = []
    from antq.view import pages

    for f in [paths.ROOT / "dashboard.py", *(p.script for p in pages.PAGES)]:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                if node.module.split(".")[0] == "antq":  # `from antq.x import y`: y may be a module
                    names += [f"{node.module}.{a.name}" for a in node.names
                              if importlib.util.find_spec(node.module) and _is_module(f"{node.module}.{a.name}")]
    return list(dict.fromkeys(names))


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _active_snapshot():
    """The snapshot a first visitor sees (the sidebar's rule): the active one if good, else the newest
    good one. Listing checksums every table once per process, as the sidebar's first run would."""
    from antq.data import snapshots
    good = [s for s in snapshots.list_snapshots() if s.ok]
    active = snapshots.active_id()
    return next((s for s in good if s.id == active), good[0] if good else None)


def _plotly() -> None:
    """plotly loads a trace type's validators, its default template and JSON encoder on the first figure
    that uses them, and the archipelagos' labels are drawn from text glyphs (matplotlib) on the first
    national map of the process: all done here, for every trace type the pages draw, so no visitor
    waits for them."""
    import plotly.graph_objects as go

    from antq.figures import maplabels

    for lang in ("vi", "en"):
        maplabels.island_labels_geojson(lang)
    line = dict(color="#ffffff", width=1)
    traces = [go.Scatter(x=[1], y=[1], mode="lines+markers", marker=dict(size=3, line=line), hovertext=["a"],
                         customdata=[["a"]], hovertemplate="%{customdata[0]}"),
              go.Bar(x=[1], y=["a"], orientation="h", marker_color=["#000"], text=["a"], textposition="outside"),
              go.Funnel(x=[1], y=["a"], textinfo="value"), go.Heatmap(z=[[1]], colorscale="Blues"),
              go.Table(header=dict(values=["a"]), cells=dict(values=[[1]])),
              go.Scattermap(lat=[16], lon=[106], mode="markers", marker=dict(size=4)),
              go.Choroplethmap(geojson="data:application/json,{}", locations=["a"], z=[1], marker_line=line,
                               colorbar=dict(title=dict(text="a", side="top"), tickvals=[1], ticktext=["a"]))]
    for trace in traces:
        fig = go.Figure(trace)
        fig.update_layout(map=dict(style="white-bg", center=dict(lat=16, lon=106), zoom=4), legend=dict(x=1),
                          xaxis=dict(tickformat="%m/%Y"), yaxis=dict(automargin=True), separators=",.",
                          title=dict(text="a"), margin=dict(l=0, r=0, t=0, b=0))
        fig.add_vline(x=1, line_dash="dash")
        fig.to_json()


def _layers() -> None:
    import pandas as pd

    from antq.features.overview import figures as charts_overview
    from antq.figures import charts, geo

    for m in ("2025", "2024"):
        for level in ("province", "commune"):
            charts.layer_url(geo.geojson(level, m)[0])
        # the detail layer a province's communes are cut from: read once here, not by the first visitor of a
        # province on this map
        geo.layer("commune", m, "detail")
    # one national map as the pages build it, on made-up values: what plotly and pandas load on their first
    # map and table merge is loaded here rather than in the first visitor's page
    shape, _ = geo.geojson("province", "2025")
    codes = [f["id"] for f in shape["features"]]
    df = pd.DataFrame({"code": codes, "name": codes, "value": range(len(codes))}).merge(
        pd.DataFrame({"code": codes[:-1], "count": 1.0}), on="code", how="left")
    fig = charts.choropleth(df, shape, code_col="code", name_col="name", value_col="value", value_label="a",
                            hover_cols=[("count", "b", str)], height=560)
    charts_overview.outline(charts_overview.legend_beside(fig), shape, codes[:1]).to_json()


def _static() -> None:
    from antq.server import static_cache

    static_cache.assets().prepare()


def _say(text: str) -> None:
    print(text, flush=True)


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def warm(say=_say) -> dict[str, float]:
    """Imports, snapshot list, connection and boundary layers, each timed; a step that fails is
    reported and skipped (the page that needs it will say what is wrong, as without the warm-up)."""
    seconds: dict[str, float] = {}

    def step(name: str, fn) -> None:
        t = time.perf_counter()
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - never keep the server from starting
            say(f"  (chuẩn bị «{name}» không xong: {type(e).__name__}: {e})")
        seconds[name] = time.perf_counter() - t

    def imports() -> None:
        for name in page_modules():
            try:
                importlib.import_module(name)
            except ImportError:
                pass  # a page's optional module: the page reports it, as it would have

    snap = []
    step("imports", imports)
    step("plotly", _plotly)
    step("snapshots", lambda: snap.append(_active_snapshot()))

    def connect() -> None:
        from antq.data import db
        if snap and snap[0] is not None:
            db.connection(snap[0].path)
    step("connection", connect)
    step("layers", _layers)
    step("static", _static)
    # what is loaded now lives as long as the process: out of the garbage collector's way (a full
    # collection would walk all the imports and layers in the middle of a page run)
    step("gc", _freeze)
    say("Chuẩn bị trước khi nhận truy cập: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
        + f" (tổng {sum(seconds.values()):.1f} s).")
    return seconds


def _take(args: list[str], name: str, default: str | None = None) -> tuple[str | None, list[str]]:
    """The value of `name` (as `name V` or `name=V`) and the arguments without it."""
    rest, value, i = [], default, 0
    while i < len(args):
        if args[i] == name and i + 1 < len(args):
            value, i = args[i + 1], i + 2
            continue
        if args[i].startswith(name + "="):
            value = args[i].split("=", 1)[1]
        else:
            rest.append(args[i])
        i += 1
    return value, rest


def main(args: list[str]) -> int:
    replicas, args = _take(args, "--replicas")
    if replicas and int(replicas) > 1:  # several processes behind nginx (antq/cli/replicas.py)
        from antq.cli import replicas as several

        port, args = _take(args, "--server.port", "8501")
        address, args = _take(args, "--server.address", "0.0.0.0")
        return several.run(int(replicas), int(port), address, args)
    from streamlit.web import cli

    from antq.auth import access, accounts
    from antq.cli import accounts as accounts_cli

    from antq.store import StoreUnavailable

    try:
        accounts_cli.print_first_admin(accounts.bootstrap())  # first start with no account: an administrator
    except StoreUnavailable as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    warm()  # before the server listens: the first visitor does not wait for imports, connection, layers
    access.set_process(access.NOBODY)  # work outside a signed-in session (a stray thread) gets no data
    os.chdir(paths.ROOT)  # the project's .streamlit/config.toml, wherever the command is started from
    sys.argv = ["streamlit", "run", str(paths.ROOT / "antq" / "server" / "app.py"), *args]
    return cli.main()
