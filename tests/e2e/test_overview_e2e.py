"""Tổng quan end to end in headless Chromium: the headline cards, the national map, the extremes and
the reporting status are drawn without an error box, the figure picked on the page goes into the URL,
and a screenshot is kept in artifacts/."""
import pytest

from tests.e2e import ARTIFACTS, browser_page, streamlit_server, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(built_data):
    with streamlit_server() as base:
        yield base


def test_overview_page_in_chromium(server):
    with browser_page(1600, 2600) as page:
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
        page.screenshot(path=str(ARTIFACTS / "overview-issue8.png"), full_page=True)
        # pick another figure on the page: the map is redrawn and the URL follows
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Chỉ tiêu trên bản đồ").click()
        page.get_by_role("option", name="Người dự Ngày hội").click()
        wait_for_app(page)
        wait_for_map(page)
        assert "metric=festival_participants" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "overview-issue8-participants.png"), full_page=True)
