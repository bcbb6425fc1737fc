"""The plotly figures of the "Tin báo → phá án" page, each titled, with its source line under the
plot and Vietnamese separators, ready to paste into a report or a slide: the funnel, the cohort
curves, days to a solved case, tips per capita, the channel mix, conversion by channel and
category, and the funnel plot. No Streamlit and no data files here.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.features.tipoffs.cohorts import WINDOWS, cohort_label, with_solved
from antq.features.tipoffs.funnel_plot import FLAGS, control_limits
from antq.figures.charts import FONT
from antq.i18n import t

CHANNELS = ("Trực tiếp", "Điện thoại/đường dây nóng", "Hòm thư tố giác", "Qua tổ tự quản",
            "Mạng xã hội/thư điện tử", "Ứng dụng VNeID")
FLAG_COLOURS = {"below_998": "#b2182b", "below_95": "#ef8a62", "within": "#9e9e9e", "above_95": "#67a9cf",
                "above_998": "#2166ac", "too_few": "#d9d9d9"}
WINDOW_COLOURS = {"30": "#c6dbef", "90": "#6baed6", "180": "#2171b5", "ever": "#08306b"}


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


def days_figure(bins: pd.DataFrame, *, lang: str = "vi", title: str | None = None, footer: str | None = None) -> go.Figure:
    text = [f"{fmt.number(c, 0, lang)} ({fmt.percent(s, 1, lang)})" for c, s in zip(bins["tips"], bins["share"])]
    colours = ["#bdbdbd"] + ["#4292c6"] * (len(bins) - 2) + ["#08519c"]
    fig = go.Figure(go.Bar(x=bins["bin"], y=bins["tips"], text=text, textposition="outside", marker_color=colours,
                           cliponaxis=False, hovertemplate="%{x}: %{text}<extra></extra>", name=t("tipoffs_tips_word", lang)))
    fig.update_yaxes(tickformat=",d", title=t("tipoffs_tips_linked_solved", lang))
    fig.update_xaxes(title=t("tipoffs_days_axis", lang))
    return _style(fig, title=title, footer=footer, lang=lang, height=420, legend=False, x_title=True)


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
