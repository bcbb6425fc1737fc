"""Briefing exports as files: the captioned image of each page's main chart at both sizes with its caption
text, both archipelagos surviving the captioning of a national map, the data behind a chart as CSV (UTF-8
with BOM) and XLSX with the caption lines on top, formula cells neutralised, and the briefing pack as PPTX
and PDF holding the chosen charts."""
import csv
import datetime as dt
import html
import io
import re

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from antq.cli import export as export_cli
from antq.figures import chart, pack
from antq.view import model

from antq.figures import export, sheets, slides, static_maps
pytestmark = pytest.mark.usefixtures("built_data")

MAIN = {  # a shareable view of each page with charts, with the page's own controls
    "overview": "/overview?from=2018-01-01&to=2018-12-31&map=2024&province=74&metric=valuable_share",
    "models": "/models?types=camera_an_ninh&as_of=2023-07&map=2024",
    "tipoffs": "/tipoffs?section=where&metric=valuable&from=2018-01-01&to=2018-12-31",
    "festival": "/festival?year=2022&metric=participants_per_1k",
    "compare": "/compare?provinces=01,79&metric=festival_sites&norm=commune",
}
LABEL_RGB = (55, 71, 79)  # charts.LABEL_COLOUR, the archipelago labels


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def svg_text(svg: bytes) -> str:
    """Every text of an SVG, tags removed, lines joined by spaces (wrapped caption lines read on)."""
    body = re.sub(r"<style.*?</style>", " ", svg.decode("utf-8"), flags=re.S)
    return words(html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def charts():
    return {page: export_cli.chart_for_url(url) for page, url in MAIN.items()}


@pytest.mark.parametrize("size", ["slide", "report"])
@pytest.mark.parametrize("page", list(MAIN))
def test_main_chart_image_has_the_export_size_and_its_caption(charts, page, size):
    v, c = charts[page]
    cap = chart.chart_caption(v, c)
    fig = export.captioned_figure(c.fig, cap, size)
    assert png_size(export.image_bytes(fig, "png")) == export.SIZES[size]
    title = fig.layout.title
    assert words(re.sub(r"<[^>]+>", " ", title.text)) == words(c.title)
    sub = words(re.sub(r"<br>", " ", title.subtitle.text))
    assert sub == words(html.escape(cap.subtitle, quote=False))
    # the period shown: the view's, or the figure's own (the festival's year), never the sidebar's for a year
    assert (c.period or chart.period_words(v)) in sub and v.scope_name() in sub and chart.map_words(v) in sub
    if page == "festival":
        assert c.period.startswith("Năm ") and chart.period_words(v) not in sub
    footer = [a.text for a in fig.layout.annotations if a.name == "export_footer"]
    assert len(footer) == 1
    foot = footer[0].replace("<br>", " ")
    assert "Nguồn:" in foot and "«demo»" in foot and "31/10/2026" in foot and "Dữ liệu mô phỏng" in foot
    assert "Xuất lúc " + cap.exported_at.strftime("%d/%m/%Y %H:%M") in words(foot)
    # the page's own source line is replaced by the caption's footer, not repeated
    assert sum("«demo»" in (a.text or "") for a in fig.layout.annotations) == 1
    assert fig.layout.font.family.startswith("DejaVu Sans")


@pytest.mark.parametrize("page", list(MAIN))
def test_main_chart_svg_carries_the_caption_as_text(charts, page):
    v, c = charts[page]
    cap = chart.chart_caption(v, c)
    svg = export.image_bytes(export.captioned_figure(c.fig, cap, "slide"), "svg")
    assert svg.lstrip().startswith(b"<svg")
    text = svg_text(svg)
    for line in cap.lines():
        assert words(line) in text, line
    assert "Dữ liệu mô phỏng" in text and "Trường Sa" not in cap.title


def label_rows(png: bytes) -> list[int]:
    """Pixel rows that hold the archipelago labels' colour (greys of other text have r = g = b)."""
    from PIL import Image  # matplotlib's dependency

    im = Image.open(io.BytesIO(png)).convert("RGB")
    px = im.load()
    rows = set()
    for y in range(0, im.height, 2):
        for x in range(0, im.width, 2):
            r, g, b = px[x, y]
            if all(abs(a - e) <= 6 for a, e in zip((r, g, b), LABEL_RGB)):
                rows.add(y)
    return sorted(rows)


def test_both_archipelagos_survive_the_captioning_of_a_national_map():
    v, c = export_cli.chart_for_url("/overview?metric=tips")
    fig = export.captioned_figure(c.fig, chart.chart_caption(v, c), "slide")
    labels = [tr for tr in fig.data if tr.name == "labels"]
    assert len(labels) == 1 and list(labels[0].locations) == ["label-0", "label-1"]
    spec = static_maps.static_spec(fig)  # what the browser draws: the same traces as vector geo shapes
    assert [tr["locations"] for tr in spec["data"] if tr.get("name") == "labels"] == [["label-0", "label-1"]]
    assert spec["layout"]["geo"]["visible"] is False and "map" not in spec["layout"]
    rows = label_rows(export.image_bytes(fig, "png"))
    assert len(rows) > 10
    gaps = [b - a for a, b in zip(rows, rows[1:])]
    assert max(gaps) > 60  # two labels far apart: Hoàng Sa (17.5° N) above Trường Sa (12.3° N)
    # a province's map has no archipelago label: the colour test can tell
    v2, c2 = export_cli.chart_for_url("/overview?map=2024&province=74")
    assert label_rows(export.image_bytes(export.captioned_figure(c2.fig, chart.chart_caption(v2, c2), "slide"))) == []


def test_the_export_font_is_installed_with_every_vietnamese_letter():
    """DejaVu Sans (Debian's fonts-dejavu-core, installed by setup.sh) is what Chromium draws exports with."""
    import subprocess

    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", "DejaVu Sans"], capture_output=True, text=True)
    assert found.returncode == 0 and found.stdout.startswith("DejaVu Sans") and found.stdout.endswith(".ttf")
    letters = "ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    covered = subprocess.run(["fc-list", ":charset=" + " ".join(f"{ord(c):x}" for c in letters), "family"],
                             capture_output=True, text=True).stdout
    assert "DejaVu Sans" in covered
    assert export.FONT.startswith("DejaVu Sans")


