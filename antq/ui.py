"""What every page shows around its content: the simulated-data banner, the header with the
period and scope in words, notices, and the hand-over of the view and page controls between
`dashboard.py` and the page scripts.
"""
from __future__ import annotations

import contextlib
import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from antq import fmt
from antq.i18n import t
from antq.state import View, pop_notices, seed_from_url

_PAGE_URL = "_antq_page_url"
_RUN = threading.local()  # the view of the script run on this thread (each session run has its own thread)
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}


@contextlib.contextmanager
def page_run(view: View):
    """dashboard.py runs the chosen page inside this, handing it the view of this run."""
    _RUN.view = view
    st.session_state[_PAGE_URL] = {}
    try:
        yield
    finally:
        _RUN.view = None


def view() -> View:
    """The view the shared sidebar produced for this run.

    A page script run without dashboard.py around it means Streamlit's legacy `pages/` folder
    mode ran it directly (it does so on the first run of a server process opened on a page's
    URL, and on AppTest reruns): switch that mode off and rerun through the entry point.
    """
    v = getattr(_RUN, "view", None)
    if v is None:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return v


def page_url_state(values: dict) -> None:
    """A page's own controls, written into the query string after the page has run."""
    st.session_state.setdefault(_PAGE_URL, {}).update(values)


def pop_page_url_state() -> dict:
    return st.session_state.pop(_PAGE_URL, {}) or {}


def url_control(key: str, name: str, parse, default) -> None:
    """Seed a page control from the URL on first use (a bad value leaves a notice for the header)."""
    seed_from_url(key, name, parse, default)


def period_words(v: View) -> str:
    return f"{fmt.date(v.date_from, v.lang)} – {fmt.date(v.date_to, v.lang)}"


def map_words(v: View) -> str:
    return t(f"map_{v.map}", v.lang)


def simulated_banner(v: View) -> None:
    if v.snapshot.simulated:
        st.warning(t("banner_simulated", v.lang, id=v.snapshot.id), icon="⚠️")


def header(title_key: str, v: View) -> None:
    """Banner, title, and the selection in words (the same words go on exported charts)."""
    simulated_banner(v)
    st.title(t(title_key, v.lang))
    st.caption(" · ".join([v.scope_name(), period_words(v), map_words(v),
                           t("data_date", v.lang, d=fmt.date(v.data_date, v.lang))]))
    for n in [*v.notices, *pop_notices()]:
        st.warning(n)


def _open_clicked_province(chart_key: str) -> None:
    """Map click callback: a click on a province of a national map scopes the view to it.
    (A callback, because the scope widget is already drawn when the page's chart reports the click.)"""
    event = st.session_state.get(chart_key) or {}
    points = (event.get("selection") or {}).get("points") or []
    codes = [p.get("location") for p in points if isinstance(p.get("location"), str)]
    if codes and len(codes[0]) == 2:
        st.session_state["province"] = codes[0]


def _back_to_country() -> None:
    st.session_state["province"] = ""


def map_chart(fig, *, key: str, v: View) -> None:
    """Show a map; on a national map a click on a province opens its communes."""
    if v.province:
        st.button(t("back_to_country", v.lang), key=f"{key}_back", on_click=_back_to_country)
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, on_select=lambda: _open_clicked_province(key),
                    selection_mode="points")
    notes = [t("islands_note", v.lang)] if not v.province else []
    if not v.province:
        notes.append(t("click_province", v.lang))
    st.caption(" ".join(notes))
