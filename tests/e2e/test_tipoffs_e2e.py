"""End to end in headless Chromium: the Bình Dương 2018 link opens the tip-off page with the seed figures,
the "where" section draws its map and funnel plot, the section goes into the URL, nothing is fetched
from outside, and no error box shows. Screenshots go to artifacts/."""
import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e

BD_2018 = "/tipoffs?map=2024&province=74&from=2018-01-01&to=2018-12-31"


def test_tipoffs_page_in_chromium(server, open_page):
    outside = []
    page = open_page(1600, 2200)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(server + BD_2018)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_timeout(1000)  # let plotly finish drawing
    page.screenshot(path=str(ARTIFACTS / "tipoffs-binh-duong-2018.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert metrics == ["9.436", "5.003", "2.759", "2.144", "3.630", "21", "501"]
    body = page.inner_text("body")
    assert "Bình Dương" in body and "01/01/2018 – 31/12/2018" in body and "DỮ LIỆU MÔ PHỎNG" in body

    page.get_by_text("Địa bàn yếu", exact=True).click()
    wait_for_app(page)
    wait_for_map(page)
    page.screenshot(path=str(ARTIFACTS / "tipoffs-binh-duong-2018-where.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "section=where" in page.url and "province=74" in page.url
    assert page.locator(".js-plotly-plot").count() == 2  # the commune map and the funnel plot
    assert "Giới hạn 99,8%" in page.inner_text("body") or page.locator("text=Giới hạn 99,8%").count()
    assert outside == [], f"requests leaving the machine: {outside[:5]}"
