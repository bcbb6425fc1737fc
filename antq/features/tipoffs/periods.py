"""This period against the same period last year, as police leaders read them, with the rule that
marks changes too small to mean anything: both counts < 20, or an exact conditional Poisson test
(a two-proportion test for rates) not significant at 5%.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from antq import fmt
from antq.features.tipoffs.common import div
from antq.i18n import t

SMALL_COUNT = 20  # both counts below this: a change is not read


def poisson_change_p(a: float, b: float) -> float:
    """Two-sided p-value that counts a (this period) and b (last year) come from the same Poisson rate:
    conditional on a + b, a ~ Binomial(a + b, 1/2) (exact below 5,000, normal approximation above)."""
    a, b = int(a), int(b)
    n = a + b
    if n == 0:
        return 1.0
    if n > 5000:
        z = (abs(a - n / 2) - 0.5) / math.sqrt(n / 4)
        return min(1.0, math.erfc(max(z, 0) / math.sqrt(2)))
    logp = [math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) - n * math.log(2) for k in range(n + 1)]
    pmf = np.exp(np.array(logp))
    lo, hi = pmf[: a + 1].sum(), pmf[a:].sum()
    return float(min(1.0, 2 * min(lo, hi)))


def proportion_change_p(x1, n1, x0, n0) -> float:
    """Two-sided p-value of a difference between two shares (pooled two-proportion z test)."""
    if not n1 or not n0:
        return float("nan")
    p = (x1 + x0) / (n1 + n0)
    if p in (0, 1):
        return 1.0
    z = (x1 / n1 - x0 / n0) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
    return math.erfc(abs(z) / math.sqrt(2))


def change_note(a, b, lang: str = "vi", p: float | None = None) -> str:
    """Empty when the change can be read; else why not (the rule is stated on the page)."""
    if pd.isna(a) or pd.isna(b):
        return "–"
    if a < SMALL_COUNT and b < SMALL_COUNT:
        return t("tipoffs_note_small", lang, n=SMALL_COUNT)
    p = poisson_change_p(a, b) if p is None else p
    if p >= 0.05:
        return t("tipoffs_note_not_significant", lang, p=fmt.number(p, 2, lang))
    return ""


COMPARE_COUNTS = (("tips", "tipoffs_step_tips"), ("valuable_tips", "tipoffs_step_valuable"),
                  ("tips_with_solved_case", "tipoffs_step_linked_solved"), ("cases_solved", "tipoffs_step_cases_solved"),
                  ("arrests", "tipoffs_step_arrests"), ("guns", "tipoffs_step_guns"),
                  ("primitive_weapons", "tipoffs_step_primitive_weapons"))
COMPARE_PERIOD = (("cases_solved", "tipoffs_period_cases_solved"), ("arrests", "tipoffs_period_arrests"),
                  ("guns", "tipoffs_period_guns"), ("primitive_weapons", "tipoffs_period_primitive_weapons"))


def compare_table(now, last, lang: str = "vi") -> pd.DataFrame:
    """This period against the same period last year (two rows of tipoffs_period_summary.sql): counts,
    change in %, and a note where the change cannot be read (see change_note); then the two
    conversion rates, change in points (two-proportion test)."""
    rows = []

    def count_row(label, a, b):
        change = div(a - b, b) if b else float("nan")
        rows.append({"metric": label, "kind": "count", "now": a, "last": b, "change": change,
                     "change_text": fmt.signed_percent(change, 1, lang) if b else "–",
                     "note": change_note(a, b, lang)})

    for col, key in COMPARE_COUNTS:
        count_row(t(key, lang), int(now[col]), int(last[col]))
    for col, key in COMPARE_PERIOD:
        count_row(t(key, lang), int(now[f"period_{col}"]), int(last[f"period_{col}"]))
    for (num, den), key in ((("valuable_tips", "tips"), "tipoffs_rate_valuable"),
                            (("tips_with_solved_case", "valuable_tips"), "tipoffs_rate_solved_of_valuable")):
        a, b = div(now[num], now[den]), div(last[num], last[den])
        p = proportion_change_p(now[num], now[den], last[num], last[den])
        small = now[den] < SMALL_COUNT or last[den] < SMALL_COUNT
        note = (t("tipoffs_note_small_base", lang, n=SMALL_COUNT) if small else
                t("tipoffs_note_not_significant", lang, p=fmt.number(p, 2, lang)) if not pd.isna(p) and p >= 0.05 else "")
        diff = a - b
        rows.append({"metric": t(key, lang), "kind": "rate", "now": a, "last": b, "change": diff,
                     "change_text": ("–" if pd.isna(diff) else
                                     ("+" if diff > 0 else "−" if diff < 0 else "±")
                                     + fmt.number(abs(diff) * 100, 1, lang) + " " + t("tipoffs_points", lang)),
                     "note": note})
    return pd.DataFrame(rows)


def compare_display(table: pd.DataFrame, lang: str = "vi", *, now_label: str, last_label: str) -> pd.DataFrame:
    """compare_table for the screen: numbers formatted the Vietnamese way, rates as percentages."""
    def show(x, is_rate):
        return fmt.percent(x, 1, lang) if is_rate else fmt.number(x, 0, lang)
    is_rate = table["kind"] == "rate"
    return pd.DataFrame({
        t("tipoffs_col_metric", lang): table["metric"],
        now_label: [show(x, r) for x, r in zip(table["now"], is_rate)],
        last_label: [show(x, r) for x, r in zip(table["last"], is_rate)],
        t("tipoffs_col_change", lang): table["change_text"],
        t("tipoffs_col_note", lang): table["note"].replace("", "✓ " + t("tipoffs_note_readable", lang)),
    })


def period_words(d_from: dt.date, d_to: dt.date, lang: str = "vi") -> str:
    return f"{fmt.date(d_from, lang)} – {fmt.date(d_to, lang)}"


def open_cohort_warning(d_to: dt.date, data_date: dt.date, window: int = 180) -> bool:
    """True when tips of the period have not all had `window` days to lead to a solved case."""
    return (data_date - d_to).days < window
