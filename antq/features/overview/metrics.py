"""The figures of "Tổng quan" and "So sánh địa phương" and how an area's figure is read: the metric
catalogue, names and formatting, the per-area table and its normalisation (per commune, per 1,000
residents), the overall level, ranks, gaps and the areas furthest from it (small counts left out),
who reported, and the facts of a period the pages need (its months, the map reform). No Streamlit and
no database here: DataFrames in, DataFrames out.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from antq import fmt
from antq.i18n import t

SMALL = 30          # fewer counted units than this: a rate or a change on it means nothing (marked)
BASES = ("capita", "commune")


@dataclass(frozen=True)
class Metric:
    """One figure: a count (`num`, normalised per commune or per 1,000 residents) or a share
    (`num`/`den`). `support` is the count it rests on (small-count rule); `stock` figures are
    counted at a date (the period's end), the others over the period."""
    key: str
    num: str
    den: str | None = None
    support: str | None = None
    stock: bool = False
    domain: str = ""

    @property
    def share(self) -> bool:
        return self.den is not None

    @property
    def support_col(self) -> str:
        return self.support or (self.den if self.share else self.num)


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("coverage", "communes_covered", "communes_total", stock=True, domain="models"),
    Metric("active_sites", "active_sites", stock=True, domain="models"),
    Metric("effective_models", "effective_models", stock=True, domain="models"),
    Metric("tips", "tips", domain="tips"),
    Metric("valuable_share", "valuable_tips", "tips", domain="tips"),
    Metric("solved_share", "tips_with_solved_case", "tips", domain="tips"),
    Metric("festival_sites", "festival_sites", domain="festival"),
    Metric("festival_participants", "participants", support="festival_sites", domain="festival"),
    Metric("propaganda_sessions", "propaganda_sessions", domain="activities"),
    Metric("safety_share", "safety_units_passed", "safety_units_assessed", domain="activities"),
)}
COUNT_COLS = ["communes_covered", "active_sites", "effective_models", "tips", "valuable_tips",
              "tips_with_solved_case", "festival_sites", "showcase_sites", "participants", "communes_holding",
              "propaganda_sessions", "propaganda_participants"]


# ---------------------------------------------------------------- labels and formatting

def metric_name(key: str, lang: str) -> str:
    return t(f"overview_metric_{key}", lang)


def metric_label(key: str, basis: str, lang: str) -> str:
    """The figure with its unit: 'Tin báo tiếp nhận / 1.000 dân', 'Tỷ lệ tin có giá trị (%)'."""
    name = metric_name(key, lang)
    if METRICS[key].share:
        return t("overview_share_unit", lang, name=name)
    return t("overview_per_capita" if basis == "capita" else "overview_per_commune", lang, name=name)


def rate_decimals(x) -> int:
    """Enough decimals for three significant figures (0 for 123, 1 for 12,3, 3 for 0,0556)."""
    if x is None or not np.isfinite(x) or x == 0:
        return 0
    return int(min(4, max(0, 2 - math.floor(math.log10(abs(x))))))


def format_value(key: str, x, lang: str) -> str:
    if METRICS[key].share:
        return fmt.percent(x, 1, lang)
    return fmt.number(x, rate_decimals(x), lang)


def format_gap(key: str, gap, lang: str) -> str:
    """A difference from the overall level: percentage points for shares, per cent for rates."""
    if gap is None or (isinstance(gap, float) and np.isnan(gap)):
        return "–"
    scaled = round(abs(gap) * 100, 1)
    sign = "±" if scaled == 0 else "+" if gap > 0 else "−"
    unit = (" điểm %" if lang == "vi" else " pts") if METRICS[key].share else "%"
    return sign + fmt.number(scaled, 1, lang) + unit


# ---------------------------------------------------------------- the per-area table

