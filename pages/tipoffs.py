"""Tin báo → phá án: how the tips of a period convert into solved cases, arrests and weapons.

One section at a time, each running only its own queries (a period change stays fast): the funnel
(tip_funnel.sql and cases_solved_in_period.sql, the queries the seed facts are checked with) and its
two readings; cohorts; where conversion is weak (map + funnel plot); what works; this period against
the same period last year.
"""
import streamlit as st

from antq import charts, db, fmt, geo, ui
from antq import charts_tipoffs as ct
from antq.i18n import t

v = ui.view()
L = v.lang
CONTROLS = {  # widget key: (URL name, options, default)
    "tipoffs_section": ("section", ("funnel", "cohorts", "where", "works", "periods"), "funnel"),
    "tipoffs_grain": ("grain", ("month", "quarter", "year"), "month"),
    "tipoffs_metric": ("metric", ("conversion", "valuable", "solved_of_valuable", "per100k"), "conversion"),
}
for key, (name, options, default) in CONTROLS.items():
    ui.url_control(key, name, lambda s, o=options: s if s in o else None, default)
    st.session_state[key] = st.session_state[key]  # keep the controls of hidden sections
ui.page_url_state({n: st.session_state[k] if st.session_state[k] != d else None for k, (n, _, d) in CONTROLS.items()})
ui.header("page_tipoffs", v)  # after the controls are seeded from the URL, so a bad value's notice shows at once


def radio(key):
    return st.radio(t(key, L), CONTROLS[key][1], key=key, horizontal=True, format_func=lambda o: t(f"{key}_{o}", L))


def title(key, **kw):
    return f"{t(key, L, **kw)}<br><sup>{v.scope_name()} · {ui.period_words(v)} · {ui.map_words(v)}</sup>"


sim = t("tipoffs_simulated", L) if v.snapshot.simulated else None
footer = t("source_footer", L, src=t("tipoffs_source", L), id=v.snapshot.id, d=fmt.date(v.data_date, L)) + (f" · {sim}" if sim else "")


def table(df, name):
    st.dataframe(df, hide_index=True, width="stretch", height="content" if len(df) <= 24 else "auto")
    st.download_button(t("tipoffs_download", L), ct.csv_bytes(df, sim), file_name=f"{name}.csv", mime="text/csv",
                       key=f"tipoffs_dl_{name}")


section = radio("tipoffs_section")
grain = st.session_state["tipoffs_grain"]

if section == "funnel":  # the cohort funnel of the period: the seed figures read here
    f = db.run("tip_funnel", **v.params()).iloc[0]
    sp = db.run("cases_solved_in_period", **v.params()).iloc[0]
    steps = ct.funnel_steps(f, L)
    for col, s in zip(st.columns(len(steps)), steps.itertuples()):
        col.metric(s.label, fmt.number(s.count, 0, L))
        col.caption(f"{s.rate} {s.basis}" if s.rate else "&nbsp;")
    st.caption(t("tipoffs_reading_cohort", L, d=fmt.date(v.data_date, L), m=fmt.number(f["median_days_to_solve"], 0, L)))
    if ct.open_cohort_warning(v.date_to, v.data_date):
        st.warning(t("tipoffs_open_warning", L))
    c1, c2 = st.columns([3, 2])
    c1.plotly_chart(ct.funnel_figure(steps, lang=L, title=title("tipoffs_funnel_title"), footer=footer),
                    key="tipoffs_funnel_chart", config=ui.PLOTLY_CONFIG)
    with c2:
        table(ct.steps_display(steps, L), "tipoffs_funnel")
    st.subheader(t("tipoffs_two_readings", L))
    table(ct.readings_table(f, sp, L), "tipoffs_readings")
    st.caption(t("tipoffs_other_ratio_note", L))

