"""End to end in headless Chromium: on /data an officer downloads the template of a province, uploads a
real-shaped report, sees it is valid and imports it; the new snapshot becomes active and the sidebar
shows it, with no error box and no request leaving the machine. Importing writes a snapshot: this
module's server reads a snapshots folder of its own (the demo linked into it), not the shared one."""
import io

import openpyxl
import pytest

from antq.data import snapshots
from tests.e2e import ARTIFACTS, streamlit_server, wait_for_app
from tests.import_support import SAMPLES, link_demo

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_root(built_data, tmp_path_factory):
    """A snapshots folder for this module only, holding the demo snapshot, none active."""
    root = tmp_path_factory.mktemp("snapshots")
    link_demo(built_data, root)
    return root


@pytest.fixture(scope="module")
def import_server(demo_root, test_accounts):
    with streamlit_server(env={"ANTQ_SNAPSHOTS_DIR": str(demo_root)}) as base:
        yield base


def test_download_template_upload_and_import(import_server, demo_root, open_page):
    outside = []
    page = open_page(width=1600, height=2400)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(import_server + "/data?map=2024&province=74")
    wait_for_app(page, user="officer")  # importing is a data officer's
    page.get_by_role("tab", name="Nhập báo cáo của tỉnh").click()
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Tải mẫu báo cáo (.xlsx)").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(dl.value.path(), "rb").read()))
    assert dl.value.suggested_filename == "mau-bao-cao-antq-74.xlsx"
    assert wb.sheetnames[0] == "Hướng dẫn" and "Mã xã" in wb.sheetnames and wb["Hướng dẫn"]["B3"].value == "74"

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(SAMPLES / "bd-2024-good.xlsx"))
    page.wait_for_selector("text=Báo cáo hợp lệ", timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "data-import-valid.png"), full_page=True)
    page.get_by_role("button", name="Nhập thành bộ dữ liệu mới").click()
    page.wait_for_selector("text=Đã nhập: bộ dữ liệu mới", timeout=120_000)
    wait_for_app(page)
    new = snapshots.active_id(demo_root)
    assert new and new.startswith("ingest-")
    assert f"snapshot={new}" in page.url
    page.get_by_role("tab", name="Bộ dữ liệu", exact=True).click()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "data-import-done.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert f"Bạn đang xem: «{new}»" in body and "cmp_a=demo" in page.url and f"cmp_b={new}" in page.url
    assert "DỮ LIỆU MÔ PHỎNG" in body and "Báo cáo đã nhập vào bộ dữ liệu" in body  # tables are drawn on a canvas
    assert outside == [], f"requests leaving the machine: {outside[:5]}"
