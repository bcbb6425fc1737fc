"""End to end in headless Chromium: the "Mô hình" page draws the national commune map from its layer
fetched from this server (nothing fetched from outside), shows no error box, and its CSV download holds every site
of the selection with the simulated-data line first."""
import datetime as dt

import pytest

from antq.data import db
from tests.e2e import ARTIFACTS, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


def test_national_commune_map_and_csv(server, open_page, built_data, tmp_path):
    outside = []
    page = open_page(height=1400)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(server + "/models?map=2024&level=commune&types=clb_pctp&as_of=2019-03")
    wait_for_app(page)
    wait_for_map(page)
    # the browser fetched the commune layer from the server: every commune of the old map is drawn
    features = page.wait_for_function(
        "() => { const a = window.PlotlyGeoAssets || {}; const k = Object.keys(a).find(k => k.startsWith('/_antq/layer/'));"
        " return k && a[k] && a[k].features ? a[k].features.length : 0 }", timeout=60_000).json_value()
    assert features == 10_040
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "models-national-communes-2019.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "DỮ LIỆU MÔ PHỎNG" in body and "03/2019" in body and "Câu lạc bộ phòng, chống tội phạm" in body
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Tải danh sách điểm (CSV)").click()
    path = tmp_path / "sites.csv"
    dl.value.save_as(path)
    assert "types=clb_pctp" in page.url and "level=commune" in page.url and "as_of=2019-03" in page.url
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    # the caption first (title, period and scope, footer with the simulated-data line), a blank line
    assert lines[0] == "Các điểm mô hình — tính đến 31/03/2019" and "tính đến 31/03/2019" in lines[1]
    assert "Dữ liệu mô phỏng" in lines[2] and lines[3] == ""
    want = db.run("model_communes_covered", snapshot_dir=built_data, map="2024", province=None,
                  as_of=dt.date(2019, 3, 31), model_types=["clb_pctp"]).iloc[0].sites
    assert len(lines) == 5 + want  # caption (3), blank, header, one line per active site
    assert outside == [], f"requests leaving the machine: {outside[:5]}"


def test_province_view_and_play_control(server, open_page):
    page = open_page(height=1400)
    page.goto(server + "/models?from=2013-01-01&to=2023-07-31&map=2024&province=01&as_of=2023-07")
    wait_for_app(page)
    wait_for_map(page)
    body = page.inner_text("body")
    assert "1.616" in body and "495" in body and "524 / 526 xã" in body
    page.screenshot(path=str(ARTIFACTS / "models-hanoi-2023.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("button", name="▶ Phát theo năm").count() == 1
