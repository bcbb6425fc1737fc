"""Tin báo → phá án's charts built without Streamlit: the main chart of each section (the funnel, the
cohorts, conversion by channel, the map of conversion by area, this period against last year), called
by antq/features/tipoffs/page.py and by `python -m antq export "/tipoffs?section=..."`, with the page's URL rules."""
from __future__ import annotations

import pandas as pd

from antq.figures import charts, geo

from antq.data import db

from antq import fmt
from antq.features.tipoffs import figures as ct
from antq.i18n import t
from antq.view.state import View
from antq.view.views import Chart, map_words, period_words, read_params, table_figure

CONTROLS = {  # widget key: (URL name, options, default)
    "tipoffs_section": ("section", ("funnel", "cohorts", "where", "works", "periods"), "funnel"),
    "tipoffs_grain": ("grain", ("month", "quarter", "year"), "month"),
    "tipoffs_metric": ("metric", ("conversion", "valuable", "solved_of_valuable", "per100k"), "conversion"),
}
PARAMS = {name: ((lambda s, o=options: s if s in o else None), default) for name, options, default in CONTROLS.values()}
URL_PARAMS = tuple(PARAMS)  # every URL parameter of the page


def title(v: View, key: str, **kw) -> str:
    """A chart's title with the scope, period and map on a second, smaller line."""
    return f"{t(key, v.lang, **kw)}<br><sup>{v.scope_name()} · {period_words(v)} · {map_words(v)}</sup>"


def footer(v: View) -> str:
    L = v.lang
    sim = t("tipoffs_simulated", L) if v.snapshot.simulated else None
    return t("source_footer", L, src=t("tipoffs_source", L), id=v.snapshot.id, d=fmt.date(v.data_date, L)) + (f" · {sim}" if sim else "")


def _chart(v: View, fig, data, key: str, filters=(), **kw) -> Chart:
    return Chart(fig=fig, data=data, title=t(key, v.lang, **kw), filters=list(filters), source=t("tipoffs_source", v.lang))


def funnel_chart(v: View) -> Chart:
    """The cohort funnel of the period; extra: f (tip_funnel row), steps."""
    f = db.run("tip_funnel", **v.params()).iloc[0]
    steps = ct.funnel_steps(f, v.lang)
    fig = ct.funnel_figure(steps, lang=v.lang, title=title(v, "tipoffs_funnel_title"), footer=footer(v))
    data = steps[["label", "count", "rate", "basis"]].rename(columns={"label": t("tipoffs_col_metric", v.lang)})
    c = _chart(v, fig, data, "tipoffs_funnel_title")
    c.extra.update(f=f, steps=steps)
    return c


def grain_words(v: View, grain: str) -> str:
    return f"{t('tipoffs_grain', v.lang)}: {t(f'tipoffs_grain_{grain}', v.lang).lower()}"


def cohorts(v: View, grain: str) -> pd.DataFrame:
    return db.run("tipoffs_cohorts", **v.params(grain=grain, data_date=v.data_date))


def cohort_chart(v: View, grain: str, cube: pd.DataFrame | None = None) -> Chart:
    """Share of tips leading to a solved case by cohort; extra: cube, roll."""
    cube = cohorts(v, grain) if cube is None else cube
    roll = ct.cohort_rollup(cube)
    fig = ct.cohort_figure(roll, grain=grain, lang=v.lang, title=title(v, "tipoffs_cohort_title"), footer=footer(v))
    c = _chart(v, fig, roll, "tipoffs_cohort_title", [grain_words(v, grain)])
    c.extra.update(cube=cube, roll=roll)
    return c


