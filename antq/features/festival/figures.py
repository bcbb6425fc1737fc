"""Pure builders for the "Ngày hội" page: rates and flags computed from query results, the
year-over-year bars, the funnel plot of sites against population, display tables and the CSV.
No Streamlit and no database here: DataFrames in, DataFrames and plotly Figures out.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.figures import charts
from antq.figures.charts import FONT, Bins, make_bins
from antq.i18n import t

METRICS = ("sites_per_10k", "participants_per_1k", "communes_share")
LEVELS = ("Tỉnh", "Huyện", "Xã", "Thôn/Tổ dân phố")
LEADERS_CENTRAL = ("leaders_politburo", "leaders_secretariat", "leaders_cc_central", "leaders_cc_provincial_secretary")
LEADERS_LOCAL = ("leaders_province_standing", "leaders_district_standing")
LEADERS = LEADERS_CENTRAL + LEADERS_LOCAL
SHOWCASE_COLOUR, OTHER_COLOUR = "#08519c", "#9ecae1"
LEADER_COLOURS = ["#7f0000", "#d7301f", "#fc8d59", "#fdcc8a", "#08519c", "#6baed6"]
FLAG_COLOURS = {"none": "#67000d", "clear": "#cb181d", "low": "#fc9272", "ok": "#6baed6", "high": "#08519c"}
Z_CLEAR, Z_LOW = 3.09, 1.96  # the 99.8% and 95% limits
SMALL_EXPECTED = 5.0


# ---------------------------------------------------------------- formatting

_VI = str.maketrans(",.", ".,")


def numbers(values, decimals: int = 0, lang: str = "vi") -> pd.Series:
    """fmt.number over a whole column at once (1.616 / 1,616; missing -> '–'), for tables of 1,000 rows."""
    s = pd.Series(values).astype(float)
    f = f"{{:,.{decimals}f}}".format
    vi = lang == "vi"
    out = ["–" if x != x else (f(x).translate(_VI) if vi else f(x)) for x in s.to_numpy()]
    return pd.Series(out, index=s.index, dtype=object)


def signed(values, lang: str = "vi") -> pd.Series:
    """Whole-number changes with their sign: +1.245 / −751."""
    s = pd.Series(values).astype(float)
    digits = numbers(s.abs(), 0, lang)
    out = ["–" if x != x else ("−" if x < 0 else "+") + d for x, d in zip(s.to_numpy(), digits)]
    return pd.Series(out, index=s.index, dtype=object)


# ---------------------------------------------------------------- years and rates

def default_year(years, period_end_year: int) -> int | None:
    """The latest festival year with data not after the sidebar period's end year (else the latest)."""
    ys = sorted(int(y) for y in years)
    if not ys:
        return None
    inside = [y for y in ys if y <= period_end_year]
    return inside[-1] if inside else ys[-1]


def with_rates(df: pd.DataFrame) -> pd.DataFrame:
    """Add the map metrics (this year and the year before) to festival_by_area rows."""
    out = df.copy()
    for p in ("", "prev_"):
        pop = out[f"{p}population"].astype(float).where(out[f"{p}population"] > 0)
        out[f"{p}sites_per_10k"] = out[f"{p}sites"].astype(float) * 1e4 / pop
        out[f"{p}participants_per_1k"] = out[f"{p}participants"].astype(float) * 1e3 / pop
        total = out[f"{p}communes_total"].astype(float).where(out[f"{p}communes_total"] > 0)
        out[f"{p}communes_share"] = out[f"{p}communes_held"].astype(float) / total
    return out


def totals(df: pd.DataFrame, prefix: str = "") -> dict:
    """The selection's totals from festival_by_area rows (areas without data add nothing)."""
    df = df[df[f"{prefix}sites"].notna()]
    s = {k: df[f"{prefix}{k}"].sum(min_count=1) for k in
         ("sites", "showcase_sites", "participants", "population", "communes_total", "communes_held")}
    s["participants_per_1k"] = s["participants"] * 1e3 / s["population"] if s["population"] else float("nan")
    s["communes_share"] = s["communes_held"] / s["communes_total"] if s["communes_total"] else float("nan")
    return s


def share_bins(values) -> Bins | None:
    """Bins for the share of communes: 'none / held' when every area is a single commune (0 or 1)."""
    v = pd.Series(values, dtype=float).dropna()
    if len(v) and set(v.unique()) <= {0.0, 1.0}:
        return Bins((0.0, 0.5, 1.0))
    return make_bins(v, 5, hi=1.0) if len(v) else None


