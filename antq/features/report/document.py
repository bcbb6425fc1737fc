"""The report as a Word file: antq/features/report/template.docx (made by scripts/make_report_template.py,
styles «BC …» an office may restyle) filled with python-docx from a `content.Report`. The placeholders
{{…}} are replaced; the body (parts I–III, the table by locality, the charts) goes where {{noi_dung}} stands
and the appendix «Nguồn số liệu» where {{phu_luc}} stands. No Streamlit, no queries.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from docx import Document
from docx.shared import Cm, Pt

from antq import fmt, paths
from antq.features.report.content import Report
from antq.i18n import t

TEMPLATE = paths.ROOT / "antq" / "features" / "report" / "template.docx"
IMAGE_WIDTH = Cm(16)


@dataclass
class Figure:
    title: str
    png: bytes


def _paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for sec in doc.sections:
        yield from sec.header.paragraphs
        yield from sec.footer.paragraphs


def _fill(doc, values: dict[str, str]) -> None:
    for p in _paragraphs(doc):
        for run in p.runs:
            if "{{" in run.text:
                for key, value in values.items():
                    run.text = run.text.replace("{{" + key + "}}", value)


def _marker(doc, key: str):
    return next(p for p in doc.paragraphs if p.text == "{{" + key + "}}")


def _cell(x, lang: str) -> str:
    if isinstance(x, str):
        return x
    return "–" if pd.isna(x) else fmt.number(x, 0, lang)


def _table(doc, at, df: pd.DataFrame, lang: str, widths=None):
    table = doc.add_table(rows=1, cols=len(df.columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    if widths:
        for col, w in zip(table.columns, widths):
            col.width = w
    for cell, name in zip(table.rows[0].cells, df.columns):
        cell.text = str(name)
    for row in df.itertuples(index=False):
        for cell, x in zip(table.add_row().cells, row):
            cell.text = _cell(x, lang)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            for p in cell.paragraphs:
                p.style = doc.styles["BC Bảng"]
                if i == 0:
                    for r in p.runs:
                        r.font.bold = True
            if widths:
                cell.width = widths[j]
    at._p.addprevious(table._tbl)
    return table


def write(report: Report, *, footer: str, snapshot_id: str, simulated: bool, figures: list[Figure] = ()) -> bytes:
    """The .docx bytes of a report; `footer` names snapshot, data date, user and time."""
    L, h = report.lang, report.heading
    doc = Document(str(TEMPLATE))
    _fill(doc, {"co_quan_chu_quan": h["ministry"], "co_quan": h["unit"], "so": h["number"], "quoc_hieu": h["country"],
                "tieu_ngu": h["motto"], "dia_danh_ngay": h["place_date"], "ten_loai": h["title"], "trich_yeu": h["subject"],
                "mo_phong": t("report_simulated", L) if simulated else "", "chan_trang": footer,
                "noi_nhan": t("report_recipients", L), "chuc_vu": t("report_signer", L)})
    body = _marker(doc, "noi_dung")

    def para(text: str, style: str = "BC Nội dung"):
        return body.insert_paragraph_before(text, style=style)

    para(report.intro)
    para(t("report_part_results", L), "BC Phần")
    for i, item in enumerate(report.results, 1):
        para(f"{i}. {item.title}", "BC Mục")
        for s in item.sentences:
            para(s.text)
    k = len(report.results) + 1
    para(f"{k}. {t('report_item_table', L)}", "BC Mục")
    para(t("report_table_title", L), "BC Tên bảng")
    n_num = len(report.table.columns) - 1
    _table(doc, body, report.table, L, widths=[Cm(16 - 2.1 * n_num)] + [Cm(2.1)] * n_num)
    for j, fig in enumerate(figures, 1):
        para("", "BC Hình").add_run().add_picture(io.BytesIO(fig.png), width=IMAGE_WIDTH)
        para(t("report_chart_title", L, n=j, title=fig.title), "BC Tên hình")
    para(t("report_part_limits", L), "BC Phần")
    for i, item in enumerate(report.limits, 1):
        para(f"{i}. {item.title}", "BC Mục")
        for s in item.sentences:
            para(s.text)
    para(t("report_part_plans", L), "BC Phần")
    for i, title in enumerate(report.plans, 1):
        para(f"{i}. {title}", "BC Mục")
        para(t("report_plan_blank", L))
    body._p.getparent().remove(body._p)

    appendix = _marker(doc, "phu_luc")
    appendix.insert_paragraph_before(t("report_appendix", L), style="BC Tên bảng")
    appendix.insert_paragraph_before(t("report_appendix_note", L, snap=snapshot_id), style="BC Phụ lục")
    appendix.insert_paragraph_before(report.rule, style="BC Phụ lục")
    src = pd.DataFrame(report.sources, columns=[t("report_col_sentence", L), t("report_col_query", L), t("report_col_params", L)])
    tbl = _table(doc, appendix, src, L, widths=[Cm(1.6), Cm(4.2), Cm(10.2)])
    for row in tbl.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(9)
    appendix._p.getparent().remove(appendix._p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
