"""The figures of the "Mô hình" page: DataFrames (+ boundary layer) -> plotly figures (the coverage
map, how the models spread, which models matter), each with its title and source lines. No Streamlit,
no SQL here; the page's URL controls are in controls.py, the list of sites in sites.py.

Maps go through `charts.choropleth`; this module chooses their bins (fixed steps: 0–100% for province
coverage, a 1-2-5 ladder for active sites per commune, so the colours keep their meaning while the time
control moves) with a distinct colour for "no model", and renames the colour bar's steps in words.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.figures import charts
from antq.i18n import t

NO_MODEL = "#f28e2b"      # orange: stands out against the blue scale
BLUES = charts.SEQUENTIAL[1:]
SELECTED = "#08519c"
OTHER = "#9ecae1"
GREY = "#bdbdbd"
NATIONAL = "#37474f"
SMALL_N = 30              # fewer active sites than this: a share is shown but not ranked
SHARE_BINS = charts.Bins((0.0, 1e-9, 0.2, 0.4, 0.6, 0.8, 1.0))
# Active sites per commune: 0 (no model) | 1 | 2–4 | 5–9 | 10–19 | 20–49 | ≥ 50, the same for every date,
# type and scope, so maps side by side or frames of "play" compare (the last edge only closes the label).
COUNT_BINS = charts.Bins((0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0))


# ---- what every chart of the page shares ----------------------------------------------------------

def short(name: str, width: int = 42) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip(" ,") + "…"


def footer(snapshot_id: str, data_date: dt.date, simulated: bool, lang: str) -> str:
    """Source, snapshot and data date (on two lines, so a narrow chart does not cut it), with the
    simulated-data tag first while the snapshot is a demo."""
    text = t("source_footer", lang, src=t("models_source", lang), id=snapshot_id, d=fmt.date(data_date, lang))
    text = text.replace(" · ", "<br>", 1)
    return (t("models_simulated_tag", lang) + "<br>" + text) if simulated else text


def _layout(title: str, foot: str, lang: str, *, top: int = 50, bottom: int = 70, shapes=(), annotations=(),
            foot_right: bool = False, **layout) -> dict:
    """The layout every chart of the page shares: its title on top and the source lines at the very bottom
    (legends go between the plot and them), so a chart pasted into a report says what it shows, for where
    and when, and where it comes from. Charts with long labels on the left anchor the source lines on the
    right edge of the plot, so they run into the free space below the labels instead of off the figure."""
    lines = foot.count("<br>") + 1
    foot_note = dict(text=foot, xref="paper", yref="paper", x=1 if foot_right else 0, y=0,
                     xanchor="right" if foot_right else "left", yanchor="top", yshift=-(bottom - 6 - 13 * lines),
                     showarrow=False, align="right" if foot_right else "left", font=dict(size=10, color="#616161"))
    margin = {"l": 10, "r": 10, **layout.pop("margin", {}), "t": top, "b": bottom}
    return dict(title=dict(text=title, x=0.01, xanchor="left", y=1, yanchor="top", pad=dict(t=12), yref="container",
                           font=dict(size=15)),
                separators=fmt.plotly_separators(lang), font=dict(family=charts.FONT), margin=margin,
                shapes=list(shapes), annotations=[*annotations, foot_note], **layout)


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """One constructor call: plotly validates once instead of on every add_trace/update_layout."""
    return go.Figure(data=traces, layout=layout)


def _fmt_series(values, f) -> list[str]:
    return [f(x) for x in values]


# ---- the map --------------------------------------------------------------------------------------

def int_format(lang: str):
    """A fast `fmt.number` for whole counts (maps format thousands of them on every run)."""
    sep = "." if lang == "vi" else ","

    def f(x):
        if x is None or x != x:
            return "–"
        return f"{int(round(x)):,}".replace(",", sep)
    return f


def count_labels(bins: charts.Bins, lang: str) -> list[str]:
    e = bins.edges
    labels = [t("models_no_model", lang)]
    for i in range(1, len(e) - 1):
        lo, hi = int(e[i]), int(e[i + 1]) - 1
        if i == len(e) - 2:
            labels.append(f"≥ {fmt.number(lo, lang=lang)}")
        else:
            labels.append(fmt.number(lo, lang=lang) if lo == hi else f"{fmt.number(lo, lang=lang)} – {fmt.number(hi, lang=lang)}")
    return labels


def share_labels(lang: str) -> list[str]:
    e = SHARE_BINS.edges
    labels = [f"0% ({t('models_no_model', lang).lower()})"]
    for i in range(1, len(e) - 1):
        lo = 0 if i == 1 else e[i]
        labels.append(f"{fmt.number(lo * 100, lang=lang)} – {fmt.percent(e[i + 1], 0, lang)}")
    return labels


def coverage_map(df: pd.DataFrame, geojson: dict, *, level: str, lang: str, title: str, foot: str,
                 national: bool, bounds=None, n_types: int = 0) -> go.Figure:
    """Coverage by province (share of communes with an active site) or active sites by commune, with
    "no model" in orange and provinces that never reported in the grey "no data" layer."""
    num = int_format(lang)
    numbers = None
    if level == "province":
        bins, labels, value = SHARE_BINS, share_labels(lang), "coverage"
        value_label, value_format = t("models_coverage", lang), (lambda x: fmt.percent(x, 1, lang))
        hover = [("communes_covered", t("models_communes_covered", lang), num),
                 ("communes_total", t("commune", lang), num),
                 ("sites", t("models_sites", lang), num), ("effective_sites", t("models_effective_sites", lang), num)]
    else:
        bins = COUNT_BINS
        labels, value = count_labels(bins, lang), "sites"
        value_label, value_format = t("models_sites_per_commune", lang), num
        hover = [("effective_sites", t("models_effective_sites", lang), num),
                 ("types_present", t("models_types_present", lang),
                  (lambda x: f"{num(x)} / {n_types}") if n_types else num)]
        # thousands of communes: the counts travel as numbers, formatted by the browser (charts.choropleth)
        numbers = (",.0f", [",.0f", f",.0f}} / {n_types}" if n_types else ",.0f"])
    colours = [NO_MODEL] + charts._palette(len(bins.edges) - 2, BLUES)
    fig = charts.choropleth(df, geojson, code_col="area_code", name_col="area_name", value_col=value,
                            value_label=value_label, lang=lang, value_format=value_format, bins=bins,
                            palette=colours, hover_cols=hover, hover_numbers=numbers,
                            national=national, bounds=bounds, height=680, title=title)
    for tr in fig.data:
        if getattr(tr, "colorbar", None) is not None and tr.colorbar.ticktext:
            tr.colorbar.ticktext = labels
    # the title as charts.choropleth wrapped it and made room for it (the view is fitted below it)
    brief = _layout(fig.layout.title.text, foot, lang, top=fig.layout.margin.t + 4, bottom=50, margin=dict(l=0, r=0))
    brief.pop("shapes")
    fig.update_layout(brief)
    return fig


# ---- how it spread --------------------------------------------------------------------------------

def adoption_figure(curve: pd.DataFrame, *, types: list[str], names: dict[str, str], scope_name: str | None,
                    as_of: dt.date, period: tuple[dt.date, dt.date], lang: str, title: str, foot: str) -> go.Figure:
    """Coverage over time: one line per selected type in the scope (and the selection as a whole when
    there are several), beside the national curve of the selection (dashed); the reporting period shaded,
    the map's date marked."""
    scope = "area" if scope_name else "country"
    lines = []  # (series, scope, name, colour, dash)
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    where = f"{scope_name} – " if scope_name else ""
    for i, c in enumerate(types):
        if scope_name or len(types) > 1:
            lines.append((c, scope, where + short(names.get(c, c), 36), palette[i % len(palette)], "solid"))
    if scope_name and len(types) != 1:
        lines.append(("_all", "area", scope_name + (f" – {t('models_curve_selected', lang)}" if types else ""),
                      SELECTED, "solid"))
    national = t("models_national", lang) + (f" – {t('models_curve_selected', lang)}" if len(types) > 1 else
                                             f" – {short(names.get(types[0], types[0]), 36)}" if types else "")
    lines.append(("_all", "country", national, NATIONAL, "dash"))
    num, traces = int_format(lang), []
    for series, sc, name, colour, dash in lines:
        g = curve[(curve["series"] == series) & (curve["scope"] == sc)]
        if g.empty:
            continue
        custom = np.column_stack([_fmt_series(g["communes_covered"], num), _fmt_series(g["communes_total"], num),
                                  _fmt_series(g["coverage"], lambda x: fmt.percent(x, 1, lang))])
        traces.append(dict(type="scatter", x=g["month"], y=g["coverage"], name=name, mode="lines", customdata=custom,
                           line=dict(color=colour, dash=dash, width=2.5 if dash == "solid" else 2),
                           hovertemplate=f"{name}: %{{customdata[0]}} / %{{customdata[1]}} (%{{customdata[2]}})<extra></extra>"))
    lo, hi = period
    shapes = [dict(type="rect", xref="x", yref="paper", x0=lo, x1=hi, y0=0, y1=1, fillcolor="#fff3cd", opacity=0.5,
                   line_width=0, layer="below"),
              dict(type="line", xref="x", yref="paper", x0=as_of, x1=as_of, y0=0, y1=1,
                   line=dict(color="#c62828", width=1.5, dash="dot"))]
    marks = [dict(x=as_of, xref="x", y=1, yref="paper", text=fmt.date(as_of, lang), showarrow=False, yanchor="bottom",
                  font=dict(size=11, color="#c62828"))]
    return _figure(traces, _layout(
        title, foot, lang, bottom=130, shapes=shapes, annotations=marks, height=500, hovermode="x unified",
        yaxis=dict(title=t("models_curve_axis", lang), tickformat=".0%", rangemode="tozero"),
        xaxis=dict(tickformat="%m/%Y" if lang == "vi" else "%Y-%m", hoverformat="%m/%Y"),
        legend=dict(orientation="h", y=-0.1, yanchor="top", x=0)))


