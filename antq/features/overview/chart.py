"""Tổng quan's questions and its main chart, the map of one figure, built without Streamlit (the page
and `python -m antq export "/overview?..."` both call `map_chart` on the answers of `questions`)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from antq import fmt
from antq.data import db
from antq.data.questions import Ask, answer
from antq.features.overview import compstat
from antq.features.overview import figures as co
from antq.features.overview import metrics as cm
from antq.figures import charts, geo
from antq.figures.chart import Chart
from antq.i18n import t
from antq.view.model import View, read_params

DEFAULT_METRIC = "tips"
HEADLINE = ("model_communes_covered", "models_effective", "tip_funnel", "festival_year_summary", "activities_totals")
MAP = ("models", "tips", "festival", "activities", "population")


def parse_metric(raw: str | None) -> str | None:
    return raw if raw in cm.METRICS else None


PARAMS = {"metric": (parse_metric, DEFAULT_METRIC)}
URL_PARAMS = tuple(PARAMS)  # every URL parameter of the page


def questions(v: View) -> dict[str, Ask]:
    """Every question of the page: the map's figures by area (asked first: the map waits for them), the
    headline figures now and a year earlier (when the snapshot covers it), and the safety assessment.
    All types of model; stock figures at the period's end."""
    base = v.params(model_types=[], as_of=v.date_to, safety_year=v.safety_year)
    asks = {d: Ask(f"overview_{d}_by_area", base) for d in MAP[:-1]}
    asks["population"] = Ask("compare_commune_population" if v.province else "compare_province_population", base)
    asks |= {name: Ask(name, base) for name in HEADLINE}
    asks["safety"] = Ask("safety_share_by_year", {**base, "date_from": dt.date(v.safety_year - 1, 12, 1),
                                                 "date_to": dt.date(v.safety_year, 12, 31)})
    if v.has_last_year():
        ly_from, ly_to = v.last_year()
        asks |= {f"{name}_ly": Ask(name, {**base, "date_from": ly_from, "date_to": ly_to, "as_of": ly_to})
                 for name in HEADLINE}
    return asks


def headlines(v: View, answers) -> pd.DataFrame:
    """The headline figures with their change against a year earlier (antq/features/overview/compstat.py)."""
    a = {name: answers[name] for name in HEADLINE}
    ly = {name: answers.get(f"{name}_ly") for name in HEADLINE}
    return compstat.headlines(
        covered=a["model_communes_covered"], covered_ly=ly["model_communes_covered"],
        effective=a["models_effective"], effective_ly=ly["models_effective"],
        funnel=a["tip_funnel"], funnel_ly=ly["tip_funnel"],
        festival=a["festival_year_summary"], festival_ly=ly["festival_year_summary"],
        activities=a["activities_totals"], activities_ly=ly["activities_totals"],
        safety=answers["safety"], safety_year=v.safety_year, has_base=v.has_last_year())


def map_chart(v: View, metric: str, answers) -> Chart:
    """The figure by area (provinces, or the communes of the province in view), legend beside the map.
    `extra`: area (the per-area table), key (the figure shown: communes show active sites for coverage),
    basis ('capita'|'commune'), label, no_commune_population."""
    L = v.lang
    parts = [answers[d] for d in MAP[:-1]]
    no_pop = False
    try:
        pop = answers["population"]
    except db.QueryError:  # a snapshot without the communes' population: counts per commune instead
        pop, no_pop = None, True
    if pop is not None and not v.province:
        pop = pop.rename(columns={"province_code": "area_code"})
    area = cm.area_table(*parts, population=pop)
    basis = "capita" if pop is not None and area["population"].notna().any() else "commune"
    key = "active_sites" if v.province and metric == "coverage" else metric
    label = cm.metric_label(key, basis, L)
    area["value"], area["count"] = cm.values(area, key, basis), area[cm.METRICS[key].num]
    shape, bounds = geo.geojson(v.level, v.map, v.province)
    fig = charts.choropleth(
        area, shape, code_col="area_code", name_col="area_name", value_col="value", value_label=label, lang=L,
        value_format=lambda x: cm.format_value(key, x, L),
        hover_cols=[("count", t("overview_col_count", L), lambda x: fmt.number(x, 0, L))],
        palette=charts.SEQUENTIAL, national=not v.province, bounds=bounds if v.province else None, height=600)
    fig = co.legend_beside(fig, bounds=bounds if v.province else None)
    level = t(v.level, L)
    data = pd.DataFrame({t("export_col_code", L): area["area_code"], level: area["area_name"], label: area["value"],
                         t("overview_col_count", L): area["count"]})
    if basis == "capita":
        data[t("export_col_population", L)] = area["population"]
    return Chart(fig=fig, data=data, title=t("export_title_by_area", L, label=label, level=level.lower()),
                 filters=[], extra={"area": area, "key": key, "basis": basis, "label": label, "no_commune_population": no_pop,
                                    "bounds": bounds})


def extremes_chart(v: View, m: Chart) -> Chart | None:
    """The areas furthest above and below the overall level (from the map's table), or None."""
    L, key, basis = v.lang, m.extra["key"], m.extra["basis"]
    ext = cm.extremes(m.extra["area"], key, basis)
    if not len(ext):
        return None
    level = t("overview_level_province" if v.province else "overview_level_national", L)
    data = pd.DataFrame({t("overview_col_area", L): ext["area_name"], m.extra["label"]: ext["value"],
                         t("overview_col_count", L): ext["count"], t("overview_col_gap", L): ext["gap"]})
    return Chart(fig=co.deviation_bars(ext, key, L), data=data, title=t("overview_extremes", L, level=level),
                 filters=[m.extra["label"]], extra={"ext": ext})


def main_chart(v: View, params: dict[str, str]) -> Chart:
    p = read_params(params, PARAMS)
    return map_chart(v, p["metric"], answer(questions(v), only=MAP))

