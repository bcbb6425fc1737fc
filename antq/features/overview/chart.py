"""Tổng quan's main chart, the map of one figure, built without Streamlit (antq/features/overview/page.py and
`python -m antq export "/overview?..."` both call `map_chart`)."""
from __future__ import annotations

import pandas as pd

from antq.figures import charts, geo

from antq.data import db

from antq import fmt
from antq.features.overview import figures as co
from antq.i18n import t
from antq.view.state import View
from antq.view.views import Chart, read_params

DEFAULT_METRIC = "tips"


def parse_metric(raw: str | None) -> str | None:
    return raw if raw in co.METRICS else None


PARAMS = {"metric": (parse_metric, DEFAULT_METRIC)}
URL_PARAMS = tuple(PARAMS)  # every URL parameter of the page


def query(v: View, name: str, **kw) -> pd.DataFrame:
    """The page's queries with their shared extra parameters (all types, stock figures at the period's end)."""
    year = co.safety_year_for(v.date_to)
    return db.run(name, **v.params(**{"model_types": [], "as_of": v.date_to, "safety_year": year, **kw}))


def map_chart(v: View, metric: str) -> Chart:
    """The figure by area (provinces, or the communes of the province in view), legend beside the map.
    `extra`: area (the per-area table), key (the figure shown: communes show active sites for coverage),
    basis ('capita'|'commune'), label, no_commune_population."""
    L = v.lang
    parts = [query(v, f"overview_{d}_by_area") for d in ("models", "tips", "festival", "activities")]
    no_pop = False
    if v.province:
        try:
            pop = query(v, "compare_commune_population")
        except db.QueryError:
            pop, no_pop = None, True
    else:
        pop = query(v, "compare_province_population").rename(columns={"province_code": "area_code"})
    area = co.area_table(*parts, population=pop)
    basis = "capita" if pop is not None and area["population"].notna().any() else "commune"
    key = "active_sites" if v.province and metric == "coverage" else metric
    label = co.metric_label(key, basis, L)
    area["value"], area["count"] = co.values(area, key, basis), area[co.METRICS[key].num]
    shape, bounds = geo.geojson("commune" if v.province else "province", v.map, v.province)
    fig = charts.choropleth(
        area, shape, code_col="area_code", name_col="area_name", value_col="value", value_label=label, lang=L,
        value_format=lambda x: co.format_value(key, x, L),
        hover_cols=[("count", t("overview_col_count", L), lambda x: fmt.number(x, 0, L))],
        palette=charts.SEQUENTIAL, national=not v.province, bounds=bounds if v.province else None, height=600)
    fig = co.legend_beside(fig, width_px=620, bounds=bounds if v.province else None)
    level = t("commune" if v.province else "province", L)
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
    ext = co.extremes(m.extra["area"], key, basis)
    if not len(ext):
        return None
    level = t("overview_level_province" if v.province else "overview_level_national", L)
    data = pd.DataFrame({t("overview_col_area", L): ext["area_name"], m.extra["label"]: ext["value"],
                         t("overview_col_count", L): ext["count"], t("overview_col_gap", L): ext["gap"]})
    return Chart(fig=co.deviation_bars(ext, key, L), data=data, title=t("overview_extremes", L, level=level),
                 filters=[m.extra["label"]], extra={"ext": ext})


def main_chart(v: View, params: dict[str, str]) -> Chart:
    p = read_params(params, PARAMS)
    return map_chart(v, p["metric"])

