"""The files a briefing officer pastes, opened as office software opens them: the festival map's data as
XLSX and its chart as PPTX and PDF, written by `python -m antq export` for /festival?year=2022, converted
to PDF by LibreOffice (Debian's libreoffice-*-nogui, installed by ./test.sh) and read back as text. The
workbook shows whole headers, counts with thousands separators and rates with the page's one decimal
(never 8.317125); the slide and the page say the year shown, not the sidebar's period; the
simulated-data line is on each. PNG renderings are kept in artifacts/ for a person to look at."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e import ARTIFACTS

URL = "/festival?year=2022&map=2025&metric=sites_per_10k"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def rendered(path: Path, out: Path) -> str:
    """The file converted to PDF by LibreOffice, its first page kept as PNG in artifacts/, its text."""
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=240)
    pdf = out / (path.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / f"office-{path.name}")],
                   check=True, timeout=120)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def files(built_data, tmp_path_factory):
    from antq.cli import export as export_cli
    assert SOFFICE and shutil.which("pdftotext"), "LibreOffice or poppler missing: ./test.sh installs them"
    out = tmp_path_factory.mktemp("office")
    ARTIFACTS.mkdir(exist_ok=True)
    made = {kind: export_cli.export_url(URL, out / f"ngay-hoi-2022.{kind}", progress=lambda *_: None)
            for kind in ("xlsx", "pptx", "pdf")}
    return out, made


def test_the_workbook_shows_whole_headers_thousands_and_the_page_decimals(files):
    import openpyxl
    out, made = files
    ws = openpyxl.load_workbook(made["xlsx"]).active
    headers = [c.value for c in ws[5]]
    raw = [c.value for row in ws.iter_rows(min_row=6) for c in row
           if isinstance(c.value, float) and c.value != round(c.value, 1)]
    assert raw  # the cells keep the raw values; only their format rounds them
    text = rendered(made["xlsx"], out)
    flat = " ".join(text.split())
    for h in headers:
        assert " ".join(str(h).split()) in flat or all(w in flat for w in str(h).split()), h
    assert "Năm 2022" in flat and "mô phỏng" in flat.lower()
    assert not re.search(r"\d\.\d{4,}", flat), "a rate shown with more decimals than the page shows"
    assert re.search(r"\d{1,3}[.,]\d{3}\b", flat), "no count with a thousands separator"


@pytest.mark.parametrize("kind", ["pptx", "pdf"])
def test_the_slide_and_the_page_say_the_year_shown(files, kind):
    out, made = files
    flat = " ".join(rendered(made[kind], out).split())
    assert "Năm 2022" in flat and "01/01/2026" not in flat, flat[:400]
    assert "mô phỏng" in flat.lower() and "«demo»" in flat
