"""Mô hình: where the models are and are not, how they spread (time control with play, adoption curves,
new adopters and contagion), which types matter, and the sites behind every number."""
import time

import streamlit as st

from antq import fmt
from antq.data.questions import answer
from antq.features.models import chart as vm
from antq.features.models import controls as mc
from antq.features.models import figures as cm
from antq.features.models import sites as ms
from antq.i18n import t
from antq.view import ui

PLAY_SECONDS = 0.8   # pause between two frames of "play"

v = ui.view()
L, S = v.lang, st.session_state
foot = cm.footer(v.snapshot.id, v.data_date, v.snapshot.simulated, L)
source = t("models_source", L)
codes, names = vm.catalogue(v)
months = mc.month_options(v.data_date)

# ---- controls: seeded from the URL before the header (which shows any notice), written back at the end
# (the URL rules are antq/features/models/chart.py's, which the command-line export reads links with)
for name, (parse, default) in vm.params_spec(v, codes).items():
    ui.url_control(f"models_{name}", name, parse, default)
if S.get("_models_to_seen", v.date_to) != v.date_to or S["models_as_of"] not in months:
    S["models_as_of"] = mc.as_of_for(v.date_to, months)  # a new period end moves the map to it
S["_models_to_seen"] = v.date_to
if "_models_next" in S:  # the next frame of "play"
    S["models_as_of"] = S.pop("_models_next")
ui.header("models_title", v)


def _toggle_play():
    S["_models_playing"] = not S.get("_models_playing", False)
    if S["_models_playing"]:
        S["models_as_of"] = mc.play_start(S["models_as_of"], months)


c1, c2 = st.columns([4, 1])
types = c1.multiselect(t("models_types", L), codes, key="models_types", format_func=lambda c: names.get(c, c),
                       placeholder=t("models_types_all", L))
level = "commune" if v.province else c2.segmented_control(
    t("models_level", L), ["province", "commune"], key="models_level", required=True,
    format_func=lambda x: t(f"models_level_{x}", L))
c3, c4 = st.columns([6, 1], vertical_alignment="bottom")
as_of = c3.select_slider(t("models_as_of", L), months, key="models_as_of", format_func=lambda d: fmt.month(d, L))
c4.button(t("models_pause" if S.get("_models_playing") else "models_play", L), key="models_play",
          on_click=_toggle_play, width="stretch")
D, scope = fmt.date(as_of, L), v.scope_name()
words = mc.types_words(types, names, L)
answers = answer(vm.questions(v, types, as_of, level, S["models_sites"] == "active"))

# ---- headline figures (the shared queries, so every page agrees) ---------------------------------
cov, impl, eff = (answers[k].iloc[0] for k in ("covered", "implemented", "effective"))
covered_share = cov.communes_covered / cov.communes_total
m = st.columns(5)
m[0].metric(t("models_m_covered", L, d=D), fmt.percent(covered_share, 1, L), delta_color="off", delta_arrow="off",
            delta=t("models_of_communes", L, n=fmt.number(cov.communes_covered, lang=L), total=fmt.number(cov.communes_total, lang=L)))
m[1].metric(t("models_m_without", L, d=D), fmt.number(cov.communes_total - cov.communes_covered, lang=L),
            delta=fmt.percent(1 - covered_share, 1, L), delta_color="off", delta_arrow="off")
m[2].metric(t("models_m_sites", L, d=D), fmt.number(cov.sites, lang=L), delta_color="off", delta_arrow="off",
            delta=t("models_effective_of", L, pct=fmt.percent(cov.effective_sites / cov.sites if cov.sites else None, 1, L)))
m[3].metric(t("models_m_implemented", L), fmt.number(impl.models_implemented, lang=L), delta=ui.period_words(v),
            delta_color="off", delta_arrow="off")
m[4].metric(t("models_m_effective", L, d=D), fmt.number(eff.models_effective, lang=L), delta_color="off", delta_arrow="off",
            delta=t("models_effective_of_active", L, n=fmt.number(eff.models_active, lang=L)))
st.caption(t("models_metrics_note", L, types=words))

