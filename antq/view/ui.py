"""What every page shows around its content: the simulated-data banner, the header with the
period and scope in words, notices, and the hand-over of the view and page controls between
`dashboard.py` and the page scripts.
"""
from __future__ import annotations

import contextlib
import threading

import streamlit as st

from antq import fmt
from antq.auth import access
from antq.figures.chart import Chart, caption, file_stem, map_words, period_words
from antq.figures import export, gate
from antq.i18n import t
from antq.view.model import View
from antq.view.session import pop_notices, seed_from_url

_PAGE_URL = "_antq_page_url"
_RUN = threading.local()  # the view of the script run on this thread (each session run has its own thread)
# no camera button: an image leaves through the export menu (captioned, audited: antq/figures/gate.py)
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["sendDataToCloud", "toImage"]}


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
    """The view the shared sidebar produced for this run (dashboard.py runs every page inside
    `page_run`; a page script is never run on its own)."""
    v = getattr(_RUN, "view", None)
    if v is None:
        raise RuntimeError("antq/view/ui.py view(): a page ran outside dashboard.py's page_run")
    return v


def page_url_state(values: dict) -> None:
    """A page's own controls, written into the query string after the page has run."""
    st.session_state.setdefault(_PAGE_URL, {}).update(values)


def pop_page_url_state() -> dict:
    return st.session_state.pop(_PAGE_URL, {}) or {}


def url_control(key: str, name: str, parse, default) -> None:
    """Seed a page control from the URL on first use (a bad value leaves a notice for the header)."""
    seed_from_url(key, name, parse, default)


def simulated_banner(v: View) -> None:
    if v.snapshot.simulated:
        st.warning(t("banner_simulated", v.lang, id=v.snapshot.id), icon="⚠️")


def header(title_key: str, v: View) -> None:
    """Banner, title, and the selection in words (the same words go on exported charts)."""
    simulated_banner(v)
    _RUN.page_title = t(title_key, v.lang)
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


# ---------------------------------------------------------------- charts with their exports

PACK = "_antq_pack"
_PACK_CHANGED = "_antq_pack_changed"  # the briefing pack of this session: item id -> {page, title, figure (JSON), caption, data}
MIME = gate.MIME


def chart(fig, *, key: str, title: str, data, v: View, filters=(), source: str | None = None, map: bool = False,
          select=None, fragment: bool = False, period: str | None = None) -> None:
    """Show a chart and, under it, its exports: the captioned image (PNG and SVG, slide and half-page
    sizes) and the data behind it (CSV, XLSX), made only when a button is clicked, and the tick that puts
    it into the briefing pack. `data` is a DataFrame or a function returning one. A map goes through
    `map_chart` (a click on a province opens it) unless `select` (a callback) handles the clicks itself.
    `fragment`: the chart is drawn inside an st.fragment (a tick then reruns the whole app, so the
    sidebar's pack count follows)."""
    if map and select is None:
        map_chart(fig, key=key, v=v)
    elif select is not None:
        st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, on_select=select, selection_mode="points")
    else:
        st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG)
    downloads(fig, key=key, title=title, data=data, v=v, filters=filters, source=source, fragment=fragment,
              period=period)


def show(c: Chart, *, key: str, v: View, map: bool = False, select=None, fragment: bool = False) -> None:
    """`chart` of a Chart (a page's chart built by its antq/features/<page>/chart.py)."""
    chart(c.fig, key=key, title=c.title, data=c.data, v=v, filters=c.filters, source=c.source, map=map, select=select,
          fragment=fragment, period=c.period)


def download(label: str, data, *, key: str, file_name: str, mime: str, what: str | None = None,
             permission: str = "export", where=None, **kw) -> None:
    """Every download button of the product: the file is made when clicked (`data` is bytes or a function
    returning them) and leaves through the gate (antq/figures/gate.py: the right checked, the file
    audited) with the rights of the person who clicked. Not drawn for someone without `permission`
    (exports; the import forms use "import", the audit trail "audit")."""
    who = access.current()
    if not who.can(permission):
        return

    def make():
        return gate.release(lambda: data() if callable(data) else data, file_name=file_name, what=what or label,
                            who=who, permission=permission)

    (where or st).download_button(label, access.bound(make, who), key=key, file_name=file_name, mime=mime,
                                  on_click="ignore", **kw)


