"""Mô hình: where the models are and are not, how they spread (time control with play, adoption curves,
new adopters and contagion), which types matter, and the sites behind every number."""
import time

import streamlit as st

from antq import fmt
from antq.data.questions import answer
from antq.features.models import chart as vm
from antq.features.models import controls as mc
from antq.features.models import figures as cm
from antq.features.models import sections
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
sections.headlines(v, answers, D, words)

# ---- where it is now, and how it spread ----------------------------------------------------------
ui.show(vm.coverage_chart(v, types, as_of, level, names, len(codes), answers), key="models_map", v=v, map=True)
st.caption(t("models_map_note", L))
filters = [f"{t('models_types', L)}: {words}"]
at_D = t("models_as_of_period", L, d=D)  # a stock at the month-end, not the sidebar's period
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
             title=title, data=rank, v=v, filters=filters, source=source, period=at_D)
with r2:
    title = t("models_rank_effective_title", L, scope=scope, d=D)
    ui.chart(cm.ranking_effective_figure(rank, selected=types, lang=L, foot=foot, title=title),
             key="models_rank_effective", title=title, data=rank, v=v, filters=filters, source=source, period=at_D)
    st.caption(t("models_rank_note", L, n=cm.SMALL_N))
focus = sections.leaders(v, by_province, types, codes, names, D, foot, source)

# ---- the sites behind a number -------------------------------------------------------------------
st.subheader(t("models_sites_title", L))
mode = sections.sites(v, answers, types, as_of, D, words)

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
