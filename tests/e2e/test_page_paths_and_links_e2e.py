"""End to end in headless Chromium: every page's stable path answers without an error box, and a copied
link (period, map, province in the query string) reopens the same view."""
import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/models", "/tipoffs", "/festival", "/compare", "/data"])
def test_every_page_path_answers(server, open_page, path):
    page = open_page()
    page.goto(server + path)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert path in page.url


def test_copied_link_reopens_the_view(server, open_page):
    url = server + "/overview?from=2018-01-01&to=2018-12-31&map=2024&province=74"
    page = open_page()
    page.goto(url)
    wait_for_app(page)
    wait_for_map(page)
    body = page.inner_text("body")
    assert "Bình Dương" in body and "01/01/2018 – 31/12/2018" in body
    assert "province=74" in page.url and "map=2024" in page.url
    page.screenshot(path=str(ARTIFACTS / "overview-binh-duong-2018.png"), full_page=True)