def table_download(label: str, data, *, v: View | None, title: str, key: str, file_name: str, filters=(),
                   source: str | None = None, period: str | None = None, permission: str = "export",
                   kind: str = "csv", where=None, lang: str = "vi", **kw) -> None:
    """A table's download: the table (a DataFrame, or a function returning one) captioned with its title,
    the period and scope shown, its source and the snapshot, neutralised, through the gate. Without a
    view (the administrator's audit trail), the caption says the period, the filters and the source."""
    def make():
        if v is None:
            cap = export.Caption(title=title, subtitle=" · ".join(x for x in (period, *filters) if x),
                                 source=source or "", snapshot_id=None, data_date=None, simulated=False, lang=lang,
                                 user=access.current().label)
        else:
            cap = caption(v, title, filters, source, period=period)
        return gate.table_bytes(_table(data), cap, kind)
    stem = file_name if file_name.endswith(f".{kind}") else f"{file_name}.{kind}"
    download(label, make, key=key, file_name=stem, mime=MIME[kind], what=title, permission=permission,
             where=where, **kw)


def _table(data):
    return data() if callable(data) else data


def downloads(fig, *, key: str, title: str, data, v: View, filters=(), source: str | None = None,
              fragment: bool = False, period: str | None = None) -> None:
    """The export row of a chart: a popover of downloads and the briefing-pack tick (for those who may export)."""
    if not access.current().can("export"):
        return
    L = v.lang
    cap = caption(v, title, filters, source, period=period)
    stem = file_stem(v, title)

    def image(size: str, kind: str):  # the caption is stamped with the time of the click
        return lambda: gate.figure_bytes(fig, caption(v, title, filters, source, period=period), kind, size)

    def table(kind: str):
        return lambda: gate.table_bytes(_table(data), caption(v, title, filters, source, period=period), kind)

    with st.container(horizontal=True, vertical_alignment="center", gap="small", key=f"{key}_exports"):
        with st.popover(t("export_menu", L), icon=":material/download:", key=f"{key}_popover"):
            st.caption(cap.title)
            for kind in ("png", "svg"):
                for size in ("slide", "report"):
                    w, h = export.SIZES[size]
                    download(t(f"export_{kind}_{size}", L, w=w, h=h), image(size, kind), key=f"{key}_{kind}_{size}",
                             file_name=f"{stem}-{size}.{kind}", mime=MIME[kind], what=cap.title, width="stretch")
            if data is not None:
                for kind in ("csv", "xlsx"):
                    download(t(f"export_{kind}", L), table(kind), key=f"{key}_{kind}", file_name=f"{stem}.{kind}",
                             mime=MIME[kind], what=cap.title, width="stretch")
        item_id = f"{key}|{cap.title}|{cap.subtitle}"
        tick = f"{key}_pack"
        st.session_state[tick] = item_id in (st.session_state.get(PACK) or {})
        st.checkbox(t("export_add_pack", L), key=tick, on_change=_pack_toggle,
                    args=(tick, item_id, fig, cap, data, getattr(_RUN, "page_title", "")))
    if st.session_state.pop(_PACK_CHANGED, False) and fragment:
        st.rerun(scope="app")  # the sidebar's pack count must follow the tick


def _pack_toggle(tick: str, item_id: str, fig, cap: export.Caption, data, page: str) -> None:
    st.session_state[_PACK_CHANGED] = True
    pack = st.session_state.setdefault(PACK, {})
    if st.session_state.get(tick):
        df = _table(data) if data is not None else None
        pack[item_id] = {"page": page, "title": cap.title, "figure": fig.to_json(), "caption": cap.to_dict(), "data": df}
    else:
        pack.pop(item_id, None)


def pack_items() -> list[dict]:
    return list((st.session_state.get(PACK) or {}).values())


def clear_pack() -> None:
    st.session_state[PACK] = {}
