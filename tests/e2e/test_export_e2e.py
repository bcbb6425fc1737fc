"""End to end in headless Chromium: under the national map of /overview, the "Tải về" menu downloads the
captioned 16:9 PNG (made on the server on click) and the data as CSV with BOM; ticking the chart puts it
into the briefing pack, which the sidebar downloads as a one-slide PowerPoint. No error box, nothing
fetched from outside."""
import io

import pytest

from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map
from tests.unit.test_export_files import label_rows, png_size

pytestmark = pytest.mark.e2e


SERVED: list[dict] = []  # the headers each downloaded file was served with


def download(page, button_name: str) -> bytes:
    with page.expect_download(timeout=90_000) as dl:
        page.get_by_role("button", name=button_name).click()
    SERVED.append(page.request.get(dl.value.url).headers)  # the same file asked for again, as the browser did
    return open(dl.value.path(), "rb").read()


def test_download_the_captioned_image_the_data_and_the_pack(server, open_page):
    from pptx import Presentation

    outside = []
    page = open_page()
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(server + "/overview?metric=tips")
    wait_for_app(page)
    wait_for_map(page)
    menu = page.get_by_role("button", name="Tải về").first  # the map's menu (the first chart of the page)
    menu.click()
    png = download(page, "Ảnh PNG trình chiếu 16:9 (1920×1080)")
    page.screenshot(path=str(ARTIFACTS / "export-menu.png"), full_page=False)
    if not page.get_by_role("button", name="Dữ liệu của biểu đồ (CSV)").first.is_visible():
        menu.click()
    csv = download(page, "Dữ liệu của biểu đồ (CSV)")
    page.keyboard.press("Escape")

    page.locator('[data-testid="stCheckbox"]').filter(has_text="Thêm vào gói báo cáo").first.click()
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stMarkdownContainer"]:has-text("Gói báo cáo · 1 biểu đồ")',
                           timeout=60_000)
    wait_for_app(page)
    pptx = download(page, "Tải gói PowerPoint (PPTX)")
    page.screenshot(path=str(ARTIFACTS / "export-pack.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0

    assert png_size(png) == (1920, 1080)
    rows = label_rows(png)
    assert rows and max(b - a for a, b in zip(rows, rows[1:])) > 60  # both archipelago labels on the national map
    (ARTIFACTS / "export-overview-map.png").write_bytes(png)
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0] == '"Tin báo tiếp nhận / 1.000 dân theo tỉnh, thành"', text.splitlines()[0]
    assert "Dữ liệu mô phỏng" in text.splitlines()[2] and "Hà Nội" in text
    prs = Presentation(io.BytesIO(pptx))
    assert len(prs.slides) == 1
    assert prs.slides[0].shapes[0].text_frame.text == "Tin báo tiếp nhận / 1.000 dân theo tỉnh, thành"
    assert outside == [], f"requests leaving the machine: {outside[:5]}"
    assert len(SERVED) == 3
    for h in SERVED:  # never cached, never sniffed into another type, never framed
        assert h.get("cache-control") == "no-store" and h.get("x-content-type-options") == "nosniff", h
        assert h.get("x-frame-options") == "DENY" and "frame-ancestors 'none'" in h.get("content-security-policy", ""), h
