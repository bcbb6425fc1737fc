"""Tin báo → phá án's sections as Streamlit draws them (the page, page.py, picks one): the funnel of the
period and its two readings; cohorts; what works; where conversion is weak; this period against the same
period last year. Each reads only the answers its own questions asked (chart.questions)."""
from __future__ import annotations

import streamlit as st

from antq import fmt
from antq.features.tipoffs import chart as vt
from antq.features.tipoffs import cohorts as tc
from antq.features.tipoffs import figures as ct
from antq.features.tipoffs import funnel_plot as tf
from antq.features.tipoffs import periods as tp
from antq.features.tipoffs import tables as tt
from antq.i18n import t
from antq.view import ui
from antq.view.model import View


def table(v: View, df, name: str, title: str) -> None:
    """A table of the section, and its CSV (captioned with `title`, the view and the source)."""
    st.dataframe(df, hide_index=True, width="stretch", height="content" if len(df) <= 24 else "auto")
    ui.table_download(t("tipoffs_download", v.lang), df, v=v, title=title, key=f"tipoffs_dl_{name}",
                      file_name=name, source=t("tipoffs_source", v.lang))


def chart(v: View, fig, key: str, title_key: str, data, filters=(), **kw) -> None:
    ui.chart(fig, key=key, title=t(title_key, v.lang, **kw), data=data, v=v, filters=filters,
             source=t("tipoffs_source", v.lang))


def funnel(v: View, answers) -> None:
    """The cohort funnel of the period: the seed figures are read here."""
    L = v.lang
    c = vt.funnel_chart(v, answers)
    f, steps = c.extra["f"], c.extra["steps"]
    sp = answers["solved_in_period"].iloc[0]
    ui.cards([{"label": s.label, "value": s.count, "caption": f"{s.rate} {s.basis}" if s.rate else ""}
              for s in steps.itertuples()], key="tipoffs_funnel", per_row=len(steps), border=False)
    st.caption(t("tipoffs_reading_cohort", L, d=fmt.date(v.data_date, L), m=fmt.number(f["median_days_to_solve"], 0, L)))
    if tp.open_cohort_warning(v.date_to, v.data_date):
        st.warning(t("tipoffs_open_warning", L))
    c1, c2 = st.columns([3, 2])
    with c1:
        ui.show(c, key="tipoffs_funnel_chart", v=v)
    with c2:
        table(v, tt.steps_display(steps, L), "tipoffs_funnel", c.title)
    st.subheader(t("tipoffs_two_readings", L))
    table(v, tt.readings_table(f, sp, L), "tipoffs_readings", t("tipoffs_two_readings", L))
    st.caption(t("tipoffs_other_ratio_note", L))


def cohorts(v: View, answers, grain: str) -> None:
    L, cube, footer = v.lang, answers["cohorts"], vt.footer(v)
    c = vt.cohort_chart(v, grain, cube)
    ui.show(c, key="tipoffs_cohort_chart", v=v)
    st.caption(t("tipoffs_cohort_note", L, d=fmt.date(v.data_date, L)))
    bins = tc.day_bins(cube, L)
    chart(v, ct.days_figure(bins, lang=L, title=vt.title(v, "tipoffs_days_title"), footer=footer), "tipoffs_days_chart",
          "tipoffs_days_title", bins)
    st.caption(t("tipoffs_days_note", L, m=tc.median_bin(bins) or "–", s=fmt.number(bins["tips"].sum(), 0, L)))
    st.subheader(t("tipoffs_cohort_table", L))
    table(v, tt.cohort_table(c.extra["roll"], grain, L), "tipoffs_cohorts", t("tipoffs_cohort_table", L))


def works(v: View, answers, grain: str) -> None:
    """What works: channels and categories, the month-by-category heatmap, the channel mix, tips per capita."""
    L, cube, footer = v.lang, answers["cohorts"], vt.footer(v)
    g = [vt.grain_words(v, grain)]
    c1, c2 = st.columns(2)
    for col, by in ((c1, "channel"), (c2, "category")):
        c = vt.breakdown_chart(v, by, cube)
        with col:
            ui.show(c, key=f"tipoffs_{by}_chart", v=v)
            table(v, tt.breakdown_display(c.extra["b"], by, L), f"tipoffs_by_{by}", c.title)
    chart(v, ct.heatmap_figure(cube, lang=L, title=vt.title(v, "tipoffs_heatmap_title"), footer=footer), "tipoffs_heatmap",
          "tipoffs_heatmap_title", cube, g)
    chart(v, ct.channel_mix_figure(cube, grain=grain, lang=L, title=vt.title(v, "tipoffs_mix_title"), footer=footer),
          "tipoffs_mix_chart", "tipoffs_mix_title", cube, g)
    pop = answers["population"]
    pc = tc.per_capita(tc.cohort_rollup(cube), pop["scope_population"].iloc[0] if len(pop) else None)
    chart(v, ct.per_capita_figure(pc, grain=grain, lang=L, title=vt.title(v, "tipoffs_per100k_title"), footer=footer,
                                  y_label=t("tipoffs_per100k_axis", L)), "tipoffs_per100k_chart", "tipoffs_per100k_title", pc, g)
    st.caption(tt.population_words(pop, v.scope_name(), L) + " " + t("tipoffs_per100k_fixed", L))


def where(v: View, answers, metric: str) -> None:
    """Where conversion is weak: the map, the funnel plot (or the population basis per 100,000), the areas."""
    L = v.lang
    c = vt.where_chart(v, metric, answers)
    rates, level, label, basis = c.extra["rates"], c.extra["level"], c.extra["label"], c.extra["basis"]
    if c.extra["no_commune_population"]:
        st.info(t("tipoffs_no_commune_population", L))
    ui.show(c, key="tipoffs_map", v=v, map=True)
    if metric == "per100k":
        st.caption(t("tipoffs_per100k_note", L, basis="; ".join(basis) or "–"))
    else:
        scope_rate = rates["x"].sum() / rates["n"].sum() if v.province and rates["n"].sum() else None
        chart(v, ct.funnel_plot_figure(rates, lang=L, rate_label=label, scope_rate=scope_rate, footer=vt.footer(v),
                                       volume_label=t(f"tipoffs_col_{'valuable' if metric == 'solved_of_valuable' else 'tips'}", L),
                                       title=vt.title(v, "tipoffs_funnelplot_title", m=label.lower()), height=520),
              "tipoffs_funnel_plot", "tipoffs_funnelplot_title", c.data, m=label.lower())
        st.caption(tf.funnel_plot_words(rates, L))
    st.subheader(t("tipoffs_area_table", L))
    table(v, tf.area_table(rates, metric, L, place_label=t(level, L)), f"tipoffs_{metric}_{level}",
          f"{t('tipoffs_area_table', L)} — {label}")


def periods(v: View, answers) -> None:
    """This period against the same period last year."""
    L = v.lang
    c = vt.periods_chart(v, answers)
    st.subheader(t("tipoffs_periods_title", L))
    table(v, c.extra["display"], "tipoffs_vs_last_year", t("tipoffs_periods_title", L))
    st.caption(t("tipoffs_periods_rule", L, n=tp.SMALL_COUNT))
    if tp.open_cohort_warning(v.date_to, v.data_date, 365):
        st.caption(t("tipoffs_periods_open", L))