def test_export_renders_placeholder_colours_of_the_streamlit_theme_as_real_colours(charts):
    v, c = charts["tipoffs"]
    fig = export.captioned_figure(c.fig, chart.chart_caption(v, c), "report")
    text = fig.to_json()
    assert not re.search(r'"#0000[0-4][0-9]"', text), "a Streamlit theme placeholder colour would draw near-black"


# ---------------------------------------------------------------- data behind a chart

CAP = export.Caption(title="Tin báo theo xã — Bình Dương", subtitle="Bình Dương · 01/01/2018 – 31/12/2018 · Trước 1/7/2025",
                     source="tin báo", snapshot_id="demo", data_date=dt.date(2026, 10, 31), simulated=True,
                     exported_at=dt.datetime(2026, 11, 2, 8, 30))
DF = pd.DataFrame({"Xã, phường": ["Phường Phú Cường", "Xã Đồng Nai", "=HYPERLINK(\"http://x.invalid\",\"bấm\")",
                                  "+1", "-2", "@SUM(A1:A9)"],
                   "Số tin": [12, 7, 1, 2, -2, 3], "Tỷ lệ": [0.125, None, 0.5, 0.0, 1.0, 0.25]})
DANGEROUS = ["=HYPERLINK(\"http://x.invalid\",\"bấm\")", "+1", "-2", "@SUM(A1:A9)"]


def test_csv_round_trips_vietnamese_through_the_bom_with_the_caption_on_top():
    raw = sheets.csv_bytes(DF, CAP)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[0] for r in rows[:3]] == CAP.lines() and rows[3] == []  # one cell each (quoted where it has a comma)
    assert "Dữ liệu mô phỏng" in rows[2][0] and "Xuất lúc 02/11/2026 08:30" in rows[2][0]
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", skiprows=4)
    assert list(back.columns) == list(DF.columns)
    assert back["Xã, phường"].iloc[:2].tolist() == ["Phường Phú Cường", "Xã Đồng Nai"]
    assert back["Số tin"].tolist() == DF["Số tin"].tolist() and back["Tỷ lệ"].isna().tolist() == DF["Tỷ lệ"].isna().tolist()


