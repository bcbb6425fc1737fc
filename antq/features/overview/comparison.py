"""The builders behind "So sánh địa phương" ("compare areas"): the trailing-12-month series of a
figure per province and for the whole country, peer groups, and the tables that set areas side by
side (value, count, rank, gap). No Streamlit and no database here.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from antq import fmt
from antq.features.overview.metrics import (METRICS, SMALL, format_gap, format_value, gaps, metric_label, overall,
                                            ranks, support, values)
from antq.i18n import t

PEER_MODES = ("region", "population")
MAX_OTHERS = 5      # a director compares their province with up to five others
# figures whose monthly trend needs a query beyond their domain's (merged on province and month)
TREND_EXTRA = {"solved_share": ("compare_solved_tips_by_province_month",)}


# ---------------------------------------------------------------- trends (compare page)

def trend_window(date_from: dt.date, date_to: dt.date, start: dt.date, min_months: int = 24) -> tuple[dt.date, dt.date]:
    """(first month shown, first month queried): the period, widened to at least `min_months`
    months ending at its end, and 11 months earlier for the trailing 12-month sums (not before `start`)."""
    first = dt.date(date_from.year, date_from.month, 1)
    back = _add_months(dt.date(date_to.year, date_to.month, 1), -(min_months - 1))
    shown = max(min(first, back), start)
    query_from = max(_add_months(shown, -11), start)
    return shown, query_from


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def trailing_series(monthly: pd.DataFrame, key: str, basis: str, provinces: pd.DataFrame, *,
                    shown_from: dt.date, query_from: dt.date, date_to: dt.date, codes: list[str]) -> pd.DataFrame:
    """A monthly series per chosen province and for the whole country, on shared axes.

    Flow figures are trailing 12-month sums (tips, festival, activities), so seasonality (Tết, the
    August festival, the December assessment) does not hide the trend; stock figures are the value
    at each month end. `monthly` is the domain's per-province query answer; `provinces` holds
    province_code, province_name, population, communes_total. Returns date, area, value."""
    m = METRICS[key]
    cols = [c for c in (m.num, m.den, m.support) if c]
    cols = list(dict.fromkeys(cols))
    date_col = "as_of" if m.stock else "month"
    if m.share and m.den == "communes_total":
        cols = [m.num]
    months = pd.date_range(pd.Timestamp(query_from), pd.Timestamp(date_to), freq="MS")
    wide = {}
    for c in cols:
        w = monthly.pivot_table(index=date_col, columns="province_code", values=c, aggfunc="sum")
        w.index = pd.to_datetime(w.index)
        if m.stock:
            w.index = w.index.to_period("M").to_timestamp()
            w = w.reindex(months)
        else:
            w = w.reindex(months)
            if m.domain in ("tips", "festival"):
                w = w.fillna(0.0)  # event tables: a month without rows had none
            w = w.rolling(12, min_periods=12).sum()
        wide[c] = w.reindex(columns=provinces["province_code"])
    prov = provinces.set_index("province_code")
    num = wide[m.num]
    if m.share and m.den == "communes_total":
        den = pd.DataFrame({c: prov["communes_total"].get(c, np.nan) for c in num.columns}, index=num.index)
    elif m.share:
        den = wide[m.den]
    elif basis == "capita":
        den = pd.DataFrame({c: prov["population"].get(c, np.nan) / 1000.0 for c in num.columns}, index=num.index)
    else:
        den = pd.DataFrame({c: prov["communes_total"].get(c, np.nan) for c in num.columns}, index=num.index)
    den = den.astype(float)
    ok = num.notna() & den.notna() & (den > 0)
    nat = num.where(ok).sum(axis=1, min_count=1) / den.where(ok).sum(axis=1, min_count=1)
    out = [pd.DataFrame({"date": nat.index, "area_code": "", "value": nat.values})]
    for c in codes:
        if c in num.columns:
            s = num[c] / den[c].where(den[c] > 0)
            out.append(pd.DataFrame({"date": s.index, "area_code": c, "value": s.values}))
    res = pd.concat(out, ignore_index=True)
    res = res[res["date"] >= pd.Timestamp(shown_from)].reset_index(drop=True)
    res["date"] = res["date"].dt.date
    return res


# ---------------------------------------------------------------- peers

def peer_group(provinces: pd.DataFrame, own: str, mode: str, n: int = MAX_OTHERS) -> list[str]:
    """Own province first, then up to n peers nearest by population (on a log scale): among the
    same region (mode 'region') or among every province (mode 'population')."""
    df = provinces.set_index("province_code")
    if own not in df.index:
        return []
    cand = df.drop(index=own)
    if mode == "region":
        cand = cand[cand["region"] == df.at[own, "region"]]
    pop = pd.to_numeric(cand["population"], errors="coerce").astype(float)
    own_pop = float(df.at[own, "population"]) if pd.notna(df.at[own, "population"]) else np.nan
    dist = (np.log(pop) - math.log(own_pop)).abs() if np.isfinite(own_pop) else pd.Series(np.inf, index=cand.index)
    order = dist.fillna(np.inf).sort_values(kind="stable")
    return [own] + list(order.index[:n])


# ---------------------------------------------------------------- tables of the compare page

def _cells(table: pd.DataFrame, key: str, basis: str, lang: str, min_count: int = SMALL) -> tuple[pd.Series, float]:
    """'value (count) · #rank/N' per area ('⚠ small count' instead of a rank; 'No data' without a
    value), and the overall level (the values computed once for both)."""
    v = values(table, key, basis)
    r = ranks(table, key, basis, min_count, v=v)
    cnt = pd.to_numeric(table[METRICS[key].num], errors="coerce")
    total = len(table)
    small, none = t("overview_mark_small", lang), t("no_data", lang)
    out = []
    for x, c, k in zip(v.to_numpy(), cnt.to_numpy(), r.to_numpy()):
        if x != x:  # NaN: no value
            out.append(none)
            continue
        rank = f"#{int(k)}/{total}" if k == k else small
        out.append(f"{format_value(key, x, lang)} ({fmt.number(c, 0, lang)}) · {rank}")
    return pd.Series(out, index=table["area_code"].values), overall(table, key, basis, v=v)


def _labels(table: pd.DataFrame) -> dict[str, str]:
    """Area names, with the code where two areas share a name."""
    dup = table["area_name"].duplicated(keep=False)
    return {c: f"{n} ({c})" if d else n for c, n, d in zip(table["area_code"], table["area_name"], dup)}


def compare_table(table: pd.DataFrame, codes: list[str], basis: str, lang: str,
                  keys: list[str] | None = None, min_count: int = SMALL, whole_label: str | None = None) -> pd.DataFrame:
    """Every figure side by side: one row per figure, one column per chosen area and one for the
    overall level; a cell reads 'value (count) · #rank/N', '⚠ small count' where the count is small."""
    keys = keys or list(METRICS)
    labels = _labels(table)
    rows = []
    for k in keys:
        cells, level = _cells(table, k, basis, lang, min_count)
        row = {t("overview_col_metric", lang): metric_label(k, basis, lang)}
        row.update({labels[c]: cells[c] for c in codes if c in cells.index})
        row[whole_label or t("whole_country", lang)] = format_value(k, level, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def commune_grid(table: pd.DataFrame, sort_key: str, basis: str, lang: str, whole_label: str,
                 min_count: int = SMALL) -> pd.DataFrame:
    """The communes of one province compared the same way: one row per commune (sorted by the rank
    of `sort_key`), one column per figure, the province's own level in the first row. The share of
    communes with a model is left out (a commune has it or not: see active sites)."""
    keys = [k for k in METRICS if k != "coverage"]
    v = values(table, sort_key, basis)
    order = pd.DataFrame({"code": table["area_code"].values, "rank": ranks(table, sort_key, basis, min_count, v=v).values,
                          "value": v.values}).sort_values(
        ["rank", "value"], ascending=[True, False], na_position="last")["code"]
    labels = _labels(table)
    area_col = t("overview_col_area", lang)
    cols = {area_col: [whole_label] + [labels[c] for c in order]}
    for k in keys:
        cells, level = _cells(table, k, basis, lang, min_count)
        cols[metric_label(k, basis, lang)] = [format_value(k, level, lang)] + list(cells[order])
    return pd.DataFrame(cols)


def long_table(table: pd.DataFrame, basis: str, keys: list[str] | None = None) -> pd.DataFrame:
    """Numbers for the CSV: one row per area and figure (value, count, support, rank, overall level)."""
    keys = keys or list(METRICS)
    parts = []
    for k in keys:
        parts.append(pd.DataFrame({
            "area_code": table["area_code"], "area_name": table["area_name"], "metric": k, "basis": basis,
            "value": values(table, k, basis), "count": pd.to_numeric(table[METRICS[k].num], errors="coerce"),
            "support": support(table, k), "rank": ranks(table, k, basis), "areas": len(table),
            "overall": overall(table, k, basis)}))
    return pd.concat(parts, ignore_index=True)


def area_ranking(table: pd.DataFrame, key: str, basis: str, lang: str, min_count: int = SMALL) -> pd.DataFrame:
    """Areas (e.g. the communes of one province) sorted by one figure, with count, rank and gap."""
    df = pd.DataFrame({"area_code": table["area_code"], "area_name": table["area_name"],
                       "value": values(table, key, basis), "count": pd.to_numeric(table[METRICS[key].num], errors="coerce"),
                       "support": support(table, key), "rank": ranks(table, key, basis, min_count),
                       "gap": gaps(table, key, basis)})
    df = df.sort_values(["rank", "value"], ascending=[True, False], na_position="last")
    return pd.DataFrame({
        t("overview_col_area", lang): df["area_name"],
        metric_label(key, basis, lang): df["value"].map(lambda x: format_value(key, x, lang) if pd.notna(x) else t("no_data", lang)),
        t("overview_col_count", lang): df["count"].map(lambda x: fmt.number(x, 0, lang)),
        t("compare_col_rank", lang): [f"{int(r)}/{len(table)}" if pd.notna(r) else (
            t("overview_mark_small", lang) if pd.notna(v) else "–") for r, v in zip(df["rank"], df["value"])],
        t("overview_col_gap", lang): df["gap"].map(lambda g: format_gap(key, g, lang)),
    })
