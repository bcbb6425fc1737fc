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
from antq.figures import export, gate, narrow
from antq.i18n import t
from antq.view.model import View
from antq.view.session import pop_notices, seed_from_url

_PAGE_URL = "_antq_page_url"
_RUN = threading.local()  # the view of the script run on this thread (each session run has its own thread)
# no camera button: an image leaves through the export menu (captioned, audited: antq/figures/gate.py)
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["sendDataToCloud", "toImage"]}

# Headline figures are never cut, from a 360 px phone up: a card group is a wrapping row whose cards share
# the width (`per_row` at most, none narrower than 10rem, two a row on a phone); the figure's size follows
# its card (container query units) and a label, figure or change wraps instead of ending in an ellipsis.
# Tables scroll inside themselves, so the page never scrolls sideways.
_CARD_ROWS = "\n".join(f'[class*="st-key-antq_cards{n}_"] > * {{flex: 1 1 calc({100 / n:.4f}% - 1rem) !important;'
                        + (" min-width: min(7.5rem, 100%) !important;" if n >= 6 else "") + "}"
                        for n in range(2, 9))
STYLE = f"""<style>
[class*="st-key-antq_cards"] > * {{min-width: min(10rem, 100%) !important; max-width: 100% !important;}}
{_CARD_ROWS}
[data-testid="stMetric"] {{container-type: inline-size;}}
[data-testid="stMetricValue"] {{font-size: clamp(1.25rem, 15cqi, 2.25rem) !important;}}
:is([data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stMetricDelta"]),
:is([data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stMetricDelta"]) * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word;}}
@media (max-width: 640px) {{
  [class*="st-key-antq_cards"] > * {{flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important;}}
  [class*="st-key-antq_card_"] {{padding: 0.5rem !important;}}
}}
[data-testid="stMainBlockContainer"] {{max-width: 100vw; overflow-x: clip; container: antq-main / inline-size;}}
@container antq-main (max-width: 1100px) {{
  [class*="st-key-antq_beside_"] [data-testid="stHorizontalBlock"] {{flex-wrap: wrap !important;}}
  [class*="st-key-antq_beside_"] [data-testid="stColumn"] {{flex: 1 1 100% !important; min-width: 100% !important;}}
}}
@media (pointer: coarse) {{
  .js-plotly-plot:not([data-testid="stDialog"] *) :is(.maplibregl-canvas-container, .draglayer, .draglayer *) {{
    pointer-events: none !important;}}
}}
@media not (pointer: coarse) {{ [class*="st-key-antq_full_"] {{display: none;}} }}
@media (min-width: 769px) {{ .st-key-antq_quick {{display: none;}} }}
</style>"""
# A map beside a chart (`beside`) keeps the width its view was fitted for: below a desktop's page width (a
# tablet, a laptop with the sidebar open) the two stand one above the other.
# A finger's swipe over a chart or map scrolls the page (on a coarse pointer the map's and charts' own
# gesture layers take no touch: their listeners would cancel the scroll); a map opens full screen in a
# dialog instead, where it pans, zooms and a tap on a province opens its communes.


@contextlib.contextmanager
def page_run(view: View):
    """dashboard.py runs the chosen page inside this, handing it the view of this run."""
    _RUN.view = view
    st.session_state[_PAGE_URL] = {}
    st.html(STYLE)  # style only: Streamlit puts it out of the layout
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


def beside(spec, *, key: str) -> list:
    """st.columns(spec) for a map beside a chart: one above the other when the page is narrower than a
    desktop's (the stylesheet above), so the map is never squeezed into a sliver."""
    with st.container(key=f"antq_beside_{key}"):
        return st.columns(spec)


