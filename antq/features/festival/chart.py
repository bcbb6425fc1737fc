"""Ngày hội's questions, URL rules and main chart (the map of a year), built without Streamlit: the
page and `python -m antq export "/festival?..."` both call `map_chart` on the answers of `questions`."""
from __future__ import annotations

import pandas as pd

from antq.data.questions import Ask, answer
from antq.features.festival import figures as cf
from antq.figures import geo
from antq.figures.chart import Chart
from antq.i18n import t
from antq.view.model import OPEN_START, BadParam, View, read_params

LEVEL_SLUGS = dict(zip(("tinh", "huyen", "xa", "thon"), cf.LEVELS))
URL_PARAMS = ("year", "metric", "levels", "showcase", "commune")  # every URL parameter of the page
SHOWN_SITES = 1000  # rows of the sites list drawn on the page; the CSV has them all


def sites_ask(v: View, year: int, commune: str, levels: list[str], showcase: bool, limit: int | None) -> Ask:
    """The sites behind a number (at most `limit` rows; None = all, for the CSV)."""
    return Ask("festival_sites_list", v.params(year=year, commune=commune or None, levels=levels,
                                               showcase_only=showcase, limit=limit))


def questions(v: View, year: int | None = None, picked: tuple | None = None) -> dict[str, Ask]:
    """The page's questions: the years held (national totals by year: the same on both maps, every row
    lands once on each, so one answer serves both) and the scope's own summary by year; with a year,
    its figures by area; with the sites list's choices (commune, levels, showcase), its first rows."""
    whole = {"date_from": OPEN_START, "date_to": v.data_date}
    asks = {"national": Ask("festival_year_summary", v.params(province=None, map="2025", **whole))}
    if v.province:
        asks["summary"] = Ask("festival_year_summary", v.params(**whole))
    if year is not None:
        asks["by_area"] = Ask("festival_by_area", v.params(year=year))
    if year is not None and picked is not None:
        asks["sites"] = sites_ask(v, year, *picked, limit=SHOWN_SITES)
    return asks


def scope_summary(answers) -> pd.DataFrame:
    """The year-by-year summary of the scope (the national one when no province is chosen)."""
    return answers["summary"] if "summary" in answers else answers["national"]


def years_held(national: pd.DataFrame) -> list[int]:
    return [int(y) for y in national.loc[national["sites"] > 0, "year"]]


def parse_year(raw: str | None, years: list[int]) -> int | None:
    return int(raw) if raw and raw.isdigit() and int(raw) in years else None


def parse_metric(raw: str | None) -> str | None:
    return raw if raw in cf.METRICS else None


def parse_levels(raw: str | None) -> list[str] | None:
    return [LEVEL_SLUGS[x] for x in (raw or "").split(",") if x in LEVEL_SLUGS] or None


def parse_showcase(raw: str | None) -> bool | None:
    return {"1": True, "0": False}.get(raw or "")


def by_area(v: View, answers) -> pd.DataFrame:
    """The year by area with rates, and the communes held written 'n / total' for the hover text."""
    df = cf.with_rates(answers["by_area"])
    df["communes_text"] = cf.numbers(df["communes_held"], 0, v.lang) + " / " + cf.numbers(df["communes_total"], 0, v.lang)
    return df


def map_title(v: View, year: int, metric: str) -> str:
    return t("festival_map_title", v.lang, year=year, metric=t(f"festival_m_{metric}", v.lang), scope=v.scope_name())


def map_figure(data: pd.DataFrame, level: str, map_: str, province: str | None, metric: str, lang: str, title: str):
    shape, bounds = geo.geojson(level, map_, province)
    return cf.area_map(data, shape, metric=metric, lang=lang, bounds=bounds if province else None, title=title)


def map_data(df: pd.DataFrame, metric: str, level: str, lang: str) -> pd.DataFrame:
    cols = {"area_code": t("export_col_code", lang), "area_name": t(level, lang), metric: t(f"festival_m_{metric}", lang),
            "sites": t("festival_sites", lang), "showcase_sites": t("festival_showcase", lang),
            "participants": t("festival_participants", lang), "population": t("festival_hover_population", lang),
            "communes_held": t("festival_hover_communes", lang), "communes_total": t("export_col_communes", lang)}
    return df[[c for c in cols if c in df.columns]].rename(columns=cols)


def map_chart(v: View, year: int, metric: str, data: pd.DataFrame, figure=map_figure) -> Chart:
    """The map of a year's festival (`data`: `by_area`): `metric` by province, or by commune inside a
    province. `figure` lets the page build the map through its cache (same arguments, same figure)."""
    level = v.level
    title = map_title(v, year, metric)
    fig = figure(data, level, v.map, v.province, metric, v.lang, title)
    return Chart(fig=fig, data=map_data(data, metric, level, v.lang), title=title, source=t("festival_source", v.lang),
                 filters=[], period=t("export_year", v.lang, year=year))


def main_chart(v: View, params: dict[str, str]) -> Chart:
    years = years_held(answer(questions(v), only=("national",))["national"])
    if not years:
        raise BadParam("year", params.get("year", ""), t("festival_no_year", "vi"))
    p = read_params(params, {"year": (lambda r: parse_year(r, years), cf.default_year(years, v.date_to.year)),
                             "metric": (parse_metric, cf.METRICS[0])})
    return map_chart(v, p["year"], p["metric"], by_area(v, answer(questions(v, p["year"]), only=("by_area",))))