def adopters_figure(df: pd.DataFrame, *, lang: str, title: str, foot: str) -> go.Figure:
    """New adopting communes per year, split by whether they border a commune that already had the model,
    with the share that do and, for reference, the share of the not-yet-adopting communes that did."""
    num, pct = int_format(lang), (lambda x: fmt.percent(x, 1, lang))
    years = df["year"].astype(int)
    other = df["new_adopters"] - df["bordering_adopters"]
    total = _fmt_series(df["new_adopters"], num)
    traces = [
        dict(type="bar", x=years, y=df["bordering_adopters"], name=t("models_adopters_bordering", lang),
             marker_color=SELECTED, customdata=np.column_stack([_fmt_series(df["bordering_adopters"], num), total]),
             hovertemplate="%{customdata[0]} / %{customdata[1]}<extra>%{fullData.name}</extra>"),
        dict(type="bar", x=years, y=other, name=t("models_adopters_other", lang), marker_color=OTHER,
             customdata=np.column_stack([_fmt_series(other, num), total]),
             hovertemplate="%{customdata[0]} / %{customdata[1]}<extra>%{fullData.name}</extra>"),
        dict(type="scatter", x=years, y=df["share_bordering"], name=t("models_adopters_share", lang), yaxis="y2",
             mode="lines+markers", line=dict(color="#c62828", width=2), customdata=_fmt_series(df["share_bordering"], pct),
             hovertemplate="%{customdata}<extra>%{fullData.name}</extra>"),
        dict(type="scatter", x=years, y=df["share_not_yet_bordering"], name=t("models_adopters_baseline", lang),
             yaxis="y2", mode="lines", line=dict(color="#c62828", width=1.5, dash="dot"),
             customdata=np.column_stack([_fmt_series(df["share_not_yet_bordering"], pct),
                                         _fmt_series(df["not_yet_bordering"], num), _fmt_series(df["not_yet_adopted"], num)]),
             hovertemplate="%{customdata[0]} (%{customdata[1]} / %{customdata[2]})<extra>%{fullData.name}</extra>"),
    ]
    return _figure(traces, _layout(
        title, foot, lang, bottom=170, barmode="stack", height=520, hovermode="x unified",
        yaxis=dict(title=t("models_adopters_axis", lang), tickformat=",d"),
        yaxis2=dict(overlaying="y", side="right", range=[0, 1.02], dtick=0.2, tickformat=".0%", showgrid=False),
        xaxis=dict(type="linear", tickformat="d", dtick=2 if len(df) > 8 else 1, tickangle=0),
        legend=dict(orientation="h", y=-0.1, yanchor="top", x=0, traceorder="normal")))


