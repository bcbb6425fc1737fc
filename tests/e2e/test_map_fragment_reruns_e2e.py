"""In headless Chromium, on Tổng quan and So sánh: picking another figure reruns the map's fragment only
(the browser asks the server for a fragment rerun, never a whole run), and what depends on the figure
follows (the map, the URL; on So sánh the trend and the communes' grid, drawn by the fragment into its
box further down) while the rest of the page stays as it was."""
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


def record_reruns(page) -> list:
    """The rerun requests the browser sends: fragment id ('' = the whole app), one per request."""
    reruns = []

    def sent(payload):
        if isinstance(payload, (bytes, bytearray)):
            msg = BackMsg()
            try:
                msg.ParseFromString(bytes(payload))
            except Exception:  # noqa: BLE001 - not a BackMsg
                return
            if msg.WhichOneof("type") == "rerun_script":
                reruns.append(msg.rerun_script.fragment_id)

    page.on("websocket", lambda ws: ws.on("framesent", sent))
    return reruns


def pick(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def map_trace_names(page) -> list:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p.querySelector('.maplibregl-canvas')).map(p => p.data[0].name)""")


def test_overview_figure_reruns_the_map_fragment_only(server, open_page):
    page = open_page(1600, 2400)
    reruns = record_reruns(page)
    page.goto(server + "/overview?metric=tips")
    wait_for_app(page)
    wait_for_map(page)
    assert map_trace_names(page) == ["Tin báo tiếp nhận / 1.000 dân"]
    cards = page.locator('[data-testid="stMetric"]').all_inner_texts()
    before = len(reruns)
    pick(page, "Chỉ tiêu trên bản đồ", "Người dự Ngày hội")
    page.wait_for_function("() => window.location.search.includes('metric=festival_participants')", timeout=60_000)
    wait_for_app(page)
    wait_for_map(page)
    asked = reruns[before:]
    assert asked and all(asked), asked  # fragment reruns only: no whole-app rerun
    assert map_trace_names(page) == ["Người dự Ngày hội / 1.000 dân"]
    assert page.locator('[data-testid="stMetric"]').all_inner_texts() == cards  # the cards stayed
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "overview-fragment.png"), full_page=True)


def test_compare_figure_reruns_map_trend_and_communes(server, open_page):
    page = open_page(1600, 3200)
    reruns = record_reruns(page)
    page.goto(server + "/compare?provinces=01,79&metric=tips")
    wait_for_app(page)
    wait_for_map(page)
    body = page.inner_text("body")
    assert "Xu hướng: Tin báo tiếp nhận / 1.000 dân" in body
    # the map comes first, then the side-by-side table, then the communes of one province
    order = page.evaluate("""() => ['.maplibregl-canvas', '[data-testid="stDataFrame"]']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order[0] < order[1], order
    frames = page.locator('[data-testid="stDataFrame"]').count()
    before = len(reruns)
    pick(page, "Chỉ tiêu cho bản đồ và xu hướng", "Người dự Ngày hội / 1.000 dân")
    page.wait_for_function("() => window.location.search.includes('metric=festival_participants')", timeout=60_000)
    wait_for_app(page)
    wait_for_map(page)
    asked = reruns[before:]
    assert asked and all(asked), asked
    body = page.inner_text("body")
    assert "Xu hướng: Người dự Ngày hội / 1.000 dân" in body
    assert map_trace_names(page) == ["Người dự Ngày hội / 1.000 dân"]
    # the communes' grid, in its box below the side-by-side table, follows the figure, drawn once
    notes = page.locator('[data-testid="stCaptionContainer"]')
    assert notes.filter(has_text="của Hà Nội theo «Người dự Ngày hội / 1.000 dân»").count() == 1
    assert notes.filter(has_text="theo «Tin báo tiếp nhận").count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == frames
    assert "provinces=01%2C79" in page.url or "provinces=01,79" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "compare-fragment.png"), full_page=True)
