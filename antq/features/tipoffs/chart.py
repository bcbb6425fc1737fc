"""Tin báo → phá án's questions, URL rules and charts, built without Streamlit: the main chart of each
section (the funnel, the cohorts, conversion by channel, the map of conversion by area, this period
against last year), called by the page and by `python -m antq export "/tipoffs?section=..."` on the
answers of `questions`."""
from __future__ import annotations

import pandas as pd

from antq import fmt
from antq.data.questions import Ask, answer
from antq.figures import charts, geo
from antq.features.tipoffs import cohorts as tc
from antq.features.tipoffs import figures as ct
from antq.features.tipoffs import funnel_plot as tf
from antq.features.tipoffs import periods as tp
from antq.i18n import t
from antq.figures.chart import Chart, map_words, period_words, table_figure
from antq.view.model import View, read_params

CONTROLS = {  # widget key: (URL name, options, default)
    "tipoffs_section": ("section", ("funnel", "cohorts", "where", "works", "periods"), "funnel"),
    "tipoffs_grain": ("grain", ("month", "quarter", "year"), "month"),
    "tipoffs_metric": ("metric", ("conversion", "valuable", "solved_of_valuable", "per100k"), "conversion"),
}
PARAMS = {name: ((lambda s, o=options: s if s in o else None), default) for name, options, default in CONTROLS.values()}
URL_PARAMS = tuple(PARAMS)  # every URL parameter of the page


def questions(v: View, section: str, grain: str, metric: str) -> dict[str, Ask]:
    """The questions of the section shown (each section asks only its own, so a period change stays
    fast): the funnel with the cases solved in the period; the cohorts (and the scope's population for
    what works); conversion by area (and the communes' population for tips per 100,000); this period
    and the same period last year."""
    p = v.params()
    if section == "funnel":
        return {"funnel": Ask("tip_funnel", p), "solved_in_period": Ask("cases_solved_in_period", p)}
    if section in ("cohorts", "works"):
        asks = {"cohorts": Ask("tipoffs_cohorts", v.params(grain=grain, data_date=v.data_date))}
        return asks | ({"population": Ask("tipoffs_scope_population", p)} if section == "works" else {})
    if section == "where":
        asks = {"areas": Ask("tipoffs_conversion_by_area", p)}
        if metric == "per100k" and v.province and "commune_population" in v.snapshot.manifest["tables"]:
            asks["population"] = Ask("tipoffs_commune_population", p)
        return asks
    ly_from, ly_to = v.last_year()
    return {"now": Ask("tipoffs_period_summary", p), "last": Ask("tipoffs_period_summary", v.params(date_from=ly_from, date_to=ly_to))}


def title(v: View, key: str, **kw) -> str:
    """A chart's title with the scope, period and map on a second, smaller line."""
    return f"{t(key, v.lang, **kw)}<br><sup>{v.scope_name()} · {period_words(v)} · {map_words(v)}</sup>"


def footer(v: View) -> str:
    L = v.lang
    sim = t("tipoffs_simulated", L) if v.snapshot.simulated else None
    return t("source_footer", L, src=t("tipoffs_source", L), id=v.snapshot.id, d=fmt.date(v.data_date, L)) + (f" · {sim}" if sim else "")


def _chart(v: View, fig, data, key: str, filters=(), **kw) -> Chart:
    return Chart(fig=fig, data=data, title=t(key, v.lang, **kw), filters=list(filters), source=t("tipoffs_source", v.lang))


def funnel_chart(v: View, answers) -> Chart:
    """The cohort funnel of the period; extra: f (tip_funnel row), steps."""
    f = answers["funnel"].iloc[0]
    steps = tc.funnel_steps(f, v.lang)
    fig = ct.funnel_figure(steps, lang=v.lang, title=title(v, "tipoffs_funnel_title"), footer=footer(v))
    data = steps[["label", "count", "rate", "basis"]].rename(columns={"label": t("tipoffs_col_metric", v.lang)})
    c = _chart(v, fig, data, "tipoffs_funnel_title")
    c.extra.update(f=f, steps=steps)
    return c


def grain_words(v: View, grain: str) -> str:
    return f"{t('tipoffs_grain', v.lang)}: {t(f'tipoffs_grain_{grain}', v.lang).lower()}"


