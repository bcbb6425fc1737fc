"""Tin báo → phá án: how the tips of a period convert into solved cases, arrests and weapons.

One section at a time, each running only its own queries (a period change stays fast): the funnel
(tip_funnel.sql and cases_solved_in_period.sql, the queries the seed facts are checked with) and its
two readings; cohorts; where conversion is weak (map + funnel plot); what works; this period against
the same period last year.
"""
import streamlit as st

from antq import fmt

from antq.data.questions import answer
from antq.view import ui
from antq.features.tipoffs import cohorts as tc
from antq.features.tipoffs import figures as ct
from antq.features.tipoffs import funnel_plot as tf
from antq.features.tipoffs import periods as tp
from antq.features.tipoffs import tables as tt
from antq.features.tipoffs import chart as vt
from antq.i18n import t

v = ui.view()
L = v.lang
CONTROLS = vt.CONTROLS  # widget key: (URL name, options, default); the command-line export reads links with them
for key, (name, options, default) in CONTROLS.items():
    ui.url_control(key, name, lambda s, o=options: s if s in o else None, default)
    st.session_state[key] = st.session_state[key]  # keep the controls of hidden sections
ui.page_url_state({n: st.session_state[k] if st.session_state[k] != d else None for k, (n, _, d) in CONTROLS.items()})
ui.header("page_tipoffs", v)  # after the controls are seeded from the URL, so a bad value's notice shows at once


def radio(key):
    return st.radio(t(key, L), CONTROLS[key][1], key=key, horizontal=True, format_func=lambda o: t(f"{key}_{o}", L))


def title(key, **kw):
    return vt.title(v, key, **kw)


sim = t("tipoffs_simulated", L) if v.snapshot.simulated else None
footer = vt.footer(v)
source = t("tipoffs_source", L)


def table(df, name):
    st.dataframe(df, hide_index=True, width="stretch", height="content" if len(df) <= 24 else "auto")
    ui.download(t("tipoffs_download", L), lambda: tt.csv_bytes(df, sim), file_name=f"{name}.csv", mime="text/csv",
                key=f"tipoffs_dl_{name}")


def chart(fig, key, title_key, data, filters=(), **kw):
    ui.chart(fig, key=key, title=t(title_key, L, **kw), data=data, v=v, filters=filters, source=source)


section = radio("tipoffs_section")
grain, S = st.session_state["tipoffs_grain"], st.session_state
answers = answer(vt.questions(v, section, grain, S["tipoffs_metric"]))

if section == "funnel":  # the cohort funnel of the period: the seed figures read here
    c = vt.funnel_chart(v, answers)
    f, steps = c.extra["f"], c.extra["steps"]
    sp = answers["solved_in_period"].iloc[0]
    for col, s in zip(st.columns(len(steps)), steps.itertuples()):
        col.metric(s.label, fmt.number(s.count, 0, L))
        col.caption(f"{s.rate} {s.basis}" if s.rate else "&nbsp;")
    st.caption(t("tipoffs_reading_cohort", L, d=fmt.date(v.data_date, L), m=fmt.number(f["median_days_to_solve"], 0, L)))
    if tp.open_cohort_warning(v.date_to, v.data_date):
        st.warning(t("tipoffs_open_warning", L))
    c1, c2 = st.columns([3, 2])
    with c1:
        ui.show(c, key="tipoffs_funnel_chart", v=v)
    with c2:
        table(tt.steps_display(steps, L), "tipoffs_funnel")
    st.subheader(t("tipoffs_two_readings", L))
    table(tt.readings_table(f, sp, L), "tipoffs_readings")
    st.caption(t("tipoffs_other_ratio_note", L))

