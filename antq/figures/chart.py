"""A chart as pages and exports share it, with no Streamlit: a `Chart` (figure, the data behind it,
title, filters in words, source), the words of a view (period, map, scope) and the caption an export of
it carries, and a file name for it.

Each page with a main chart builds it in `antq/features/<page>/chart.py` (`main_chart(view, params)`);
the page shows the same `Chart`, so `python -m antq export "<URL>"` writes the figure the page shows.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.auth import access
from antq.figures import export
from antq.i18n import t
from antq.view.model import View


@dataclass
class Chart:
    fig: go.Figure
    data: pd.DataFrame
    title: str                       # plain text, as the caption's title
    filters: list[str] = field(default_factory=list)  # the page's own choices in words (period/scope/map are added)
    source: str | None = None        # None: the movement's data in general (export_source_default)
    extra: dict = field(default_factory=dict)  # what the page also shows from the same queries
    period: str | None = None        # the period shown in words when it is not the view's (a festival year)


def period_words(v: View) -> str:
    return f"{fmt.date(v.date_from, v.lang)} – {fmt.date(v.date_to, v.lang)}"


def map_words(v: View) -> str:
    return t(f"map_{v.map}", v.lang)


def subtitle(v: View, filters=(), period: str | None = None) -> str:
    """Period (the view's, or `period` when the figure shows another, such as a year), scope, map and the
    page's filters in words (what the page header and the caption say)."""
    return " · ".join([v.scope_name(), period or period_words(v), map_words(v), *[f for f in filters if f]])


def caption(v: View, title: str, filters=(), source: str | None = None, user: str | None = None,
            period: str | None = None) -> export.Caption:
    """What an exported chart carries; its user is whoever is exporting (antq/auth/access.py) unless given."""
    user = user or access.current().label
    return export.Caption(title=title, subtitle=subtitle(v, filters, period), source=source or t("export_source_default", v.lang),
                          snapshot_id=v.snapshot.id, data_date=v.data_date, simulated=v.snapshot.simulated,
                          lang=v.lang, user=user)


def chart_caption(v: View, c: Chart) -> export.Caption:
    return caption(v, c.title, c.filters, c.source, period=c.period)


def plain(text: str) -> str:
    """A figure title as plain caption text (tags and the <sup> line of period and scope dropped)."""
    text = re.split(r"<br\s*/?>\s*<sup>", text or "")[0]
    return re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").strip()


def slug(text: str, limit: int = 60) -> str:
    """ASCII file-name part: 'Độ phủ mô hình' -> 'do-phu-mo-hinh'."""
    s = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:limit].rstrip("-") or "bieu-do"


def file_stem(v: View, title: str) -> str:
    return "-".join([slug(title, 48), v.map, v.province or "toan-quoc", v.date_from.isoformat(), v.date_to.isoformat()])


def table_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """A table as a figure, for a view whose main content is a table (an export still gets an image)."""
    cells = [[fmt.number(x, 0, lang) if isinstance(x, (int, float)) and not isinstance(x, bool) else ("–" if pd.isna(x) else x)
              for x in df[c]] for c in df.columns]
    widths = [max([len(str(c))] + [len(str(x)) for x in col]) ** 0.5 for c, col in zip(df.columns, cells)]
    fig = go.Figure(go.Table(columnwidth=widths,
                             header=dict(values=[f"<b>{c}</b>" for c in df.columns], fill_color="#e8eef6", align="left",
                                         font=dict(size=12), height=24),
                             cells=dict(values=cells, align="left", height=20, font=dict(size=11))))
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), font=dict(family=export.FONT))
    return fig
