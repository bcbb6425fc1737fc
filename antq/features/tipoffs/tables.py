"""The tables of the "Tin báo → phá án" page as shown on screen and written to CSV: numbers formatted
the Vietnamese way, counts beside every share."""
from __future__ import annotations

import pandas as pd

from antq import fmt
from antq.features.tipoffs.cohorts import cohort_label
from antq.features.tipoffs.common import div
from antq.i18n import t


def steps_display(steps: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    return pd.DataFrame({t("tipoffs_col_step", lang): steps["label"],
                         t("tipoffs_col_count", lang): steps["count"].map(lambda x: fmt.number(x, 0, lang)),
                         t("tipoffs_col_rate", lang): steps["rate"].replace("", "–"),
                         t("tipoffs_col_basis", lang): steps["basis"]})


def readings_table(f, sp, lang: str = "vi") -> pd.DataFrame:
    """The two readings of a period's results side by side: the cohort funnel (tip_funnel.sql) and the
    cases solved in the period (cases_solved_in_period.sql), each against the period's tips; the
    second ratio is labelled as the different ratio it is."""
    n = lambda x: fmt.number(x, 0, lang)  # noqa: E731
    rows = []
    for key, r in (("tipoffs_reading_by_cohort", f), ("tipoffs_reading_by_solved", sp)):
        rows.append({t("tipoffs_reading_col", lang): t(key, lang),
                     t("tipoffs_step_cases_solved", lang): n(r["cases_solved"]),
                     t("tipoffs_step_arrests", lang): n(r["arrests"]),
                     t("tipoffs_step_guns", lang): n(r["guns"]),
                     t("tipoffs_step_primitive_weapons", lang): n(r["primitive_weapons"]),
                     t("tipoffs_cases_per_100_tips", lang): fmt.number(div(r["cases_solved"] * 100, f["tips"]), 1, lang)
                     + ("" if r is f else " ⚠ " + t("tipoffs_other_ratio_short", lang))})
    return pd.DataFrame(rows)


def cohort_table(roll: pd.DataFrame, grain: str, lang: str = "vi") -> pd.DataFrame:
    """One row per cohort: counts beside the shares, and whether the cohort is complete."""
    n = lambda x: fmt.number(x, 0, lang)  # noqa: E731

    def status(r):
        open_w = [f"{w}" for w in ("30", "90", "180") if not r[f"complete_{w}"]]
        s = t("tipoffs_status_open", lang, w=", ".join(open_w)) if open_w else t("tipoffs_status_complete", lang)
        return s + (f"; {t('tipoffs_status_partial', lang)}" if r["partial"] else "")

    out = pd.DataFrame({t("tipoffs_col_cohort", lang): [cohort_label(d, grain, lang) for d in roll["cohort"]],
                        t("tipoffs_col_tips", lang): roll["tips"].map(n),
                        t("tipoffs_col_valuable", lang): roll["valuable"].map(n)})
    for w in ("30", "90", "180"):
        label = t("tipoffs_within_days", lang, n=w)
        out[label] = [f"{fmt.percent(s, 1, lang)} ({n(c)})" for s, c in zip(roll[f"share_{w}"], roll[f"solved_{w}"])]
    out[t("tipoffs_solved_ever", lang)] = [f"{fmt.percent(s, 1, lang)} ({n(c)})"
                                           for s, c in zip(roll["share_ever"], roll["solved_ever"])]
    out[t("tipoffs_col_complete", lang)] = [status(r) for _, r in roll.iterrows()]
    return out


def breakdown_display(b: pd.DataFrame, by: str, lang: str = "vi") -> pd.DataFrame:
    n = lambda x: fmt.number(x, 0, lang)  # noqa: E731
    p = lambda x: fmt.percent(x, 1, lang)  # noqa: E731
    d = b.sort_values("conversion", ascending=False)
    return pd.DataFrame({t(f"tipoffs_col_{by}", lang): d[by], t("tipoffs_col_tips", lang): d["tips"].map(n),
                         t("tipoffs_col_valuable", lang): d["valuable"].map(n),
                         t("tipoffs_col_solved", lang): d["solved_ever"].map(n),
                         t("tipoffs_metric_valuable", lang): d["valuable_share"].map(p),
                         t("tipoffs_metric_conversion", lang): d["conversion"].map(p),
                         t("tipoffs_metric_solved_of_valuable", lang): d["solved_of_valuable"].map(p)})


def population_words(pop: pd.DataFrame, scope: str, lang: str = "vi") -> str:
    """'Population of <scope>: N — basis: <basis> (k provinces); …' from tipoffs_scope_population.sql."""
    if pop.empty:
        return "–"
    bases = "; ".join(t("tipoffs_basis_item", lang, basis=b, n=k) if len(pop) > 1 else b
                      for b, k in zip(pop["population_basis"], pop["provinces"]))
    return t("tipoffs_population_basis", lang, scope=scope, pop=fmt.number(pop["scope_population"].iloc[0], 0, lang),
             basis=bases)
