"""The controls a leader changes most (period, scope, map) at the top of the page, for a phone or a
narrow tablet where the sidebar starts collapsed; the stylesheet (antq/view/ui.py) shows them only there.

They hold no state of their own: each is seeded from the sidebar's shared key (antq/view/sidebar.py) on
every run and writes that key back in its callback, so the sidebar, the header, the URL and the queries
follow whichever was used.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import fmt
from antq.i18n import t
from antq.view.model import MAPS, OPEN_START

KEY = "antq_quick"  # the container: its class st-key-antq_quick is what the stylesheet shows or hides
_WIDGETS = {"q_period": ("date_from", "date_to"), "q_province": ("province",), "q_map": ("map",)}


def periods(data_date: dt.date, current: tuple[dt.date, dt.date]) -> list[tuple[dt.date, dt.date]]:
    """This year to the data date, then each whole earlier year back to the first; the period in view
    first when it is none of these (set in the sidebar or a link), so the choice shows what is in view."""
    out = [(dt.date(data_date.year, 1, 1), data_date)]
    out += [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(data_date.year - 1, OPEN_START.year - 1, -1)]
    return out if current in out else [current, *out]


def period_label(p: tuple[dt.date, dt.date], data_date: dt.date, lang: str) -> str:
    start, end = p
    if start == dt.date(end.year, 1, 1) and end == dt.date(end.year, 12, 31):
        return t("quick_year", lang, y=end.year)
    if start == dt.date(end.year, 1, 1) and end == data_date:
        return t("quick_year_to_date", lang, y=end.year, d=fmt.date(end, lang))
    return f"{fmt.date(start, lang)} – {fmt.date(end, lang)}"


def _write_back(widget: str) -> None:
    value = st.session_state[widget]
    keys = _WIDGETS[widget]
    for key, v in zip(keys, value if len(keys) > 1 else (value,)):
        st.session_state[key] = v


def render(data_date: dt.date, scope_options: list[str], names: dict[str, str], lang: str) -> None:
    """Draw the quick controls in the main area, above the page (called by the sidebar once it has
    settled this run's period, map and scope)."""
    S = st.session_state
    current = (S["date_from"], S["date_to"])
    S["q_period"], S["q_province"], S["q_map"] = current, S["province"], S["map"]
    with st.container(key=KEY), st.popover(t("quick_controls", lang), icon=":material/tune:", width="stretch"):
        st.selectbox(t("quick_period", lang), periods(data_date, current), key="q_period",
                     format_func=lambda p: period_label(p, data_date, lang), on_change=_write_back, args=("q_period",))
        st.selectbox(t("sidebar_scope", lang), scope_options, key="q_province", on_change=_write_back,
                     args=("q_province",), format_func=lambda c: names.get(c, t("whole_country", lang)))
        st.radio(t("sidebar_map", lang), MAPS, key="q_map", format_func=lambda m: t(f"map_{m}", lang),
                 on_change=_write_back, args=("q_map",))
        st.caption(t("quick_more", lang))