def area_map(df: pd.DataFrame, geojson: dict, *, metric: str, lang: str, bounds=None, title: str | None = None):
    """The map of a year through the one choropleth builder: `metric` per area, with the counts
    behind it (sites, showcase sites, participants, population, communes) in the hover text.
    National when `bounds` is None (archipelagos labelled), else one province's communes."""
    share = metric == "communes_share"
    num = lambda x: fmt.number(x, lang=lang)  # noqa: E731
    return charts.choropleth(
        df, geojson, code_col="area_code", name_col="area_name", value_col=metric,
        value_label=t(f"festival_m_{metric}", lang), lang=lang, national=bounds is None, bounds=bounds,
        value_format=(lambda x: fmt.percent(x, 1, lang)) if share else (lambda x: fmt.number(x, 1, lang)),
        bins=share_bins(df[metric]) if share else None,
        hover_cols=[("sites", t("festival_sites", lang), num), ("showcase_sites", t("festival_showcase", lang), num),
                    ("participants", t("festival_participants", lang), num),
                    ("population", t("festival_hover_population", lang), num),
                    ("communes_text", t("festival_hover_communes", lang), str)],
        title=title)


# ---------------------------------------------------------------- small-count statistics

def _log_factorials(n: int) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, max(n, 1) + 1)))])


def binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed exactly in log space."""
    if k >= n or p <= 0:
        return 1.0
    if k < 0 or p >= 1:
        return 0.0
    lf = _log_factorials(n)
    j = np.arange(k + 1)
    logt = lf[n] - lf[j] - lf[n - j] + j * math.log(p) + (n - j) * math.log1p(-p)
    m = logt.max()
    return float(min(1.0, math.exp(m) * np.exp(logt - m).sum()))


def poisson_z(observed, expected) -> np.ndarray:
    """How many standard deviations a Poisson count lies from its expectation, on the Wilson-Hilferty
    cube-root scale (accurate down to small counts, and 0 observed gives a finite z)."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return ((o / e) ** (1 / 3) - (1 - 1 / (9 * e))) * 3 * np.sqrt(e)


def overdispersion(z) -> float:
    """Spiegelhalter's multiplicative overdispersion: the mean squared z after pulling the top and
    bottom 10% in (winsorising), at least 1. Real places differ by more than chance; without this
    the limits of large counts are so tight that most provinces would be "clearly" off."""
    z = pd.Series(z, dtype=float).dropna()
    if len(z) < 10:
        return 1.0
    lo, hi = z.quantile(0.1), z.quantile(0.9)
    return max(1.0, float((z.clip(lo, hi) ** 2).mean()))


