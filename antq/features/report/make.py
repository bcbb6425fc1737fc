"""The report of a view from start to file, without Streamlit (the page and `python -m antq report` both
call `docx_bytes`): its questions answered with the rights of whoever asks (antq/data/questions.py; a
director's commune detail is limited by the query layer), the content built (content.py), the overview's
main chart drawn at "report" size as captioned images (antq/figures/export.py), the Word file written
(document.py). The file leaves through antq/figures/gate.py `release`, called by the page and the command.
"""
from __future__ import annotations

import datetime as dt

from antq import fmt
from antq.auth import access
from antq.data.questions import answer
from antq.features.overview import chart as overview
from antq.features.report import content, document
from antq.figures import export
from antq.figures.chart import chart_caption, file_stem
from antq.i18n import t
from antq.view.model import View

CHART_METRICS = ("coverage", "tips", "festival_sites")  # the overview's maps the report shows


def figures(v: View) -> list[document.Figure]:
    """The overview's map (its main chart) for each of CHART_METRICS, captioned, as PNG at report size."""
    answers = answer(overview.questions(v), only=overview.MAP)
    out = []
    for metric in CHART_METRICS:
        c = overview.map_chart(v, metric, answers)
        png = export.image_bytes(export.captioned_figure(c.fig, chart_caption(v, c), "report"), "png")
        out.append(document.Figure(c.title, png))
    return out


def footer(v: View, who: access.Access, at: dt.datetime) -> str:
    return t("report_footer", v.lang, snap=v.snapshot.id, d=fmt.date(v.data_date, v.lang), user=who.label,
             at=f"{fmt.date(at, v.lang)} {at:%H:%M}")


def build(v: View) -> content.Report:
    content.check_complete(v)
    return content.build(v, answer(content.questions(v)))


def docx_bytes(v: View, *, with_charts: bool = True, report: content.Report | None = None,
               who: access.Access | None = None) -> bytes:
    """The Word file of the view's report (content.Incomplete when the period outruns the data)."""
    who = who or access.current()
    report = report or build(v)
    return document.write(report, footer=footer(v, who, dt.datetime.now().replace(microsecond=0)),
                          snapshot_id=v.snapshot.id, simulated=v.snapshot.simulated,
                          figures=figures(v) if with_charts else [])


def file_name(v: View) -> str:
    return file_stem(v, "bao-cao") + ".docx"
