"""Tổng quan end to end in headless Chromium: the national map is drawn with no error box and nothing
fetched from outside; the headline cards, the extremes and the reporting status are there; the figure
picked on the page goes into the URL; a click on a province of the map opens its communes. Screenshots
are kept in artifacts/."""
import re

import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


def test_overview_draws_a_map_without_errors(server, open_page):
    outside = []
    page = open_page()
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(server + "/overview")
    wait_for_app(page)
    wait_for_map(page)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "DỮ LIỆU MÔ PHỎNG" in body
    assert re.search(r"map=2025", page.url) and "from=2026-01-01" in page.url
    assert outside == [], f"requests leaving the machine: {outside[:5]}"


def test_overview_page_in_chromium(server, open_page):
    page = open_page(1600, 2600)
    page.goto(server + "/overview?metric=solved_share")
    wait_for_app(page)
    wait_for_map(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    for text in ("DỮ LIỆU MÔ PHỎNG", "Chỉ tiêu chính của kỳ", "Tin báo tiếp nhận", "so với mức toàn quốc",
                 "Tình trạng báo cáo", "34/34 tỉnh, thành"):
        assert text in body, text
    assert page.locator('[data-testid="stMetric"]').count() == 8
    assert "metric=solved_share" in page.url
    page.screenshot(path=str(ARTIFACTS / "overview-solved-share.png"), full_page=True)
    # pick another figure on the page: the map is redrawn and the URL follows
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Chỉ tiêu trên bản đồ").click()
    page.get_by_role("option", name="Người dự Ngày hội").click()
    wait_for_app(page)
    wait_for_map(page)
    assert "metric=festival_participants" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "overview-participants.png"), full_page=True)


def test_a_click_on_a_province_opens_its_communes(server, open_page):
    page = open_page()
    page.goto(server + "/overview")
    wait_for_app(page)
    wait_for_map(page)
    plot = page.locator(".js-plotly-plot").filter(has=page.locator(".maplibregl-canvas")).first
    plot.scroll_into_view_if_needed()
    # where MapLibre itself draws Nghệ An's interior (104.9 E, 19.2 N) on this map
    x, y = plot.evaluate("el => { const m = el._fullLayout.map._subplot.map;"
                         " const p = m.project([104.9, 19.2]); const r = m.getCanvas().getBoundingClientRect();"
                         " return [r.left + p.x, r.top + p.y]; }")
    page.mouse.click(x, y)
    page.wait_for_function("() => window.location.search.includes('province=40')", timeout=60_000)
    wait_for_app(page)
    wait_for_map(page)
    assert "Nghệ An ·" in page.inner_text('[data-testid="stMain"]')  # the header's scope
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "overview-click-nghe-an.png"), full_page=True)