def area_table(models: pd.DataFrame, tips: pd.DataFrame, festival: pd.DataFrame, activities: pd.DataFrame,
               population: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area from the four per-area queries (queries/overview_*_by_area.sql).

    "No data is not zero": an area with no row of a table for the period keeps NaN for that table's
    figures unless it sent its monthly activity reports for the period (`reported`): then nothing
    was counted there, and the figure is 0. Rows present always count, so the areas add up to the
    generic queries' totals. Safety figures come from their own December report (NaN without it).
    `population` (area_code, population[, population_basis]) adds the per-capita basis."""
    out = activities.copy()
    for part in (models, tips, festival):
        out = out.merge(part.drop(columns=["area_name"], errors="ignore"), on="area_code", how="left")
    if population is not None:
        keep = [c for c in ("area_code", "population", "population_basis") if c in population.columns]
        out = out.drop(columns=[c for c in keep if c != "area_code" and c in out.columns]).merge(
            population[keep], on="area_code", how="left")
    if "communes_total" not in out.columns or out["communes_total"].isna().all():
        out["communes_total"] = 1
    reported = out["months_reported"].fillna(0) > 0
    out["reported"] = reported
    for c in COUNT_COLS:
        if c in out.columns:
            col = pd.to_numeric(out[c], errors="coerce").astype(float)
            out[c] = col.where(col.notna() | ~reported, 0.0)
    for c in ("safety_units_assessed", "safety_units_passed"):
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out


def _num(table: pd.DataFrame, col: str) -> pd.Series:
    """A column as floats (area_table has made the counts floats already: no conversion then)."""
    s = table[col]
    return s if s.dtype == np.float64 else pd.to_numeric(s, errors="coerce").astype(float)


def values(table: pd.DataFrame, key: str, basis: str = "capita") -> pd.Series:
    """The figure of each area: a share, or a count per 1,000 residents / per commune."""
    m = METRICS[key]
    num = _num(table, m.num)
    if m.share:
        den = _num(table, m.den)
        return num / den.where(den > 0)
    if basis == "capita":
        pop = _num(table, "population") if "population" in table else pd.Series(np.nan, index=table.index)
        return num * 1000.0 / pop.where(pop > 0)
    den = _num(table, "communes_total")
    return num / den.where(den > 0)


def support(table: pd.DataFrame, key: str) -> pd.Series:
    return _num(table, METRICS[key].support_col)


def overall(table: pd.DataFrame, key: str, basis: str = "capita", v: pd.Series | None = None) -> float:
    """The level of the whole (country or province) from its areas with a value: Σ num / Σ basis
    (`v`: the areas' values when the caller has them already)."""
    m = METRICS[key]
    ok = (values(table, key, basis) if v is None else v).notna().to_numpy()
    if not ok.any():
        return float("nan")

    def total(col: str) -> float:  # over the areas with a value
        return np.nansum(_num(table, col).to_numpy()[ok])
    if m.share:
        den = total(m.den)
    elif basis == "capita":
        den = total("population") / 1000.0
    else:
        den = total("communes_total")
    return float(total(m.num) / den) if den > 0 else float("nan")


def ranks(table: pd.DataFrame, key: str, basis: str = "capita", min_count: int = SMALL,
          v: pd.Series | None = None) -> pd.Series:
    """Rank 1 = highest value; areas without a value or resting on fewer than `min_count` units are
    not ranked (NaN), so a commune with 3 tips cannot top a list by chance."""
    v = values(table, key, basis) if v is None else v
    eligible = v.notna() & (support(table, key) >= min_count)
    return v.where(eligible).rank(ascending=False, method="min")


def gaps(table: pd.DataFrame, key: str, basis: str = "capita") -> pd.Series:
    """Distance from the overall level: percentage points for shares, relative for rates."""
    v, lvl = values(table, key, basis), overall(table, key, basis)
    if METRICS[key].share:
        return v - lvl
    return v / lvl - 1 if lvl and np.isfinite(lvl) else v * np.nan


def extremes(table: pd.DataFrame, key: str, basis: str = "capita", n: int = 5, min_count: int = SMALL) -> pd.DataFrame:
    """The n areas furthest above and the n furthest below the overall level (small counts left out).
    `count` is the figure's own count (numerator), `support` the count the small-count rule reads."""
    df = pd.DataFrame({"area_code": table["area_code"], "area_name": table["area_name"],
                       "value": values(table, key, basis), "count": pd.to_numeric(table[METRICS[key].num], errors="coerce"),
                       "support": support(table, key), "gap": gaps(table, key, basis)})
    df = df[df["value"].notna() & (df["support"] >= min_count)]
    above = df[df["gap"] > 0].sort_values("gap", ascending=False).head(n).assign(side="above")
    below = df[df["gap"] < 0].sort_values("gap").head(n).assign(side="below")
    return pd.concat([above, below], ignore_index=True)


def reporting(table: pd.DataFrame, months_in_period: int) -> dict:
    """Who reported every month of the period, who sent nothing, who is incomplete."""
    m = table["months_reported"].fillna(0).astype(int)
    key = table["area_name"].map(fmt.sort_key)
    order = key.sort_values().index
    none = table.loc[order][m.loc[order] == 0]
    part = table.loc[order][(m.loc[order] > 0) & (m.loc[order] < months_in_period)]
    return {"complete": int((m >= months_in_period).sum()), "total": len(table),
            "none": list(none["area_name"]), "partial": list(zip(part["area_name"], m[part.index]))}


# ---------------------------------------------------------------- the period

REFORM = dt.date(2025, 7, 1)


def merged_communes_apart(map_: str, province: str | None, date_to: dt.date) -> bool:
    """Old-map communes, a period reaching past the reform: merged communes have no data of their own."""
    return map_ == "2024" and bool(province) and date_to >= REFORM


def months_between(date_from: dt.date, date_to: dt.date) -> int:
    """Months of a period in the activities reading: from the first day of `date_from`'s month to `date_to`."""
    return (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
