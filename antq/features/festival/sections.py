"""Ngày hội's sections as Streamlit draws them: the headline figures with their change since the year
before, where to look (few festivals for their size, falls since the year before) and the sites behind
a number. The page (page.py) lays them out; the figures come from figures.py, the answers from chart.py's
questions."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from antq import fmt
from antq.features.festival import chart as vf
from antq.features.festival import figures as cf
from antq.i18n import t
from antq.view import ui
from antq.view.model import View


@st.cache_resource(show_spinner=False, max_entries=64)
def area_map(data, level, map_, province, metric, lang, title):
    """The map, built once per selection and shared by reruns and sessions (figures are never mutated)."""
    return vf.map_figure(data, level, map_, province, metric, lang, title)


@st.cache_resource(show_spinner=False, max_entries=256)
def figure(builder, data, **kw):
    """A chart of figures.py, built once per (data, options) like the map."""
    return getattr(cf, builder)(data, **kw)


def headlines(v: View, year: int, cur: pd.Series, prev: pd.Series, now: dict, before: dict) -> None:
    """Sites, showcase sites, participants (per 1,000 residents), communes holding one, leaders by rank,
    each with its change since the year before (none when there is no year before)."""
    L, vs = v.lang, t("festival_vs_prev", v.lang, year=year - 1)

    def headline(label, value, a, b) -> dict:
        ok = b == b and bool(b)
        return {"label": label, "value": value,
                "delta": f"{fmt.signed_percent(a / b - 1, 1, L).replace('−', '-')} {vs}" if ok else None,
                "delta_color": "normal" if ok and a != b else "off", "delta_arrow": "auto" if ok and a != b else "off"}

    ui.cards([*(headline(t(key, L), cur[col], cur[col], prev[col])
                for key, col in zip(("festival_sites", "festival_showcase", "festival_participants"),
                                    ("sites", "showcase_sites", "participants"))),
              headline(t("festival_m_participants_per_1k", L), fmt.number(now["participants_per_1k"], 1, L),
                       now["participants_per_1k"], before["participants_per_1k"]),
              {"label": t("festival_m_communes_share", L), "value": fmt.percent(now["communes_share"], 1, L),
               "delta": f"{fmt.number(now['communes_held'], lang=L)} / {fmt.number(now['communes_total'], lang=L)}",
               "delta_color": "off", "delta_arrow": "off"}], key="festival", per_row=5, border=False)
    st.caption(t("festival_leaders_of_year", L, year=year))
    ui.cards([headline(t(f"festival_{r}", L), cur[r], cur[r], prev[r]) for r in cf.LEADERS],
             key="festival_leaders", per_row=3, border=False)


def where_to_look(v: View, year: int, by_area: pd.DataFrame, now: dict, before: dict, source: str) -> None:
    """Areas with few festivals for their size (a funnel plot against the national rate) and the areas
    whose festivals fell since the year before."""
    L = v.lang
    unit = t(f"festival_unit_{v.level}", L)
    few, phi = cf.few_for_size(by_area)
    rate = by_area["national_sites"].iloc[0] * 1e4 / by_area["national_population"].iloc[0]
    st.markdown(f"**{t('festival_few_header', L)}**")
    st.caption(t("festival_few_note", L, unit=unit, rate=fmt.number(rate, 2, L), phi=fmt.number(phi, 1, L)))
    a, b = st.columns([2, 3])
    with a:
        ui.chart(figure("funnel", few, lang=L, national_rate_10k=rate, phi=phi,
                        title=f"{t('festival_few_header', L)} — {v.scope_name()}"),
                 key="festival_funnel", title=t("festival_few_header", L), data=few, v=v,
                 period=t("export_year", L, year=year), source=source)
    b.dataframe(cf.few_table(few, level=v.level, lang=L), hide_index=True, width="stretch", height=420)
    st.markdown(f"**{t('festival_fell_header', L, prev=year - 1)}**")
    if not by_area["prev_sites"].notna().any():
        st.caption(t("festival_no_prev", L, prev=year - 1))
        return
    falls, _ = cf.fell(by_area)
    both = int((by_area["sites"].notna() & by_area["prev_sites"].notna()).sum())
    st.caption(t("festival_fell_note", L, n=len(falls), total=both, unit=unit,
                 prev=year - 1, change=fmt.signed_percent(now["sites"] / before["sites"] - 1, 1, L))
               if len(falls) else t("festival_fell_none", L, unit=unit, prev=year - 1))
    if len(falls):
        st.dataframe(cf.fell_table(falls, level=v.level, year=year, lang=L), hide_index=True, width="stretch")


def sites(v: View, year: int, names: dict[str, str], first, picked: tuple, source: str) -> tuple[str, list, bool]:
    """The sites behind a number: the list's controls, its first rows and the whole list as CSV. `first`
    holds the answer for the `picked` choices (asked as the page opened); returns the choices."""
    L = v.lang
    a, b, c = st.columns([2, 2, 1])
    commune = ""
    if v.province:
        commune = a.selectbox(t("festival_commune", L), ["", *sorted(names, key=lambda k: fmt.sort_key(names[k]))],
                              key="festival_commune", format_func=lambda k: names.get(k, t("festival_all_communes", L)))
    levels = b.multiselect(t("festival_levels", L), cf.LEVELS, key="festival_levels",
                           placeholder=t("festival_all_levels", L), format_func=lambda lv: t(f"festival_level_{lv}", L))
    showcase = c.toggle(t("festival_showcase_only", L), key="festival_showcase")
    shown = first["sites"] if (commune, levels, showcase) == picked else vf.sites_ask(
        v, year, commune, levels, showcase, vf.SHOWN_SITES).run()
    total = int(shown["total_rows"].iloc[0]) if len(shown) else 0
    st.caption(t("festival_rows_shown", L, total=fmt.number(total, lang=L), shown=fmt.number(len(shown), lang=L)))
    st.dataframe(cf.sites_table(shown, L), hide_index=True, width="stretch", height=360)
    ui.table_download(t("festival_download", L), key="festival_download", v=v, source=source,
                      title=t("festival_sites_header", L, year=year, scope=v.scope_name()),
                      filters=[names.get(commune, ""), ", ".join(t(f"festival_level_{lv}", L) for lv in levels),
                               t("festival_showcase_only", L) if showcase else ""], period=t("export_year", L, year=year),
                      file_name=f"ngay-hoi-{year}-{v.map}-{v.province or 'toan-quoc'}{'-' + commune if commune else ''}",
                      data=lambda: vf.sites_ask(v, year, commune, levels, showcase, None).run().drop(columns="total_rows"))
    return commune, levels, showcase
