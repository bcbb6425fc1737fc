"""The one sidebar every page shares: snapshot, period, map, scope and language.

`render()` draws it, validates what the URL asked for, and returns the `View` the page reads.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from antq.auth import access

from antq.view import briefing, ui

from antq.data import db, snapshots

from antq import fmt
from antq.i18n import t
from antq.view.state import MAPS, NOTICES, View, default_period, seed_from_url, url_value, write_url
from antq.view.views import OPEN_START, parse_choice, parse_day, parse_lang, parse_map


def choose_snapshot(lang: str) -> tuple[snapshots.Snapshot | None, list[str]]:
    """The snapshot to show: the one the URL or the user asked for if it is good, else the
    active one, else the newest good one. Refused snapshots are reported, never used."""
    notices: list[str] = []
    all_snaps = snapshots.list_snapshots()
    good = [s for s in all_snaps if s.ok]
    for s in all_snaps:
        if not s.ok:
            notices.append(t("bad_snapshot", lang, id=s.id, why=" ".join(s.problems)))
    if not good:
        return None, notices
    ids = [s.id for s in good]
    active = snapshots.active_id()
    default = active if active in ids else ids[0]
    if active and active not in ids:
        notices.append(t("fallback_snapshot", lang, id=default))
    seed_from_url("snapshot", "snapshot", lambda v: parse_choice(v, ids), default)
    if st.session_state["snapshot"] not in ids:
        st.session_state["snapshot"] = default
    st.sidebar.selectbox(t("sidebar_snapshot", lang), ids, key="snapshot",
                         format_func=lambda i: f"{i} ({fmt.date(next(s for s in good if s.id == i).manifest.get('data_date'), lang)})")
    return next(s for s in good if s.id == st.session_state["snapshot"]), notices


def render() -> View | None:
    notices: list[str] = []
    seed_from_url("lang", "lang", parse_lang, "vi")
    lang = st.session_state["lang"]
    st.sidebar.markdown(f"**{t('app_title', lang)}**  \n{t('app_subtitle', lang)}")
    snap, snap_notices = choose_snapshot(lang)
    notices += snap_notices
    if snap is None:
        st.error(t("no_snapshot", lang, dir=snapshots.paths.snapshots_dir()))
        for n in notices:
            st.warning(n)
        return None

    data_date = dt.date.fromisoformat(snap.manifest.get("data_date", dt.date.today().isoformat()))
    d_from, d_to = default_period(data_date)
    for key, name, default in (("date_from", "from", d_from), ("date_to", "to", d_to)):
        seed_from_url(key, name, lambda v: parse_day(v, data_date), default)
    if st.session_state["date_from"] > st.session_state["date_to"]:
        st.session_state["date_from"], st.session_state["date_to"] = st.session_state["date_to"], st.session_state["date_from"]
        notices.append(t("period_swapped", lang))
    st.sidebar.date_input(t("sidebar_from", lang), key="date_from", min_value=OPEN_START, max_value=data_date, format="DD/MM/YYYY")
    st.sidebar.date_input(t("sidebar_to", lang), key="date_to", min_value=OPEN_START, max_value=data_date, format="DD/MM/YYYY")

    seed_from_url("map", "map", parse_map, "2025")
    previous_map = st.session_state.get("_map_seen", st.session_state["map"])
    st.sidebar.radio(t("sidebar_map", lang), MAPS, key="map", format_func=lambda m: t(f"map_{m}", lang))
    current_map = st.session_state["map"]

    provinces = db.run("provinces_of_map", snapshot_dir=snap.path, map=current_map)
    names = dict(zip(provinces["province_code"], provinces["province_name"]))
    order = [""] + sorted(names, key=lambda c: fmt.sort_key(names[c]))
    seed_from_url("province", "province", lambda v: parse_choice(v, names), "")
    if previous_map != current_map and st.session_state["province"]:
        # Carry the scope across the reform where the mapping is one-to-one (old province -> new).
        carried = db.run("province_on_other_map", snapshot_dir=snap.path, province=st.session_state["province"],
                         from_map=previous_map, to_map=current_map)
        st.session_state["province"] = carried["province_code"].iloc[0] if len(carried) == 1 else ""
    if st.session_state["province"] not in names:
        st.session_state["province"] = ""
    scope = db.commune_scope(snap.path)
    if scope is not None:  # a provincial director: the whole country (by province) or their own province
        own = [c for c in order[1:] if c in scope.provinces[current_map]]
        if st.session_state["province"] and st.session_state["province"] not in own:
            # kept in the session like a bad URL value's notice: a rerun before the page is drawn keeps it
            st.session_state.setdefault(NOTICES, []).append(t(
                "signin_scope_only_own", lang, p=", ".join(names[c] for c in own), asked=names[st.session_state["province"]]))
            st.session_state["province"] = own[0] if own else ""
        order = [""] + own
    st.session_state["_map_seen"] = current_map
    st.sidebar.selectbox(t("sidebar_scope", lang), order, key="province",
                         format_func=lambda c: names.get(c, t("whole_country", lang)))
    st.session_state.setdefault("_lang_en", lang == "en")
    st.sidebar.toggle(t("sidebar_lang", lang), key="_lang_en", on_change=_switch_lang)

    province = st.session_state["province"] or None
    view = View(snapshot=snap, date_from=st.session_state["date_from"], date_to=st.session_state["date_to"],
                map=current_map, province=province, province_name=names.get(province) if province else None,
                lang=lang, notices=tuple(notices))
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
    ui.download(t("pack_pptx", lang), lambda: briefing.pack_pptx(items), key="pack_pptx", where=st.sidebar,
                file_name=f"goi-bao-cao-antq-{stamp}.pptx", what=t("pack_header", lang), width="stretch",
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    ui.download(t("pack_pdf", lang), lambda: briefing.pack_pdf(items), key="pack_pdf", where=st.sidebar,
                file_name=f"goi-bao-cao-antq-{stamp}.pdf", mime="application/pdf", what=t("pack_header", lang),
                width="stretch")
    st.sidebar.button(t("pack_clear", lang), key="pack_clear", on_click=ui.clear_pack, width="stretch")


def _switch_lang() -> None:
    st.session_state["lang"] = "en" if st.session_state["_lang_en"] else "vi"


def url_state(view: View) -> dict:
    """The shared part of the query string for a view."""
    return {"snapshot": view.snapshot.id, "from": view.date_from.isoformat(), "to": view.date_to.isoformat(),
            "map": view.map, "province": view.province, "lang": "en" if view.lang == "en" else None}


def sync_url(view: View, page_state: dict | None = None) -> None:
    """Write the shared state and a page's own controls into the query string."""
    write_url({**url_state(view), **(page_state or {})})


__all__ = ["render", "sync_url", "url_state", "url_value"]
