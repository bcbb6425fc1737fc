"""So sánh địa phương's questions, URL rules and main chart (the map of one figure with the chosen
provinces outlined), built without Streamlit: the page and `python -m antq export "/compare?..."` both
call `map_chart` on the answers of `questions`."""
from __future__ import annotations

import pandas as pd

from antq import fmt
from antq.data import db
from antq.data.questions import Ask, answer
from antq.features.compare import state as cs
from antq.features.overview import comparison as cmp
from antq.features.overview import figures as co
from antq.features.overview import metrics as cm
from antq.figures import charts, geo
from antq.figures.chart import Chart
from antq.i18n import t
from antq.view.model import View, read_params, period_start_of

DOMAINS = ("models", "tips", "festival", "activities")
NATIONAL = ("provinces", *DOMAINS)  # needed before any control is read
PARAMS = {"provinces": (cs.parse_codes, []), "peer": (cs.parse_peer, ""),
          "norm": (lambda x: x if x in cm.BASES else None, "capita"),
          "metric": (lambda x: x if x in cm.METRICS else None, "tips")}
URL_PARAMS = (*PARAMS, "inside")  # every URL parameter of the page


def trend_queries(metric: str) -> tuple[str, ...]:
    """The monthly series a figure's trend is computed from (the first one, then those merged into it)."""
    return (f"compare_{cm.METRICS[metric].domain}_by_province_month", *cmp.TREND_EXTRA.get(metric, ()))


def questions(v: View, metric: str | None = None, inside: str | None = None) -> dict[str, Ask]:
    """The page's questions: every figure by province of the map with their population (national,
    whatever is chosen); with a figure, its monthly series over the trend's window; with a province
    shown inside, every figure by its communes with their population."""
    base = v.params(as_of=v.date_to, safety_year=v.safety_year)
    asks = {"provinces": Ask("compare_province_population", base)}
    asks |= {d: Ask(f"overview_{d}_by_area", {**base, "province": None}) for d in DOMAINS}
    if metric:
        query_from = cmp.trend_window(v.date_from, v.date_to, period_start_of(v.snapshot))[1]
        asks |= {f"trend_{i}": Ask(name, {**base, "date_from": query_from}) for i, name in enumerate(trend_queries(metric))}
    if inside:
        asks |= {f"inside_{d}": Ask(f"overview_{d}_by_area", {**base, "province": inside}) for d in DOMAINS}
        asks["inside_population"] = Ask("compare_commune_population", {**base, "province": inside})
    return asks


def later(asks: dict[str, Ask]) -> tuple[str, ...]:
    """The questions that follow the controls (asked once they are known)."""
    return tuple(k for k in asks if k not in NATIONAL)


def carry(v: View, code: str) -> str | None:
    """A province code of the other map carried to the map in view where it has one successor."""
    other = db.run("province_on_other_map", **v.params(province=code, from_map="2024" if v.map == "2025" else "2025",
                                                         to_map=v.map))
    return other["province_code"].iloc[0] if len(other) == 1 else None


def area_table(answers, prefix: str = "", population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every figure by area: by province of the map in view (the side-by-side table, the index chart
    and the map), or with prefix "inside_" by commune of the province shown."""
    return cm.area_table(*[answers[prefix + d] for d in DOMAINS], population=population)


def trend(answers, metric: str) -> pd.DataFrame:
    """The monthly series of a figure by province (the extra series merged on province and month)."""
    first, *extras = [answers[f"trend_{i}"] for i in range(len(trend_queries(metric)))]
    for extra in extras:
        first = first.merge(extra, on=["province_code", "month"], how="left")
    return first


def map_chart(v: View, table: pd.DataFrame, chosen: list[str], basis: str, metric: str, names: dict[str, str]) -> Chart:
    L = v.lang
    label, m = cm.metric_label(metric, basis, L), cm.METRICS[metric]
    shape, _ = geo.geojson("province", v.map)
    fig = charts.choropleth(
        table.assign(value=cm.values(table, metric, basis), count=table[m.num]), shape, code_col="area_code",
        name_col="area_name", value_col="value", value_label=label, lang=L, value_format=lambda x: cm.format_value(metric, x, L),
        hover_cols=[("count", t("overview_col_count", L), lambda x: fmt.number(x, 0, L))],
        height=560)
    fig = co.outline(co.legend_beside(fig), shape, chosen)
    data = pd.DataFrame({t("export_col_code", L): table["area_code"], t("province", L): table["area_name"],
                         label: cm.values(table, metric, basis), t("overview_col_count", L): table[m.num],
                         t("export_chosen", L): table["area_code"].isin(chosen)})
    chosen_words = ", ".join(names.get(c, c) for c in chosen)
    return Chart(fig=fig, data=data, title=t("export_title_by_area", L, label=label, level=t("province", L).lower()),
                 filters=[f"{t('export_chosen', L)}: {chosen_words}" if chosen else ""])


def main_chart(v: View, params: dict[str, str]) -> Chart:
    p = read_params(params, PARAMS)
    answers = answer(questions(v))
    prov = answers["provinces"]
    names = dict(zip(prov["province_code"], prov["province_name"]))
    chosen, _ = cs.settle_codes(p["provinces"] or ([v.province] if v.province else []), p["peer"], set(names),
                                lambda c: carry(v, c), prov)
    table = area_table(answers, population=prov.rename(columns={"province_code": "area_code"}))
    return map_chart(v, table, chosen, p["norm"], p["metric"], names)