# ---- where it is now, and how it spread ----------------------------------------------------------
ui.show(vm.coverage_chart(v, types, as_of, level, names, len(codes), answers), key="models_map", v=v, map=True)
st.caption(t("models_map_note", L))
filters = [f"{t('models_types', L)}: {words}"]
left, right = st.columns(2)
curve = answers["curve"]
with left:
    title = t("models_curve_title", L, scope=scope)
    ui.chart(cm.adoption_figure(curve, types=types, names=names, scope_name=v.province_name, as_of=as_of,
                                period=(v.date_from, v.date_to), lang=L, foot=foot, title=title),
             key="models_curve", title=title, data=curve, v=v, filters=filters, source=source)
adopters = answers["adopters"]
with right:
    title = t("models_adopters_title", L, scope=scope)
    ui.chart(cm.adopters_figure(adopters, lang=L, foot=foot, title=title), key="models_adopters", title=title,
             data=adopters, v=v, filters=filters, source=source)
    st.caption(t("models_adopters_note", L, y=int(adopters["year"].min()) if len(adopters) else 2013))

# ---- which models matter -------------------------------------------------------------------------
st.subheader(t("models_matter", L))
by_province = answers["by_province"]
rank = cm.type_ranking(by_province, v.province)
r1, r2 = st.columns(2)
with r1:
    title = t("models_rank_covered_title", L, scope=scope, d=D)
    ui.chart(cm.ranking_covered_figure(rank, selected=types, lang=L, foot=foot, title=title), key="models_rank_covered",
             title=title, data=rank, v=v, filters=filters, source=source)
with r2:
    title = t("models_rank_effective_title", L, scope=scope, d=D)
    ui.chart(cm.ranking_effective_figure(rank, selected=types, lang=L, foot=foot, title=title),
             key="models_rank_effective", title=title, data=rank, v=v, filters=filters, source=source)
    st.caption(t("models_rank_note", L, n=cm.SMALL_N))
focus_options = types or codes
if S["models_focus"] not in focus_options:
    S["models_focus"] = focus_options[0]
focus = st.selectbox(t("models_focus", L), focus_options, key="models_focus", format_func=lambda c: names.get(c, c))
lead, unreported = cm.province_leaders(by_province, focus, highlight=v.province)
of_focus = by_province[(by_province["model_type"] == focus) & by_province["reported"]]
title = t("models_leaders_title", L, type=names.get(focus, focus), d=D)
ui.chart(cm.leaders_figure(lead, national=of_focus["communes_covered"].sum() / of_focus["communes_total"].sum(),
                           total=len(of_focus), highlight=v.province, lang=L, foot=foot, title=title),
         key="models_leaders", title=title, data=lead, v=v, source=source)
st.caption(t("models_leaders_note", L, n=5))
if len(unreported):
    st.caption(t("models_not_reported", L, n=len(unreported),
                 names=", ".join(fmt.sorted_names(unreported["province_name"].tolist()))))

# ---- the sites behind a number -------------------------------------------------------------------
st.subheader(t("models_sites_title", L))
mode = st.radio(t("models_sites_mode", L), ["active", "all"], key="models_sites", horizontal=True,
                format_func=lambda x: t(f"models_sites_{x}", L))
shown = answers["sites"]
n_sites = int(shown["rows_total"].iloc[0]) if len(shown) else 0
st.caption(t("models_sites_caption", L, n=fmt.number(n_sites, lang=L), types=words, scope=scope, d=D))
st.dataframe(ms.sites_table(shown, L), hide_index=True, width="stretch", height=420, key="models_sites_table")
if n_sites > len(shown):
    st.caption(t("models_sites_shown", L, shown=fmt.number(len(shown), lang=L), n=fmt.number(n_sites, lang=L)))
banner = t("models_csv_banner", L, id=v.snapshot.id) if v.snapshot.simulated else None
ui.download(t("models_csv", L), key="models_csv", mime="text/csv",
            file_name=f"mo-hinh_{v.map}_{v.province or 'toan-quoc'}_{mc.month_param(as_of)}.csv",
            data=lambda: ms.sites_csv(vm.sites_ask(v, types, as_of, mode == "active", None).run(), L, banner))

ui.page_url_state({"types": ",".join(types), "as_of": mc.month_param(as_of), "level": S["models_level"],
                   "focus": focus, "sites": mode})

# ---- play: step to the next year-end, then stop at the data date ---------------------------------
if S.get("_models_playing"):
    step = mc.next_play_step(as_of, months)
    if step is None:
        S["_models_playing"] = False
    else:
        time.sleep(PLAY_SECONDS)
        S["_models_next"] = step
    st.rerun()
