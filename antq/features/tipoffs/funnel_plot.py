"""Where conversion is weak: the funnel plot of the "Tin báo → phá án" page. Each area's rate against
its volume, with 95% and 99.8% control limits around the national rate (normal approximation to the
binomial), the classification it implies, its reading in words and the table of areas.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from antq import fmt
from antq.features.tipoffs.common import div
from antq.i18n import t

Z95, Z998 = 1.959964, 3.090232  # two-sided 95% and 99.8% normal quantiles
MIN_EXPECTED = 5                 # an area expected to have fewer events than this is not classified
FLAGS = ("below_998", "below_95", "within", "above_95", "above_998", "too_few")
# Map metrics that are shares (numerator, denominator) and can go on a funnel plot.
RATES = {"conversion": ("solved", "tips"), "valuable": ("valuable", "tips"), "solved_of_valuable": ("solved", "valuable")}


def area_rates(df: pd.DataFrame, metric: str, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """tipoffs_conversion_by_area.sql rows -> numerator x, denominator n, rate, national rate p0,
    z-score against p0 and the funnel-plot flag; or tips per 100,000 residents for 'per100k'."""
    out = df.copy()
    if population is not None and len(population):
        pop = population.set_index("area_code")["population"]
        out["population"] = out["area_code"].map(pop).astype("Float64")
    if metric == "per100k":
        out["x"], out["n"] = out["tips"], out["population"]
        out["rate"] = div(out["tips"] * 1e5, out["population"])
        out["p0"], out["z"], out["flag"] = float("nan"), float("nan"), None
        return out
    num, den = RATES[metric]
    out["x"], out["n"] = out[num], out[den]
    out["rate"] = div(out["x"], out["n"])
    nat = df.iloc[0] if len(df) else None
    p0 = div(nat[f"national_{num}"], nat[f"national_{den}"]) if nat is not None else float("nan")
    out["p0"] = p0
    n = pd.to_numeric(out["n"], errors="coerce").astype(float)
    sd = np.sqrt(p0 * (1 - p0) / n.where(n > 0))
    out["z"] = (out["rate"].astype(float) - p0) / sd
    out["flag"] = [classify(z, nn, p0) for z, nn in zip(out["z"], n)]
    return out


def classify(z: float, n: float, p0: float) -> str | None:
    """Where an area sits on the funnel plot: outside the 99.8% or 95% limits (above/below) or within;
    'too_few' when fewer than MIN_EXPECTED events are expected (n * p0 < 5; the limits mean little)."""
    if pd.isna(n) or n <= 0 or pd.isna(p0):
        return None
    if n * min(p0, 1 - p0) < MIN_EXPECTED:
        return "too_few"
    if z > Z998:
        return "above_998"
    if z > Z95:
        return "above_95"
    if z < -Z998:
        return "below_998"
    if z < -Z95:
        return "below_95"
    return "within"


def flag_words(flag, lang: str = "vi") -> str:
    return t(f"tipoffs_flag_{flag}", lang) if isinstance(flag, str) else "–"


def control_limits(p0: float, n_min: float, n_max: float, points: int = 120) -> pd.DataFrame:
    """The funnel's limits p0 ± z·sqrt(p0(1−p0)/n) over a log grid of volumes, clipped to [0, 1]."""
    n = np.unique(np.geomspace(max(n_min, 1), max(n_max, n_min + 1, 2), points))
    sd = np.sqrt(p0 * (1 - p0) / n)
    out = pd.DataFrame({"n": n})
    for name, z in (("95", Z95), ("998", Z998)):
        out[f"lo_{name}"] = np.clip(p0 - z * sd, 0, 1)
        out[f"hi_{name}"] = np.clip(p0 + z * sd, 0, 1)
    return out


def funnel_plot_words(rates: pd.DataFrame, lang: str = "vi") -> str:
    """How to read the funnel plot, how many areas fall where, and a warning when so many areas lie
    outside the 99.8% limits that the variation is larger than chance (over-dispersion)."""
    counts = rates["flag"].value_counts()
    below, above = int(counts.get("below_998", 0)), int(counts.get("above_998", 0))
    judged = int(counts.sum() - counts.get("too_few", 0))
    words = [t("tipoffs_funnelplot_note", lang, p0=fmt.percent(rates["p0"].iloc[0] if len(rates) else None, 1, lang)),
             t("tipoffs_verdict_counts", lang, b=below, a=above, w=judged - below - above,
               f=int(counts.get("too_few", 0)))]
    if judged >= 10 and below + above > 0.2 * judged:
        words.append(t("tipoffs_overdispersed", lang, n=below + above, m=judged))
    return " ".join(words)


def area_table(rates: pd.DataFrame, metric: str, lang: str = "vi", *, place_label: str) -> pd.DataFrame:
    """The areas, weakest first, with their counts beside the rate and the funnel-plot verdict (text)."""
    d = rates.copy()
    d["_has"] = d["rate"].notna()
    d["_key"] = d["area_name"].map(fmt.sort_key)
    d["_flag"] = d["flag"].map({f: i for i, f in enumerate(FLAGS)}).fillna(len(FLAGS))
    order = ["rate"] if metric == "per100k" else ["_flag", "z"]
    d = d.sort_values(["_has", *order, "_key"], ascending=[False, *[True] * len(order), True], na_position="last")
    n = lambda x: fmt.number(x, 0, lang)  # noqa: E731
    out = pd.DataFrame({
        place_label: d["area_name"],
        t("tipoffs_col_tips", lang): d["tips"].map(n),
        t("tipoffs_col_valuable", lang): d["valuable"].map(n),
        t("tipoffs_col_solved", lang): d["solved"].map(n),
    })
    if metric == "per100k":
        out[t("tipoffs_col_population", lang)] = d["population"].map(n)
        out[t("tipoffs_metric_per100k", lang)] = d["rate"].map(lambda x: fmt.number(x, 1, lang))
    else:
        out[t(f"tipoffs_metric_{metric}", lang)] = d["rate"].map(lambda x: fmt.percent(x, 1, lang))
        out[t("tipoffs_col_gap", lang)] = (d["rate"] - d["p0"]).map(
            lambda x: "–" if pd.isna(x) else ("+" if x > 0 else "−" if x < 0 else "±") + fmt.number(abs(x) * 100, 1, lang))
        out[t("tipoffs_col_verdict", lang)] = d["flag"].map(lambda f: flag_words(f, lang))
    return out.reset_index(drop=True)
