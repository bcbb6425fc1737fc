"""Ngày hội's main chart, the map of a year, built without Streamlit (antq/features/festival/page.py and
`python -m antq export "/festival?..."` both call `map_chart`), with the page's URL rules."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from antq.data import db

from antq.figures import geo
from antq.features.festival import figures as cf
from antq.i18n import t
from antq.view.state import View
from antq.view.views import BadParam, Chart, read_params

LEVEL_SLUGS = dict(zip(("tinh", "huyen", "xa", "thon"), cf.LEVELS))
URL_PARAMS = ("year", "metric", "levels", "showcase", "commune")  # every URL parameter of the page


def whole_period(v: View) -> dict:
    return {"from": dt.date(2013, 1, 1), "to": v.data_date}


def national_summary(v: View) -> pd.DataFrame:
    """National totals by year: the same on both maps (every row lands once on each), one cached answer."""
    return db.run("festival_year_summary", **v.params(province=None, map="2025", **whole_period(v)))


def scope_summary(v: View) -> pd.DataFrame:
    """The year-by-year summary of the scope (the national one when no province is chosen)."""
    return national_summary(v) if not v.province else db.run("festival_year_summary", **v.params(**whole_period(v)))


def sites(v: View, year: int, commune: str, levels: list[str], showcase: bool, limit: int | None = 1000) -> pd.DataFrame:
    """The sites behind a number (at most `limit` rows; None = all, for the CSV)."""
    pick = v.params(year=year, commune=commune or None, levels=levels, showcase_only=showcase)
    return db.run("festival_sites_list", **pick, limit=limit)


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


def by_area(v: View, year: int) -> pd.DataFrame:
    """The year by area with rates, and the communes held written 'n / total' for the hover text."""
    df = cf.with_rates(db.run("festival_by_area", **v.params(year=year)))
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


def map_chart(v: View, year: int, metric: str, data: pd.DataFrame | None = None, figure=map_figure) -> Chart:
    """The map of a year's festival: `metric` by province, or by commune inside a province. `figure`
    lets the page build the map through its cache (same arguments, same figure)."""
    level = "commune" if v.province else "province"
    data = by_area(v, year) if data is None else data
    title = map_title(v, year, metric)
    fig = figure(data, level, v.map, v.province, metric, v.lang, title)
    return Chart(fig=fig, data=map_data(data, metric, level, v.lang), title=title, source=t("festival_source", v.lang),
                 filters=[])


def main_chart(v: View, params: dict[str, str]) -> Chart:
    years = years_held(national_summary(v))
    if not years:
        raise BadParam("year", params.get("year", ""), t("festival_no_year", "vi"))
    p = read_params(params, {"year": (lambda r: parse_year(r, years), cf.default_year(years, v.date_to.year)),
                             "metric": (parse_metric, cf.METRICS[0])})
    return map_chart(v, p["year"], p["metric"])
