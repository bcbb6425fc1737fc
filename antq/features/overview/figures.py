"""The figures of "Tổng quan" and "So sánh địa phương" beyond antq.figures.charts: the bars of the
areas furthest from the overall level, where the chosen areas stand on every figure (index chart),
the trend lines of the chosen provinces, and two map helpers (the legend beside the map, outlines
around the chosen areas). No Streamlit and no database here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.features.overview.metrics import METRICS, format_gap, format_value, metric_label, overall, values
from antq.figures import charts
from antq.figures.charts import FONT
from antq.i18n import t

CHOSEN_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
NATIONAL_COLOUR = "#222222"
INDEX_TICKS = (5, 10, 20, 25, 33, 50, 67, 80, 100, 125, 150, 200, 300, 400, 500, 1000, 2000)


def trend_figure(series: pd.DataFrame, codes: list[str], names: dict, whole: str, *, label: str, share: bool,
                 lang: str, title: str | None = None) -> go.Figure:
    """charts.line of the chosen provinces and the whole country on shared axes, in the colours the
    other compare charts give them (the country dashed black), with ticks that keep decimals."""
    order = [whole] + [names[c] for c in codes if c in names]
    df = series.assign(_o=series["area"].map({a: i for i, a in enumerate(order)})).sort_values(["_o", "date"])
    fig = charts.line(df, x="date", y="value", color="area", y_label=label, lang=lang, title=title, percent=share)
    colours = {whole: NATIONAL_COLOUR} | {names[c]: CHOSEN_COLOURS[i % len(CHOSEN_COLOURS)]
                                         for i, c in enumerate(codes) if c in names}
    for tr in fig.data:
        tr.line.color = colours.get(tr.name)
        if tr.name == whole:
            tr.line.dash = "dash"
    if not share:
        fig.update_yaxes(tickformat=",~r")
    else:
        fig.update_yaxes(tickformat=".1%")
    fig.update_layout(height=520)
    return fig


def deviation_bars(ext: pd.DataFrame, key: str, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal bars of the areas furthest above (blue) and below (red) the overall level, the gap
    written beside each bar (percentage points for shares, per cent for rates)."""
    df = ext.iloc[::-1]
    share = METRICS[key].share
    x = (df["gap"] * 100).astype(float)
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    pad = 0.45 * max(hi - lo, 1e-9)
    fig = go.Figure(go.Bar(
        x=x, y=df["area_name"], orientation="h",
        marker_color=["#2166ac" if g > 0 else "#b2182b" for g in df["gap"]],
        text=[format_gap(key, g, lang) for g in df["gap"]], textposition="outside", cliponaxis=False,
        customdata=np.column_stack([df["value"].map(lambda v: format_value(key, v, lang)),
                                    df["count"].map(lambda c: fmt.number(c, 0, lang))]),
        hovertemplate="<b>%{y}</b><br>%{customdata[0]} (%{customdata[1]})<extra></extra>"))
    fig.update_layout(
        title=title, separators=fmt.plotly_separators(lang), font=dict(family=FONT),
        height=max(260, 34 * len(df) + 80), margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        xaxis=dict(title=("điểm %" if lang == "vi" else "points") if share else "%", zeroline=True,
                   zerolinecolor="#555", range=[lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)]),
        yaxis=dict(automargin=True), showlegend=False)
    return fig


