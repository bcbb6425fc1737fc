"""The sites behind a number of the "Mô hình" page, as shown and exported: in Vietnamese name order,
names in the interface language, and the CSV file (UTF-8 with BOM, codes beside the names).
"""
from __future__ import annotations

import pandas as pd

from antq import fmt
from antq.i18n import t


def in_name_order(sites: pd.DataFrame) -> pd.DataFrame:
    """Sites in the Vietnamese order of province then commune names (`fmt.sort_key`), then by start date."""
    if sites.empty:
        return sites
    rank = {}
    for col in ("province_name", "commune_name"):
        names = sorted(set(sites[col].dropna()), key=fmt.sort_key)
        rank[col] = sites[col].map({n: i for i, n in enumerate(names)})
    order = pd.DataFrame({"p": rank["province_name"], "c": rank["commune_name"], "cc": sites["commune_code"],
                          "s": sites["started_on"], "id": sites["site_id"]})
    return sites.loc[order.sort_values(["p", "c", "cc", "s", "id"], kind="stable").index]


def sites_table(sites: pd.DataFrame, lang: str, *, codes: bool = False) -> pd.DataFrame:
    """The sites as shown and exported, in Vietnamese name order: names in the interface language, dates
    dd/mm/yyyy (vi), Có/Không."""
    sites = in_name_order(sites)
    yes, no = t("models_yes", lang), t("models_no", lang)
    day = "%d/%m/%Y" if lang == "vi" else "%Y-%m-%d"
    dates = lambda s: pd.to_datetime(s).dt.strftime(day).fillna("")  # noqa: E731
    cols = {}
    if codes:
        cols[t("models_col_site_id", lang)] = sites["site_id"]
        cols[t("models_col_province_code", lang)] = sites["province_code"]
    cols[t("models_col_province", lang)] = sites["province_name"]
    if codes:
        cols[t("models_col_commune_code", lang)] = sites["commune_code"]
    cols[t("models_col_commune", lang)] = sites["commune_name"]
    if codes:
        cols[t("models_col_type_code", lang)] = sites["model_type"]
    cols[t("models_col_type", lang)] = sites["type_en" if lang == "en" else "type_vi"]
    if codes:
        cols[t("models_col_model_id", lang)] = sites["model_id"]
    cols[t("models_col_model", lang)] = sites["model_name"]
    cols[t("models_col_origin", lang)] = sites["is_origin"].map({True: yes, False: no})
    cols[t("models_col_started", lang)] = dates(sites["started_on"])
    cols[t("models_col_ended", lang)] = dates(sites["ended_on"])
    cols[t("models_col_effective", lang)] = sites["effective"].map({True: yes, False: no})
    cols[t("models_col_members", lang)] = sites["members"]
    cols[t("models_col_cameras", lang)] = sites["cameras"]
    return pd.DataFrame(cols).reset_index(drop=True)
