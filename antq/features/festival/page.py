"""Ngày hội: the festival of a year on the map, year over year (sites, participants, leaders by rank),
where to look (few festivals for their size, falls since the year before) and the sites behind a number."""

import streamlit as st

from antq import fmt
from antq.data.questions import answer
from antq.features.festival import chart as vf
from antq.features.festival import figures as cf
from antq.features.festival import sections
from antq.i18n import t
from antq.view import ui
from antq.view.session import pop_notices

v = ui.view()
ui.header("festival_title", v)
L, S = v.lang, st.session_state
source = t("festival_source", L)
first = answer(vf.questions(v))
years = vf.years_held(first["national"])
if not years:
    st.info(t("festival_no_year", L))
    st.stop()
ui.url_control("festival_year", "year", lambda s: vf.parse_year(s, years), cf.default_year(years, v.date_to.year))
if S["festival_year"] not in years:
    S["festival_year"] = cf.default_year(years, v.date_to.year)
year = S["festival_year"]
ui.url_control("festival_metric", "metric", vf.parse_metric, cf.METRICS[0])
ui.url_control("festival_levels", "levels", vf.parse_levels, [])
ui.url_control("festival_showcase", "showcase", vf.parse_showcase, False)
by_area = vf.by_area(v, answer(vf.questions(v, year), only=("by_area",)))
names = dict(zip(by_area["area_code"], by_area["area_name"])) if v.province else {}
slugs = vf.LEVEL_SLUGS
if v.province:
    ui.url_control("festival_commune", "commune", lambda s: s if s in names else None, "")
    if S["festival_commune"] not in names:
        S["festival_commune"] = ""
# the sites list of the controls' values, answered while the page draws the rest
picked = (S["festival_commune"] if v.province else "", list(S["festival_levels"]), S["festival_showcase"])
sites_first = answer(vf.questions(v, year, picked), only=("sites",))
for notice in pop_notices():  # a bad page parameter in the URL, said at once
    st.warning(notice)

c1, c2 = st.columns([1, 3])
c1.selectbox(t("festival_year", L), sorted(years, reverse=True), key="festival_year")
metric = c2.radio(t("festival_metric", L), cf.METRICS, key="festival_metric", horizontal=True,
                  format_func=lambda m: t(f"festival_m_{m}", L))
inside = v.date_from.year <= year <= v.date_to.year
st.markdown(t("festival_year_note", L, year=year, period=ui.period_words(v), first=years[0], last=years[-1],
              inside=t("festival_year_inside" if inside else "festival_year_outside", L, year=year)))

summary = vf.scope_summary(first)
now, before = cf.totals(by_area), cf.totals(by_area, "prev_")
row = summary.set_index("year").reindex([year, year - 1])
cur, prev = row.iloc[0], row.iloc[1]


sections.headlines(v, year, cur, prev, now, before)

# The map of the year
st.subheader(t("festival_map_header", L, year=year))
ui.show(vf.map_chart(v, year, metric, by_area, figure=sections.area_map), key="festival_map", v=v, map=True)
basis = by_area["population_basis"].dropna()
st.caption(t("festival_population_note", L, basis=basis.iloc[0] if len(basis) else "–", year=year,
             n=fmt.number(now["communes_total"], lang=L)) + " · "
           + t("source_footer", L, src=t("festival_source", L), id=v.snapshot.id, d=fmt.date(v.data_date, L)))
if v.province and v.map == "2024" and year >= 2025:
    st.warning(t("festival_coarse_note", L, year=year))

# Year over year
st.subheader(t("festival_yoy_header", L, scope=v.scope_name()))
yoy = [("festival_chart_sites", "sites_bars", {}), ("festival_chart_participants", "participants_bars", {}),
       ("festival_chart_leaders_central", "leaders_bars", {"ranks": cf.LEADERS_CENTRAL}),
       ("festival_chart_leaders_local", "leaders_bars", {"ranks": cf.LEADERS_LOCAL})]
for col, (key, builder, kw) in zip([*st.columns(2), *st.columns(2)], yoy):
    with col:
        ui.chart(sections.figure(builder, summary, selected=year, lang=L, title=t(key, L), **kw), key=key, title=t(key, L),
                 data=summary, v=v, filters=[t("export_year_marked", L, year=year)], source=source,
                 period=t("export_years", L, a=int(summary["year"].min()), b=int(summary["year"].max())))
st.caption(t("festival_district_note", L))
with st.expander(t("festival_yoy_table", L), expanded=True):
    st.dataframe(cf.year_table(summary, now["population"], L), hide_index=True, width="stretch")

# Where to look
st.subheader(t("festival_look_header", L, year=year))
sections.where_to_look(v, year, by_area, now, before, source)

# The sites behind a number
st.subheader(t("festival_sites_header", L, year=year, scope=v.scope_name()))
commune, levels, showcase = sections.sites(v, year, names, sites_first, picked, source)

ui.page_url_state({"year": str(year), "metric": metric, "commune": commune or None,
                   "levels": ",".join(k for k, lv in slugs.items() if lv in levels) or None,
                   "showcase": "1" if showcase else None})