# ---- which models matter --------------------------------------------------------------------------

def wilson(k, n, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval of k successes out of n (NaN where n = 0)."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def type_ranking(by_province: pd.DataFrame, province: str | None) -> pd.DataFrame:
    """Types in the scope (one province, or the sum over all): communes covered, coverage, sites,
    effective share with its Wilson interval, and whether the share rests on too few sites."""
    d = by_province if not province else by_province[by_province["province_code"] == province]
    g = d.groupby(["model_type", "name_vi", "name_en"], as_index=False)[
        ["communes_covered", "communes_total", "sites", "effective_sites"]].sum()
    g["coverage"] = g["communes_covered"] / g["communes_total"]
    g["effective_share"] = (g["effective_sites"] / g["sites"]).where(g["sites"] > 0)
    g["share_lo"], g["share_hi"] = wilson(g["effective_sites"], g["sites"])
    g["small"] = g["sites"] < SMALL_N
    return g.sort_values(["communes_covered", "sites", "model_type"], ascending=[False, False, True]).reset_index(drop=True)


def _type_name(row, lang: str) -> str:
    return row["name_en"] if lang == "en" else row["name_vi"]


def ranking_covered_figure(rank: pd.DataFrame, *, selected: list[str], lang: str, title: str, foot: str) -> go.Figure:
    """Types by communes covered (most at the top), the count of communes and the coverage beside each bar;
    the selected types in dark blue."""
    d = rank.iloc[::-1]
    full = [_type_name(r, lang) for _, r in d.iterrows()]
    num = int_format(lang)
    text = [f"{num(a)} / {num(b)} · {fmt.percent(p, 1, lang)}"
            for a, b, p in zip(d["communes_covered"], d["communes_total"], d["coverage"])]
    bar = dict(type="bar", x=d["communes_covered"], y=[short(x) for x in full], orientation="h", text=text,
               marker_color=[SELECTED if (not selected or c in selected) else OTHER for c in d["model_type"]],
               textposition="outside", cliponaxis=False,
               customdata=np.column_stack([full, text, _fmt_series(d["sites"], num)]),
               hovertemplate="<b>%{customdata[0]}</b><br>" + t("models_communes_covered", lang)
               + ": %{customdata[1]}<br>" + t("models_sites", lang) + ": %{customdata[2]}<extra></extra>")
    return _figure([bar], _layout(title, foot, lang, bottom=110, foot_right=True, margin=dict(r=130), showlegend=False,
                                  height=max(360, 28 * len(d) + 130),
                                  xaxis=dict(title=t("models_communes_covered", lang), tickformat=",d")))


def ranking_effective_figure(rank: pd.DataFrame, *, selected: list[str], lang: str, title: str, foot: str) -> go.Figure:
    """Effective share by type with its 95% interval; types on too few sites grey and last, unranked."""
    ranked = rank[~rank["small"]].sort_values(["effective_share", "sites"], ascending=[True, True])
    small = rank[rank["small"]].sort_values("sites")
    d = pd.concat([small, ranked])
    full = [_type_name(r, lang) for _, r in d.iterrows()]
    names = [short(x) + (" †" if s else "") for x, s in zip(full, d["small"])]
    num = int_format(lang)
    share = d["effective_share"].fillna(0)
    text = [f"{fmt.percent(p, 1, lang)} ({num(k)}/{num(n)})" if n else "–"
            for p, k, n in zip(d["effective_share"], d["effective_sites"], d["sites"])]
    bar = dict(type="bar", x=share, y=names, orientation="h",
               marker_color=[GREY if s else (SELECTED if (not selected or c in selected) else OTHER)
                             for c, s in zip(d["model_type"], d["small"])],
               error_x=dict(type="data", symmetric=False, array=(d["share_hi"] - share).fillna(0),
                            arrayminus=(share - d["share_lo"]).fillna(0), color="#424242", thickness=1),
               customdata=np.column_stack([full, text, [f"{fmt.percent(a, 1, lang)} – {fmt.percent(b, 1, lang)}"
                                                        for a, b in zip(d["share_lo"], d["share_hi"])]]),
               hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>95%: %{customdata[2]}<extra></extra>")
    labels = dict(type="scatter", x=d["share_hi"].fillna(0) + 0.01, y=names, mode="text", text=text,
                  textposition="middle right", cliponaxis=False, hoverinfo="skip", textfont=dict(size=11))
    notes = [dict(text="† " + t("models_small", lang, n=SMALL_N), xref="paper", yref="paper", x=1, y=1,
                  xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=10, color="#616161"))] if len(small) else []
    return _figure([bar, labels], _layout(title, foot, lang, bottom=110, foot_right=True, annotations=notes, margin=dict(r=150),
                                          showlegend=False, height=max(360, 28 * len(d) + 130),
                                          xaxis=dict(title=t("models_effective_share", lang), tickformat=".0%",
                                                     range=[0, 1.0])))


def province_leaders(by_province: pd.DataFrame, model_type: str, *, n: int = 5,
                     highlight: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Provinces ranked by coverage of one type (ties: more communes covered first): the n leading, the
    n lagging and the highlighted province when it is in neither (group: top | bottom | selected).
    Provinces that never reported are left out and returned second."""
    d = by_province[by_province["model_type"] == model_type].copy()
    missing = d[~d["reported"]] if "reported" in d else d.iloc[0:0]
    d = d[d["reported"]] if "reported" in d else d
    d["coverage"] = d["communes_covered"] / d["communes_total"]
    d = d.sort_values(["coverage", "communes_covered", "province_code"], ascending=[False, False, True]).reset_index(drop=True)
    d["rank"] = np.arange(1, len(d) + 1)
    top = d.head(n).assign(group="top")
    bottom = d.iloc[max(n, len(d) - n):].assign(group="bottom")
    out = [top, bottom]
    if highlight and highlight not in set(top["province_code"]) | set(bottom["province_code"]):
        out.insert(1, d[d["province_code"] == highlight].assign(group="selected"))
    return pd.concat(out, ignore_index=True), missing


def leaders_figure(lead: pd.DataFrame, *, national: float, total: int, highlight: str | None, lang: str,
                   title: str, foot: str) -> go.Figure:
    """The leading provinces (blue), the lagging (orange) and the one in view (red), with their rank,
    coverage and counts, against the national coverage (dashed)."""
    d = lead.iloc[::-1]
    num = int_format(lang)
    group_words = {"top": t("models_leaders_top", lang), "bottom": t("models_leaders_bottom", lang)}
    text = [f"{fmt.percent(p, 1, lang)} ({num(a)}/{num(b)})"
            for p, a, b in zip(d["coverage"], d["communes_covered"], d["communes_total"])]
    groups = [group_words.get(g) or t("models_leaders_selected", lang, rank=r, n=total) for g, r in zip(d["group"], d["rank"])]
    bar = dict(type="bar", x=d["coverage"], y=[f"{r}. {n}" for r, n in zip(d["rank"], d["province_name"])],
               orientation="h", text=text, textposition="outside", cliponaxis=False,
               marker_color=["#c62828" if c == highlight else (SELECTED if g == "top" else NO_MODEL)
                             for c, g in zip(d["province_code"], d["group"])],
               customdata=np.column_stack([groups, text]),
               hovertemplate="<b>%{y}</b> · %{customdata[0]}<br>%{customdata[1]}<extra></extra>")
    line = dict(type="line", xref="x", yref="paper", x0=national, x1=national, y0=0, y1=1,
                line=dict(color=NATIONAL, dash="dash", width=1.5))
    mark = dict(x=national, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False, font=dict(size=11),
                text=f"{t('models_national', lang)}: {fmt.percent(national, 1, lang)}")
    return _figure([bar], _layout(title, foot, lang, top=80, bottom=110, shapes=[line], annotations=[mark],
                                  margin=dict(r=120), showlegend=False, height=max(360, 30 * len(d) + 140),
                                  xaxis=dict(title=t("models_coverage", lang), tickformat=".0%", range=[0, 1.0])))
