"""Pure builders behind "Tổng quan" and "So sánh địa phương": the metric catalogue, the per-area
table and its normalisation (per commune, per 1,000 residents), ranks, the CompStat change of a
headline figure and its small-count marks, trailing-12-month series, peer groups, and the figures
beyond antq.figures.charts. No Streamlit and no database here: DataFrames in, DataFrames/figures out.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq.figures import charts

from antq import fmt
from antq.figures.charts import FONT
from antq.i18n import t

SMALL = 30          # fewer counted units than this: a rate or a change on it means nothing (marked)
BASES = ("capita", "commune")
PEER_MODES = ("region", "population")
MAX_OTHERS = 5      # a director compares their province with up to five others
CHOSEN_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
NATIONAL_COLOUR = "#222222"
INDEX_TICKS = (5, 10, 20, 25, 33, 50, 67, 80, 100, 125, 150, 200, 300, 400, 500, 1000, 2000)


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
# figures whose monthly trend needs a query beyond their domain's (merged on province and month)
TREND_EXTRA = {"solved_share": ("compare_solved_tips_by_province_month",)}
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


REFORM = dt.date(2025, 7, 1)


def merged_communes_apart(map_: str, province: str | None, date_to: dt.date) -> bool:
    """Old-map communes, a period reaching past the reform: merged communes have no data of their own."""
    return map_ == "2024" and bool(province) and date_to >= REFORM


def months_between(date_from: dt.date, date_to: dt.date) -> int:
    """Months of a period in the activities reading: from the first day of `date_from`'s month to `date_to`."""
    return (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1


# ---------------------------------------------------------------- CompStat change

@dataclass(frozen=True)
class Change:
    now: float | None
    before: float | None
    diff: float | None
    pct: float | None          # relative change for counts; None for shares (diff is in points)
    mark: str | None           # None | 'small' | 'noise' | 'nobase'


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def count_change(now, before, *, support_now=None, support_before=None, chance_test: bool = True,
                 min_count: int = SMALL) -> Change:
    """Change of a count against a year earlier. Marks: 'nobase' without a base; 'small' when either
    period rests on fewer than `min_count` units; 'noise' when |a − b| < 2·√(a + b) (Poisson counts)."""
    if _missing(now) or _missing(before):
        return Change(now, before, None, None, "nobase" if not _missing(now) else None)
    diff = float(now) - float(before)
    pct = diff / before if before else None
    sn = now if support_now is None else support_now
    sb = before if support_before is None else support_before
    if min(sn, sb) < min_count:
        return Change(now, before, diff, pct, "small")
    if chance_test and abs(diff) < 2 * math.sqrt(float(now) + float(before)):
        return Change(now, before, diff, pct, "noise")
    return Change(now, before, diff, pct, None)


def share_change(k_now, n_now, k_before, n_before, min_count: int = SMALL) -> Change:
    """Change of a share k/n in percentage points; 'noise' when it is within two standard errors of
    the difference of two proportions, 'small' when either n < `min_count`."""
    p1 = k_now / n_now if not _missing(n_now) and n_now else None
    p0 = k_before / n_before if not _missing(n_before) and n_before else None
    if p1 is None or p0 is None:
        return Change(p1, p0, None, None, "nobase" if p1 is not None else None)
    diff = p1 - p0
    if min(n_now, n_before) < min_count:
        return Change(p1, p0, diff, None, "small")
    pbar = (k_now + k_before) / (n_now + n_before)
    se = math.sqrt(max(pbar * (1 - pbar), 0.0) * (1 / n_now + 1 / n_before))
    return Change(p1, p0, diff, None, "noise" if abs(diff) < 2 * se else None)


def _one(df: pd.DataFrame | None, col: str):
    if df is None or df.empty or col not in df.columns:
        return None
    x = df[col].iloc[0]
    return None if pd.isna(x) else float(x)


def _sum(df: pd.DataFrame | None, col: str):
    if df is None or df.empty:
        return None
    return float(df[col].sum())


def headlines(*, covered, covered_ly, effective, effective_ly, funnel, funnel_ly, festival, festival_ly,
              activities, activities_ly, safety, safety_year: int, has_base: bool) -> pd.DataFrame:
    """The headline figures, each with its change, from the shared generic queries' answers
    (model_communes_covered, models_effective, tip_funnel, festival_year_summary, activities_totals,
    safety_share_by_year). Without a base (the year-earlier period starts before the data) the
    change is 'nobase'. Returns key, now, before, diff, pct, mark ('' when none), share, extra...,
    source, one row per figure indexed by key."""
    def base(df):
        return df if has_base else None

    safety_now = safety[safety["year"] == safety_year] if safety is not None else None
    safety_ly = safety[safety["year"] == safety_year - 1] if safety is not None and has_base else None
    rows = []

    def add(key, ch: Change, share: bool, source: str, **extra):
        rows.append({"key": key, "now": ch.now, "before": ch.before, "diff": ch.diff, "pct": ch.pct,
                     "mark": ch.mark or "", "share": share, "source": source, **extra})

    add("communes_covered", count_change(_one(covered, "communes_covered"), _one(base(covered_ly), "communes_covered"),
                                         chance_test=False), False, "model_communes_covered",
        total=_one(covered, "communes_total"))
    add("models_effective", count_change(_one(effective, "models_effective"), _one(base(effective_ly), "models_effective"),
                                         chance_test=False), False, "models_effective")
    add("tips", count_change(_one(funnel, "tips"), _one(base(funnel_ly), "tips")), False, "tip_funnel",
        valuable=_one(funnel, "valuable_tips"))
    add("valuable_share", share_change(_one(funnel, "valuable_tips") or 0, _one(funnel, "tips"),
                                       _one(base(funnel_ly), "valuable_tips") or 0, _one(base(funnel_ly), "tips")),
        True, "tip_funnel")
    add("solved_share", share_change(_one(funnel, "tips_with_solved_case") or 0, _one(funnel, "tips"),
                                     _one(base(funnel_ly), "tips_with_solved_case") or 0, _one(base(funnel_ly), "tips")),
        True, "tip_funnel", count=_one(funnel, "tips_with_solved_case"), cases_solved=_one(funnel, "cases_solved"))
    sites, sites_ly = _sum(festival, "sites"), _sum(base(festival_ly), "sites")
    add("festival_sites", count_change(sites, sites_ly), False, "festival_year_summary",
        showcase=_sum(festival, "showcase_sites"))
    add("festival_participants", count_change(_sum(festival, "participants"), _sum(base(festival_ly), "participants"),
                                              support_now=sites, support_before=sites_ly, chance_test=False),
        False, "festival_year_summary")
    add("safety_share", share_change(_one(safety_now, "units_passed") or 0, _one(safety_now, "units_assessed"),
                                     _one(safety_ly, "units_passed") or 0, _one(safety_ly, "units_assessed")),
        True, "safety_share_by_year", count=_one(safety_now, "units_passed"),
        assessed=_one(safety_now, "units_assessed"), year=safety_year)
    add("propaganda_sessions", count_change(_one(activities, "propaganda_sessions"),
                                            _one(base(activities_ly), "propaganda_sessions")), False,
        "activities_totals", participants=_one(activities, "propaganda_participants"))
    return pd.DataFrame(rows).set_index("key", drop=False)


def safety_year_for(date_to: dt.date) -> int:
    """The latest annual safety assessment (December) on or before the period's end."""
    return date_to.year if date_to >= dt.date(date_to.year, 12, 1) else date_to.year - 1


def delta_text(row, lang: str, short: bool = False) -> str:
    """'+3,2% (+1.234) so với cùng kỳ' / '+1,2 điểm % so với cùng kỳ', with the mark if any;
    `short` (metric cards, the caption says what the change is against): '+3,2% (+1.234)'."""
    if row["mark"] == "nobase" or row["diff"] is None or pd.isna(row["diff"]):
        return t("overview_mark_nobase", lang) if row["now"] is not None and not pd.isna(row["now"]) else ""
    if row["share"]:
        text = t("overview_delta_pp", lang, pp=("+" if row["diff"] > 0 else "−" if row["diff"] < 0 else "±")
                 + fmt.number(abs(row["diff"]) * 100, 1, lang))
        if short:
            text = format_gap("valuable_share", row["diff"], lang)
    else:
        diff = ("+" if row["diff"] > 0 else "−" if row["diff"] < 0 else "±") + fmt.number(abs(row["diff"]), 0, lang)
        pct = format_gap("tips", row["pct"], lang) if row["pct"] is not None and not pd.isna(row["pct"]) else "–"
        pct = pct if row["mark"] != "small" else "…"
        text = f"{pct} ({diff})" if short else t("overview_delta", lang, pct=pct, diff=diff)
    if row["mark"] in ("small", "noise"):
        text += " · " + t(f"overview_mark_{row['mark']}{'_short' if short else ''}", lang)
    return text


def headline_cards(h: pd.DataFrame, lang: str, date_text: str, safety_year: int) -> list[dict]:
    """The eight cards of the overview from `headlines()`: label, value, the change (st.metric's
    delta: an ASCII minus so the arrow points down; grey when marked, and for the share solved,
    whose recent cohort has had less time), and a line under it with the counts behind it."""
    r = h.to_dict("index")

    def n(x):
        return fmt.number(x, 0, lang)

    def pc(x):
        return fmt.percent(x, 1, lang)

    def has(x):
        return x is not None and not pd.isna(x)

    cov, fest = r["communes_covered"], r["festival_sites"]
    spec = [
        ("communes_covered", t("overview_card_communes", lang, d=date_text), n(cov["now"]),
         t("overview_of_total", lang, share=pc(cov["now"] / cov["total"]) if has(cov["now"]) and cov["total"] else "–",
           total=n(cov["total"]))),
        ("models_effective", t("overview_card_effective", lang, d=date_text), n(r["models_effective"]["now"]), ""),
        ("tips", t("overview_card_tips", lang), n(r["tips"]["now"]),
         t("overview_valuable_line", lang, v=n(r["tips"]["valuable"]), share=pc(r["valuable_share"]["now"]))),
        ("solved_share", t("overview_card_conversion", lang), pc(r["solved_share"]["now"]),
         t("overview_solved_line", lang, k=n(r["solved_share"]["count"]), c=n(r["solved_share"]["cases_solved"]))),
        ("festival_sites", t("overview_card_festival", lang), n(fest["now"]),
         t("overview_showcase_line", lang, n=n(fest["showcase"])) if has(fest["now"]) else t("overview_no_festival", lang)),
        ("festival_participants", t("overview_card_participants", lang), n(r["festival_participants"]["now"]),
         t("overview_per_site_line", lang, n=n(r["festival_participants"]["now"] / fest["now"]))
         if has(fest["now"]) and fest["now"] else ""),
        ("safety_share", t("overview_card_safety", lang, y=safety_year), pc(r["safety_share"]["now"]),
         t("overview_safety_line", lang, k=n(r["safety_share"]["count"]), n=n(r["safety_share"]["assessed"]))),
        ("propaganda_sessions", t("overview_card_propaganda", lang), n(r["propaganda_sessions"]["now"]),
         t("overview_participants_line", lang, n=n(r["propaganda_sessions"]["participants"]))),
    ]
    cards = []
    for key, label, value, sub in spec:
        delta = delta_text(r[key], lang, short=True)
        cards.append({"key": key, "label": label, "value": value, "sub": sub,
                      "delta": ("-" + delta[1:] if delta.startswith("−") else delta) or None,
                      "colour": "off" if r[key]["mark"] or key == "solved_share" else "normal",
                      "arrow": "auto" if delta and delta[0] in "+−" else "off"})
    return cards


def compstat_table(h: pd.DataFrame, lang: str, labels: dict[str, str]) -> pd.DataFrame:
    """The headline figures as a briefing table (formatted text, Vietnamese numbers)."""
    def val(x, share):
        return fmt.percent(x, 1, lang) if share else fmt.number(x, 0, lang)

    rows = []
    for _, r in h.iterrows():
        marks = [t(f"overview_mark_{r['mark']}", lang)] if r["mark"] else []
        if r["key"] == "solved_share":
            marks.append(t("overview_mark_censored", lang))
        diff = "–" if r["diff"] is None or pd.isna(r["diff"]) else (
            format_gap("valuable_share", r["diff"], lang) if r["share"] else
            ("+" if r["diff"] > 0 else "−" if r["diff"] < 0 else "±") + fmt.number(abs(r["diff"]), 0, lang))
        rows.append({t("overview_col_metric", lang): labels[r["key"]],
                     t("overview_col_now", lang): val(r["now"], r["share"]),
                     t("overview_col_before", lang): val(r["before"], r["share"]),
                     t("overview_col_diff", lang): diff,
                     t("overview_col_pct", lang): "–" if r["share"] or r["mark"] == "small" or r["pct"] is None
                     or pd.isna(r["pct"]) else fmt.signed_percent(r["pct"], 1, lang),
                     t("overview_col_note", lang): "; ".join(marks),
                     t("overview_col_source", lang): f"queries/{r['source']}.sql"})
    return pd.DataFrame(rows)


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


def trend_figure(series: pd.DataFrame, codes: list[str], names: dict, whole: str, *, label: str, share: bool,
                 lang: str, title: str | None = None) -> go.Figure:
    """charts.line of the chosen provinces and the whole country on shared axes, in the colours the
    other compare charts give them (the country dashed black), with ticks that keep decimals."""
    order = [whole] + [names[c] for c in codes if c in names]
    df = series.assign(_o=series["area"].map({a: i for i, a in enumerate(order)})).sort_values(["_o", "date"])
    fig = charts.line(df, x="date", y="value", color="area", y_label=label, lang=lang, title=title, percent=share)
    colours = {whole: NATIONAL_COLOUR} | {names[c]: CHOSEN_COLOURS[i % len(CHOSEN_COLOURS)]
                                         for i, c in enumerate(codes) if c in names}
    for tr in fig.data:
        tr.line.color = colours.get(tr.name)
        if tr.name == whole:
            tr.line.dash = "dash"
    if not share:
        fig.update_yaxes(tickformat=",~r")
    else:
        fig.update_yaxes(tickformat=".1%")
    fig.update_layout(height=520)
    return fig


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


# ---------------------------------------------------------------- figures

def deviation_bars(ext: pd.DataFrame, key: str, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal bars of the areas furthest above (blue) and below (red) the overall level, the gap
    written beside each bar (percentage points for shares, per cent for rates)."""
    df = ext.iloc[::-1]
    share = METRICS[key].share
    x = (df["gap"] * 100).astype(float)
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    pad = 0.45 * max(hi - lo, 1e-9)
    fig = go.Figure(go.Bar(
        x=x, y=df["area_name"], orientation="h",
        marker_color=["#2166ac" if g > 0 else "#b2182b" for g in df["gap"]],
        text=[format_gap(key, g, lang) for g in df["gap"]], textposition="outside", cliponaxis=False,
        customdata=np.column_stack([df["value"].map(lambda v: format_value(key, v, lang)),
                                    df["count"].map(lambda c: fmt.number(c, 0, lang))]),
        hovertemplate="<b>%{y}</b><br>%{customdata[0]} (%{customdata[1]})<extra></extra>"))
    fig.update_layout(
        title=title, separators=fmt.plotly_separators(lang), font=dict(family=FONT),
        height=max(260, 34 * len(df) + 80), margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        xaxis=dict(title=("điểm %" if lang == "vi" else "points") if share else "%", zeroline=True,
                   zerolinecolor="#555", range=[lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)]),
        yaxis=dict(automargin=True), showlegend=False)
    return fig


def index_chart(table: pd.DataFrame, codes: list[str], basis: str, lang: str, keys: list[str] | None = None,
                title: str | None = None) -> go.Figure:
    """Where the chosen areas stand on every figure: value / overall level × 100 (overall = 100),
    every area a grey dot, the chosen ones coloured, so figures of different units share one axis."""
    keys = keys or list(METRICS)
    names = dict(zip(table["area_code"], table["area_name"]))
    labels = [metric_label(k, basis, lang) for k in keys]
    long = []
    for k, lab in zip(keys, labels):
        v = values(table, k, basis)
        lvl = overall(table, k, basis, v=v)
        if lvl and np.isfinite(lvl):
            long.append(pd.DataFrame({"code": table["area_code"].values, "label": lab, "index": (v / lvl * 100).values,
                                      "hover": [f"{n}: {format_value(k, x, lang)}" for n, x in zip(table["area_name"], v)]}))
    df = pd.concat(long, ignore_index=True) if long else pd.DataFrame(columns=["code", "label", "index", "hover"])
    df = df[np.isfinite(df["index"].astype(float)) & (df["index"] > 0)]
    xs = df["index"].tolist()
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=df["index"], y=df["label"], mode="markers", marker=dict(color="#c8c8c8", size=7),
                             name=t("compare_all", lang), hovertext=df["hover"], hoverinfo="text"))
    for i, c in enumerate(codes):
        mine = df[df["code"] == c]
        if c not in names or mine.empty:
            continue
        fig.add_trace(go.Scatter(x=mine["index"], y=mine["label"], mode="markers", name=names[c], hovertext=mine["hover"],
                                 hoverinfo="text", marker=dict(size=13, color=CHOSEN_COLOURS[i % len(CHOSEN_COLOURS)],
                                                               line=dict(color="white", width=1))))
    fig.add_vline(x=100, line_color=NATIONAL_COLOUR, line_dash="dash")
    ticks = [x for x in INDEX_TICKS if min(xs, default=100) * 0.8 <= x <= max(xs, default=100) * 1.25]
    fig.update_layout(
        title=title, separators=fmt.plotly_separators(lang), font=dict(family=FONT),
        height=140 + 40 * len(keys), margin=dict(l=10, r=10, t=90 if title else 50, b=10),
        xaxis=dict(title=t("compare_index_axis", lang), type="log", tickvals=ticks,
                   ticktext=[fmt.number(x, 0, lang) for x in ticks]),
        yaxis=dict(automargin=True, autorange="reversed"),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0))
    return fig


def legend_beside(fig: go.Figure, *, width_px: int, bounds=None, map_share: float = 0.78, wrap: int = 20) -> go.Figure:
    """Move a charts.choropleth legend out of the map: the map keeps the left `map_share` of the
    figure, the colour bar and the "no data" entry sit in the strip on its right, so neither covers
    a province nor an archipelago label when the map shares a row with other charts. The view is
    refitted to `bounds` (default: the whole country with both archipelagos) for a figure about
    `width_px` wide (the narrow end of the column it is shown in, so nothing is cut off)."""
    centre, zoom = charts.zoom_for(bounds or charts.NATIONAL_BOUNDS, width=int(width_px * map_share),
                                   height=int(fig.layout.height or 600))
    fig.update_layout(map_domain=dict(x=[0, map_share], y=[0, 1]), map_center=centre, map_zoom=zoom,
                      legend=dict(x=map_share + 0.01, xanchor="left", y=0.02, yanchor="bottom"))
    for tr in fig.data:
        if getattr(tr, "showscale", None) is not False and tr.colorbar is not None and tr.colorbar.ticktext:
            words, lines, cur = str(tr.colorbar.title.text or "").split(), [], ""
            for w in words:
                if cur and len(cur) + 1 + len(w) > wrap:
                    lines.append(cur)
                    cur = w
                else:
                    cur = f"{cur} {w}".strip()
            lines.append(cur)
            tr.colorbar.update(x=map_share + 0.01, xanchor="left", title=dict(text="<br>".join(lines)))
    return fig


def outline(fig: go.Figure, geojson: dict, codes: list[str]) -> go.Figure:
    """Draw thick outlines around the chosen areas of a map built by charts.choropleth (the layer
    goes as the same data: URL as the map's, so no boundary is sent twice)."""
    ids = {f["id"] for f in geojson["features"]}
    chosen = [c for c in codes if c in ids]
    if chosen:
        fig.add_trace(go.Choroplethmap(
            geojson=charts.layer_url(geojson), locations=chosen, z=[1] * len(chosen),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker_line_width=3, marker_line_color="#d62728", hoverinfo="skip", showlegend=False, name="chosen"))
    return fig
