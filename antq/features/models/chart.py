"""Mô hình's main chart, the coverage map, built without Streamlit (antq/features/models/page.py and
`python -m antq export "/models?..."` both call `coverage_chart`), with the page's URL rules."""
from __future__ import annotations

import datetime as dt

from antq.features.models import figures as cm

from antq.data import db

from antq import fmt

from antq.figures import geo
from antq.i18n import t
from antq.view.state import View
from antq.view.views import Chart, read_params

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
    months = cm.month_options(v.data_date)
    return {"types": (lambda r: cm.parse_types(r, codes), []),
            "as_of": (lambda r: cm.parse_month(r, months), cm.as_of_for(v.date_to, months)),
            "level": (lambda r: cm.parse_choice(r, LEVELS), "province"),
            "sites": (lambda r: cm.parse_choice(r, SITES), "active"),
            "focus": (lambda r: cm.parse_choice(r, codes), codes[0] if codes else None)}


def coverage_area(v: View, types: list[str], as_of: dt.date, level: str):
    """The map's figures by area (always by commune inside a province)."""
    level = "commune" if v.province else level
    return db.run("models_coverage_by_area", **v.params(as_of=as_of, model_types=types), level=level)


def questions(v: View, types: list[str], as_of: dt.date, level: str, only_active: bool, limit: int) -> list:
    """The page's heavier queries, each exactly as the page asks it (same parameters, same cache key):
    antq/features/models/page.py hands them to antq/view/prefetch.py `warm` first, so two workers answer them while the page
    asks its three headline figures itself and builds its map (issue 10: the national commune map cold). The
    map's query goes first (the map waits for it, then takes the page the longest to draw)."""
    p = v.params(as_of=as_of, model_types=types)
    return [lambda: coverage_area(v, types, as_of, level),
            lambda: db.run("models_adoption_curve", **v.params(model_types=types, until=v.data_date)),
            lambda: db.run("models_new_adopters_by_year", **v.params(model_types=types)),
            lambda: db.run("models_type_by_province", **p),
            lambda: db.run("models_sites_list", **p, only_active=only_active, limit=limit)]


def coverage_chart(v: View, types: list[str], as_of: dt.date, level: str, names: dict[str, str], n_codes: int) -> Chart:
    """Coverage by province (share of communes with an active site) or active sites by commune (always
    by commune inside a province), at the month-end `as_of`, for the chosen types (none = all)."""
    L = v.lang
    level = "commune" if v.province else level
    area = coverage_area(v, types, as_of, level)
    shape, bounds = geo.geojson(level, v.map, v.province)
    words, D = cm.types_words(types, names, L), fmt.date(as_of, L)
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
                 filters=[f"{t('models_types', L)}: {words}", f"{t('models_as_of', L)} {fmt.month(as_of, L)}"])


def main_chart(v: View, params: dict[str, str]) -> Chart:
    codes, names = catalogue(v)
    p = read_params(params, params_spec(v, codes))
    return coverage_chart(v, p["types"], p["as_of"], p["level"], names, len(codes))

