"""So sánh địa phương's sections as Streamlit draws them (the page, page.py, lays them out): which
province's communes are shown, the communes of that province compared on the map's figure, and every
figure side by side with the national level and the rank."""
from __future__ import annotations

import streamlit as st

from antq import fmt
from antq.data import db
from antq.features.compare import chart as vc
from antq.features.overview import comparison as cmp
from antq.features.overview import figures as co
from antq.features.overview import metrics as cm
from antq.i18n import t
from antq.view import ui
from antq.view.model import View


def inside_choice(v: View, chosen: list[str], names: dict[str, str]):
    """The provinces whose communes can be shown (the chosen ones, else the scope) and the one shown."""
    opts = chosen or ([v.province] if v.province else [])
    own = db.commune_scope(v.snapshot_dir)  # a provincial director: communes of their own province only
    if own is not None:
        opts = [p for p in opts if p in own.provinces[v.map]] or sorted(own.provinces[v.map])
    if not opts:
        return opts, None
    ui.url_control("compare_inside", "inside", lambda x: x if x in names else None, opts[0])
    if st.session_state["compare_inside"] not in opts:
        st.session_state["compare_inside"] = opts[0]
    return opts, st.session_state["compare_inside"]


def inside(v: View, answers, metric: str, basis: str, chosen: list[str], names: dict[str, str]):
    """Inside one province: its communes compared on the figure of the map. Returns the province shown."""
    L = v.lang
    inside_opts, _ = inside_choice(v, chosen, names)
    if not inside_opts:
        st.info(t("compare_pick_prompt", L))
        return None
    code = st.selectbox(t("compare_inside_pick", L), inside_opts, key="compare_inside", format_func=names.get)
    try:
        cpop = answers["inside_population"]
    except db.QueryError:  # a snapshot without the communes' population: counts per commune instead
        cpop = None
    ctable = vc.area_table(answers, "inside_", population=cpop)
    cbasis = basis if cpop is not None and ctable["population"].notna().any() else "commune"
    ckey = "active_sites" if metric == "coverage" else metric
    grid = cmp.commune_grid(ctable, ckey, cbasis, L, whole_label=names[code])
    st.caption(t("compare_inside_note", L, n=len(ctable), name=names[code], label=cm.metric_label(ckey, cbasis, L),
                 lvl=cm.format_value(ckey, cm.overall(ctable, ckey, cbasis), L), k=cm.SMALL))
    st.dataframe(grid, hide_index=True, width="stretch", key="compare_communes")
    if cm.merged_communes_apart(v.map, code, v.date_to):
        st.caption(t("overview_old_map_note", L))
    ui.table_download(t("compare_download", L), lambda: cmp.long_table(ctable, cbasis), v=v, key="compare_communes_csv",
                      title=f"{t('compare_inside', L)} — {names[code]}", filters=[cm.metric_label(ckey, cbasis, L)],
                      file_name=f"so-sanh-xa-{code}-{v.date_from}-{v.date_to}")
    return code


def side_by_side(v: View, table, prov, chosen: list[str], basis: str, chosen_words: list[str]) -> None:
    """Every figure of the chosen provinces beside the national level and the rank, and the index chart."""
    L = v.lang
    st.subheader(t("compare_side_by_side", L))
    st.dataframe(cmp.compare_table(table, chosen, basis, L), hide_index=True, width="stretch", key="compare_table")
    st.caption(t("compare_table_note", L, n=len(table), k=cm.SMALL, d=fmt.date(v.date_to, L), p=ui.period_words(v)) + " "
               + t("overview_population_basis", L, basis="; ".join(sorted(prov["population_basis"].dropna().unique()))))
    ui.table_download(t("compare_download", L), lambda: cmp.long_table(table, basis), v=v, key="compare_csv",
                      title=t("compare_side_by_side", L), filters=chosen_words,
                      file_name=f"so-sanh-{v.map}-{v.date_from}-{v.date_to}")
    ui.chart(co.index_chart(table, chosen, basis, L, title=t("compare_index_title", L)), key="compare_index",
             title=t("compare_index_title", L), data=lambda: cmp.long_table(table, basis), v=v, filters=chosen_words)
