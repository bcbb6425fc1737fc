"""Tổng quan: the movement at a glance for the selection (headline figures and a national map)."""
import streamlit as st

from antq import charts, db, fmt, geo, ui
from antq.i18n import t

v = ui.view()
ui.header("overview_title", v)
L = v.lang

by_area = db.run("tips_by_area", **v.params())
level = "commune" if v.province else "province"
shape, bounds = geo.geojson(level, v.map, v.province)

c1, c2, c3 = st.columns(3)
c1.metric(t("metric_tips", L), fmt.number(by_area["tips"].sum(), lang=L))
c2.metric(t("metric_valuable", L), fmt.number(by_area["valuable"].sum(), lang=L))
c3.metric(t("tips_per_100k", L) if not v.province else t("metric_tips", L),
          fmt.number(by_area["tips"].sum() * 1e5 / by_area["population"].sum(), 1, L) if not v.province else
          fmt.number(len(by_area.dropna(subset=["tips"])), lang=L))

value = "tips_per_100k" if not v.province else "tips"
fig = charts.choropleth(
    by_area, shape, code_col="area_code", name_col="area_name", value_col=value,
    value_label=t(value if value == "tips_per_100k" else "metric_tips", L), lang=L,
    value_format=(lambda x: fmt.number(x, 1, L)) if value == "tips_per_100k" else None,
    hover_cols=[("tips", t("metric_tips", L), lambda x: fmt.number(x, lang=L))],
    national=not v.province, bounds=None if not v.province else bounds)
ui.map_chart(fig, key="overview_map", v=v)
