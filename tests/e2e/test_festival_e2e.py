"""End to end in headless Chromium: /festival opened from a copied link draws its map and charts with
no error box, shows the 2022 national figures, fetches nothing from outside, and its CSV download
is UTF-8 with BOM, says the data is simulated and holds every site of the selection."""
import csv
import io
import re

import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


def test_festival_2022_from_a_link(server, open_page):
    outside = []
    page = open_page(width=1600, height=4200)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(server + "/festival?year=2022&map=2024&showcase=1")
    wait_for_app(page)
    wait_for_map(page)
    page.wait_for_selector("text=Lãnh đạo Trung ương dự Ngày hội", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "festival-2022.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "DỮ LIỆU MÔ PHỎNG" in body and "Ngày hội toàn dân bảo vệ an ninh Tổ quốc" in body
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    for value in ("97.126", "5.813", "3", "25", "15", "313", "2.932"):
        assert value in metrics, value
    assert page.locator(".js-plotly-plot").count() == 6  # the map, four year-over-year charts, the funnel
    assert re.search(r"year=2022", page.url) and "map=2024" in page.url and "showcase=1" in page.url

    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Tải CSV").click()
    raw = open(dl.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("site_id,"))
    assert "Dữ liệu mô phỏng" in "\n".join(lines[:header]) and "năm 2022" in lines[0]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[header:]))))
    assert len(rows) == 5813 and {r["showcase"] for r in rows} == {"True"}  # the 2022 showcase sites
    assert outside == [], f"requests leaving the machine: {outside[:5]}"
