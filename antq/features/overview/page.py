"""Tổng quan: how the movement is doing in the selection. Headline figures from the shared generic
queries (the detailed pages' numbers) with their change against a year earlier, a map of one figure
with the areas furthest above and below the overall level, and who has not reported."""
import streamlit as st

from antq import fmt

from antq.data.questions import answer
from antq.features.overview import chart as vo
from antq.features.overview import compstat as cs
from antq.features.overview import metrics as cm
from antq.i18n import t
from antq.view import ui

v = ui.view()
ui.url_control("overview_metric", "metric", vo.parse_metric, vo.DEFAULT_METRIC)
ui.header("overview_title", v)  # after the URL control is seeded, so a bad value's notice shows at once
L, year = v.lang, v.safety_year
ly_from, ly_to = v.last_year()
answers = answer(vo.questions(v))
h = vo.headlines(v, answers)

st.subheader(t("overview_headlines", L))
d_to, n = fmt.date(v.date_to, L), (lambda x: fmt.number(x, 0, L))
cards = cs.headline_cards(h, L, d_to, year)
ui.cards([{"label": c["label"], "value": c["value"] if c["number"] is None or c["number"] != c["number"] else c["number"],
           "delta": c["delta"], "delta_color": c["colour"], "delta_arrow": c["arrow"], "caption": c["sub"]}
          for c in cards], key="overview", per_row=4)
st.caption(t("overview_rule", L, ly=f"{fmt.date(ly_from, L)} – {fmt.date(ly_to, L)}", n=cm.SMALL) + " "
           + t("overview_safety_note", L, y=year))
with st.expander(t("overview_compstat", L)):
    labels = {k: cm.metric_name(k, L) for k in cm.METRICS} | {
        "communes_covered": t("overview_card_communes", L, d=d_to), "models_effective": t("overview_card_effective", L, d=d_to)}
    table = cs.compstat_table(h, L, labels)
    st.dataframe(table, hide_index=True, width="stretch", key="overview_compstat_table")
    ui.table_download(t("overview_download", L), table, v=v, title=t("overview_compstat", L), key="overview_csv",
                      file_name=f"tong-quan-{v.date_from}-{v.date_to}")

# ---- a map of one figure, and the areas furthest from the overall level: a fragment, so picking another
# figure reruns this section only (the cards above, the sidebar and the reporting below stay as they are)
@st.fragment
def map_section():
    if (st.session_state.get("province") or None) != v.province:  # a click on the map opened a province
        st.rerun(scope="app")                                       # (or went back): the whole page follows
    st.subheader(t("overview_map_header", L))
    metric = st.selectbox(t("overview_map_metric", L), list(cm.METRICS), key="overview_metric",
                          format_func=lambda k: cm.metric_name(k, L))
    ui.page_url_state({"metric": metric})
    st.query_params["metric"] = metric  # a rerun of this fragment alone does not reach dashboard.py's URL sync
    mc = vo.map_chart(v, metric, answers)
    area, key, basis, label = (mc.extra[k] for k in ("area", "key", "basis", "label"))
    if mc.extra["no_commune_population"]:
        st.caption(t("overview_no_commune_population", L))
    left, right = ui.beside([3, 2], key="overview_map")
    with left:
        ui.show(mc, key="overview_map", v=v, map=True, fragment=True)
        if key != metric:
            st.caption(t("overview_commune_sites_note", L))
    with right:
        level = t("overview_level_province" if v.province else "overview_level_national", L)
        st.markdown(f"**{t('overview_extremes', L, level=level)}**  \n"
                    + t("overview_level_value", L, level=level, value=cm.format_value(key, cm.overall(area, key, basis), L)))
        xc = vo.extremes_chart(v, mc)
        ext = xc.extra["ext"] if xc else []
        if len(ext):
            ui.show(xc, key="overview_extremes_chart", v=v, fragment=True)
            st.dataframe(ext.assign(value=ext["value"].map(lambda x: cm.format_value(key, x, L)), count=ext["count"].map(n),
                                    gap=ext["gap"].map(lambda g: cm.format_gap(key, g, L)))[["area_name", "value", "count", "gap"]]
                         .set_axis([t("overview_col_area", L), label, t("overview_col_count", L), t("overview_col_gap", L)], axis=1),
                         hide_index=True, width="stretch", key="overview_extremes_table")
        st.caption(t("overview_extremes_rule", L, n=cm.SMALL))
        if basis == "capita" and "population_basis" in area:
            st.caption(t("overview_population_basis", L, basis="; ".join(sorted(area["population_basis"].dropna().unique()))))
    return area


area = map_section()

# ---- who has not reported
st.subheader(t("overview_reporting", L))
months = cm.months_between(v.date_from, v.date_to)
rep = cm.reporting(area, months)
unit = t("overview_unit_communes" if v.province else "overview_unit_provinces", L)
st.markdown(t("overview_reporting_all" if rep["complete"] == rep["total"] else "overview_reporting_some", L,
              d=fmt.date(v.data_date, L), n=rep["complete"], total=rep["total"], unit=unit, m=months))
if rep["none"]:
    st.warning(t("overview_not_reported", L, names=", ".join(rep["none"])))
if rep["partial"]:
    st.info(t("overview_incomplete", L, names=", ".join(t("overview_months_of", L, name=a, k=k, m=months)
                                                         for a, k in rep["partial"])))
st.caption(t("overview_reporting_rule", L))
if cm.merged_communes_apart(v.map, v.province, v.date_to):
    st.caption(t("overview_old_map_note", L))