def cards(items: list[dict], *, key: str, per_row: int = 4, border: bool = True) -> None:
    """Headline figures as cards that reflow with the screen. An item: label, value (a number, shown
    exactly below a million, else in the short form with the exact value on hover; or text), and st.metric's
    delta, delta_color, delta_arrow, help; `caption`: a line under the figure (a non-breaking space keeps
    the cards of a row level)."""
    lang = getattr(getattr(_RUN, "view", None), "lang", "vi")
    with st.container(horizontal=True, wrap=True, gap="small", key=f"antq_cards{per_row}_{key}"):
        for i, it in enumerate(items):
            value, exact = it["value"], None
            if not isinstance(value, str):
                value, exact = fmt.headline(value, lang)
            kw = {k: it[k] for k in ("delta", "delta_color", "delta_arrow") if k in it}
            with st.container(border=border, key=f"antq_card_{key}_{i}"):
                st.metric(it["label"], value, help=it.get("help") or exact, **kw)
                if "caption" in it:
                    st.caption(it["caption"] or "&nbsp;")


def _open_clicked_province(chart_key: str) -> None:
    """Map click callback: a click on a province of a national map scopes the view to it.
    (A callback, because the scope widget is already drawn when the page's chart reports the click.)"""
    event = st.session_state.get(chart_key) or {}
    points = (event.get("selection") or {}).get("points") or []
    codes = [p.get("location") for p in points if isinstance(p.get("location"), str)]
    if codes and len(codes[0]) == 2:
        st.session_state["province"] = codes[0]


_TAPPED = "_antq_map_tapped"


def _tapped(select, chart_key: str) -> None:
    select(chart_key)
    st.session_state[_TAPPED] = True


def on_phone() -> bool:
    """The browser says it is a phone ("Mobi" in its user agent, as phones' browsers do; tablets' do not)."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # noqa: BLE001 - no request (AppTest, the command line): a desk
        return False


@st.dialog(" ", width="large")
def _map_dialog(fig, key: str, select) -> None:
    full = f"{key}_full"
    fig = narrow.for_phone(fig, height=640)  # full screen on a touch screen: whole country, scale under it
    st.plotly_chart(fig, key=full, config=PLOTLY_CONFIG, on_select=lambda: _tapped(select, full),
                    selection_mode="points")
    if st.session_state.pop(_TAPPED, False):  # a province was tapped: the page follows it
        st.rerun()


def _back_to_country() -> None:
    st.session_state["province"] = ""


def map_chart(fig, *, key: str, v: View, select=None) -> None:
    """Show a map. A click on a province of a national map opens its communes, or is handed to
    `select(chart_key)` when the page does something else with it (So sánh: the province joins the
    comparison). On a touch screen the map opens full screen for that, where a tap does the same."""
    opens = select is None
    if opens and v.province:
        st.button(t("back_to_country", v.lang), key=f"{key}_back", on_click=_back_to_country)
    select = select or _open_clicked_province
    shown = narrow.for_phone(fig) if on_phone() else fig  # exports keep the page's layout
    st.plotly_chart(shown, key=key, config=PLOTLY_CONFIG, on_select=lambda: select(key), selection_mode="points")
    if not (opens and v.province):  # a touch screen only (the stylesheet hides it for a mouse)
        if st.button(t("map_fullscreen", v.lang), key=f"antq_full_{key}", icon=":material/fullscreen:"):
            _map_dialog(fig, key, select)
    if opens:
        st.caption("" if v.province else " ".join([t("islands_note", v.lang), t("click_province", v.lang)]))


# ---------------------------------------------------------------- charts with their exports

PACK = "_antq_pack"
_PACK_CHANGED = "_antq_pack_changed"  # the briefing pack of this session: item id -> {page, title, figure (JSON), caption, data}
MIME = gate.MIME


def chart(fig, *, key: str, title: str, data, v: View, filters=(), source: str | None = None, map: bool = False,
          select=None, fragment: bool = False, period: str | None = None) -> None:
    """Show a chart and, under it, its exports: the captioned image (PNG and SVG, slide and half-page
    sizes) and the data behind it (CSV, XLSX), made only when a button is clicked, and the tick that puts
    it into the briefing pack. `data` is a DataFrame or a function returning one. A map goes through
    `map_chart` (a click on a province opens it) unless `select(chart_key)` handles the clicks itself.
    `fragment`: the chart is drawn inside an st.fragment (a tick then reruns the whole app, so the
    sidebar's pack count follows)."""
    if map or select is not None:
        map_chart(fig, key=key, v=v, select=select)
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
