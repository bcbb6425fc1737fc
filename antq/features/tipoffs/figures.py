"""Pure builders of the "Tin báo → phá án" page: query results -> tables and plotly figures.

No Streamlit and no data files here, so everything is tested on small hand-made frames.
- the funnel of a cohort (tips -> valuable -> linked to a solved case -> cases -> arrests) and its rates;
- cohort roll-ups (share linked to a solved case within 30/90/180 days, incomplete cohorts marked),
  the distribution of days from tip to solved case, tips per 100,000 residents over time;
- the funnel plot: each area's rate against its volume, with 95% and 99.8% control limits around the
  national rate (normal approximation to the binomial), and the classification it implies;
- this period against the same period last year, with the rule that marks changes too small to mean
  anything (both counts < 20, or an exact conditional Poisson test not significant at 5%).
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.figures.charts import FONT
from antq.i18n import t

Z95, Z998 = 1.959964, 3.090232  # two-sided 95% and 99.8% normal quantiles
SMALL_COUNT = 20                 # both counts below this: a change is not read
MIN_EXPECTED = 5                 # an area expected to have fewer events than this is not classified
WINDOWS = (30, 90, 180)
CHANNELS = ("Trực tiếp", "Điện thoại/đường dây nóng", "Hòm thư tố giác", "Qua tổ tự quản",
            "Mạng xã hội/thư điện tử", "Ứng dụng VNeID")
FLAGS = ("below_998", "below_95", "within", "above_95", "above_998", "too_few")
FLAG_COLOURS = {"below_998": "#b2182b", "below_95": "#ef8a62", "within": "#9e9e9e", "above_95": "#67a9cf",
                "above_998": "#2166ac", "too_few": "#d9d9d9"}
WINDOW_COLOURS = {"30": "#c6dbef", "90": "#6baed6", "180": "#2171b5", "ever": "#08306b"}
# Map metrics that are shares (numerator, denominator) and can go on a funnel plot.
RATES = {"conversion": ("solved", "tips"), "valuable": ("valuable", "tips"), "solved_of_valuable": ("solved", "valuable")}
# Bins of days from tip to solved case, right-closed like the windows ("within 30 days" = <= 30); their
# index is the day_bin of queries/tipoffs_cohorts.sql (same edges), so a window is the bins up to it.
DAY_BINS = ((None, -1), (0, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, 180), (181, 365), (366, None))
WINDOW_BINS = {30: 3, 90: 5, 180: 6}


def _div(a, b):
    """a / b, NaN where b is 0 or missing (a rate on nothing is not 0)."""
    a = pd.to_numeric(a, errors="coerce") if isinstance(a, pd.Series) else a
    if isinstance(b, pd.Series):
        b = pd.to_numeric(b, errors="coerce").astype(float)
        return a / b.where(b > 0)
    return a / b if b and not pd.isna(b) else float("nan")


def _style(fig: go.Figure, *, title: str | None, footer: str | None, lang: str, height: int = 400,
           legend: bool = True, x_title: bool = False) -> go.Figure:
    """Title (with period and scope), legend on the right, source footer under the plot, Vietnamese
    separators: ready to paste into a report or a slide."""
    bottom = (100 if x_title else 75) if footer else 40
    fig.update_layout(
        title=dict(text=title, x=0.01, xref="container", xanchor="left", y=1, yref="paper", yanchor="bottom",
                   pad=dict(b=18), font=dict(size=15)) if title else None,
        separators=fmt.plotly_separators(lang), font=dict(family=FONT, size=12), height=height,
        margin=dict(l=10, r=30, t=80 if title else 30, b=bottom), plot_bgcolor="white",
        legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", font=dict(size=11)) if legend else None,
        showlegend=legend,
    )
    if footer:
        first, _, rest = footer.partition(" · ")
        fig.add_annotation(text=first + ("<br>" + rest if rest else ""), xref="paper", yref="paper", x=0, y=0,
                           yshift=-(bottom - 32), showarrow=False, xanchor="left", yanchor="top", align="left",
                           font=dict(size=10, color="#616161"))
    fig.update_xaxes(gridcolor="#eeeeee")
    fig.update_yaxes(gridcolor="#eeeeee")
    return fig


# --- the funnel ---------------------------------------------------------------------------------

def funnel_steps(f: dict, lang: str = "vi") -> pd.DataFrame:
    """The five steps of the cohort funnel (tip_funnel.sql's row) with counts and rates in words."""
    L = lang
    tips, valuable, linked, cases, solved = (f["tips"], f["valuable_tips"], f["tips_with_solved_case"],
                                             f["cases"], f["cases_solved"])
    pct = lambda a, b: fmt.percent(_div(a, b), 1, L)  # noqa: E731
    per100 = lambda a: fmt.number(_div(a * 100, valuable), 1 if _div(a * 100, valuable) >= 1 else 2, L)  # noqa: E731
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


def funnel_figure(steps: pd.DataFrame, *, lang: str = "vi", title: str | None = None,
                  footer: str | None = None) -> go.Figure:
    """The funnel of the first five steps: the count on each bar, its rate against the step before
    written under the step's name."""
    s = steps[steps["step"].isin(["tips", "valuable", "linked_solved", "cases_solved", "arrests"])]
    labels = [f"<b>{lab}</b>" + (f"<br><span style='font-size:11px'>{r} {b}</span>" if r else "")
              for lab, r, b in zip(s["label"], s["rate"], s["basis"])]
    fig = go.Figure(go.Funnel(y=labels, x=s["count"], text=[fmt.number(c, 0, lang) for c in s["count"]],
                              textinfo="text", textposition="outside", textfont=dict(size=14, color="#08306b"),
                              cliponaxis=False,
                              marker=dict(color=["#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08519c"]),
                              connector=dict(line=dict(color="#bdbdbd", width=1)),
                              hovertemplate="%{y}: %{text}<extra></extra>"))
    return _style(fig, title=title, footer=footer, lang=lang, height=420, legend=False).update_layout(margin_r=70)


# --- cohorts ------------------------------------------------------------------------------------

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
        out[f"share_{w}"] = _div(out[f"solved_{w}"], out["tips"])
    out["valuable_share"] = _div(out["valuable"], out["tips"])
    return out


def cohort_label(d, grain: str, lang: str = "vi") -> str:
    d = pd.Timestamp(d)
    if grain == "year":
        return str(d.year)
    if grain == "quarter":
        q = (d.month - 1) // 3 + 1
        return f"Q{q}/{d.year}" if lang == "vi" else f"{d.year} Q{q}"
    return fmt.month(d.date(), lang)


def cohort_figure(roll: pd.DataFrame, *, grain: str, lang: str = "vi", title: str | None = None,
                  footer: str | None = None) -> go.Figure:
    """Share of each cohort's tips linked to a solved case within 30/90/180 days and by the data date.
    Incomplete cohorts (not yet N days old) are drawn dotted with open markers."""
    fig = go.Figure()
    x = roll["cohort"]
    for w in (*[str(w) for w in WINDOWS], "ever"):
        name = t("tipoffs_within_days", lang, n=w) if w != "ever" else t("tipoffs_solved_ever", lang)
        done = roll[f"complete_{w}"].astype(bool)
        y_done = roll[f"share_{w}"].where(done)
        # the open part starts at the last complete cohort so the line does not break
        open_mask = ~done | (done & ~done.shift(-1, fill_value=True))
        y_open = roll[f"share_{w}"].where(open_mask & (~done).any())
        counts = [f"{fmt.number(s, 0, lang)}/{fmt.number(n, 0, lang)}" for s, n in zip(roll[f"solved_{w}"], roll["tips"])]
        labels = [cohort_label(d, grain, lang) for d in x]
        hover = "%{customdata[0]}: %{y:.1%} (%{customdata[1]} " + t("tipoffs_tips_word", lang) + ")"
        fig.add_trace(go.Scatter(x=x, y=y_done, name=name, mode="lines+markers", legendgroup=w,
                                 line=dict(color=WINDOW_COLOURS[w], width=2.5), marker=dict(size=6),
                                 customdata=np.column_stack([labels, counts]),
                                 hovertemplate=hover + "<extra>" + name + "</extra>"))
        if y_open.notna().any():
            fig.add_trace(go.Scatter(x=x, y=y_open, name=name + " – " + t("tipoffs_incomplete", lang),
                                     mode="lines+markers", legendgroup=w, showlegend=w == "ever",
                                     line=dict(color=WINDOW_COLOURS[w], width=2, dash="dot"),
                                     marker=dict(size=7, symbol="circle-open"),
                                     customdata=np.column_stack([labels, counts]),
                                     hovertemplate=hover + " – " + t("tipoffs_incomplete", lang) + "<extra>" + name + "</extra>"))
    if (~roll["complete_ever"].astype(bool)).any():
        fig.data[-1].name = t("tipoffs_incomplete_legend", lang)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", title=t("tipoffs_share_of_tips", lang))
    fig.update_xaxes(tickformat="%Y" if grain == "year" else "%m/%Y" if lang == "vi" else "%Y-%m")
    return _style(fig, title=title, footer=footer, lang=lang, height=420)


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


def days_figure(bins: pd.DataFrame, *, lang: str = "vi", title: str | None = None, footer: str | None = None) -> go.Figure:
    text = [f"{fmt.number(c, 0, lang)} ({fmt.percent(s, 1, lang)})" for c, s in zip(bins["tips"], bins["share"])]
    colours = ["#bdbdbd"] + ["#4292c6"] * (len(bins) - 2) + ["#08519c"]
    fig = go.Figure(go.Bar(x=bins["bin"], y=bins["tips"], text=text, textposition="outside", marker_color=colours,
                           cliponaxis=False, hovertemplate="%{x}: %{text}<extra></extra>", name=t("tipoffs_tips_word", lang)))
    fig.update_yaxes(tickformat=",d", title=t("tipoffs_tips_linked_solved", lang))
    fig.update_xaxes(title=t("tipoffs_days_axis", lang))
    return _style(fig, title=title, footer=footer, lang=lang, height=420, legend=False, x_title=True)


def per_capita(roll: pd.DataFrame, population) -> pd.DataFrame:
    """Tips per 100,000 residents per cohort, annualised over the cohort's days inside the period
    (so a month, a quarter and a cut-off month compare on one scale)."""
    out = roll[["cohort", "cohort_from", "cohort_to", "tips", "partial"]].copy()
    days = (out["cohort_to"] - out["cohort_from"]).dt.days + 1
    pop = float(population) if population and not pd.isna(population) else float("nan")
    out["days"] = days
    out["per_100k_year"] = out["tips"] / days * 365.25 / pop * 1e5
    return out


def per_capita_figure(pc: pd.DataFrame, *, grain: str, lang: str = "vi", title: str | None = None,
                      footer: str | None = None, y_label: str = "") -> go.Figure:
    labels = [cohort_label(d, grain, lang) for d in pc["cohort"]]
    tips = [fmt.number(x, 0, lang) for x in pc["tips"]]
    fig = go.Figure(go.Scatter(x=pc["cohort"], y=pc["per_100k_year"], mode="lines+markers", line=dict(color="#2171b5"),
                               customdata=np.column_stack([labels, tips]), name=y_label,
                               marker=dict(symbol=["circle-open" if p else "circle" for p in pc["partial"]], size=7),
                               hovertemplate="%{customdata[0]}: %{y:,.1f} (%{customdata[1]} "
                                             + t("tipoffs_tips_word", lang) + ")<extra></extra>"))
    fig.update_yaxes(title=y_label, rangemode="tozero", tickformat=",.0f")
    fig.update_xaxes(tickformat="%Y" if grain == "year" else "%m/%Y" if lang == "vi" else "%Y-%m")
    return _style(fig, title=title, footer=footer, lang=lang, height=380, legend=False)


def channel_mix_figure(df: pd.DataFrame, *, grain: str, lang: str = "vi", title: str | None = None,
                       footer: str | None = None) -> go.Figure:
    """Share of each channel in the tips of each cohort (stacked to 100%)."""
    g = df.groupby(["cohort", "channel"], sort=True)["tips"].sum().unstack(fill_value=0)
    order = [c for c in CHANNELS if c in g.columns] + [c for c in g.columns if c not in CHANNELS]
    palette = ["#2166ac", "#67a9cf", "#a6bddb", "#fdae61", "#f46d43", "#1a9850", "#999999"]
    fig = go.Figure()
    for i, ch in enumerate(order):
        fig.add_trace(go.Scatter(x=pd.to_datetime(g.index), y=g[ch], name=ch, stackgroup="one", groupnorm="percent",
                                 mode="lines", line=dict(width=0.5, color=palette[i % len(palette)]),
                                 customdata=[fmt.number(v, 0, lang) for v in g[ch]],
                                 hovertemplate=ch + ": %{y:.1f}% (%{customdata})<extra></extra>"))
    fig.update_yaxes(ticksuffix="%", range=[0, 100], title=t("tipoffs_share_of_tips", lang))
    fig.update_xaxes(tickformat="%Y" if grain == "year" else "%m/%Y" if lang == "vi" else "%Y-%m")
    return _style(fig, title=title, footer=footer, lang=lang, height=400)


# --- what works: channel and category -----------------------------------------------------------

def breakdown(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Cohort rows rolled up by 'channel' or 'category': counts and the three rates."""
    cols = ["tips", "valuable", "solved_ever", "solved_90"]
    g = with_solved(df).groupby(by, sort=False)[cols].sum().reset_index() if len(df) else pd.DataFrame(columns=[by, *cols])
    g["valuable_share"] = _div(g["valuable"], g["tips"])
    g["conversion"] = _div(g["solved_ever"], g["tips"])
    g["solved_of_valuable"] = _div(g["solved_ever"], g["valuable"])
    return g.sort_values("conversion", ascending=True, na_position="first").reset_index(drop=True)


def breakdown_figure(b: pd.DataFrame, by: str, *, national_rate: float | None = None, lang: str = "vi",
                     title: str | None = None, footer: str | None = None) -> go.Figure:
    text = [f"{fmt.percent(r, 1, lang)} · {fmt.number(s, 0, lang)}/{fmt.number(n, 0, lang)}"
            for r, s, n in zip(b["conversion"], b["solved_ever"], b["tips"])]
    fig = go.Figure(go.Bar(y=b[by], x=b["conversion"], orientation="h", text=text, textposition="auto",
                           marker_color="#4292c6", name=t("tipoffs_metric_conversion", lang),
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    if national_rate is not None and not pd.isna(national_rate):
        fig.add_vline(x=national_rate, line=dict(color="#424242", dash="dash", width=1),
                      annotation_text=t("tipoffs_selection_rate", lang, r=fmt.percent(national_rate, 1, lang)),
                      annotation_position="top")
    fig.update_xaxes(tickformat=".0%", title=t("tipoffs_metric_conversion", lang), rangemode="tozero")
    return _style(fig, title=title, footer=footer, lang=lang, height=190 + 42 * max(len(b), 1), legend=False,
                  x_title=True)


def heatmap_figure(df: pd.DataFrame, *, lang: str = "vi", title: str | None = None, footer: str | None = None) -> go.Figure:
    """Conversion by channel (rows) and category (columns), each cell with its count of tips."""
    g = with_solved(df).groupby(["channel", "category"])[["tips", "solved_ever"]].sum()
    rate = (g["solved_ever"] / g["tips"].where(g["tips"] > 0)).unstack()
    tips = g["tips"].unstack()
    rows = [c for c in CHANNELS if c in rate.index] + [c for c in rate.index if c not in CHANNELS]
    rate, tips = rate.loc[rows], tips.loc[rows]
    text = [[f"{fmt.percent(r, 1, lang)}<br>{fmt.number(n, 0, lang)}" for r, n in zip(rr, nn)]
            for rr, nn in zip(rate.to_numpy(), tips.to_numpy())]
    fig = go.Figure(go.Heatmap(z=rate.to_numpy(), x=list(rate.columns), y=rows, text=text, texttemplate="%{text}",
                               colorscale="Blues", colorbar=dict(tickformat=".0%", title=""),
                               hovertemplate="%{y} · %{x}: %{text}<extra></extra>"))
    return _style(fig, title=title, footer=footer, lang=lang, height=420, legend=False).update_layout(margin_r=70)


# --- where conversion is weak: funnel plot ------------------------------------------------------

def area_rates(df: pd.DataFrame, metric: str, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """tipoffs_conversion_by_area.sql rows -> numerator x, denominator n, rate, national rate p0,
    z-score against p0 and the funnel-plot flag; or tips per 100,000 residents for 'per100k'."""
    out = df.copy()
    if population is not None and len(population):
        pop = population.set_index("area_code")["population"]
        out["population"] = out["area_code"].map(pop).astype("Float64")
    if metric == "per100k":
        out["x"], out["n"] = out["tips"], out["population"]
        out["rate"] = _div(out["tips"] * 1e5, out["population"])
        out["p0"], out["z"], out["flag"] = float("nan"), float("nan"), None
        return out
    num, den = RATES[metric]
    out["x"], out["n"] = out[num], out[den]
    out["rate"] = _div(out["x"], out["n"])
    nat = df.iloc[0] if len(df) else None
    p0 = _div(nat[f"national_{num}"], nat[f"national_{den}"]) if nat is not None else float("nan")
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


def funnel_plot_figure(rates: pd.DataFrame, *, lang: str = "vi", rate_label: str, volume_label: str,
                       scope_rate: float | None = None, title: str | None = None, footer: str | None = None,
                       height: int = 560) -> go.Figure:
    """Each area's rate against its volume, the national rate and its 95% / 99.8% control limits."""
    d = rates.dropna(subset=["rate"])
    d = d[d["n"] > 0]
    p0 = float(rates["p0"].iloc[0]) if len(rates) else float("nan")
    fig = go.Figure()
    if len(d) and not math.isnan(p0):
        lim = control_limits(p0, float(d["n"].min()), float(d["n"].max()))
        for name, dash, label in (("95", "dash", "tipoffs_limit_95"), ("998", "solid", "tipoffs_limit_998")):
            for side in ("lo", "hi"):
                fig.add_trace(go.Scatter(x=lim["n"], y=lim[f"{side}_{name}"], mode="lines", hoverinfo="skip",
                                         line=dict(color="#757575", width=1, dash=dash), name=t(label, lang),
                                         legendgroup=name, showlegend=side == "lo"))
        fig.add_trace(go.Scatter(x=[lim["n"].iloc[0], lim["n"].iloc[-1]], y=[p0, p0], mode="lines",
                                 line=dict(color="#212121", width=1.5), hoverinfo="skip",
                                 name=t("tipoffs_national_rate", lang, r=fmt.percent(p0, 1, lang))))
        if scope_rate is not None and not pd.isna(scope_rate):
            fig.add_trace(go.Scatter(x=[lim["n"].iloc[0], lim["n"].iloc[-1]], y=[scope_rate] * 2, mode="lines",
                                     line=dict(color="#e65100", width=1.5, dash="dashdot"), hoverinfo="skip",
                                     name=t("tipoffs_scope_rate", lang, r=fmt.percent(scope_rate, 1, lang))))
    scatter = go.Scattergl if len(d) > 1500 else go.Scatter
    for flag in FLAGS:
        g = d[d["flag"] == flag]
        if g.empty:
            continue
        custom = np.column_stack([g["area_name"].astype(str), [fmt.number(v, 0, lang) for v in g["x"]],
                                  [fmt.number(v, 0, lang) for v in g["n"]], [fmt.percent(v, 1, lang) for v in g["rate"]]])
        fig.add_trace(scatter(x=g["n"], y=g["rate"], mode="markers", name=t(f"tipoffs_flag_{flag}", lang),
                              marker=dict(color=FLAG_COLOURS[flag], size=8 if len(d) < 200 else 5,
                                          line=dict(color="white", width=0.5)),
                              customdata=custom,
                              hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[3]} (%{customdata[1]}/%{customdata[2]})"
                                            "<extra>" + t(f"tipoffs_flag_{flag}", lang) + "</extra>"))
    fig.update_xaxes(type="log", title=volume_label, dtick="D2", tickformat=",d")
    fig.update_yaxes(tickformat=".0%", title=rate_label)
    return _style(fig, title=title, footer=footer, lang=lang, height=height, x_title=True)


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


# --- periods as police leaders read them --------------------------------------------------------

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
        change = _div(a - b, b) if b else float("nan")
        rows.append({"metric": label, "kind": "count", "now": a, "last": b, "change": change,
                     "change_text": fmt.signed_percent(change, 1, lang) if b else "–",
                     "note": change_note(a, b, lang)})

    for col, key in COMPARE_COUNTS:
        count_row(t(key, lang), int(now[col]), int(last[col]))
    for col, key in COMPARE_PERIOD:
        count_row(t(key, lang), int(now[f"period_{col}"]), int(last[f"period_{col}"]))
    for (num, den), key in ((("valuable_tips", "tips"), "tipoffs_rate_valuable"),
                            (("tips_with_solved_case", "valuable_tips"), "tipoffs_rate_solved_of_valuable")):
        a, b = _div(now[num], now[den]), _div(last[num], last[den])
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


# --- tables for the screen and CSV --------------------------------------------------------------

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
                     t("tipoffs_cases_per_100_tips", lang): fmt.number(_div(r["cases_solved"] * 100, f["tips"]), 1, lang)
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


def csv_bytes(df: pd.DataFrame, first_line: str | None = None) -> bytes:
    """CSV in UTF-8 with BOM (opens in Excel with the diacritics), with a first line such as the
    simulated-data notice when there is one."""
    return ((first_line + "\n" if first_line else "") + df.to_csv(index=False)).encode("utf-8-sig")
