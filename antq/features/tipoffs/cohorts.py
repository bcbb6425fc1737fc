"""The cohort reading of tips on the "Tin báo → phá án" page (a cohort: the tips received in one
month, quarter or year): the funnel of a cohort (tips -> valuable -> linked to a solved case ->
cases -> arrests) with its rates, cohort roll-ups (share linked to a solved case within 30/90/180
days, incomplete cohorts marked), the days from tip to solved case, tips per 100,000 residents, and
the roll-up by channel or category. Query results in, DataFrames out; no Streamlit.
"""
from __future__ import annotations

import pandas as pd

from antq import fmt
from antq.features.tipoffs.common import div
from antq.i18n import t

WINDOWS = (30, 90, 180)
# Bins of days from tip to solved case, right-closed like the windows ("within 30 days" = <= 30); their
# index is the day_bin of queries/tipoffs_cohorts.sql (same edges), so a window is the bins up to it.
DAY_BINS = ((None, -1), (0, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, 180), (181, 365), (366, None))
WINDOW_BINS = {30: 3, 90: 5, 180: 6}


def funnel_steps(f: dict, lang: str = "vi") -> pd.DataFrame:
    """The five steps of the cohort funnel (tip_funnel.sql's row) with counts and rates in words."""
    L = lang
    tips, valuable, linked, cases, solved = (f["tips"], f["valuable_tips"], f["tips_with_solved_case"],
                                             f["cases"], f["cases_solved"])
    pct = lambda a, b: fmt.percent(div(a, b), 1, L)  # noqa: E731
    per100 = lambda a: fmt.number(div(a * 100, valuable), 1 if div(a * 100, valuable) >= 1 else 2, L)  # noqa: E731
    rows = [
        ("tips", tips, "", ""),
        ("valuable", valuable, pct(valuable, tips), t("tipoffs_of_tips", L)),
        ("linked_solved", linked, pct(linked, valuable), t("tipoffs_of_valuable", L)),
        ("cases_solved", solved, pct(solved, cases), t("tipoffs_of_cases", L, n=fmt.number(cases, 0, L))),
        ("arrests", f["arrests"], per100(f["arrests"]), t("tipoffs_per_100_valuable", L)),
        ("guns", f["guns"], per100(f["guns"]), t("tipoffs_per_100_valuable", L)),
        ("primitive_weapons", f["primitive_weapons"], per100(f["primitive_weapons"]), t("tipoffs_per_100_valuable", L)),
    ]
    return pd.DataFrame([{"step": s, "label": t(f"tipoffs_step_{s}", L), "count": int(c) if not pd.isna(c) else None,
                          "rate": r, "basis": b} for s, c, r, b in rows])


def with_solved(df: pd.DataFrame) -> pd.DataFrame:
    """tipoffs_cohorts.sql rows with the tips linked to a solved case (any time, within 30/90/180 days)
    as columns, from each row's day_bin."""
    out = df.copy()
    b = pd.to_numeric(out["day_bin"], errors="coerce")
    out["solved_ever"] = out["tips"].where(b.notna(), 0)
    for w, last in WINDOW_BINS.items():
        out[f"solved_{w}"] = out["tips"].where(b <= last, 0)
    return out


def cohort_rollup(df: pd.DataFrame) -> pd.DataFrame:
    """tipoffs_cohorts.sql rows (cohort x channel x category x day bin) -> one row per cohort with shares.

    share_N = tips linked to a case solved within N days / tips received; `complete_N` False marks a
    cohort whose tips have not all had N days yet (its share can still grow); `partial` marks a cohort
    only partly inside the chosen period."""
    cols = ["tips", "valuable", "solved_ever", "solved_30", "solved_90", "solved_180"]
    if df.empty:
        return pd.DataFrame(columns=["cohort", "cohort_from", "cohort_to", *cols, "partial"])
    g = with_solved(df).groupby("cohort", sort=True)
    out = g[cols].sum().astype("int64")
    first = g[["cohort_from", "cohort_to", "cohort_last", "complete_30", "complete_90", "complete_180",
               "complete_ever"]].first()
    out = out.join(first).reset_index()
    for c in ("cohort", "cohort_from", "cohort_to", "cohort_last"):
        out[c] = pd.to_datetime(out[c])
    out["partial"] = (out["cohort_from"] > out["cohort"]) | (out["cohort_to"] < out["cohort_last"])
    for w in (*[str(w) for w in WINDOWS], "ever"):
        out[f"share_{w}"] = div(out[f"solved_{w}"], out["tips"])
    out["valuable_share"] = div(out["valuable"], out["tips"])
    return out


def cohort_label(d, grain: str, lang: str = "vi") -> str:
    d = pd.Timestamp(d)
    if grain == "year":
        return str(d.year)
    if grain == "quarter":
        q = (d.month - 1) // 3 + 1
        return f"Q{q}/{d.year}" if lang == "vi" else f"{d.year} Q{q}"
    return fmt.month(d.date(), lang)


def day_bins(cube: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """tipoffs_cohorts.sql rows -> the tips linked to a solved case per bin of days (DAY_BINS), their
    share and cumulative share."""
    b = pd.to_numeric(cube["day_bin"], errors="coerce") if len(cube) else pd.Series(dtype=float)
    per_bin = cube["tips"].groupby(b).sum() if len(cube) else pd.Series(dtype="int64")
    rows = []
    for i, (lo, hi) in enumerate(DAY_BINS):
        if lo is None:
            label = t("tipoffs_days_before", lang)
        elif hi is None:
            label = t("tipoffs_days_over", lang, n=lo - 1)
        else:
            label = t("tipoffs_days_range", lang, a=lo, b=hi)
        rows.append({"bin": label, "lo": lo, "hi": hi, "tips": int(per_bin.get(float(i), 0))})
    out = pd.DataFrame(rows)
    total = out["tips"].sum()
    out["share"] = out["tips"] / total if total else float("nan")
    out["cumulative"] = out["share"].cumsum()
    return out


def median_bin(bins: pd.DataFrame) -> str | None:
    """The bin of days that holds the median tip (where the cumulative share reaches one half)."""
    reached = bins[bins["cumulative"] >= 0.5]
    return reached["bin"].iloc[0] if len(reached) else None


def per_capita(roll: pd.DataFrame, population) -> pd.DataFrame:
    """Tips per 100,000 residents per cohort, annualised over the cohort's days inside the period
    (so a month, a quarter and a cut-off month compare on one scale)."""
    out = roll[["cohort", "cohort_from", "cohort_to", "tips", "partial"]].copy()
    days = (out["cohort_to"] - out["cohort_from"]).dt.days + 1
    pop = float(population) if population and not pd.isna(population) else float("nan")
    out["days"] = days
    out["per_100k_year"] = out["tips"] / days * 365.25 / pop * 1e5
    return out


def breakdown(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Cohort rows rolled up by 'channel' or 'category': counts and the three rates."""
    cols = ["tips", "valuable", "solved_ever", "solved_90"]
    g = with_solved(df).groupby(by, sort=False)[cols].sum().reset_index() if len(df) else pd.DataFrame(columns=[by, *cols])
    g["valuable_share"] = div(g["valuable"], g["tips"])
    g["conversion"] = div(g["solved_ever"], g["tips"])
    g["solved_of_valuable"] = div(g["solved_ever"], g["valuable"])
    return g.sort_values("conversion", ascending=True, na_position="first").reset_index(drop=True)
