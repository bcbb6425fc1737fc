"""Mô hình's sections as Streamlit draws them (the page, page.py, lays them out): the headline figures,
the leading provinces of one type, and the sites behind a number."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import fmt
from antq.features.models import chart as vm
from antq.features.models import controls as mc
from antq.features.models import figures as cm
from antq.features.models import sites as ms
from antq.figures.chart import period_words
from antq.i18n import t
from antq.view import ui
from antq.view.model import View


def headlines(v: View, answers, D: str, words: str) -> None:
    """Communes covered and without a model at `D`, sites (effective), models implemented in the period
    and effective now: the shared queries, so every page agrees."""
    L = v.lang
    cov, impl, eff = (answers[k].iloc[0] for k in ("covered", "implemented", "effective"))
    covered_share = cov.communes_covered / cov.communes_total
    off = {"delta_color": "off", "delta_arrow": "off"}
    ui.cards([
        {"label": t("models_m_covered", L, d=D), "value": fmt.percent(covered_share, 1, L), **off,
         "delta": t("models_of_communes", L, n=fmt.number(cov.communes_covered, lang=L), total=fmt.number(cov.communes_total, lang=L))},
        {"label": t("models_m_without", L, d=D), "value": cov.communes_total - cov.communes_covered,
         "delta": fmt.percent(1 - covered_share, 1, L), **off},
        {"label": t("models_m_sites", L, d=D), "value": cov.sites, **off,
         "delta": t("models_effective_of", L, pct=fmt.percent(cov.effective_sites / cov.sites if cov.sites else None, 1, L))},
        {"label": t("models_m_implemented", L), "value": impl.models_implemented, "delta": period_words(v), **off},
        {"label": t("models_m_effective", L, d=D), "value": eff.models_effective, **off,
         "delta": t("models_effective_of_active", L, n=fmt.number(eff.models_active, lang=L))},
    ], key="models", per_row=5, border=False)
    st.caption(t("models_metrics_note", L, types=words))


def leaders(v: View, by_province, types: list[str], codes: list[str], names: dict[str, str], D: str, foot: str,
            source: str) -> str:
    """The provinces leading on one type of model (a chosen type, else the first); returns the type."""
    L, S = v.lang, st.session_state
    focus_options = types or codes
    if S["models_focus"] not in focus_options:
        S["models_focus"] = focus_options[0]
    focus = st.selectbox(t("models_focus", L), focus_options, key="models_focus", format_func=lambda c: names.get(c, c))
    lead, unreported = cm.province_leaders(by_province, focus, highlight=v.province)
    of_focus = by_province[(by_province["model_type"] == focus) & by_province["reported"]]
    title = t("models_leaders_title", L, type=names.get(focus, focus), d=D)
    ui.chart(cm.leaders_figure(lead, national=of_focus["communes_covered"].sum() / of_focus["communes_total"].sum(),
                               total=len(of_focus), highlight=v.province, lang=L, foot=foot, title=title),
             key="models_leaders", title=title, data=lead, v=v, source=source, period=t("models_as_of_period", L, d=D))
    st.caption(t("models_leaders_note", L, n=5))
    if len(unreported):
        st.caption(t("models_not_reported", L, n=len(unreported),
                     names=", ".join(fmt.sorted_names(unreported["province_name"].tolist()))))
    return focus


def sites(v: View, answers, types: list[str], as_of: dt.date, D: str, words: str) -> str:
    """The sites behind a number (active now or all), their first rows and the whole list as CSV;
    returns the mode."""
    L, scope = v.lang, v.scope_name()
    mode = st.radio(t("models_sites_mode", L), ["active", "all"], key="models_sites", horizontal=True,
                    format_func=lambda x: t(f"models_sites_{x}", L))
    shown = answers["sites"]
    n_sites = int(shown["rows_total"].iloc[0]) if len(shown) else 0
    st.caption(t("models_sites_caption", L, n=fmt.number(n_sites, lang=L), types=words, scope=scope, d=D))
    st.dataframe(ms.sites_table(shown, L), hide_index=True, width="stretch", height=420, key="models_sites_table")
    if n_sites > len(shown):
        st.caption(t("models_sites_shown", L, shown=fmt.number(len(shown), lang=L), n=fmt.number(n_sites, lang=L)))
    ui.table_download(t("models_csv", L), key="models_csv", v=v, title=t("models_sites_file", L, d=D),
                      period=t("models_as_of_period", L, d=D),
                      filters=[words, t(f"models_sites_{mode}", L)],
                      file_name=f"mo-hinh_{v.map}_{v.province or 'toan-quoc'}_{mc.month_param(as_of)}",
                      data=lambda: ms.sites_table(vm.sites_ask(v, types, as_of, mode == "active", None).run(), L, codes=True))
    return mode
