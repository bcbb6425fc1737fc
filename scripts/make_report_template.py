"""Writes antq/features/report/template.docx, the Word template of the periodic report (run once; the file
is committed). The administrative form of a Vietnamese report (Nghị định 30/2020/NĐ-CP): A4, Times New
Roman 14, margins 2/2/3/2 cm, the heading block (issuing unit left, national title and motto right), number
and place-date line, «BÁO CÁO» and its subject, the body, recipients and signature, page numbers in the
footer. Every paragraph uses a named style «BC …», so an office restyles the report in Word (Styles pane)
without touching the code. The code fills the {{placeholders}} and inserts the body at {{noi_dung}} and the
appendix at {{phu_luc}} (antq/features/report/document.py).

    .venv/bin/python scripts/make_report_template.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "antq" / "features" / "report" / "template.docx"
FONT = "Times New Roman"
C, L, R, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY

# name: (size, bold, italic, align, first-line indent cm, space before pt, space after pt)
STYLES = {
    "BC Cơ quan chủ quản": (12, False, False, C, 0, 0, 0),
    "BC Cơ quan ban hành": (12, True, False, C, 0, 0, 0),
    "BC Số ký hiệu": (13, False, False, C, 0, 6, 0),
    "BC Quốc hiệu": (12, True, False, C, 0, 0, 0),
    "BC Tiêu ngữ": (14, True, False, C, 0, 0, 0),
    "BC Địa danh ngày": (14, False, True, C, 0, 6, 0),
    "BC Tên loại": (14, True, False, C, 0, 18, 0),
    "BC Trích yếu": (14, True, False, C, 0, 0, 12),
    "BC Phần": (14, True, False, J, 1, 6, 3),
    "BC Mục": (14, True, False, J, 1, 3, 3),
    "BC Nội dung": (14, False, False, J, 1, 0, 6),
    "BC Bảng": (11, False, False, L, 0, 0, 0),
    "BC Tên bảng": (13, True, False, C, 0, 6, 3),
    "BC Hình": (13, False, False, C, 0, 6, 0),
    "BC Tên hình": (12, False, True, C, 0, 0, 6),
    "BC Nơi nhận": (12, True, True, L, 0, 0, 0),
    "BC Nơi nhận nội dung": (11, False, False, L, 0, 0, 0),
    "BC Chức vụ ký": (14, True, False, C, 0, 0, 0),
    "BC Chân trang": (9, False, False, C, 0, 0, 0),
    "BC Mô phỏng": (10, True, False, C, 0, 0, 0),
    "BC Phụ lục": (11, False, False, L, 0, 0, 0),
}


def style(doc, name, size, bold, italic, align, indent, before, after):
    s = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    s.base_style = doc.styles["Normal"]
    s.quick_style = True
    s.font.size, s.font.bold, s.font.italic = Pt(size), bold, italic
    pf = s.paragraph_format
    pf.alignment, pf.first_line_indent = align, Cm(indent) if indent else None
    pf.space_before, pf.space_after, pf.line_spacing = Pt(before), Pt(after), 1.15 if size >= 14 and align == J else 1.0
    if name == "BC Mô phỏng":
        s.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    return s


def field(paragraph, code: str) -> None:
    """A Word field (PAGE) that Word and LibreOffice compute when the document is shown."""
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def cell_lines(cell, lines):
    cell.paragraphs[0].text, cell.paragraphs[0].style = lines[0][0], lines[0][1]
    for text, st in lines[1:]:
        cell.add_paragraph(text, style=st)


def main() -> int:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.element.rPr.rFonts.set(qn("w:cs"), FONT)
    for name, spec in STYLES.items():
        style(doc, name, *spec)
    sec = doc.sections[0]
    sec.orientation, sec.page_width, sec.page_height = WD_ORIENT.PORTRAIT, Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    sec.header.paragraphs[0].text, sec.header.paragraphs[0].style = "{{mo_phong}}", doc.styles["BC Mô phỏng"]
    foot = sec.footer.paragraphs[0]
    foot.style = doc.styles["BC Chân trang"]
    field(foot, "PAGE")
    sec.footer.add_paragraph("{{chan_trang}}", style="BC Chân trang")

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    no_borders(head)
    for i, w in enumerate((Cm(6.4), Cm(9.8))):
        head.columns[i].width = head.cell(0, i).width = w
    cell_lines(head.cell(0, 0), [("{{co_quan_chu_quan}}", "BC Cơ quan chủ quản"), ("{{co_quan}}", "BC Cơ quan ban hành"),
                                 ("{{so}}", "BC Số ký hiệu")])
    cell_lines(head.cell(0, 1), [("{{quoc_hieu}}", "BC Quốc hiệu"), ("{{tieu_ngu}}", "BC Tiêu ngữ"),
                                 ("{{dia_danh_ngay}}", "BC Địa danh ngày")])
    doc.add_paragraph("{{ten_loai}}", style="BC Tên loại")
    doc.add_paragraph("{{trich_yeu}}", style="BC Trích yếu")
    doc.add_paragraph("{{noi_dung}}", style="BC Nội dung")

    sign = doc.add_table(rows=1, cols=2)
    sign.autofit = False
    no_borders(sign)
    for i in (0, 1):
        sign.columns[i].width = sign.cell(0, i).width = Cm(8)
    cell_lines(sign.cell(0, 0), [("{{noi_nhan}}", "BC Nơi nhận"), ("- …;", "BC Nơi nhận nội dung"),
                                 ("- Lưu: VT.", "BC Nơi nhận nội dung")])
    cell_lines(sign.cell(0, 1), [("{{chuc_vu}}", "BC Chức vụ ký"), ("", "BC Chức vụ ký"), ("", "BC Chức vụ ký"),
                                 ("", "BC Chức vụ ký")])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{phu_luc}}", style="BC Phụ lục")
    doc.core_properties.title = "Báo cáo phong trào Toàn dân bảo vệ an ninh Tổ quốc"
    doc.core_properties.author = "ANTQ"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