def test_a_dangerous_cell_is_neutralised_in_csv_and_xlsx():
    back = pd.read_csv(io.BytesIO(sheets.csv_bytes(DF, CAP)), encoding="utf-8-sig", skiprows=4)
    assert back["Xã, phường"].iloc[2:].tolist() == ["'" + x for x in DANGEROUS]
    assert back["Số tin"].iloc[4] == -2  # a negative number is a number, not a formula
    ws = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(DF, CAP))).active
    cells = [ws.cell(row=r, column=1) for r in range(8, 12)]
    assert [c.value for c in cells] == ["'" + x for x in DANGEROUS]
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(row=10, column=2).value == -2 and ws.cell(row=10, column=2).data_type == "n"
    # a caption that starts like a formula is neutralised too
    bad = export.Caption(**{**CAP.to_dict(), "title": "=1+1", "data_date": CAP.data_date, "exported_at": CAP.exported_at})
    assert next(csv.reader(io.StringIO(sheets.csv_bytes(DF, bad).decode("utf-8-sig")))) == ["'=1+1"]


def test_xlsx_opens_with_the_caption_and_the_data():
    wb = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(DF, CAP)))
    ws = wb.active
    assert ws.title == "Dữ liệu"
    assert [ws.cell(row=r, column=1).value for r in (1, 2, 3)] == CAP.lines()
    assert ws.cell(row=1, column=1).font.bold
    assert [c.value for c in ws[5]] == list(DF.columns)
    assert [ws.cell(row=r, column=1).value for r in (6, 7)] == ["Phường Phú Cường", "Xã Đồng Nai"]
    assert ws.cell(row=6, column=3).value == 0.125 and ws.cell(row=7, column=3).value is None
    assert ws.max_row == 5 + len(DF)


@pytest.mark.parametrize("page", list(MAIN))
def test_main_chart_data_as_csv_and_xlsx(charts, page):
    v, c = charts[page]
    cap = chart.chart_caption(v, c)
    back = pd.read_csv(io.BytesIO(sheets.csv_bytes(c.data, cap)), encoding="utf-8-sig", skiprows=4, dtype=str)
    assert len(back) == len(c.data) > 0 and list(back.columns) == [str(x) for x in c.data.columns]
    ws = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(c.data, cap))).active
    assert ws.cell(row=1, column=1).value == c.title and ws.max_row == 5 + len(c.data)


# ---------------------------------------------------------------- the briefing pack

def test_pptx_and_pdf_hold_the_chosen_charts(charts):
    from pptx import Presentation
    from pypdf import PdfReader

    chosen = [charts[p] for p in ("overview", "tipoffs", "festival")]
    items = [(c.fig, chart.chart_caption(v, c)) for v, c in chosen]
    prs = Presentation(io.BytesIO(slides.pptx_bytes(items)))
    assert len(prs.slides) == 3
    for slide, (fig, cap) in zip(prs.slides, items):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert texts[0] == cap.title and cap.subtitle in texts and cap.footer() in texts
        assert "Dữ liệu mô phỏng" in cap.footer()
        pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
        assert len(pictures) == 1 and png_size(pictures[0].image.blob)[0] == 1800
        boxes = [sh for sh in slide.shapes if sh.has_text_frame]
        pic = pictures[0]  # between the subtitle and the footer, inside the slide
        assert boxes[1].top + boxes[1].height <= pic.top and pic.top + pic.height <= boxes[2].top
        assert boxes[2].top + boxes[2].height <= prs.slide_height and pic.left + pic.width <= prs.slide_width
    pdf = PdfReader(io.BytesIO(slides.pdf_bytes(items)))
    assert len(pdf.pages) == 3
    for page, (_, cap) in zip(pdf.pages, items):
        text = words(page.extract_text())
        assert words(cap.title).split()[0] in text and "mô phỏng" in text


def test_pack_items_as_the_session_stores_them_make_the_pack(charts):
    v, c = charts["models"]
    cap = chart.chart_caption(v, c)
    item = {"page": "Mô hình", "title": cap.title, "figure": c.fig.to_json(), "caption": cap.to_dict(), "data": c.data}
    figs = pack.figures([item, item])
    assert len(figs) == 2 and isinstance(figs[0][0], go.Figure)
    assert figs[0][1].title == cap.title and figs[0][1].exported_at >= cap.exported_at
    assert [tr.to_plotly_json().get("locations") is not None for tr in figs[0][0].data] == \
        [tr.to_plotly_json().get("locations") is not None for tr in c.fig.data]
