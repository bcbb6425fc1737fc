"""Every page on a phone and on tablets (Chromium's device emulation), issue #21: no headline figure,
label or change is cut (wider than its box, or ending in an ellipsis), the page never scrolls sideways,
no page shows an exception, and a map on a touch screen leaves the page's scroll to the finger.
A screenshot per page and device is kept in artifacts/devices/."""
from __future__ import annotations

import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

# user agents as the devices send them: a phone's says "Mobile", a tablet's does not
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")
TABLET_UA = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/17.0 Safari/605.1.15")  # an iPad's Safari asks for the desktop site
DEVICES = {
    "phone-390x844": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                      "device_scale_factor": 2, "user_agent": PHONE_UA},
    "tablet-820x1180": {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True,
                        "user_agent": TABLET_UA},
    "tablet-1024x1366": {"viewport": {"width": 1024, "height": 1366}, "is_mobile": True, "has_touch": True,
                         "user_agent": TABLET_UA},
    "tablet-1366x1024": {"viewport": {"width": 1366, "height": 1024}, "is_mobile": True, "has_touch": True,
                         "user_agent": TABLET_UA},
}
PAGES = {
    "overview": "/overview",
    "models": "/models",
    "models-communes": "/models?level=commune",  # the national commune map, the longest map title
    "tipoffs": "/tipoffs?province=74&map=2024&from=2018-01-01&to=2018-12-31",  # the view
    "festival": "/festival",
    "compare": "/compare",
    "report": "/report",
    "data": "/data",
}
MAP_MIN_PX = 320  # a national map's view is fitted for about 380-480 px; below this the country is cut
# on a national map (one with the archipelagos' labels): the country's far ends and both archipelagos
# are inside the map and none lies under the colour scale (a place, its lon/lat)
WHOLE_COUNTRY = """(gd) => {
  const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
  if (!sub || !(gd.data || []).some(t => t.name === 'labels')) return [];
  const map = sub.map, c = map.getCanvas().getBoundingClientRect(), bad = [];
  const scale = [...gd.querySelectorAll('.colorbar .cbfills rect, .colorbar text')].map(e => e.getBoundingClientRect());
  const places = {'Lũng Cú': [105.32, 23.36], 'Điện Biên': [102.15, 22.0], 'Móng Cái': [107.97, 21.53],
                  'Mũi Cà Mau': [104.72, 8.6], 'Hoàng Sa': [112.3, 16.5], 'Hoàng Sa label': [111.6, 17.3],
                  'Trường Sa lớn': [111.92, 8.64], 'Trường Sa, east': [114.36, 10.38]};
  for (const [name, lonlat] of Object.entries(places)) {
    const p = map.project(lonlat), x = c.left + p.x, y = c.top + p.y;
    if (p.x < 0 || p.y < 0 || p.x > c.width || p.y > c.height) bad.push(`${name} outside the map`);
    else if (scale.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom)) bad.push(`${name} under the colour scale`);
  }
  return bad;
}"""
# every map's title inside its map (plotly does not wrap a title: a long one runs past the edge)
TITLE_CUT = """() => [...document.querySelectorAll('.js-plotly-plot:has(.maplibregl-canvas)')].flatMap(gd => {
  const box = gd.getBoundingClientRect(), t = gd.querySelector('.gtitle');
  if (!t || !box.width) return [];
  const r = t.getBoundingClientRect();
  return r.right > box.right + 1 || r.left < box.left - 1 ? [`«${t.textContent.slice(0, 60)}» ${Math.round(r.width)} px in ${Math.round(box.width)}`] : [];
})"""
# every headline figure, its label and its change: the element and everything inside it
CUT = """() => {
  const cut = [];
  for (const box of document.querySelectorAll(
      '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stMetricDelta"]')) {
    for (const e of [box, ...box.querySelectorAll('*')]) {
      const text = (e.innerText || '').trim();
      if ((e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) || text.endsWith('…') || text.endsWith('...')) {
        cut.push(`${box.dataset.testid} «${(box.innerText || '').trim()}» ${e.scrollWidth}>${e.clientWidth}`);
        break;
      }
    }
  }
  return cut;
}"""
# the document and Streamlit's own scroller (the main area scrolls inside itself)
SIDEWAYS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {doc: document.scrollingElement.scrollWidth, main: main ? main.scrollWidth : 0, width: innerWidth};
}"""


@pytest.mark.parametrize("device", list(DEVICES))
def test_every_page_on_the_device(server, browser, device):
    out = ARTIFACTS / "devices"
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**DEVICES[device], accept_downloads=True)
    problems = []
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(server + path)
            wait_for_app(page, user="root")
            page.wait_for_timeout(1200)  # plotly and the fonts settle
            page.wait_for_selector('[data-testid="stMain"] [data-testid="stSkeleton"]', state="detached", timeout=30_000)
            page.screenshot(path=str(out / f"{device}-{name}.png"))
            maps = page.locator(".js-plotly-plot:has(.maplibregl-canvas)")
            if maps.count():  # the page's first map as it is met on this screen, beside its page's shot
                maps.first.scroll_into_view_if_needed()
                page.wait_for_timeout(1000)
                maps.first.screenshot(path=str(out / f"{device}-{name}-map.png"))
                canvas = maps.first.locator(".maplibregl-canvas").bounding_box()["width"]
                if canvas < MAP_MIN_PX:
                    problems.append(f"{name}: the map squeezed to {canvas:.0f} px")
                problems += [f"{name}: {p}" for p in maps.first.evaluate(WHOLE_COUNTRY)]
            if page.locator('[data-testid="stException"]').count():
                problems.append(f"{name}: an exception: {page.locator('[data-testid=stException]').first.inner_text()[:200]}")
            problems += [f"{name}: cut {c}" for c in page.evaluate(CUT)]
            problems += [f"{name}: title past its map {c}" for c in page.evaluate(TITLE_CUT)]
            w = page.evaluate(SIDEWAYS)
            if w["doc"] > w["width"] or w["main"] > w["width"]:
                problems.append(f"{name}: scrolls sideways ({w})")
            quick = page.locator(".st-key-antq_quick").is_visible()
            if quick != (DEVICES[device]["viewport"]["width"] <= 768):  # where the sidebar starts collapsed
                problems.append(f"{name}: the quick controls {'shown' if quick else 'missing'}")
            if name in ("overview", "tipoffs"):  # headline figures are there, whole
                assert page.locator('[data-testid="stMetric"]').count() >= 7, name
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _swipe_up(page, box) -> int:
    """A finger's swipe upward over `box` (Chromium's touch input); how far the page scrolled."""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.75
    cdp = page.context.new_cdp_session(page)
    top = "document.querySelector('[data-testid=stMain]').scrollTop"
    before = page.evaluate(top)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 25 * i}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(800)
    return page.evaluate(top) - before


def test_touch_map_and_chart_leave_the_scroll_to_the_page_and_a_tap_opens_a_province(server, browser):
    context = browser.new_context(**DEVICES["phone-390x844"])
    try:
        page = context.new_page()
        page.goto(server + "/overview")
        wait_for_app(page, user="root")
        wait_for_map(page)
        for i in (0, 1):  # the map, then the chart beside it
            plot = page.locator(".js-plotly-plot").nth(i)
            plot.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            assert _swipe_up(page, plot.bounding_box()) > 100, f"plot {i} took the swipe"
        # the map opens full screen; there a tap on a province opens its communes
        _tap_a_province_full_screen(page, "overview", "province=")
    finally:
        context.close()


def _tap_a_province_full_screen(page, name: str, url_has: str) -> None:
    """Open the page's map full screen, tap the mainland until the URL has `url_has`; the dialog closes
    and the page is drawn again without an exception."""
    page.get_by_role("button", name="Mở bản đồ toàn màn hình").tap()
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.locator(".js-plotly-plot .maplibregl-canvas").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "devices" / f"phone-390x844-{name}-map-full-screen.png"))
    box = dialog.locator(".js-plotly-plot .maplibregl-canvas").bounding_box()
    for fx, fy in ((0.37, 0.53), (0.3, 0.45), (0.25, 0.3)):  # somewhere on the mainland
        page.touchscreen.tap(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        try:
            page.wait_for_url(f"**{url_has}*", timeout=5_000)
            break
        except Exception:
            continue
    assert url_has in page.url
    wait_for_app(page, user="root")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stDialog"]').count() == 0


def test_on_a_phone_a_tap_on_the_compare_map_adds_the_province(server, browser):
    context = browser.new_context(**DEVICES["phone-390x844"])
    try:
        page = context.new_page()
        page.goto(server + "/compare")
        wait_for_app(page, user="root")
        wait_for_map(page)
        assert "provinces=" not in page.url
        _tap_a_province_full_screen(page, "compare", "provinces=")
    finally:
        context.close()


def test_on_a_phone_period_scope_and_map_are_at_the_top_of_the_page(server, browser):
    context = browser.new_context(**DEVICES["phone-390x844"])
    try:
        page = context.new_page()
        page.goto(server + "/overview")
        wait_for_app(page, user="root")
        assert not page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count()  # collapsed
        quick = page.locator(".st-key-antq_quick")
        assert quick.bounding_box()["y"] < 200  # above the banner, the title and the figures
        quick.get_by_role("button").tap()
        pop = page.locator('[data-testid="stPopoverBody"]')
        pop.locator('[data-testid="stRadio"]').wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "devices" / "phone-390x844-quick-controls.png"))
        pop.locator('[data-testid="stSelectbox"]').nth(1).locator("input").tap()  # the scope
        page.keyboard.type("Hà Nội")  # the list is long: typed, as on a phone's keyboard
        page.get_by_role("option", name="Hà Nội", exact=True).tap()
        page.wait_for_url("**province=01*", timeout=30_000)
        wait_for_app(page, user="root")
        assert "Hà Nội" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_on_a_desktop_the_map_stays_beside_its_chart(server, open_page):
    """The desk layout is kept: at 1600 px the map and the chart beside it share a row."""
    page = open_page(1600, 1000)
    page.goto(server + "/overview")
    wait_for_app(page, user="root")
    wait_for_map(page)
    plots = page.locator(".st-key-antq_beside_overview_map .js-plotly-plot")
    first, second = plots.nth(0).bounding_box(), plots.nth(1).bounding_box()
    assert second["x"] > first["x"] + first["width"] - 1 and abs(second["y"] - first["y"]) < 200
