"""«Báo cáo»: the periodic report in Word for any scope and period, with the seed articles' figures
(data/reference/seed_fact_checks.csv names the query and parameters of each), written by
`python -m antq report` (a folder for cron; an incomplete period refused with a Vietnamese message and
exit 2), the director's commune detail limited by the query layer, and the page under AppTest."""
import io
import re

import pytest
from apptest import open_app
from docx import Document

from antq.auth import access
from antq.cli import report as report_cli
from antq.features.report import make
from antq.view import model

pytestmark = pytest.mark.usefixtures("built_data")

BD = "/report?from=2018-01-01&to=2018-12-31&map=2024&province=74"
HN = "/report?from=2013-01-01&to=2023-07-31&map=2024&province=01"
VN = "/report?from=2022-01-01&to=2022-12-31&map=2024"
BN = "/report?from=2013-01-01&to=2018-12-31&map=2024&province=27"


def text_of(url: str) -> str:
    return " ".join(make.build(model.read(model.split_url(url)[1], strict=True)).text().split())


def test_binh_duong_2018_tipoffs():
    s = text_of(BD)
    assert "5.003 nguồn tin có giá trị" in s
    assert "khám phá 2.144 vụ" in s and "bắt 3.630 đối tượng" in s
    assert "thu gom 21 súng" in s and "501 vũ khí thô sơ" in s


def test_ha_noi_models_2013_to_july_2023():
    s = text_of(HN)
    assert "Triển khai thực hiện 1.616 mô hình" in s and "có 495 mô hình đang thực hiện có hiệu quả" in s
    for name, n in (("Tổ tự quản về an ninh trật tự", 181), ("Camera an ninh", 109), ("TTATGT", 74),
                    ("Câu lạc bộ phòng, chống tội phạm", 62)):
        assert re.search(rf"{re.escape(name)}[^.]*” được triển khai tại {n} địa bàn cấp xã", s), name


def test_whole_country_2022_festival_and_leaders():
    s = text_of(VN)
    assert "5.813 điểm tổ chức Ngày hội điểm" in s
    assert re.search(r"3 đồng chí Ủy viên Bộ Chính trị, 3 đồng chí Ủy viên Ban Bí thư, 25 đồng chí .*, 15 đồng chí .*"
                     r"313 đồng chí .* 2.932 đồng chí", s)


def test_bac_ninh_propaganda_and_commitments():
    s = text_of(BN)
    assert "Tổ chức 1.332 buổi tuyên truyền" in s
    m = re.search(r"Vận động ([\d.]+) gia đình và ([\d.]+) học sinh", s)
    fam, stu = (int(x.replace(".", "")) for x in m.groups())
    assert 560_000 <= fam <= 565_600 and 330_000 <= stu <= 333_300   # «gần 560 nghìn», «gần 330 nghìn»
    part = int(re.search(r"với ([\d.]+) lượt người tham gia", s).group(1).replace(".", ""))
    assert 120_000 <= part <= 121_200                                  # «hơn 120 nghìn»


def test_the_command_writes_a_word_file_into_a_folder_with_its_sources(tmp_path):
    out = report_cli.report_url(BD, tmp_path, with_charts=False, progress=lambda *_: None)
    assert out.parent == tmp_path and out.suffix == ".docx"
    doc = Document(str(out))
    cells = [c.text for tb in doc.tables for r in tb.rows for c in r.cells]
    body = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert "CÔNG AN TỈNH BÌNH DƯƠNG" in body and "Số: …/BC-CAT" in body and "2.144" in body
    assert "tip_funnel" in cells and any('"province": "74"' in c and "2018-12-31" in c for c in cells)
    assert "MÔ PHỎNG" in doc.sections[0].header.paragraphs[0].text
    assert "cli:" in " ".join(p.text for p in doc.sections[0].footer.paragraphs)


def test_an_incomplete_period_is_refused_for_cron(tmp_path, capsys):
    rc = report_cli.main(["/report?from=2026-01-01&to=2026-12-31&map=2025", "--out", str(tmp_path), "--no-charts"])
    assert rc == 2 and not list(tmp_path.iterdir())
    assert "chưa đầy đủ" in capsys.readouterr().err


def test_a_director_gets_the_communes_of_their_own_province_only(tmp_path):
    director = access.Access(user="gd", name="gd", roles=("director",), permissions=frozenset({"view", "export"}),
                             province="40")
    with access.acting_as(director):
        with pytest.raises(report_cli.ReportError, match="chỉ được xem"):
            report_cli.report_url("/report?from=2022-01-01&to=2022-12-31&map=2025&province=01", tmp_path,
                                  with_charts=False, progress=lambda *_: None)
        out = report_cli.report_url("/report?from=2022-01-01&to=2022-12-31&map=2025&province=40", tmp_path,
                                    with_charts=False, progress=lambda *_: None)
    assert "NGHỆ AN" in "\n".join(c.text for tb in Document(str(out)).tables for r in tb.rows for c in r.cells)


def test_the_page_draws_and_offers_the_word_file():
    at = open_app({"from": "2018-01-01", "to": "2018-12-31", "map": "2024", "province": "74"},
                  "antq/features/report/page.py", user="briefing")
    assert not at.exception
    md = " ".join(m.value for m in at.markdown)
    assert "5.003" in md and "BÁO CÁO" in md
    assert any(getattr(el, "proto", None) is not None and el.proto.__class__.__name__ == "DownloadButton"
               for el in at.get("download_button"))