def cohort_chart(v: View, grain: str, cube: pd.DataFrame) -> Chart:
    """Share of tips leading to a solved case by cohort (`cube`: the cohorts' answer); extra: cube, roll."""
    roll = tc.cohort_rollup(cube)
    fig = ct.cohort_figure(roll, grain=grain, lang=v.lang, title=title(v, "tipoffs_cohort_title"), footer=footer(v))
    c = _chart(v, fig, roll, "tipoffs_cohort_title", [grain_words(v, grain)])
    c.extra.update(cube=cube, roll=roll)
    return c


def breakdown_chart(v: View, by: str, cube: pd.DataFrame) -> Chart:
    """Conversion by channel or by category against the selection's rate; extra: b (the breakdown)."""
    overall = tc.breakdown(cube.assign(all=""), "all")["conversion"].iloc[0] if len(cube) else None
    b = tc.breakdown(cube, by)
    fig = ct.breakdown_figure(b, by, national_rate=overall, lang=v.lang, footer=footer(v),
                              title=title(v, f"tipoffs_by_{by}_title"))
    c = _chart(v, fig, b, f"tipoffs_by_{by}_title")
    c.extra.update(b=b, cube=cube)
    return c


def where_chart(v: View, metric: str, answers) -> Chart:
    """The map of a conversion rate (or tips per 100,000 residents) by province, or by commune inside a
    province; extra: rates, level, label, basis (population bases), no_commune_population."""
    L = v.lang
    level = v.level
    areas = answers["areas"]
    pop, basis = answers.get("population"), areas["population_basis"].dropna().unique().tolist()
    no_pop = metric == "per100k" and level == "commune" and pop is None
    if pop is not None:
        basis = pop["basis"].dropna().unique().tolist()
    rates = tf.area_rates(areas, metric, pop)
    label = t(f"tipoffs_metric_{metric}", L)
    value_format = (lambda x: fmt.number(x, 0, L)) if metric == "per100k" else (lambda x: fmt.percent(x, 1, L))
    shape, bounds = geo.geojson(level, v.map, v.province)
    hover = [("tips", t("tipoffs_col_tips", L), lambda x: fmt.number(x, 0, L)),
             ("solved", t("tipoffs_col_solved", L), lambda x: fmt.number(x, 0, L))]
    if metric != "per100k":
        hover.append(("flag", t("tipoffs_col_verdict", L), lambda x: tf.flag_words(x, L)))
    lvl = t(f"tipoffs_level_{level}", L).lower()
    fig = charts.choropleth(rates, shape, code_col="area_code", name_col="area_name", value_col="rate", value_label=label,
                            lang=L, value_format=value_format, hover_cols=hover, national=not v.province,
                            bounds=bounds if v.province else None,
                            title=title(v, "tipoffs_map_title", m=label, lvl=lvl))
    data = pd.DataFrame({t("export_col_code", L): rates["area_code"], t(level, L): rates["area_name"], label: rates["rate"],
                         t("tipoffs_col_tips", L): rates["tips"], t("tipoffs_col_solved", L): rates["solved"]})
    if metric != "per100k":
        data[t("tipoffs_col_verdict", L)] = rates["flag"].map(lambda x: tf.flag_words(x, L))
    c = _chart(v, fig, data, "tipoffs_map_title", m=label, lvl=lvl)
    c.extra.update(rates=rates, level=level, label=label, basis=basis, no_commune_population=no_pop)
    return c


def periods_chart(v: View, answers) -> Chart:
    """This period against the same period last year: a table (as a figure for an export); extra:
    display (the table the page shows)."""
    L = v.lang
    ly_from, ly_to = v.last_year()
    now, last = answers["now"].iloc[0], answers["last"].iloc[0]
    display = tp.compare_display(tp.compare_table(now, last, L), L, now_label=t("tipoffs_now", L, p=period_words(v)),
                                 last_label=t("tipoffs_last", L, p=tp.period_words(ly_from, ly_to, L)))
    c = _chart(v, table_figure(display, L), display, "tipoffs_periods_title")
    c.extra.update(display=display)
    return c


def main_chart(v: View, params: dict[str, str]) -> Chart:
    p = read_params(params, PARAMS)
    section = p["section"]
    answers = answer(questions(v, section, p["grain"], p["metric"]))
    if section == "funnel":
        return funnel_chart(v, answers)
    if section == "cohorts":
        return cohort_chart(v, p["grain"], answers["cohorts"])
    if section == "works":
        return breakdown_chart(v, "channel", answers["cohorts"])
    if section == "where":
        return where_chart(v, p["metric"], answers)
    return periods_chart(v, answers)
