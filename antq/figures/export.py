"""Briefing-ready images: the `Caption` every file carries and the captioned chart as PNG, SVG or a PDF
page. Pure functions of a figure and a `Caption`; no Streamlit. The data behind a chart is written by
sheets.py (CSV, XLSX), briefing packs by slides.py (PPTX, PDF), and every file leaves through gate.py.

Images are rendered by kaleido with Debian's Chromium, one browser kept for the process and used by
one export at a time, with plotly.js from the plotly package, no MathJax and no network (the
browser's proxy is a closed port). A figure is laid out at half its pixel size and rendered at
twice that scale, so the fonts and lines of a chart keep the proportions they have on screen.
Maps are drawn as vector traces (antq.figures.static_maps).
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go

from antq import fmt
from antq.figures.static_maps import MAP_TRACES, TOPOJSON_DIR, static_spec
from antq.i18n import t

SIZES = {
    "slide": (1920, 1080),   # a 16:9 PowerPoint slide at full HD
    "report": (1500, 900),   # half a portrait A4 page of a Word report (16 x 9.6 cm at 240 dpi)
}
SCALE = 2                    # layout at half the pixel size, rendered at twice (see the module's note)
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
CHROMIUM = "/usr/bin/chromium"
CLOSED_PROXY = "127.0.0.1:9"  # every http(s) request of the export browser fails at once: nothing leaves the machine
NOT_CARTESIAN = {*MAP_TRACES, *MAP_TRACES.values(), "densitymap", "pie", "table", "sankey", "funnelarea", "indicator"}
# Streamlit's plotly theme puts placeholder colours (#000001…#000040) into every figure's template and
# lets the browser swap in the theme's colours; an export swaps in those of the light theme.
_CATEGORICAL = ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a", "#6d3fc0", "#d5dae5"]
_SEQUENTIAL = ["#e4f5ff", "#c7ebff", "#a6dcff", "#83c9ff", "#60b4ff", "#3d9df3", "#0068c9", "#0054a3", "#003f7f", "#002b5b"]
_DIVERGING = ["#7d353b", "#bd4043", "#ff4b4b", "#ff8c8c", "#ffc7c7", "#a6dcff", "#60b4ff", "#1c83e1", "#0054a3", "#004280"]
PLACEHOLDERS = {**{f"#{i + 1:06d}": c for i, c in enumerate(_CATEGORICAL)},
                **{f"#{i + 11:06d}": c for i, c in enumerate(_SEQUENTIAL)},
                **{f"#{i + 21:06d}": c for i, c in enumerate(_DIVERGING)},
                "#000032": "#29b09d", "#000033": "#ff2b2b", "#000034": "#0068c9", "#000035": "#a3a8b8",
                "#000036": "#555867", "#000037": "#262730", "#000038": "#ffffff", "#000039": "#d5d7de",
                "#000040": "#f0f2f6"}
TEMPLATE_LAYOUT = {  # what the light theme gives a figure on screen, for a figure exported without it
    "font": {"color": "#31333f", "family": FONT}, "paper_bgcolor": "white", "plot_bgcolor": "white",
    "xaxis": {"gridcolor": "#e6e9ef", "linecolor": "#c9ccd6", "zerolinecolor": "#c9ccd6", "automargin": True},
    "yaxis": {"gridcolor": "#e6e9ef", "linecolor": "#c9ccd6", "zerolinecolor": "#c9ccd6", "automargin": True},
    "colorway": _CATEGORICAL,
}
_RENDER_LOCK = threading.RLock()  # one export at a time: kaleido's sync server answers calls in order
_kaleido_started = False


@dataclass(frozen=True)
class Caption:
    """What every exported chart carries, in the interface language."""
    title: str
    subtitle: str                       # period, scope, map and filters in words
    source: str
    snapshot_id: str | None             # None: a file that is not drawn from a snapshot (the audit trail)
    data_date: dt.date | None
    simulated: bool
    lang: str = "vi"
    user: str | None = None
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    def footer(self) -> str:
        parts = [t("source_footer", self.lang, src=self.source, id=self.snapshot_id, d=fmt.date(self.data_date, self.lang))
                 if self.snapshot_id else t("source_only", self.lang, src=self.source)]
        if self.simulated:
            parts.append(t("export_simulated", self.lang))
        stamp = f"{fmt.date(self.exported_at, self.lang)} {self.exported_at:%H:%M}"
        parts.append(t("export_time", self.lang, at=stamp)
                     + (f" · {t('export_by', self.lang, user=self.user)}" if self.user else ""))
        return " · ".join(parts)

    def lines(self) -> list[str]:
        return [self.title, self.subtitle, self.footer()]

    def to_dict(self) -> dict:
        return {"title": self.title, "subtitle": self.subtitle, "source": self.source, "snapshot_id": self.snapshot_id,
                "data_date": self.data_date.isoformat() if self.data_date else None, "simulated": self.simulated, "lang": self.lang,
                "user": self.user, "exported_at": self.exported_at.isoformat()}

    @classmethod
    def from_dict(cls, d: dict) -> "Caption":
        return cls(**{**d, "data_date": dt.date.fromisoformat(d["data_date"]) if d.get("data_date") else None,
                      "exported_at": dt.datetime.fromisoformat(d["exported_at"])})


# ---------------------------------------------------------------- the figure of an export

def layout_size(size: str) -> tuple[int, int]:
    """The layout size of an export size (its pixel size divided by SCALE)."""
    width, height = SIZES[size]
    return width // SCALE, height // SCALE


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, width_px: float, font_px: float, factor: float = 0.6) -> str:
    """Escaped text broken into lines that fit `width_px` (DejaVu Sans is about 0.6 em wide)."""
    chars = max(20, int(width_px / (font_px * factor)))
    return "<br>".join(_html(line) for line in textwrap.wrap(text, chars, break_long_words=False) or [""])


def _page_footer(annotation: dict, cap: Caption) -> bool:
    """The source line a page drew into its own figure (it quotes the snapshot id as `source_footer`
    does): the caption's footer replaces it."""
    text = str(annotation.get("text") or "")
    return f"«{cap.snapshot_id}»" in text or f"“{cap.snapshot_id}”" in text


