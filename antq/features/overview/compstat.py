"""The CompStat reading of the overview's headline figures: each figure of the period against the
same period a year earlier, marked where the change means nothing (small counts, within chance, no
base), then as metric cards, as words and as the briefing table.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from antq import fmt
from antq.features.overview.metrics import SMALL, format_gap
from antq.i18n import t


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
                      "number": None if r[key]["share"] else r[key]["now"],  # the exact count, for the short form
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