elif section in ("cohorts", "works"):
    radio("tipoffs_grain")
    cube = answers["cohorts"]
    g = [vt.grain_words(v, grain)]
    if section == "cohorts":
        c = vt.cohort_chart(v, grain, cube)
        roll = c.extra["roll"]
        ui.show(c, key="tipoffs_cohort_chart", v=v)
        st.caption(t("tipoffs_cohort_note", L, d=fmt.date(v.data_date, L)))
        bins = tc.day_bins(cube, L)
        chart(ct.days_figure(bins, lang=L, title=title("tipoffs_days_title"), footer=footer), "tipoffs_days_chart",
              "tipoffs_days_title", bins)
        st.caption(t("tipoffs_days_note", L, m=tc.median_bin(bins) or "–", s=fmt.number(bins["tips"].sum(), 0, L)))
        st.subheader(t("tipoffs_cohort_table", L))
        table(tt.cohort_table(roll, grain, L), "tipoffs_cohorts")
    else:
        c1, c2 = st.columns(2)
        for col, by in ((c1, "channel"), (c2, "category")):
            c = vt.breakdown_chart(v, by, cube)
            with col:
                ui.show(c, key=f"tipoffs_{by}_chart", v=v)
                table(tt.breakdown_display(c.extra["b"], by, L), f"tipoffs_by_{by}")
        chart(ct.heatmap_figure(cube, lang=L, title=title("tipoffs_heatmap_title"), footer=footer), "tipoffs_heatmap",
              "tipoffs_heatmap_title", cube, g)
        chart(ct.channel_mix_figure(cube, grain=grain, lang=L, title=title("tipoffs_mix_title"), footer=footer),
              "tipoffs_mix_chart", "tipoffs_mix_title", cube, g)
        pop = answers["population"]
        pc = tc.per_capita(tc.cohort_rollup(cube), pop["scope_population"].iloc[0] if len(pop) else None)
        chart(ct.per_capita_figure(pc, grain=grain, lang=L, title=title("tipoffs_per100k_title"), footer=footer,
                                   y_label=t("tipoffs_per100k_axis", L)), "tipoffs_per100k_chart", "tipoffs_per100k_title", pc, g)
        st.caption(tt.population_words(pop, v.scope_name(), L) + " " + t("tipoffs_per100k_fixed", L))

elif section == "where":
    metric = st.selectbox(t("tipoffs_metric", L), CONTROLS["tipoffs_metric"][1], key="tipoffs_metric",
                          format_func=lambda o: t(f"tipoffs_metric_{o}", L))
    c = vt.where_chart(v, metric, answers)
    rates, level, label, basis = c.extra["rates"], c.extra["level"], c.extra["label"], c.extra["basis"]
    if c.extra["no_commune_population"]:
        st.info(t("tipoffs_no_commune_population", L))
    ui.show(c, key="tipoffs_map", v=v, map=True)
    if metric == "per100k":
        st.caption(t("tipoffs_per100k_note", L, basis="; ".join(basis) or "–"))
    else:
        scope_rate = rates["x"].sum() / rates["n"].sum() if v.province and rates["n"].sum() else None
        chart(ct.funnel_plot_figure(rates, lang=L, rate_label=label, scope_rate=scope_rate, footer=footer,
                                    volume_label=t(f"tipoffs_col_{'valuable' if metric == 'solved_of_valuable' else 'tips'}", L),
                                    title=title("tipoffs_funnelplot_title", m=label.lower()), height=520),
              "tipoffs_funnel_plot", "tipoffs_funnelplot_title", c.data, m=label.lower())
        st.caption(tf.funnel_plot_words(rates, L))
    st.subheader(t("tipoffs_area_table", L))
    table(tf.area_table(rates, metric, L, place_label=t(level, L)), f"tipoffs_{metric}_{level}")

else:  # this period against the same period last year
    c = vt.periods_chart(v, answers)
    st.subheader(t("tipoffs_periods_title", L))
    table(c.extra["display"], "tipoffs_vs_last_year")
    st.caption(t("tipoffs_periods_rule", L, n=tp.SMALL_COUNT))
    if tp.open_cohort_warning(v.date_to, v.data_date, 365):
        st.caption(t("tipoffs_periods_open", L))
