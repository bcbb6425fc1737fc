"""The periodic report as an officer opens it: `python -m antq report` for Bình Dương 2018 (old map) with
its maps, converted by LibreOffice (as tests/e2e/test_office_files_e2e.py does): a valid OOXML file
(python-docx re-opens it, LibreOffice converts it), every page A4, every image present in the file and
in the PDF, Vietnamese diacritics intact, the simulated-data label on every page, page numbers. The pages
are kept as PNG in artifacts/ for a person to look at."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document

from tests.e2e import ARTIFACTS

URL = "/report?from=2018-01-01&to=2018-12-31&map=2024&province=74"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def rendered(built_data, tmp_path_factory):
    from antq.cli import report as report_cli
    assert SOFFICE and shutil.which("pdftotext"), "LibreOffice or poppler missing: ./test.sh installs them"
    out = tmp_path_factory.mktemp("report")
    docx = report_cli.report_url(URL, out / "bao-cao.docx", progress=lambda *_: None)
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True, capture_output=True, timeout=240)
    pdf = out / "bao-cao.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "report-page")], check=True, timeout=240)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"], check=True,
                            capture_output=True, text=True).stdout
             for i in range(1, int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:"))) + 1)]
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    return docx, info, pages, images


def test_the_report_opens_on_a4_pages_with_its_figures_and_diacritics(rendered):
    docx, info, pages, images = rendered
    doc = Document(str(docx))  # valid OOXML: python-docx re-opens what it wrote, LibreOffice converted it
    pictures = [r for r in doc.part.rels.values() if r.reltype.endswith("/image")]
    assert len(pictures) == 3
    assert "595.3" in info and "841.8" in info  # A4 in points
    assert len([ln for ln in images.splitlines()[2:] if ln.strip()]) >= 3  # every map drawn in the PDF
    # LibreOffice takes the Vietnamese letters a font lacks from another font: pdftotext may then split a
    # word where the font changes, so the words are compared without spaces (the letters themselves intact)
    flat = "".join("".join(pages).split())
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CÔNG AN TỈNH", "DƯƠNG",
                  "BÁO CÁO", "5.003 nguồn tin có giá trị", "khám phá 2.144 vụ", "PHỤ LỤC: NGUỒN SỐ LIỆU",
                  "II. HẠN CHẾ, TỒN TẠI", "III. PHƯƠNG HƯỚNG"):
        assert "".join(words.split()) in flat, words
    for i, page in enumerate(pages, 1):
        assert "MÔ PHỎNG" in page, f"page {i} without the simulated-data label"
        assert "demo" in page, f"page {i} without the snapshot in its footer"
