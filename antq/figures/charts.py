"""Pure chart builders: DataFrame (+ boundary layer) -> plotly Figure. No Streamlit here.

Every map of the product comes from `choropleth`: a tile-less MapLibre map (`white-bg`, no
network) over our own layers, a binned colour scale (one trace, a stepped colour bar), a
separate grey layer for places with no data (no data is not zero), hover text in the
interface language, and on national maps the two archipelagos labelled.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq import fmt

from antq.figures import layers, maplabels
from antq.i18n import t

SEQUENTIAL = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
DIVERGING = ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]
NO_DATA = "#d9d9d9"
LABEL_COLOUR = "#37474f"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
NATIONAL_BOUNDS = (102.1, 6.2, 117.9, 23.5)  # lon/lat box that holds the mainland and both archipelagos
# A map's view is fitted for the narrowest column it is shown in on a tablet or a desk (a portrait
# tablet with the sidebar open gives the map ~480 px): the view cannot follow the width (plotly.js
# fits no choroplethmap view in the browser), so wider screens show more sea, never less country.
MAP_FIT_PX = 460
# a map's title in lines that fit that column (~7 px a character of plotly's title font, from 5 % in)
TITLE_CHARS = 58
TITLE_LINE_PX = 18
# the colour scale lies across the top right, over the sea north of Hoàng Sa, clear of the country and
# of both archipelagos at any width from MAP_FIT_PX up; its labels stand upright under their bins (slanted,
# the last one would run past the right edge and plotly drops it)
COLOUR_BAR = dict(orientation="h", x=0.99, xanchor="right", y=0.99, yanchor="top", lenmode="pixels", len=230,
                  thickness=10, tickangle=-90)


def layer_url(geojson: dict) -> str:
    """A boundary layer as the URL the map's traces name it by (antq/figures/layers.py): the browser
    fetches it once per page instead of receiving megabytes of coordinates in every figure."""
    return layers.url(geojson)


@dataclass(frozen=True)
class Bins:
    edges: tuple[float, ...]  # n+1 increasing edges

    def index(self, values: pd.Series) -> pd.Series:
        idx = np.searchsorted(np.asarray(self.edges[1:-1]), values.to_numpy(dtype=float), side="right")
        return pd.Series(idx, index=values.index)

    def labels(self, formatter) -> list[str]:
        e = self.edges
        return [f"{formatter(e[i])} – {formatter(e[i + 1])}" for i in range(len(e) - 1)]


def _nice(x: float) -> float:
    """Round a break to 2 significant figures so legends read 1.200 – 1.500, not 1.187 – 1.523."""
    if x == 0 or not math.isfinite(x):
        return x
    p = 10 ** (math.floor(math.log10(abs(x))) - 1)
    return round(x / p) * p


def make_bins(values, n: int = 5, *, lo: float | None = None, hi: float | None = None) -> Bins:
    """Quantile breaks rounded to nice numbers; fewer bins when values repeat."""
    v = pd.Series(values, dtype=float).dropna()
    if v.empty:
        return Bins((0.0, 1.0))
    lo = float(v.min()) if lo is None else lo
    hi = float(v.max()) if hi is None else hi
    if hi <= lo:
        return Bins((lo, lo + 1.0))
    inner = sorted({_nice(q) for q in v.quantile(np.linspace(0, 1, n + 1)[1:-1])} - {lo, hi})
    inner = [x for x in inner if lo < x < hi]
    return Bins(tuple([lo, *inner, hi]))


def _stepped_scale(colours: list[str]) -> list[list]:
    k = len(colours)
    scale = []
    for i, c in enumerate(colours):
        scale += [[i / k, c], [(i + 1) / k, c]]
    return scale


def _palette(n: int, palette: list[str]) -> list[str]:
    if n >= len(palette):
        return palette
    idx = np.linspace(0, len(palette) - 1, n).round().astype(int)
    return [palette[i] for i in idx]


def wrap_title(text: str, width: int = TITLE_CHARS) -> str:
    """A chart's title in lines of at most `width` characters, broken at spaces. Its plain text flows
    again from line to line (a title wrapped for a column is wrapped anew for a phone); a line set in
    one tag (a smaller second line, `<sup>…</sup>`) is wrapped inside it, the tag on each piece, so no
    tag is cut in two."""
    out, plain = [], []
    for line in [*str(text).split("<br>"), None]:
        tag = re.fullmatch(r"<(\w+)>(.*)</\1>", line.strip()) if line is not None else None
        if line is not None and not tag:
            plain.append(line)
            continue
        if plain:
            out += wrap(" ".join(plain), width).split("<br>")
            plain = []
        if tag:
            small = int(width * 1.4) if tag[1] == "sup" else width  # plotly sets <sup> at 70 %
            out += [f"<{tag[1]}>{x}</{tag[1]}>" for x in wrap(tag[2], small).split("<br>")]
    return "<br>".join(out)


def wrap(text: str, width: int = 38) -> str:
    """Text in lines of at most `width` characters, broken at spaces (plotly's <br>): a long title, a
    colour scale's title kept within its bar."""
    lines, cur = [], ""
    for w in str(text).replace("<br>", " ").split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return "<br>".join([*lines, cur] if cur else lines)


def zoom_for(bounds: tuple[float, float, float, float], width: int = 640, height: int = 720) -> tuple[dict, float]:
    """Centre and zoom that fit a lon/lat box into a map of the given pixel size (Web Mercator)."""
    x0, y0, x1, y1 = bounds

    def merc(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    # MapLibre's world is 512 px wide at zoom 0.
    lon_zoom = math.log2(width * 360 / (512 * max(x1 - x0, 1e-6)))
    lat_zoom = math.log2(height * 2 * math.pi / (512 * max(merc(y1) - merc(y0), 1e-9)))
    centre_lat = math.degrees(math.atan(math.sinh((merc(y0) + merc(y1)) / 2)))
    return {"lon": (x0 + x1) / 2, "lat": centre_lat}, min(lon_zoom, lat_zoom) - 0.1


def choropleth(
    df: pd.DataFrame,
    geojson: dict,
    *,
    code_col: str,
    name_col: str,
    value_col: str,
    value_label: str,
    lang: str = "vi",
    value_format=None,
    bins: Bins | None = None,
    n_bins: int = 5,
    palette: list[str] | None = None,
    hover_cols: list[tuple[str, str, object]] = (),
    hover_numbers: tuple[str, list[str]] | None = None,
    national: bool = True,
    bounds: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    height: int = 720,
) -> go.Figure:
    """A binned choropleth of `value_col` by `code_col` over `geojson` (features with `id` = code).

    Places of the layer absent from `df`, or with a null value, are drawn in grey as "no data".
    `hover_cols` adds (column, label, formatter) lines to the hover text.

    `hover_numbers` = (the value's d3 format, [each hover column's d3 format]), e.g. (",.0f", [",.0f",
    ",.0f} / 18"]), for maps of thousands of areas: the hover values then travel as numbers that the
    browser formats with the map's separators (1.234 in Vietnamese), the names as the trace's text,
    instead of a formatted string per area and value that plotly and Streamlit deep-copy twice on every
    run. Used only when every value is present (a missing one must read "–", which d3 cannot write);
    the formatters give the same text otherwise.
    """
    value_format = value_format or (lambda x: fmt.number(x, 0, lang))
    layer_ids = [f["id"] for f in geojson["features"]]
    source = layer_url(geojson)
    data = df.set_index(code_col)
    has = data[value_col].notna() if len(data) else pd.Series(dtype=bool)
    present = data[has] if len(data) else data
    bins = bins or make_bins(present[value_col], n_bins)
    colours = _palette(len(bins.edges) - 1, palette or SEQUENTIAL)
    fig = go.Figure()

    if len(present):
        idx = bins.index(present[value_col])
        cols = [value_col, *(c for c, _, _ in hover_cols)]
        numeric = hover_numbers is not None and len(hover_numbers[1]) == len(hover_cols) and bool(
            present[cols].notna().all().all())
        if numeric:
            specs = [hover_numbers[0], *hover_numbers[1]]
            lines = [f"<b>%{{text}}</b><br>{value_label}: %{{customdata[0]:{specs[0]}}}"]
            lines += [f"{label}: %{{customdata[{i + 1}]:{specs[i + 1]}" + ("" if "}" in specs[i + 1] else "}")
                      for i, (_, label, _) in enumerate(hover_cols)]
            numbers = present[cols].to_numpy(dtype="float64")
            whole = bool(np.all(numbers == np.round(numbers)) and np.all(np.abs(numbers) < 2**31))
            hover = dict(text=present[name_col].astype(str).to_numpy(dtype=object),  # counts: 4 bytes each
                         customdata=numbers.astype("int32") if whole else numbers)
        else:
            lines = [f"<b>%{{customdata[0]}}</b><br>{value_label}: %{{customdata[1]}}"]
            custom = [present[name_col].astype(str), present[value_col].map(value_format)]
            for i, (col, label, f) in enumerate(hover_cols):
                lines.append(f"{label}: %{{customdata[{i + 2}]}}")
                custom.append(present[col].map(f))
            hover = dict(customdata=np.column_stack(custom))
        fig.add_trace(go.Choroplethmap(
            geojson=source, locations=present.index, z=(idx + 0.5).astype("float32"), zmin=0, zmax=len(colours),
            colorscale=_stepped_scale(colours), marker_line_width=0.3, marker_line_color="#ffffff",
            hovertemplate="<br>".join(lines) + "<extra></extra>", **hover,
            colorbar=dict(title=dict(text=wrap(value_label, 30), side="top"), tickvals=[i + 0.5 for i in range(len(colours))],
                          ticktext=bins.labels(value_format), bgcolor="rgba(255,255,255,0.85)", **COLOUR_BAR),
            name=value_label, showlegend=False,
        ))

    shown = set(present.index)
    missing_ids = [i for i in layer_ids if i not in shown]
    if missing_ids:
        names = data[name_col].reindex(missing_ids) if len(data) else pd.Series(index=missing_ids, dtype=object)
        fig.add_trace(go.Choroplethmap(
            geojson=source, locations=missing_ids, z=[0] * len(missing_ids),
            colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False, marker_line_width=0.3,
            marker_line_color="#ffffff", name=t("no_data", lang), showlegend=True,
            customdata=np.array(names.fillna("").astype(str)).reshape(-1, 1),
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{t('no_data', lang)}<extra></extra>",
        ))

    if national:
        labels = maplabels.island_labels_geojson(lang)
        fig.add_trace(go.Choroplethmap(
            geojson=labels, locations=[f["id"] for f in labels["features"]], z=[1] * len(labels["features"]),
            colorscale=[[0, LABEL_COLOUR], [1, LABEL_COLOUR]], showscale=False, marker_line_width=0,
            hoverinfo="skip", showlegend=False, name="labels",
        ))

    if title:
        title = wrap_title(title)
    top = 40 + TITLE_LINE_PX * title.count("<br>") if title else 0
    centre, zoom = zoom_for(bounds or NATIONAL_BOUNDS, height=height - top, width=min(int(height * 0.9), MAP_FIT_PX))
    fig.update_layout(
        map=dict(style="white-bg", center=centre, zoom=zoom),
        margin=dict(l=0, r=0, t=top, b=0), height=height,
        title=dict(text=title) if title else None,
        legend=dict(x=0.99, xanchor="right", y=0.02, yanchor="bottom", bgcolor="rgba(255,255,255,0.85)"),
        separators=fmt.plotly_separators(lang), font=dict(family=FONT),
    )
    return fig


def line(df: pd.DataFrame, *, x: str, y: str, color: str | None = None, y_label: str, lang: str = "vi",
         title: str | None = None, percent: bool = False) -> go.Figure:
    """Time series, one line per `color` group; months on the axis as mm/yyyy."""
    fig = go.Figure()
    groups = df.groupby(color, sort=False) if color else [(None, df)]
    for name, g in groups:
        fig.add_trace(go.Scatter(x=g[x], y=g[y], mode="lines+markers" if len(g) < 30 else "lines",
                                 name=str(name) if name is not None else y_label))
    fig.update_layout(
        title=title, separators=fmt.plotly_separators(lang), font=dict(family=FONT), height=380,
        margin=dict(l=10, r=10, t=50 if title else 10, b=10), yaxis_title=y_label,
        yaxis_tickformat=".0%" if percent else ",d", xaxis_tickformat="%m/%Y" if lang == "vi" else "%Y-%m",
        legend=dict(orientation="h", y=-0.15), hovermode="x unified",
    )
    return fig


def bars(df: pd.DataFrame, *, x: str, y: str, color: str | None = None, y_label: str, lang: str = "vi",
         title: str | None = None, horizontal: bool = False, stacked: bool = True) -> go.Figure:
    """Bars, stacked by `color` when given."""
    fig = go.Figure()
    groups = df.groupby(color, sort=False) if color else [(None, df)]
    for name, g in groups:
        kw = dict(x=g[y], y=g[x], orientation="h") if horizontal else dict(x=g[x], y=g[y])
        fig.add_trace(go.Bar(name=str(name) if name is not None else y_label, **kw))
    fig.update_layout(
        title=title, barmode="stack" if stacked else "group", separators=fmt.plotly_separators(lang),
        font=dict(family=FONT), height=380, margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        legend=dict(orientation="h", y=-0.15),
    )
    axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    axis.title = y_label
    axis.tickformat = ",d"
    return fig