def poisson_limit(expected, z: float, phi: float = 1.0) -> np.ndarray:
    """The count at `z` standard deviations (times sqrt(phi)) from `expected`, for funnel curves."""
    e = np.asarray(expected, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = e * np.clip(1 - 1 / (9 * e) + z * math.sqrt(phi) / (3 * np.sqrt(e)), 0, None) ** 3
    return np.where(e > 0, q, 0.0)


def few_for_size(df: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Areas against the national level of sites per resident, and the overdispersion used.

    Expected sites = population x national level; z = the Poisson deviation divided by sqrt(phi);
    flag: none (held none), clear (below the 99.8% limit), low (below 95%), high (above 95%), ok;
    `small` marks fewer than 5 expected sites. Most worrying first; areas without data left out."""
    d = df.dropna(subset=["sites", "population"]).copy()
    d = d[d["population"] > 0]
    rate = d["national_sites"].astype(float) / d["national_population"].astype(float)
    d["expected"] = d["population"].astype(float) * rate
    d["ratio"] = d["sites"] / d["expected"]
    z = poisson_z(d["sites"], d["expected"])
    phi = overdispersion(z)
    d["z"] = z / math.sqrt(phi)
    d["small"] = d["expected"] < SMALL_EXPECTED
    d["flag"] = np.select([d["sites"] == 0, d["z"] < -Z_CLEAR, d["z"] < -Z_LOW, d["z"] > Z_LOW],
                          ["none", "clear", "low", "high"], "ok")
    order = {"none": 0, "clear": 1, "low": 2, "ok": 3, "high": 4}
    d["_o"] = d["flag"].map(order)
    return d.sort_values(["_o", "z"]).drop(columns="_o").reset_index(drop=True), phi


def fell(df: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Areas holding fewer sites than the year before, and the overdispersion used.

    Given both years' sites n = a + b, an area that followed the national change would hold
    b ~ Binomial(n, p0), p0 = e_now / (e_now + e_prev), e = population x that year's national level.
    z = (b - n p0) / sqrt(n p0 (1 - p0) phi), phi estimated over every area with both years; flag:
    clear (below -3.09), more (below -1.96), fell. Largest falls against the country first."""
    d = df.dropna(subset=["sites", "prev_sites", "population", "prev_population"]).copy()
    rate_now = d["national_sites"].astype(float) / d["national_population"].astype(float)
    rate_prev = d["prev_national_sites"].astype(float) / d["prev_national_population"].astype(float)
    e_now = d["population"].astype(float) * rate_now
    e_prev = d["prev_population"].astype(float) * rate_prev
    p0 = e_now / (e_now + e_prev)
    n = (d["sites"] + d["prev_sites"]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (d["sites"] - n * p0) / np.sqrt(n * p0 * (1 - p0))
    phi = overdispersion(z)
    d["z"] = z / math.sqrt(phi)
    d["change"] = d["sites"] - d["prev_sites"]
    d["change_pct"] = d["change"] / d["prev_sites"].where(d["prev_sites"] > 0)
    d["participants_change"] = d["participants"] - d["prev_participants"]
    d["flag"] = np.select([d["z"] < -Z_CLEAR, d["z"] < -Z_LOW], ["clear", "more"], "fell")
    d = d[d["sites"] < d["prev_sites"]]
    return d.sort_values(["z", "change_pct"]).reset_index(drop=True), phi


# ---------------------------------------------------------------- year-over-year figures

def _layout(fig: go.Figure, title: str, y_label: str, lang: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title=dict(text=title), barmode="stack", separators=fmt.plotly_separators(lang), font=dict(family=FONT),
        height=height, margin=dict(l=10, r=10, t=50, b=10), legend=dict(orientation="h", y=-0.12),
        yaxis=dict(title=y_label, tickformat=",d"), xaxis=dict(type="category", title=None, tickangle=0,
                                                               tickfont=dict(size=10)),
        uniformtext=dict(minsize=9, mode="hide"), hovermode="x unified")
    return fig


def _opacity(years, selected) -> list[float]:
    return [1.0 if int(y) == selected else 0.55 for y in years]


def _mark(fig: go.Figure, summary: pd.DataFrame, col, selected: int, lang: str) -> None:
    """The chosen year's total written above its bar."""
    years = [int(y) for y in summary["year"]]
    if selected in years:
        row = summary.iloc[[years.index(selected)]]
        total = float(row[list(col)].sum(axis=1).iloc[0]) if isinstance(col, (list, tuple)) else float(row[col].iloc[0])
        # on a category axis a position is the category's index (a year string would be read as a number)
        fig.add_annotation(x=years.index(selected), y=total, text=f"<b>{fmt.number(total, lang=lang)}</b>", showarrow=False,
                           yshift=10, font=dict(size=11),
                           bgcolor="rgba(255,255,255,0.85)")


def _named(label: str, summary: pd.DataFrame, values, selected: int, lang: str) -> str:
    """A legend entry that carries the chosen year's count, so that small segments stay readable."""
    years = [int(y) for y in summary["year"]]
    if selected not in years:
        return label
    return f"{label} — {selected}: {fmt.number(list(values)[years.index(selected)], lang=lang)}"


def sites_bars(summary: pd.DataFrame, *, selected: int, lang: str, title: str) -> go.Figure:
    """Sites by year: showcase sites and the others stacked (together: all sites)."""
    x = summary["year"].astype(int).astype(str)
    op = _opacity(summary["year"], selected)
    other = summary["sites"] - summary["showcase_sites"]
    fig = go.Figure([
        go.Bar(x=x, y=summary["showcase_sites"], marker_color=SHOWCASE_COLOUR, marker_opacity=op,
               name=_named(t("festival_showcase", lang), summary, summary["showcase_sites"], selected, lang),
               hovertemplate="%{y:,d}"),
        go.Bar(x=x, y=other, marker_color=OTHER_COLOUR, marker_opacity=op, hovertemplate="%{y:,d}",
               name=_named(t("festival_other_sites", lang), summary, other, selected, lang)),
    ])
    fig = _layout(fig, title, t("festival_sites", lang), lang)
    _mark(fig, summary, "sites", selected, lang)
    return fig


def participants_bars(summary: pd.DataFrame, *, selected: int, lang: str, title: str) -> go.Figure:
    x = summary["year"].astype(int).astype(str)
    fig = go.Figure(go.Bar(x=x, y=summary["participants"], name=t("festival_participants", lang),
                           marker_color=SHOWCASE_COLOUR, marker_opacity=_opacity(summary["year"], selected),
                           hovertemplate="%{y:,d}"))
    fig = _layout(fig, title, t("festival_participants", lang), lang)
    fig.update_layout(showlegend=False)
    _mark(fig, summary, "participants", selected, lang)
    return fig


def leaders_bars(summary: pd.DataFrame, *, ranks, selected: int, lang: str, title: str) -> go.Figure:
    """Leaders attending by rank, stacked, each segment labelled with its count (horizontal text)."""
    x = summary["year"].astype(int).astype(str)
    op = _opacity(summary["year"], selected)
    colours = dict(zip(LEADERS, LEADER_COLOURS))
    fig = go.Figure()
    for r in ranks:
        fig.add_trace(go.Bar(x=x, y=summary[r], name=_named(t(f"festival_{r}", lang), summary, summary[r], selected, lang),
                             marker_color=colours[r],
                             marker_opacity=op, text=[fmt.number(v, lang=lang) if v else "" for v in summary[r]],
                             textposition="inside", insidetextanchor="middle", textangle=0,
                             textfont=dict(size=10), hovertemplate="%{y:,d}"))
    fig = _layout(fig, title, t("festival_leaders_axis", lang), lang, height=440)
    fig.update_layout(legend=dict(traceorder="normal"))
    _mark(fig, summary, list(ranks), selected, lang)
    return fig


def year_table(summary: pd.DataFrame, population: float | None, lang: str) -> pd.DataFrame:
    """The year-over-year figures as a display table (Vietnamese number format)."""
    out = pd.DataFrame({t("festival_col_year", lang): summary["year"].astype(int).astype(str),
                        t("festival_sites", lang): numbers(summary["sites"], 0, lang),
                        t("festival_showcase", lang): numbers(summary["showcase_sites"], 0, lang),
                        t("festival_participants", lang): numbers(summary["participants"], 0, lang)})
    if population:
        out[t("festival_col_per_1k", lang)] = numbers(summary["participants"] * 1e3 / population, 1, lang)
    for r in LEADERS:
        out[t(f"festival_{r}", lang)] = numbers(summary[r], 0, lang)
    return out


# ---------------------------------------------------------------- where to look

def _log_ticks(lo: float, hi: float, lang: str) -> tuple[list[float], list[str]]:
    vals = [m * 10 ** k for k in range(0, 9) for m in (1, 2, 5) if lo <= m * 10 ** k <= hi]
    return vals, [fmt.number(v, lang=lang) for v in vals]


def funnel(d: pd.DataFrame, *, lang: str, title: str, national_rate_10k: float, phi: float = 1.0) -> go.Figure:
    """Sites per 10,000 residents against population, with the national level and its 95% and
    99.8% limits (Poisson, widened by the overdispersion phi); areas coloured by their flag."""
    fig = go.Figure()
    if len(d):
        lo, hi = max(d["population"].min() * 0.8, 1), d["population"].max() * 1.25
        pop = np.geomspace(lo, hi, 120)
        e = pop * national_rate_10k / 1e4
        for z, name, dash in ((-Z_LOW, "festival_limit_95", "dash"), (-Z_CLEAR, "festival_limit_998", "dot"),
                              (Z_LOW, None, "dash"), (Z_CLEAR, None, "dot")):
            fig.add_trace(go.Scatter(x=pop, y=poisson_limit(e, z, phi) * 1e4 / pop, mode="lines",
                                     line=dict(color="#888", dash=dash, width=1), hoverinfo="skip",
                                     name=t(name, lang) if name else None, showlegend=bool(name)))
        fig.add_trace(go.Scatter(x=pop, y=[national_rate_10k] * len(pop), mode="lines", hoverinfo="skip",
                                 line=dict(color="#333", width=1.5), name=t("festival_national_level", lang)))
        for flag in ("none", "clear", "low", "ok", "high"):
            g = d[d["flag"] == flag]
            if g.empty:
                continue
            fig.add_trace(go.Scatter(
                x=g["population"], y=g["sites"] * 1e4 / g["population"], mode="markers",
                marker=dict(color=FLAG_COLOURS[flag], size=9 if len(d) < 80 else 6, line=dict(color="white", width=0.5)),
                name=t(f"festival_flag_{flag}", lang),
                customdata=np.column_stack([g["area_name"], numbers(g["sites"], 0, lang),
                                            numbers(g["population"], 0, lang), numbers(g["expected"], 1, lang)]),
                hovertemplate=("<b>%{customdata[0]}</b><br>" + t("festival_col_sites", lang) + ": %{customdata[1]}<br>"
                               + t("festival_col_population", lang) + ": %{customdata[2]}<br>"
                               + t("festival_col_expected", lang) + ": %{customdata[3]}<extra></extra>")))
        tickvals, ticktext = _log_ticks(lo, hi, lang)
        fig.update_xaxes(tickvals=tickvals, ticktext=ticktext)
    fig.update_layout(title=dict(text=title), separators=fmt.plotly_separators(lang), font=dict(family=FONT),
                      height=440, margin=dict(l=10, r=10, t=50, b=10), legend=dict(orientation="h", y=-0.2),
                      xaxis=dict(type="log", title=t("festival_funnel_x", lang)),
                      yaxis=dict(title=t("festival_m_sites_per_10k", lang), rangemode="tozero"))
    return fig


def few_table(d: pd.DataFrame, *, level: str, lang: str) -> pd.DataFrame:
    flag = [t(f"festival_flag_{f}", lang) + (f" ({t('festival_flag_small', lang)})" if s else "")
            for f, s in zip(d["flag"], d["small"])]
    return pd.DataFrame({
        t(f"festival_col_area_{level}", lang): d["area_name"],
        t("festival_col_population", lang): numbers(d["population"], 0, lang),
        t("festival_col_sites", lang): numbers(d["sites"], 0, lang),
        t("festival_col_rate", lang): numbers(d["sites"] * 1e4 / d["population"], 2, lang),
        t("festival_col_expected", lang): numbers(d["expected"], 1, lang),
        t("festival_col_ratio", lang): numbers(d["ratio"] * 100, 0, lang) + "%",
        t("festival_col_communes", lang): numbers(d["communes_held"], 0, lang) + " / " + numbers(d["communes_total"], 0, lang),
        t("festival_col_flag", lang): flag,
    })


def fell_table(d: pd.DataFrame, *, level: str, year: int, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t(f"festival_col_area_{level}", lang): d["area_name"],
        t("festival_col_prev_sites", lang, prev=year - 1): numbers(d["prev_sites"], 0, lang),
        t("festival_col_cur_sites", lang, year=year): numbers(d["sites"], 0, lang),
        t("festival_col_change", lang): signed(d["change"], lang),
        t("festival_col_change_pct", lang): d["change_pct"].map(lambda v: fmt.signed_percent(v, 1, lang)),
        t("festival_col_participants_change", lang): signed(d["participants_change"], lang),
        t("festival_col_flag", lang): d["flag"].map(lambda f: t(f"festival_flag_fell_{f}" if f != "fell"
                                                                else "festival_flag_fell", lang)),
    })


# ---------------------------------------------------------------- the sites behind a number

def sites_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """festival_sites_list rows for display (dates dd/mm/yyyy, numbers 1.616, names with diacritics)."""
    held = pd.to_datetime(df["held_on"])
    yes = t("festival_yes", lang)
    out = pd.DataFrame({
        t("festival_col_site", lang): df["site_id"].astype(str),
        t("festival_col_held_on", lang): held.dt.strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d"),
        t("festival_col_level", lang): df["level"].map({lv: t(f"festival_level_{lv}", lang) for lv in LEVELS}),
        t("festival_col_showcase", lang): np.where(df["showcase"].astype(bool), yes, ""),
        t("festival_participants", lang): numbers(df["participants"], 0, lang),
        t("festival_col_area_province", lang): df["province_name"],
        t("festival_col_area_commune", lang): df["commune_name"],
        t("festival_col_recorded", lang): (df["recorded_commune_name"].fillna("").astype(str) + " ("
                                            + df["recorded_commune_code"].astype(str) + ", " + df["admin_era"].astype(str) + ")"),
    })
    for r in LEADERS:
        out[t(f"festival_{r}", lang)] = numbers(df[r], 0, lang)
    return out
