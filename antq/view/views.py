"""What the pages' chart functions share, with no Streamlit: a `Chart` (figure, the data behind it,
title, filters in words, source), the caption an export of it carries, and the reading of a page's own
URL parameters (the same parse rules the page seeds its controls with).

Each page with charts has a module `antq/views_<page>.py` whose `main_chart(view, params)` builds the
page's main chart from a `View` and the page's URL parameters; the page calls the same functions, so
`python -m antq export "<URL>"` (antq/view/briefing.py) writes the figure the page shows for that URL.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from antq.auth import access

from antq.figures import export

from antq import fmt
from antq.i18n import t
from antq.view.state import MAPS, View, parse_date

OPEN_START = dt.date(2013, 1, 1)  # the first day the sidebar's period may start


@dataclass
class Chart:
    fig: go.Figure
    data: pd.DataFrame
    title: str                       # plain text, as the caption's title
    filters: list[str] = field(default_factory=list)  # the page's own choices in words (period/scope/map are added)
    source: str | None = None        # None: the movement's data in general (export_source_default)
    extra: dict = field(default_factory=dict)  # what the page also shows from the same queries


class BadParam(ValueError):
    """A page URL parameter whose value is not usable (the command line refuses it; a page falls back)."""

    def __init__(self, name: str, value: str, why: str = ""):
        self.name, self.value, self.why = name, value, why
        super().__init__(t("export_bad_param", "vi", name=name, value=value[:60]) + (f" {why}" if why else ""))


def read_params(raw: dict[str, str], spec: dict[str, tuple[Callable[[str], object], object]]) -> dict:
    """Page parameters from a query string: each parsed by its rule (None = unusable -> BadParam),
    absent ones at their default."""
    out = {}
    for name, (parse, default) in spec.items():
        value = raw.get(name)
        if value in (None, ""):
            out[name] = default
            continue
        parsed = parse(value)
        if parsed is None:
            raise BadParam(name, value)
        out[name] = parsed
    return out


# ---- the shared parameters (snapshot, from, to, map, province, lang): the sidebar's rules, used by
# antq/view/sidebar.py to seed its widgets and by antq/view/briefing.py to read a URL without a browser session

def parse_lang(raw: str | None) -> str | None:
    return raw if raw in ("vi", "en") else None


def parse_choice(raw: str | None, options) -> str | None:
    return raw if raw in options else None


def parse_map(raw: str | None) -> str | None:
    return parse_choice(raw, MAPS)


def parse_day(raw: str | None, data_date: dt.date) -> dt.date | None:
    """A period bound: an ISO date from OPEN_START up to the snapshot's data date."""
    d = parse_date(raw)
    return d if d and OPEN_START <= d <= data_date else None


def period_words(v: View) -> str:
    return f"{fmt.date(v.date_from, v.lang)} – {fmt.date(v.date_to, v.lang)}"


def map_words(v: View) -> str:
    return t(f"map_{v.map}", v.lang)


def subtitle(v: View, filters=()) -> str:
    """Period, scope, map and the page's filters in words (what the page header and the caption say)."""
    return " · ".join([v.scope_name(), period_words(v), map_words(v), *[f for f in filters if f]])


def caption(v: View, title: str, filters=(), source: str | None = None, user: str | None = None) -> export.Caption:
    """What an exported chart carries; its user is whoever is exporting (antq/auth/access.py) unless given."""
    user = user or access.current().label
    return export.Caption(title=title, subtitle=subtitle(v, filters), source=source or t("export_source_default", v.lang),
                          snapshot_id=v.snapshot.id, data_date=v.data_date, simulated=v.snapshot.simulated,
                          lang=v.lang, user=user)


def chart_caption(v: View, c: Chart) -> export.Caption:
    return caption(v, c.title, c.filters, c.source)


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
