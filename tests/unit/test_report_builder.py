"""The report's pure parts without a snapshot: the period in words, the comparison rule (the overview's:
within chance «tương đương», small counts never a percentage), and the Word file written from a content
object: the administrative form from the template (A4, Times New Roman, heading block, named styles),
the placeholders all filled, the simulated-data label and footer, the appendix of sources."""
import datetime as dt
import io

import pandas as pd
from docx import Document

from antq.features.report import content, document
from antq.features.report.content import Item, Report, Sentence

D = dt.date


def test_period_words_name_the_usual_reporting_periods():
    assert content.period_words(D(2018, 1, 1), D(2018, 12, 31)) == "năm 2018"
    assert content.period_words(D(2018, 1, 1), D(2018, 6, 30)) == "6 tháng đầu năm 2018"
    assert content.period_words(D(2018, 4, 1), D(2018, 6, 30)) == "quý II năm 2018"
    assert content.period_words(D(2018, 3, 1), D(2018, 3, 31)) == "tháng 3 năm 2018"
    assert content.period_words(D(2013, 1, 1), D(2023, 7, 31)) == "từ ngày 01/01/2013 đến ngày 31/07/2023"


def test_the_comparison_states_the_rule_not_noise():
    assert content.cmp_words(5003, 3745) == ", tăng 33,6% (1.258) so với cùng kỳ năm trước"
    assert content.cmp_words(900, 1000) == ", giảm 10,0% (100) so với cùng kỳ năm trước"
    assert content.cmp_words(1010, 1000) == ", tương đương cùng kỳ năm trước (1.000)"   # |10| < 2·√2010
    assert content.cmp_words(21, 12) == " (cùng kỳ năm trước: 12)"                        # small: no percentage
    assert "%" not in content.cmp_words(25, 40)
    assert content.cmp_words(5, None) == ""


def report() -> Report:
    items = [Item("Công tác tuyên truyền", [Sentence("I.1.a", "Tổ chức 1.332 buổi tuyên truyền.", ("activities_totals",))])]
    return Report(heading={"ministry": "BỘ CÔNG AN", "unit": "CÔNG AN TỈNH BẮC NINH", "country": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                           "motto": "Độc lập - Tự do - Hạnh phúc", "number": "Số: …/BC-CAT",
                           "place_date": "Bắc Ninh, ngày 02 tháng 12 năm 2026", "title": "BÁO CÁO",
                           "subject": "Kết quả thực hiện phong trào năm 2018", "period": "năm 2018", "scope": "", "unit_words": ""},
                  intro="Thực hiện chế độ báo cáo định kỳ…", results=items,
                  limits=[Item("Địa phương chưa gửi đủ báo cáo", [Sentence("II.1", "121/121 địa phương gửi đủ.", ())])],
                  plans=["Mục tiêu, chỉ tiêu"], table=pd.DataFrame({"Xã, phường": ["Xã A", "Tổng cộng"], "Buổi": [1332.0, 1332.0]}),
                  sources=[("I.1.a", "activities_totals", '{"province": "27"}')], rule="Quy tắc so sánh.")


def test_the_word_file_has_the_administrative_form_and_every_placeholder_filled():
    raw = document.write(report(), footer="Bộ dữ liệu demo · số liệu đến 31/10/2026 · cli:root · lập lúc 02/12/2026 10:00",
                         snapshot_id="demo", simulated=True)
    doc = Document(io.BytesIO(raw))
    sec = doc.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.page_height.cm, 1) == 29.7
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt in (13, 14)
    assert {"BC Cơ quan ban hành", "BC Quốc hiệu", "BC Tên loại", "BC Phần", "BC Mục", "BC Nội dung"} <= {s.name for s in doc.styles}
    cells = [c.text for tb in doc.tables for r in tb.rows for c in r.cells]
    body = "\n".join([p.text for p in doc.paragraphs] + cells)
    for words in ("BỘ CÔNG AN", "CÔNG AN TỈNH BẮC NINH", "Độc lập - Tự do - Hạnh phúc", "Số: …/BC-CAT", "BÁO CÁO",
                  "I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ", "III. PHƯƠNG HƯỚNG", "1.332", "PHỤ LỤC: NGUỒN SỐ LIỆU", "activities_totals"):
        assert words in body, words
    header = " ".join(p.text for p in sec.header.paragraphs)
    footer = " ".join(p.text for p in sec.footer.paragraphs)
    assert "MÔ PHỎNG" in header and "demo" in footer and "cli:root" in footer
    assert "PAGE" in sec.footer._element.xml  # the page number field
    assert "{{" not in body + header + footer
    assert [p.style.name for p in doc.paragraphs if p.text.startswith("I. ")] == ["BC Phần"]


def test_a_real_snapshot_has_no_simulated_label():
    doc = Document(io.BytesIO(document.write(report(), footer="x", snapshot_id="s1", simulated=False)))
    assert "MÔ PHỎNG" not in " ".join(p.text for p in doc.sections[0].header.paragraphs)
