"""Tin báo → phá án: how the tips of a period convert into solved cases, arrests and weapons.

One section at a time, each running only its own queries (a period change stays fast): the funnel
(tip_funnel.sql and cases_solved_in_period.sql, the queries the seed facts are checked with) and its
two readings; cohorts; where conversion is weak (map + funnel plot); what works; this period against
the same period last year. The sections are drawn by sections.py.
"""
import streamlit as st

from antq.data.questions import answer
from antq.features.tipoffs import chart as vt
from antq.features.tipoffs import sections
from antq.i18n import t
from antq.view import ui

v = ui.view()
L, S = v.lang, st.session_state
CONTROLS = vt.CONTROLS  # widget key: (URL name, options, default); the command-line export reads links with them
for key, (name, options, default) in CONTROLS.items():
    ui.url_control(key, name, lambda s, o=options: s if s in o else None, default)
    S[key] = S[key]  # keep the controls of hidden sections
ui.page_url_state({n: S[k] if S[k] != d else None for k, (n, _, d) in CONTROLS.items()})
ui.header("page_tipoffs", v)  # after the controls are seeded from the URL, so a bad value's notice shows at once


def radio(key):
    return st.radio(t(key, L), CONTROLS[key][1], key=key, horizontal=True, format_func=lambda o: t(f"{key}_{o}", L))


section = radio("tipoffs_section")
grain = S["tipoffs_grain"]
answers = answer(vt.questions(v, section, grain, S["tipoffs_metric"]))

if section == "funnel":
    sections.funnel(v, answers)
elif section in ("cohorts", "works"):
    radio("tipoffs_grain")
    (sections.cohorts if section == "cohorts" else sections.works)(v, answers, grain)
elif section == "where":
    metric = st.selectbox(t("tipoffs_metric", L), CONTROLS["tipoffs_metric"][1], key="tipoffs_metric",
                          format_func=lambda o: t(f"tipoffs_metric_{o}", L))
    sections.where(v, answers, metric)
else:
    sections.periods(v, answers)