def _swap(value):
    if isinstance(value, str):
        return PLACEHOLDERS.get(value.lower(), value)
    if isinstance(value, dict):
        return {k: _swap(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_swap(v) for v in value]
    return value


def _template(template: dict | None) -> dict:
    """The figure's template with the theme's placeholder colours swapped for real ones, over the
    light theme's defaults."""
    t_ = _swap(template or {})
    layout = {**TEMPLATE_LAYOUT, **(t_.get("layout") or {})}
    return {"data": t_.get("data") or {}, "layout": layout}


def bare(fig: go.Figure, cap: Caption, width: int, height: int) -> dict:
    """The page's figure as a dict at an export layout size, without the page's own title and source
    line, with legends set vertically on the right (a slide is wide, and nothing then crowds the
    caption above or below the plot), axes that make room for their labels, in the export font."""
    d = copy.deepcopy(fig.to_plotly_json())
    lay = d.setdefault("layout", {})
    lay.pop("title", None)
    lay["template"] = _template(lay.get("template"))
    lay["annotations"] = [a for a in lay.get("annotations", []) if not _page_footer(a, cap)]
    legend = lay.get("legend") or {}
    if legend.get("orientation") == "h":
        right_axis = any((lay.get(k) or {}).get("side") == "right" for k in lay if k.startswith("yaxis"))
        x = 1.02 + (64 / (width * 0.75) if right_axis else 0)  # clear of a right axis's tick labels
        lay["legend"] = {**legend, "orientation": "v", "x": x, "xanchor": "left", "y": 1, "yanchor": "top"}
    cartesian = any(tr.get("type", "scatter") not in NOT_CARTESIAN for tr in d["data"])
    axes = [k for k in lay if k.startswith(("xaxis", "yaxis"))] or (["xaxis", "yaxis"] if cartesian else [])
    for k in axes:
        lay[k] = {**(lay.get(k) or {}), "automargin": True}
    lay.update(width=width, height=height, paper_bgcolor="white", autosize=False)
    lay["font"] = {**(lay.get("font") or {}), "family": FONT}
    lay["font"].setdefault("size", 12)
    return d


def captioned_figure(fig: go.Figure, cap: Caption, size: str = "slide") -> go.Figure:
    """A copy of `fig` laid out for an export size, with the caption drawn into it: the title and the
    subtitle (period, scope, map, filters) on top, the source, snapshot, simulated-data line and export
    time at the bottom. Rendered by `image_bytes` at SIZES[size] pixels."""
    width, height = layout_size(size)
    d = bare(fig, cap, width, height)
    lay = d["layout"]
    text_w = width - 40
    title = _wrap(cap.title, text_w, 21, 0.66)
    subtitle = _wrap(cap.subtitle, text_w, 13, 0.56)
    footer = _wrap(cap.footer(), text_w, 10.5, 0.55)
    n_title, n_sub, n_foot = (x.count("<br>") + 1 for x in (title, subtitle, footer))
    head = 14 + 21 + int(27 * (n_title - 1)) + 10 + int(17 * n_sub) + 16
    foot = 14 * n_foot + 14
    cartesian = any(tr.get("type", "scatter") not in NOT_CARTESIAN for tr in d["data"])
    axes = _bottom_need(lay) if cartesian else 0
    # plotly sets the first line of a title on its anchor and hangs further lines and the subtitle below it
    lay["title"] = {"text": f"<b>{title}</b>", "x": 20 / width, "xref": "container", "xanchor": "left",
                    "y": 1 - (14 + 21) / height, "yref": "container", "yanchor": "bottom", "automargin": False,
                    "font": {"size": 21, "color": "#1a1a1a", "family": FONT},
                    "subtitle": {"text": subtitle, "font": {"size": 13, "color": "#444444", "family": FONT}}}
    margin = lay.get("margin") or {}
    # the room the axes need, given before plotly would push the plot for it: the footer, placed from
    # the plot's edges, then starts at the figure's left edge under the axis labels
    left = _left_need(d) if cartesian else 0
    lay["margin"] = {"l": max(int(margin.get("l") or 0), 20, left), "r": max(int(margin.get("r") or 0), 20),
                     "t": head, "b": foot + axes, "pad": 0, "autoexpand": True}
    lay["annotations"].append({"text": footer, "x": 0, "y": 0, "xref": "paper", "yref": "paper",
                               "xshift": -(lay["margin"]["l"] - 20), "yshift": -(foot + axes - 10),
                               "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
                               "font": {"size": 10.5, "color": "#555555", "family": FONT}, "name": "export_footer"})
    return go.Figure(d)


def _plain_len(label) -> int:
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", str(label)))
    return max((len(line) for line in text.split("\n")), default=0)


def _has_title(axis: dict) -> bool:
    title = (axis or {}).get("title")
    return bool(title.get("text") if isinstance(title, dict) else title)


def _left_need(d: dict) -> int:
    """About how wide the left axis's labels and title are (12 px DejaVu Sans is about 7 px a character)."""
    chars = 6
    for tr in d["data"]:
        ys = tr.get("y")
        ys = ys.tolist() if hasattr(ys, "tolist") else ys
        if isinstance(ys, (list, tuple)) and any(isinstance(y, str) for y in ys):
            chars = max(chars, *(_plain_len(y) for y in ys))
    lay = d["layout"]
    return int(chars * 7.4) + 16 + (26 if _has_title(lay.get("yaxis")) else 0)


def _bottom_need(lay: dict) -> int:
    return 34 + (26 if _has_title(lay.get("xaxis")) else 0)


# ---------------------------------------------------------------- rendering

def _ensure_renderer() -> None:
    """Start one kaleido browser for the process (Debian's Chromium, local plotly.js, no MathJax,
    no network)."""
    global _kaleido_started
    with _RENDER_LOCK:
        if _kaleido_started:
            return
        import kaleido
        import plotly

        plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        browser = {"path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        kaleido.start_sync_server(plotlyjs=str(plotly_js), mathjax=False, silence_warnings=True,
                                  proxy_server=CLOSED_PROXY, **browser)
        _kaleido_started = True


def _stop_renderer() -> None:
    global _kaleido_started
    import kaleido

    with _RENDER_LOCK:
        if _kaleido_started:
            kaleido.stop_sync_server(silence_warnings=True)
            _kaleido_started = False


def image_bytes(fig: go.Figure | dict, fmt_: str = "png", scale: float | None = None) -> bytes:
    """Render a (captioned) figure to PNG, SVG or PDF bytes: its layout size times `scale` (SCALE for
    PNG and SVG; PDF is vector at its layout size)."""
    import kaleido
    from kaleido.errors import KaleidoError

    spec = static_spec(fig)
    lay = spec.get("layout") or {}
    scale = scale if scale is not None else (1 if fmt_ == "pdf" else SCALE)
    opts = dict(format=fmt_, width=lay.get("width") or 960, height=lay.get("height") or 540, scale=scale)
    topojson = TOPOJSON_DIR.as_uri() + "/"
    with _RENDER_LOCK:
        for attempt in (1, 2):
            _ensure_renderer()
            try:
                return kaleido.calc_fig_sync(spec, opts=opts, topojson=topojson)
            except KaleidoError:
                raise  # plotly.js refused the figure: the same figure would fail again
            except Exception:
                if attempt == 2:
                    raise
                _stop_renderer()  # the browser died or hung: start a new one and try once more
