"""Ngày hội: the festival of a year on the map, year over year (sites, participants, leaders by rank),
where to look (few festivals for their size, falls since the year before) and the sites behind a number."""

import streamlit as st

from antq import fmt
from antq.data.questions import answer
from antq.features.festival import chart as vf
from antq.features.festival import figures as cf
from antq.figures import export
from antq.figures.chart import caption
from antq.i18n import t
from antq.view import ui
from antq.view.session import pop_notices

v = ui.view()
ui.header("festival_title", v)
L, S, level = v.lang, st.session_state, v.level
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
vs = t("festival_vs_prev", L, year=year - 1)


@st.cache_resource(show_spinner=False, max_entries=64)
def area_map(data, level, map_, province, metric, lang, title):
    """The map, built once per selection and shared by reruns and sessions (figures are never mutated)."""
    return vf.map_figure(data, level, map_, province, metric, lang, title)


@st.cache_resource(show_spinner=False, max_entries=256)
def figure(builder, data, **kw):
    """A chart of antq.features.festival.figures, built once per (data, options) like the map."""
    return getattr(cf, builder)(data, **kw)


def headline(col, label, value, a, b):
    """A headline figure with its change since the year before (none when there is no year before)."""
    ok = b == b and bool(b)
    col.metric(label, value, f"{fmt.signed_percent(a / b - 1, 1, L).replace('−', '-')} {vs}" if ok else None,
               delta_color="normal" if ok and a != b else "off", delta_arrow="auto" if ok and a != b else "off")


cols = st.columns(5)
for c, key, col in zip(cols, ("festival_sites", "festival_showcase", "festival_participants"),
                       ("sites", "showcase_sites", "participants")):
    headline(c, t(key, L), fmt.number(cur[col], lang=L), cur[col], prev[col])
headline(cols[3], t("festival_m_participants_per_1k", L), fmt.number(now["participants_per_1k"], 1, L),
         now["participants_per_1k"], before["participants_per_1k"])
cols[4].metric(t("festival_m_communes_share", L), fmt.percent(now["communes_share"], 1, L),
               f"{fmt.number(now['communes_held'], lang=L)} / {fmt.number(now['communes_total'], lang=L)}",
               delta_color="off", delta_arrow="off")
st.caption(t("festival_leaders_of_year", L, year=year))
for c, r in zip([*st.columns(3), *st.columns(3)], cf.LEADERS):
    headline(c, t(f"festival_{r}", L), fmt.number(cur[r], lang=L), cur[r], prev[r])

# The map of the year
st.subheader(t("festival_map_header", L, year=year))
ui.show(vf.map_chart(v, year, metric, by_area, figure=area_map), key="festival_map", v=v, map=True)
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
        ui.chart(figure(builder, summary, selected=year, lang=L, title=t(key, L), **kw), key=key, title=t(key, L),
                 data=summary, v=v, filters=[t("export_year", L, year=year)], source=source)
st.caption(t("festival_district_note", L))
with st.expander(t("festival_yoy_table", L), expanded=True):
    st.dataframe(cf.year_table(summary, now["population"], L), hide_index=True, width="stretch")

# Where to look
st.subheader(t("festival_look_header", L, year=year))
unit = t(f"festival_unit_{level}", L)
few, phi = cf.few_for_size(by_area)
rate = by_area["national_sites"].iloc[0] * 1e4 / by_area["national_population"].iloc[0]
st.markdown(f"**{t('festival_few_header', L)}**")
st.caption(t("festival_few_note", L, unit=unit, rate=fmt.number(rate, 2, L), phi=fmt.number(phi, 1, L)))
a, b = st.columns([2, 3])
with a:
    ui.chart(figure("funnel", few, lang=L, national_rate_10k=rate, phi=phi,
                    title=f"{t('festival_few_header', L)} — {v.scope_name()}"),
             key="festival_funnel", title=t("festival_few_header", L), data=few, v=v,
             filters=[t("export_year", L, year=year)], source=source)
b.dataframe(cf.few_table(few, level=level, lang=L), hide_index=True, width="stretch", height=420)
st.markdown(f"**{t('festival_fell_header', L, prev=year - 1)}**")
if by_area["prev_sites"].notna().any():
    falls, _ = cf.fell(by_area)
    both = int((by_area["sites"].notna() & by_area["prev_sites"].notna()).sum())
    st.caption(t("festival_fell_note", L, n=len(falls), total=both, unit=unit,
                 prev=year - 1, change=fmt.signed_percent(now["sites"] / before["sites"] - 1, 1, L))
               if len(falls) else t("festival_fell_none", L, unit=unit, prev=year - 1))
    if len(falls):
        st.dataframe(cf.fell_table(falls, level=level, year=year, lang=L), hide_index=True, width="stretch")
else:
    st.caption(t("festival_no_prev", L, prev=year - 1))

# The sites behind a number
st.subheader(t("festival_sites_header", L, year=year, scope=v.scope_name()))
a, b, c = st.columns([2, 2, 1])
commune = ""
if v.province:
    commune = a.selectbox(t("festival_commune", L), ["", *sorted(names, key=lambda k: fmt.sort_key(names[k]))],
                          key="festival_commune", format_func=lambda k: names.get(k, t("festival_all_communes", L)))
levels = b.multiselect(t("festival_levels", L), cf.LEVELS, key="festival_levels", placeholder=t("festival_all_levels", L),
                       format_func=lambda lv: t(f"festival_level_{lv}", L))
showcase = c.toggle(t("festival_showcase_only", L), key="festival_showcase")
sites = sites_first["sites"] if (commune, levels, showcase) == picked else vf.sites_ask(
    v, year, commune, levels, showcase, vf.SHOWN_SITES).run()
total = int(sites["total_rows"].iloc[0]) if len(sites) else 0
st.caption(t("festival_rows_shown", L, total=fmt.number(total, lang=L), shown=fmt.number(len(sites), lang=L)))
st.dataframe(cf.sites_table(sites, L), hide_index=True, width="stretch", height=360)
cap = caption(v, t("festival_sites_header", L, year=year, scope=v.scope_name()),
                    [names.get(commune, ""), ", ".join(t(f"festival_level_{lv}", L) for lv in levels),
                     t("festival_showcase_only", L) if showcase else ""], source)
ui.download(t("festival_download", L), key="festival_download", mime="text/csv",
            file_name=f"ngay-hoi-{year}-{v.map}-{v.province or 'toan-quoc'}{'-' + commune if commune else ''}.csv",
            data=lambda: export.csv_bytes(vf.sites_ask(v, year, commune, levels, showcase, None).run()
                                          .drop(columns="total_rows"), cap))

ui.page_url_state({"year": str(year), "metric": metric, "commune": commune or None,
                   "levels": ",".join(k for k, lv in slugs.items() if lv in levels) or None,
                   "showcase": "1" if showcase else None})