def breakdown_chart(v: View, grain: str, by: str, cube: pd.DataFrame | None = None) -> Chart:
    """Conversion by channel or by category against the selection's rate; extra: b (the breakdown)."""
    cube = cohorts(v, grain) if cube is None else cube
    overall = ct.breakdown(cube.assign(all=""), "all")["conversion"].iloc[0] if len(cube) else None
    b = ct.breakdown(cube, by)
    fig = ct.breakdown_figure(b, by, national_rate=overall, lang=v.lang, footer=footer(v),
                              title=title(v, f"tipoffs_by_{by}_title"))
    c = _chart(v, fig, b, f"tipoffs_by_{by}_title")
    c.extra.update(b=b, cube=cube)
    return c


def where_chart(v: View, metric: str) -> Chart:
    """The map of a conversion rate (or tips per 100,000 residents) by province, or by commune inside a
    province; extra: rates, level, label, basis (population bases), no_commune_population."""
    L = v.lang
    level = "commune" if v.province else "province"
    areas = db.run("tipoffs_conversion_by_area", **v.params())
    pop, basis, no_pop = None, areas["population_basis"].dropna().unique().tolist(), False
    if metric == "per100k" and level == "commune":
        if "commune_population" in v.snapshot.manifest["tables"]:
            pop = db.run("tipoffs_commune_population", **v.params())
            basis = pop["basis"].dropna().unique().tolist()
        else:
            no_pop = True
    rates = ct.area_rates(areas, metric, pop)
    label = t(f"tipoffs_metric_{metric}", L)
    value_format = (lambda x: fmt.number(x, 0, L)) if metric == "per100k" else (lambda x: fmt.percent(x, 1, L))
    shape, bounds = geo.geojson(level, v.map, v.province)
    hover = [("tips", t("tipoffs_col_tips", L), lambda x: fmt.number(x, 0, L)),
             ("solved", t("tipoffs_col_solved", L), lambda x: fmt.number(x, 0, L))]
    if metric != "per100k":
        hover.append(("flag", t("tipoffs_col_verdict", L), lambda x: ct.flag_words(x, L)))
    lvl = t(f"tipoffs_level_{level}", L).lower()
    fig = charts.choropleth(rates, shape, code_col="area_code", name_col="area_name", value_col="rate", value_label=label,
                            lang=L, value_format=value_format, hover_cols=hover, national=not v.province,
                            bounds=bounds if v.province else None,
                            title=title(v, "tipoffs_map_title", m=label, lvl=lvl))
    data = pd.DataFrame({t("export_col_code", L): rates["area_code"], t(level, L): rates["area_name"], label: rates["rate"],
                         t("tipoffs_col_tips", L): rates["tips"], t("tipoffs_col_solved", L): rates["solved"]})
    if metric != "per100k":
        data[t("tipoffs_col_verdict", L)] = rates["flag"].map(lambda x: ct.flag_words(x, L))
    c = _chart(v, fig, data, "tipoffs_map_title", m=label, lvl=lvl)
    c.extra.update(rates=rates, level=level, label=label, basis=basis, no_commune_population=no_pop)
    return c


def periods_chart(v: View) -> Chart:
    """This period against the same period last year: a table (as a figure for an export); extra:
    display (the table the page shows)."""
    L = v.lang
    ly_from, ly_to = v.last_year()
    now = db.run("tipoffs_period_summary", **v.params()).iloc[0]
    last = db.run("tipoffs_period_summary", **v.params(**{"from": ly_from, "to": ly_to})).iloc[0]
    display = ct.compare_display(ct.compare_table(now, last, L), L, now_label=t("tipoffs_now", L, p=period_words(v)),
                                 last_label=t("tipoffs_last", L, p=ct.period_words(ly_from, ly_to, L)))
    c = _chart(v, table_figure(display, L), display, "tipoffs_periods_title")
    c.extra.update(display=display)
    return c


def main_chart(v: View, params: dict[str, str]) -> Chart:
    p = read_params(params, PARAMS)
    section = p["section"]
    if section == "funnel":
        return funnel_chart(v)
    if section == "cohorts":
        return cohort_chart(v, p["grain"])
    if section == "works":
        return breakdown_chart(v, p["grain"], "channel")
    if section == "where":
        return where_chart(v, p["metric"])
    return periods_chart(v)
