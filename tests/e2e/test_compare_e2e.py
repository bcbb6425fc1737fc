"""So sánh địa phương end to end in headless Chromium: a copied link with three provinces draws the
side-by-side table, the map and the trends without an error box, a click on a province of the map
adds it to the comparison (and to the URL), and a screenshot is kept in artifacts/."""
import math

import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


def _merc(lat):
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def test_compare_page_in_chromium(server, open_page):
    page = open_page(1600, 3000)
    page.goto(server + "/compare?provinces=01,79,48&metric=coverage")
    wait_for_app(page)
    wait_for_map(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    for text in ("So sánh địa phương", "Các chỉ tiêu đặt cạnh nhau", "Vị trí so với toàn quốc",
                 "Xu hướng: Tỷ lệ xã có mô hình (%)", "So sánh các xã, phường trong tỉnh"):
        assert text in body, text
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)

    # click Nghệ An (about 104.9 E, 19.2 N) on the map: it joins the comparison
    canvas = page.locator(".js-plotly-plot .maplibregl-canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # the view as the page set it (the map's own centre and zoom)
    lon, lat, zoom = canvas.evaluate("c => { const m = c.closest('.js-plotly-plot')._fullLayout.map;"
                                     " return [m.center.lon, m.center.lat, m.zoom]; }")
    scale = 512 * 2 ** zoom
    x = box["x"] + box["width"] / 2 + (104.9 - lon) * scale / 360
    y = box["y"] + box["height"] / 2 + (_merc(lat) - _merc(19.2)) * scale / (2 * math.pi)
    page.mouse.click(x, y)
    page.wait_for_function("() => window.location.search.includes('provinces=01%2C79%2C48%2C40')"
                           " || window.location.search.includes('provinces=01,79,48,40')", timeout=60_000)
    wait_for_app(page)
    assert "Nghệ An" in page.inner_text('[data-testid="stMultiSelect"]')
    assert page.locator('[data-testid="stException"]').count() == 0
