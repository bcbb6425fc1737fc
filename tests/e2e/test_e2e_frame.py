"""End to end in headless Chromium: the served dashboard draws a national map with no error box,
stable page paths answer, a copied link reopens the same view, and nothing is fetched from outside."""
import re

import pytest

from tests.e2e import ARTIFACTS, browser_page, streamlit_server, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(built_data):
    with streamlit_server() as base:
        yield base


def test_overview_draws_a_map_without_errors(server):
    outside = []
    with browser_page() as page:
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


@pytest.mark.parametrize("path", ["/models", "/tipoffs", "/festival", "/compare", "/data"])
def test_every_page_path_answers(server, path):
    with browser_page() as page:
        page.goto(server + path)
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert path in page.url


def test_copied_link_reopens_the_view(server):
    url = server + "/overview?from=2018-01-01&to=2018-12-31&map=2024&province=74"
    with browser_page() as page:
        page.goto(url)
        wait_for_app(page)
        wait_for_map(page)
        body = page.inner_text("body")
        assert "Bình Dương" in body and "01/01/2018 – 31/12/2018" in body
        assert "province=74" in page.url and "map=2024" in page.url
        page.screenshot(path=str(ARTIFACTS / "overview-binh-duong-2018.png"), full_page=True)


def test_a_click_on_a_province_opens_its_communes(server):
    with browser_page() as page:
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
