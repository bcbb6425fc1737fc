"""Báo cáo: the periodic report (sơ kết, tổng kết) of the view in the sidebar, drafted as a Word file in the
administrative form, previewed here and downloaded through the gate (antq/figures/gate.py). The content
is built by content.py, the file by make.py/document.py; the same as `python -m antq report "<URL>"`.
"""
import streamlit as st

from antq.features.report import content, make
from antq.figures.gate import MIME
from antq.i18n import t
from antq.view import ui

v = ui.view()
L = v.lang
ui.header("page_report", v)
st.caption(t("report_page_intro", L))
try:
    content.check_complete(v)
except content.Incomplete as e:
    st.error(str(e))
    st.stop()

report = make.build(v)
h = report.heading
with_charts = st.toggle(t("report_with_charts", L), value=True, key="report_charts")
ui.download(t("report_download", L), lambda: make.docx_bytes(v, with_charts=with_charts, report=report),
            key="report_docx", file_name=make.file_name(v), mime=MIME["docx"], what=h["subject"], type="primary")

st.subheader(t("report_preview", L))
left, right = st.columns([2, 3])
left.markdown(f"{h['ministry']}  \n**{h['unit']}**  \n{h['number']}")
right.markdown(f"**{h['country']}**  \n**{h['motto']}**  \n*{h['place_date']}*")
st.markdown(f"#### {h['title']}\n**{h['subject']}**")
st.write(report.intro)


def part(title: str, items) -> None:
    st.markdown(f"**{title}**")
    for i, item in enumerate(items, 1):
        st.markdown(f"**{i}. {item.title}**")
        for s in item.sentences:
            st.markdown(f"{s.text} <sub>[{s.id}]</sub>", unsafe_allow_html=True)


part(t("report_part_results", L), report.results)
st.markdown(f"**{t('report_table_title', L)}**")
st.dataframe(report.table, hide_index=True, use_container_width=True)
part(t("report_part_limits", L), report.limits)
st.markdown(f"**{t('report_part_plans', L)}**")
for i, title in enumerate(report.plans, 1):
    st.markdown(f"{i}. {title} …")
with st.expander(t("report_appendix", L)):
    st.caption(report.rule)
    st.dataframe([{t("report_col_sentence", L): s, t("report_col_query", L): q, t("report_col_params", L): p}
                  for s, q, p in report.sources], hide_index=True, use_container_width=True)