elif section in ("cohorts", "works"):
    radio("tipoffs_grain")
    cube = db.run("tipoffs_cohorts", **v.params(grain=grain, data_date=v.data_date))
    roll = ct.cohort_rollup(cube)
    if section == "cohorts":
        st.plotly_chart(ct.cohort_figure(roll, grain=grain, lang=L, title=title("tipoffs_cohort_title"), footer=footer),
                        key="tipoffs_cohort_chart", config=ui.PLOTLY_CONFIG)
        st.caption(t("tipoffs_cohort_note", L, d=fmt.date(v.data_date, L)))
        bins = ct.day_bins(cube, L)
        st.plotly_chart(ct.days_figure(bins, lang=L, title=title("tipoffs_days_title"), footer=footer),
                        key="tipoffs_days_chart", config=ui.PLOTLY_CONFIG)
        st.caption(t("tipoffs_days_note", L, m=ct.median_bin(bins) or "–", s=fmt.number(bins["tips"].sum(), 0, L)))
        st.subheader(t("tipoffs_cohort_table", L))
        table(ct.cohort_table(roll, grain, L), "tipoffs_cohorts")
    else:
        overall = ct.breakdown(cube.assign(all=""), "all")["conversion"].iloc[0] if len(cube) else None
        c1, c2 = st.columns(2)
        for col, by in ((c1, "channel"), (c2, "category")):
            b = ct.breakdown(cube, by)
            col.plotly_chart(ct.breakdown_figure(b, by, national_rate=overall, lang=L, footer=footer,
                                                 title=title(f"tipoffs_by_{by}_title")),
                             key=f"tipoffs_{by}_chart", config=ui.PLOTLY_CONFIG)
            with col:
                table(ct.breakdown_display(b, by, L), f"tipoffs_by_{by}")
        st.plotly_chart(ct.heatmap_figure(cube, lang=L, title=title("tipoffs_heatmap_title"), footer=footer),
                        key="tipoffs_heatmap", config=ui.PLOTLY_CONFIG)
        st.plotly_chart(ct.channel_mix_figure(cube, grain=grain, lang=L, title=title("tipoffs_mix_title"), footer=footer),
                        key="tipoffs_mix_chart", config=ui.PLOTLY_CONFIG)
        pop = db.run("tipoffs_scope_population", **v.params())
        pc = ct.per_capita(roll, pop["scope_population"].iloc[0] if len(pop) else None)
        st.plotly_chart(ct.per_capita_figure(pc, grain=grain, lang=L, title=title("tipoffs_per100k_title"), footer=footer,
                                             y_label=t("tipoffs_per100k_axis", L)),
                        key="tipoffs_per100k_chart", config=ui.PLOTLY_CONFIG)
        st.caption(ct.population_words(pop, v.scope_name(), L) + " " + t("tipoffs_per100k_fixed", L))

elif section == "where":
    metric = st.selectbox(t("tipoffs_metric", L), CONTROLS["tipoffs_metric"][1], key="tipoffs_metric",
                          format_func=lambda o: t(f"tipoffs_metric_{o}", L))
    level = "commune" if v.province else "province"
    areas = db.run("tipoffs_conversion_by_area", **v.params())
    pop, basis = None, areas["population_basis"].dropna().unique().tolist()
    if metric == "per100k" and level == "commune":
        if "commune_population" in v.snapshot.manifest["tables"]:
            pop = db.run("tipoffs_commune_population", **v.params())
            basis = pop["basis"].dropna().unique().tolist()
        else:
            st.info(t("tipoffs_no_commune_population", L))
    rates = ct.area_rates(areas, metric, pop)
    label = t(f"tipoffs_metric_{metric}", L)
    value_format = (lambda x: fmt.number(x, 0, L)) if metric == "per100k" else (lambda x: fmt.percent(x, 1, L))
    shape, bounds = geo.geojson(level, v.map, v.province)
    hover = [("tips", t("tipoffs_col_tips", L), lambda x: fmt.number(x, 0, L)),
             ("solved", t("tipoffs_col_solved", L), lambda x: fmt.number(x, 0, L))]
    if metric != "per100k":
        hover.append(("flag", t("tipoffs_col_verdict", L), lambda x: ct.flag_words(x, L)))
    fig = charts.choropleth(rates, shape, code_col="area_code", name_col="area_name", value_col="rate", value_label=label,
                            lang=L, value_format=value_format, hover_cols=hover, national=not v.province,
                            bounds=bounds if v.province else None,
                            title=title("tipoffs_map_title", m=label, lvl=t(f"tipoffs_level_{level}", L).lower()))
    ui.map_chart(fig, key="tipoffs_map", v=v)
    if metric == "per100k":
        st.caption(t("tipoffs_per100k_note", L, basis="; ".join(basis) or "–"))
    else:
        scope_rate = rates["x"].sum() / rates["n"].sum() if v.province and rates["n"].sum() else None
        st.plotly_chart(ct.funnel_plot_figure(rates, lang=L, rate_label=label, scope_rate=scope_rate, footer=footer,
                                              volume_label=t(f"tipoffs_col_{'valuable' if metric == 'solved_of_valuable' else 'tips'}", L),
                                              title=title("tipoffs_funnelplot_title", m=label.lower()),
                                              height=520),
                        key="tipoffs_funnel_plot", config=ui.PLOTLY_CONFIG)
        st.caption(ct.funnel_plot_words(rates, L))
    st.subheader(t("tipoffs_area_table", L))
    table(ct.area_table(rates, metric, L, place_label=t(level, L)), f"tipoffs_{metric}_{level}")

else:  # this period against the same period last year
    ly_from, ly_to = v.last_year()
    now = db.run("tipoffs_period_summary", **v.params()).iloc[0]
    last = db.run("tipoffs_period_summary", **v.params(**{"from": ly_from, "to": ly_to})).iloc[0]
    st.subheader(t("tipoffs_periods_title", L))
    table(ct.compare_display(ct.compare_table(now, last, L), L, now_label=t("tipoffs_now", L, p=ui.period_words(v)),
                             last_label=t("tipoffs_last", L, p=ct.period_words(ly_from, ly_to, L))), "tipoffs_vs_last_year")
    st.caption(t("tipoffs_periods_rule", L, n=ct.SMALL_COUNT))
    if ct.open_cohort_warning(v.date_to, v.data_date, 365):
        st.caption(t("tipoffs_periods_open", L))
