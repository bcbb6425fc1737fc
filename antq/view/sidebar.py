"""The one sidebar every page shares: snapshot, period, map, scope and language.

`render()` draws it and returns the `View` the page reads. On a session's first run its widgets start
from the URL, read by antq/view/model.py's rules (an unusable value falls back with a notice); after
that the widgets own the state, and `sync_url` writes the view back into the URL after every run.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import fmt
from antq.auth import access
from antq.data import db, snapshots
from antq.figures import pack
from antq.i18n import t
from antq.view import model, quickbar, session, ui
from antq.view.model import MAPS, OPEN_START, View

SHARED_KEYS = ("lang", "snapshot", "date_from", "date_to", "map", "province")  # the widgets of the shared view


def _seed_from_url(good: list[snapshots.Snapshot], shown_notices: list[str]) -> None:
    """A session's first run (or a control let go, e.g. the snapshot after a switch): every shared widget
    without a value starts at the view the URL asks for."""
    v = model.read(st.query_params.to_dict(), strict=False, snapshot_list=good)
    values = dict(zip(SHARED_KEYS, (v.lang, v.snapshot.id, v.date_from, v.date_to, v.map, v.province or "")))
    for key in SHARED_KEYS:
        session.seed(key, values[key])
    for n in v.notices:
        if n not in shown_notices:
            session.notice(n)


def _snapshot_notices(all_snaps: list[snapshots.Snapshot], good: list[snapshots.Snapshot], lang: str) -> list[str]:
    """Refused snapshots, and a fallback when the active one is among them (said on every run)."""
    notices = [t("bad_snapshot", lang, id=s.id, why=" ".join(s.problems)) for s in all_snaps if not s.ok]
    active = snapshots.active_id()
    if good and active and active not in [s.id for s in good]:
        notices.append(t("fallback_snapshot", lang, id=good[0].id))
    return notices


def render() -> View | None:
    S = st.session_state
    all_snaps = snapshots.list_snapshots()
    good = [s for s in all_snaps if s.ok]
    lang = S.get("lang") or model.parse_lang(session.url_value("lang")) or "vi"
    notices = _snapshot_notices(all_snaps, good, lang)
    if not good:
        st.error(t("no_snapshot", lang, dir=snapshots.paths.snapshots_dir()))
        for n in notices:
            st.warning(n)
        return None
    if any(k not in S for k in SHARED_KEYS):
        _seed_from_url(good, notices)
    lang = S["lang"]
    st.sidebar.markdown(f"**{t('app_title', lang)}**  \n{t('app_subtitle', lang)}")

    ids = [s.id for s in good]
    if S["snapshot"] not in ids:  # switched or removed since: the active one again
        S["snapshot"] = model.choose_snapshot(None, good, snapshots.active_id()).id
    by_id = {s.id: s for s in good}
    st.sidebar.selectbox(t("sidebar_snapshot", lang), ids, key="snapshot",
                         format_func=lambda i: f"{i} ({fmt.date(model.data_date_of(by_id[i]), lang)})")
    snap = by_id[S["snapshot"]]

    data_date = model.data_date_of(snap)
    for key in ("date_from", "date_to"):  # a snapshot with an earlier data date narrows the period
        if S[key] > data_date:
            S[key] = data_date
    if S["date_from"] > S["date_to"]:
        S["date_from"], S["date_to"] = S["date_to"], S["date_from"]
        notices.append(t("period_swapped", lang))
    st.sidebar.date_input(t("sidebar_from", lang), key="date_from", min_value=OPEN_START, max_value=data_date, format="DD/MM/YYYY")
    st.sidebar.date_input(t("sidebar_to", lang), key="date_to", min_value=OPEN_START, max_value=data_date, format="DD/MM/YYYY")

    previous_map = S.get("_map_seen", S["map"])
    st.sidebar.radio(t("sidebar_map", lang), MAPS, key="map", format_func=lambda m: t(f"map_{m}", lang))
    current_map = S["map"]

    provinces = db.run("provinces_of_map", snapshot_dir=snap.path, map=current_map)
    names = dict(zip(provinces["province_code"], provinces["province_name"]))
    order = [""] + sorted(names, key=lambda c: fmt.sort_key(names[c]))
    if previous_map != current_map and S["province"]:
        # Carry the scope across the reform where the mapping is one-to-one (old province -> new).
        carried = db.run("province_on_other_map", snapshot_dir=snap.path, province=S["province"],
                         from_map=previous_map, to_map=current_map)
        S["province"] = carried["province_code"].iloc[0] if len(carried) == 1 else ""
    if S["province"] not in names:
        S["province"] = ""
    scope = db.commune_scope(snap.path)
    if scope is not None:  # a provincial director: the whole country (by province) or their own province
        own = [c for c in order[1:] if c in scope.provinces[current_map]]
        if S["province"] and S["province"] not in own:
            # kept in the session like a bad URL value's notice: a rerun before the page is drawn keeps it
            session.notice(t("signin_scope_only_own", lang, p=", ".join(names[c] for c in own),
                             asked=names[S["province"]]))
            S["province"] = own[0] if own else ""
        order = [""] + own
    S["_map_seen"] = current_map
    st.sidebar.selectbox(t("sidebar_scope", lang), order, key="province",
                         format_func=lambda c: names.get(c, t("whole_country", lang)))
    quickbar.render(data_date, order, names, lang)
    S.setdefault("_lang_en", lang == "en")
    st.sidebar.toggle(t("sidebar_lang", lang), key="_lang_en", on_change=_switch_lang)

    province = S["province"] or None
    view = View(snapshot=snap, date_from=S["date_from"], date_to=S["date_to"], map=current_map, province=province,
                province_name=names.get(province) if province else None, lang=lang, notices=tuple(notices))
    pack_section(lang)
    return view


def pack_section(lang: str) -> None:
    """The briefing pack at the bottom of the sidebar: how many charts are ticked (on any page), one
    PowerPoint or PDF of them all, and a clear button."""
    if not access.current().can("export"):
        return
    items = ui.pack_items()
    st.sidebar.divider()
    st.sidebar.markdown(f"**{t('pack_header', lang)}** · {t('pack_count', lang, n=len(items))}")
    # small grey markdown, not st.caption: the page header's caption stays the first caption of the app
    if not items:
        st.sidebar.markdown(f":small[:gray[{t('pack_empty', lang)}]]")
        return
    st.sidebar.markdown(":small[:gray[" + "  \n".join(f"{i}. {it['page']}: {it['title']}"
                                                     for i, it in enumerate(items, 1)) + "]]")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    ui.download(t("pack_pptx", lang), lambda: pack.pptx(items), key="pack_pptx", where=st.sidebar,
                file_name=f"goi-bao-cao-antq-{stamp}.pptx", what=t("pack_header", lang), width="stretch",
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    ui.download(t("pack_pdf", lang), lambda: pack.pdf(items), key="pack_pdf", where=st.sidebar,
                file_name=f"goi-bao-cao-antq-{stamp}.pdf", mime="application/pdf", what=t("pack_header", lang),
                width="stretch")
    st.sidebar.button(t("pack_clear", lang), key="pack_clear", on_click=ui.clear_pack, width="stretch")


def _switch_lang() -> None:
    st.session_state["lang"] = "en" if st.session_state["_lang_en"] else "vi"


def sync_url(view: View, page_state: dict | None = None) -> None:
    """Write the view and a page's own controls into the query string."""
    session.write_url(model.query_of(view, page_state))
