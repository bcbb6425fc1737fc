"""Mô hình's questions, URL rules and main chart (the coverage map), built without Streamlit: the page
and `python -m antq export "/models?..."` both call `coverage_chart` on the answers of `questions`."""
from __future__ import annotations

import datetime as dt

from antq import fmt
from antq.data import db
from antq.data.questions import Ask, answer
from antq.features.models import controls as mc
from antq.features.models import figures as cm
from antq.figures import geo
from antq.figures.chart import Chart
from antq.i18n import t
from antq.view.model import View, read_params

LEVELS = ("province", "commune")
SITES = ("active", "all")
URL_PARAMS = ("types", "as_of", "level", "sites", "focus")  # every URL parameter of the page


def catalogue(v: View) -> tuple[list[str], dict[str, str]]:
    """Model type codes and their names in the view's language."""
    cat = db.run("models_types", **v.params())
    codes = list(cat["model_type"])
    return codes, dict(zip(codes, cat["name_en" if v.lang == "en" else "name_vi"]))


def params_spec(v: View, codes: list[str]) -> dict:
    """The page's URL parameters: (parse, default) — the rules antq/features/models/page.py seeds its controls with."""
    months = mc.month_options(v.data_date)
    return {"types": (lambda r: mc.parse_types(r, codes), []),
            "as_of": (lambda r: mc.parse_month(r, months), mc.as_of_for(v.date_to, months)),
            "level": (lambda r: mc.parse_choice(r, LEVELS), "province"),
            "sites": (lambda r: mc.parse_choice(r, SITES), "active"),
            "focus": (lambda r: mc.parse_choice(r, codes), codes[0] if codes else None)}


SHOWN_SITES = 1000  # rows of the sites list drawn on the page; the CSV has them all


def questions(v: View, types: list[str], as_of: dt.date, level: str, only_active: bool) -> dict[str, Ask]:
    """Every question of the page for its controls, the map's first (the map waits for it, then takes
    the page the longest to draw): the coverage by area (always by commune inside a province), the
    headline figures, the adoption curve and new adopters, the types by province, the sites list."""
    p = v.params(as_of=as_of, model_types=types)
    return {"coverage": Ask("models_coverage_by_area", {**p, "level": "commune" if v.province else level}),
            "covered": Ask("model_communes_covered", p),
            "implemented": Ask("models_implemented", p),
            "effective": Ask("models_effective", p),
            "curve": Ask("models_adoption_curve", v.params(model_types=types, until=v.data_date)),
            "adopters": Ask("models_new_adopters_by_year", v.params(model_types=types)),
            "by_province": Ask("models_type_by_province", p),
            "sites": sites_ask(v, types, as_of, only_active, SHOWN_SITES)}


def sites_ask(v: View, types: list[str], as_of: dt.date, only_active: bool, limit: int | None) -> Ask:
    """The sites behind the numbers (at most `limit` rows; None = all, for the CSV)."""
    return Ask("models_sites_list", v.params(as_of=as_of, model_types=types, only_active=only_active, limit=limit))


def coverage_chart(v: View, types: list[str], as_of: dt.date, level: str, names: dict[str, str], n_codes: int,
                   answers) -> Chart:
    """Coverage by province (share of communes with an active site) or active sites by commune (always
    by commune inside a province), at the month-end `as_of`, for the chosen types (none = all)."""
    L = v.lang
    level = "commune" if v.province else level
    area = answers["coverage"]
    shape, bounds = geo.geojson(level, v.map, v.province)
    words, D = mc.types_words(types, names, L), fmt.date(as_of, L)
    title = t("models_map_title_share" if level == "province" else "models_map_title_sites", L,
              types=words, scope=v.scope_name(), d=D)
    foot = cm.footer(v.snapshot.id, v.data_date, v.snapshot.simulated, L)
    fig = cm.coverage_map(area, shape, level=level, lang=L, title=title, foot=foot, national=not v.province,
                          bounds=bounds if v.province else None, n_types=len(types) or n_codes)
    cols = {"area_code": t("export_col_code", L), "area_name": t(level, L)}
    if level == "province":
        cols.update({"coverage": t("models_coverage", L), "communes_covered": t("models_communes_covered", L),
                     "communes_total": t("export_col_communes", L)})
    cols.update({"sites": t("models_sites", L), "effective_sites": t("models_effective_sites", L)})
    if "types_present" in area:
        cols["types_present"] = t("models_types_present", L)
    data = area[[c for c in cols if c in area.columns]].rename(columns=cols)
    return Chart(fig=fig, data=data, title=title, source=t("models_source", L),
                 filters=[f"{t('models_types', L)}: {words}"], period=t("models_as_of_period", L, d=D))


def main_chart(v: View, params: dict[str, str]) -> Chart:
    codes, names = catalogue(v)
    p = read_params(params, params_spec(v, codes))
    asks = questions(v, p["types"], p["as_of"], p["level"], p["sites"] == "active")
    return coverage_chart(v, p["types"], p["as_of"], p["level"], names, len(codes), answer(asks, only=("coverage",)))

