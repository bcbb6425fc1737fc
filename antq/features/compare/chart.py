"""So sánh địa phương's main chart, the map of one figure with the chosen provinces outlined, built
without Streamlit (antq/features/compare/page.py and `python -m antq export "/compare?..."` both call `map_chart`),
with the page's URL rules."""
from __future__ import annotations

import pandas as pd

from antq.figures import charts, geo

from antq.data import db

from antq import fmt
from antq.features.overview import figures as co
from antq.features.compare import state as cs
from antq.i18n import t
from antq.view.state import View
from antq.view.views import Chart, read_params

AREA_QUERIES = [f"overview_{d}_by_area" for d in ("models", "tips", "festival", "activities")]
PARAMS = {"provinces": (cs.parse_codes, []), "peer": (cs.parse_peer, ""),
          "norm": (lambda x: x if x in co.BASES else None, "capita"),
          "metric": (lambda x: x if x in co.METRICS else None, "tips")}
URL_PARAMS = (*PARAMS, "inside")  # every URL parameter of the page


def query(v: View, name: str, **kw) -> pd.DataFrame:
    return db.run(name, **v.params(**{"as_of": v.date_to, "safety_year": co.safety_year_for(v.date_to), **kw}))


def provinces(v: View) -> pd.DataFrame:
    return query(v, "compare_province_population")


def carry(v: View, code: str) -> str | None:
    """A province code of the other map carried to the map in view where it has one successor."""
    other = db.run("province_on_other_map", **v.params(province=code, from_map="2024" if v.map == "2025" else "2025",
                                                         to_map=v.map))
    return other["province_code"].iloc[0] if len(other) == 1 else None


def area_table(v: View, prov: pd.DataFrame) -> pd.DataFrame:
    """Every figure by province of the map in view (the side-by-side table, the index chart and the map)."""
    return co.area_table(*[query(v, name, province=None) for name in AREA_QUERIES],
                         population=prov.rename(columns={"province_code": "area_code"}))


def map_chart(v: View, table: pd.DataFrame, chosen: list[str], basis: str, metric: str, names: dict[str, str]) -> Chart:
    L = v.lang
    label, m = co.metric_label(metric, basis, L), co.METRICS[metric]
    shape, _ = geo.geojson("province", v.map)
    fig = charts.choropleth(
        table.assign(value=co.values(table, metric, basis), count=table[m.num]), shape, code_col="area_code",
        name_col="area_name", value_col="value", value_label=label, lang=L, value_format=lambda x: co.format_value(metric, x, L),
        hover_cols=[("count", t("overview_col_count", L), lambda x: fmt.number(x, 0, L))],
        height=560)
    fig = co.outline(co.legend_beside(fig, width_px=560), shape, chosen)
    data = pd.DataFrame({t("export_col_code", L): table["area_code"], t("province", L): table["area_name"],
                         label: co.values(table, metric, basis), t("overview_col_count", L): table[m.num],
                         t("export_chosen", L): table["area_code"].isin(chosen)})
    chosen_words = ", ".join(names.get(c, c) for c in chosen)
    return Chart(fig=fig, data=data, title=t("export_title_by_area", L, label=label, level=t("province", L).lower()),
                 filters=[f"{t('export_chosen', L)}: {chosen_words}" if chosen else ""])


def main_chart(v: View, params: dict[str, str]) -> Chart:
    p = read_params(params, PARAMS)
    prov = provinces(v)
    names = dict(zip(prov["province_code"], prov["province_name"]))
    chosen, _ = cs.settle_codes(p["provinces"] or ([v.province] if v.province else []), p["peer"], set(names),
                                lambda c: carry(v, c), prov)
    return map_chart(v, area_table(v, prov), chosen, p["norm"], p["metric"], names)