def index_chart(table: pd.DataFrame, codes: list[str], basis: str, lang: str, keys: list[str] | None = None,
                title: str | None = None) -> go.Figure:
    """Where the chosen areas stand on every figure: value / overall level × 100 (overall = 100),
    every area a grey dot, the chosen ones coloured, so figures of different units share one axis."""
    keys = keys or list(METRICS)
    names = dict(zip(table["area_code"], table["area_name"]))
    labels = [metric_label(k, basis, lang) for k in keys]
    long = []
    for k, lab in zip(keys, labels):
        v = values(table, k, basis)
        lvl = overall(table, k, basis, v=v)
        if lvl and np.isfinite(lvl):
            long.append(pd.DataFrame({"code": table["area_code"].values, "label": lab, "index": (v / lvl * 100).values,
                                      "hover": [f"{n}: {format_value(k, x, lang)}" for n, x in zip(table["area_name"], v)]}))
    df = pd.concat(long, ignore_index=True) if long else pd.DataFrame(columns=["code", "label", "index", "hover"])
    df = df[np.isfinite(df["index"].astype(float)) & (df["index"] > 0)]
    xs = df["index"].tolist()
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=df["index"], y=df["label"], mode="markers", marker=dict(color="#c8c8c8", size=7),
                             name=t("compare_all", lang), hovertext=df["hover"], hoverinfo="text"))
    for i, c in enumerate(codes):
        mine = df[df["code"] == c]
        if c not in names or mine.empty:
            continue
        fig.add_trace(go.Scatter(x=mine["index"], y=mine["label"], mode="markers", name=names[c], hovertext=mine["hover"],
                                 hoverinfo="text", marker=dict(size=13, color=CHOSEN_COLOURS[i % len(CHOSEN_COLOURS)],
                                                               line=dict(color="white", width=1))))
    fig.add_vline(x=100, line_color=NATIONAL_COLOUR, line_dash="dash")
    ticks = [x for x in INDEX_TICKS if min(xs, default=100) * 0.8 <= x <= max(xs, default=100) * 1.25]
    fig.update_layout(
        title=title, separators=fmt.plotly_separators(lang), font=dict(family=FONT),
        height=140 + 40 * len(keys), margin=dict(l=10, r=10, t=90 if title else 50, b=10),
        xaxis=dict(title=t("compare_index_axis", lang), type="log", tickvals=ticks,
                   ticktext=[fmt.number(x, 0, lang) for x in ticks]),
        yaxis=dict(automargin=True, autorange="reversed"),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0))
    return fig


def legend_beside(fig: go.Figure, *, width_px: int = charts.MAP_FIT_PX - 40, bounds=None, map_share: float = 0.78,
                  wrap: int = 20) -> go.Figure:
    """Move a charts.choropleth legend out of the map: the map keeps the left `map_share` of the
    figure, the colour bar and the "no data" entry sit in the strip on its right, so neither covers
    a province nor an archipelago label when the map shares a row with other charts. The view is
    refitted to `bounds` (default: the whole country with both archipelagos) for a figure about
    `width_px` wide (default: the narrowest column a map is shown in, a portrait tablet's, with room to
    spare, so nothing is cut off at any width above it)."""
    centre, zoom = charts.zoom_for(bounds or charts.NATIONAL_BOUNDS, width=int(width_px * map_share),
                                   height=int(fig.layout.height or 600))
    fig.update_layout(map_domain=dict(x=[0, map_share], y=[0, 1]), map_center=centre, map_zoom=zoom,
                      legend=dict(x=map_share + 0.01, xanchor="left", y=0.02, yanchor="bottom"))
    for tr in fig.data:
        if getattr(tr, "showscale", None) is not False and tr.colorbar is not None and tr.colorbar.ticktext:
            tr.colorbar.update(orientation="v", x=map_share + 0.01, xanchor="left", y=0.98, yanchor="top",
                               lenmode="fraction", len=0.55, thickness=14, tickangle=None,
                               title=dict(text=charts.wrap(tr.colorbar.title.text or "", wrap)))
    return fig


def outline(fig: go.Figure, geojson: dict, codes: list[str]) -> go.Figure:
    """Draw thick outlines around the chosen areas of a map built by charts.choropleth (the layer
    is named by the same URL as the map's, so no boundary is fetched twice)."""
    ids = {f["id"] for f in geojson["features"]}
    chosen = [c for c in codes if c in ids]
    if chosen:
        fig.add_trace(go.Choroplethmap(
            geojson=charts.layer_url(geojson), locations=chosen, z=[1] * len(chosen),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker_line_width=3, marker_line_color="#d62728", hoverinfo="skip", showlegend=False, name="chosen"))
    return fig
