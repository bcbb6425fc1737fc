"""The "Dữ liệu" page under AppTest: uploading a report (valid: imported into a new active snapshot
the sidebar follows; invalid: every problem listed, nothing changed), switching the active snapshot,
comparing two snapshots. Each test has its own snapshots folder holding the demo snapshot (and, for
switching and comparing, the import of a good report on it, imported once for the module and linked in)."""
import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from antq.auth import audit

from antq.data import db, snapshots

from antq.ingest import importer as ingest
from tests.conftest import ROOT
from tests.import_support import SAMPLES, demo_root, folder_hash, link_demo, link_snapshots, sample  # noqa: F401  (fixture)
from apptest import open_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def app(query: dict | None = None, user: str = "officer") -> AppTest:
    """The Dữ liệu page signed in as a data officer (tests/apptest.py)."""
    at = open_app(query, "antq/features/data/page.py", user=user)
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
                    + [s.value for s in at.success] + [i.value for i in at.info] + [w.value for w in at.warning])


def upload(at, name: str):
    at.file_uploader[0].set_value((name, (SAMPLES / name).read_bytes(), XLSX)).run()
    assert not at.exception, at.exception
    return at


def tips(snapshot_dir) -> int:
    return int(db.run("tip_funnel", snapshot_dir=snapshot_dir, map="2024", province="74",
                      date_from="2024-01-01", date_to="2024-12-31").iloc[0]["tips"])


@pytest.fixture(scope="module")
def imported_once(built_data, tmp_path_factory):
    """The demo snapshot and, active, the import of bd-2024-good.xlsx on it, written once for the module."""
    root = tmp_path_factory.mktemp("imported")
    link_demo(built_data, root)
    done = ingest.run([sample("bd-2024-good.xlsx")], root=root)
    assert done.status == "imported" and snapshots.active_id(root) == done.snapshot_id, done
    return root, done


@pytest.fixture()
def imported(imported_once, snapshots_root):
    """This test's own snapshots folder (the app reads it) holding the demo and its import, the import
    active; the import's outcome."""
    root, done = imported_once
    link_snapshots(root, snapshots_root)
    return snapshots_root, done


@pytest.mark.slow  # writes a snapshot
def test_a_valid_upload_becomes_the_active_snapshot_and_the_sidebar_follows(demo_root):
    at = app()
    before = folder_hash(demo_root)
    upload(at, "bd-2024-good.xlsx")
    assert "Báo cáo hợp lệ" in texts(at)
    summary = next(d.value for d in at.dataframe if "Thay dòng mô phỏng" in d.value.columns)
    assert summary["Số dòng"].tolist() == ["400", "79", "1.092"] and summary["Thay dòng mô phỏng"].tolist() == ["0", "0", "1.092"]
    assert folder_hash(demo_root) == before  # checking writes nothing
    at.button(key="data_import_btn").click().run()
    assert not at.exception, at.exception
    new = snapshots.active_id(demo_root)
    assert new and new.startswith("ingest-") and new != "demo"
    assert f"Đã nhập: bộ dữ liệu mới «{new}» (từ «demo») đang được dùng." in texts(at)
    assert at.sidebar.selectbox(key="snapshot").value == new and at.query_params["snapshot"] == new
    assert "DỮ LIỆU MÔ PHỎNG" in texts(at)  # a demo plus real rows is still simulated
    listed = at.dataframe[0].value
    assert listed.iloc[0, 0] == f"{new} (đang dùng, đang xem)" and "bd-2024-good.xlsx" in listed.iloc[0].tolist()
    reports = at.dataframe[2].value
    assert reports["Tệp"].tolist() == ["bd-2024-good.xlsx"] and reports["Tỉnh"].iloc[0] == "Bình Dương (74)"
    assert tips(demo_root / new) == tips(demo_root / "demo") + 400
    assert not at.file_uploader[0].value  # the uploader is cleared for the next report
    done = [e for e in audit.read() if e["event"] == "import"][-1]  # in the audit trail, under the officer
    assert (done["user"], done["status"], done["snapshot"], done["files"]) == ("officer", "imported", new,
                                                                            ["bd-2024-good.xlsx"])


def test_an_invalid_upload_lists_every_problem_and_changes_nothing(demo_root):
    at = app()
    before = folder_hash(demo_root)
    upload(at, "bd-2024-every-error.xlsx")
    expected = ingest.run([sample("bd-2024-every-error.xlsx")], root=demo_root, write=False)
    assert expected.status == "invalid"
    assert f"Báo cáo KHÔNG được nhập: {len(expected.problems)} lỗi" in texts(at)
    problems = next(d.value for d in at.dataframe if "Lỗi" in d.value.columns)
    assert list(problems.columns) == ["Tệp", "Trang tính", "Dòng", "Cột", "Lỗi", "Loại lỗi"]
    assert len(problems) == len(expected.problems)
    row = problems[(problems["Trang tính"] == "Nguồn tin") & (problems["Dòng"] == "8")].iloc[0]
    assert row["Cột"] == "D «Mã xã»" and "Mã xã «99999» không có trên bản đồ" in row["Lỗi"]
    assert not [b for b in at.button if b.key == "data_import_btn"]
    upload(at, "bd-2024-macro.xlsm")
    assert "macro" in texts(at)
    assert folder_hash(demo_root) == before and snapshots.active_id(demo_root) is None


@pytest.mark.slow  # writes a snapshot
def test_province_and_period_chosen_on_the_page(demo_root):
    at = app()
    at.file_uploader[0].set_value(("hcm-2025h2-tips.csv", (SAMPLES / "hcm-2025h2-tips.csv").read_bytes(), "text/csv")).run()
    problems = next(d.value for d in at.dataframe if "Lỗi" in d.value.columns)
    assert set(problems["Loại lỗi"]) == {"meta"} and "mã tỉnh" in " ".join(problems["Lỗi"])
    at.selectbox(key="data_imp_province").set_value("79").run()
    at.date_input(key="data_imp_from").set_value(dt.date(2025, 7, 1)).run()
    at.date_input(key="data_imp_to").set_value(dt.date(2025, 12, 31)).run()
    assert "Báo cáo hợp lệ" in texts(at)
    at.button(key="data_import_btn").click().run()
    new = snapshots.active_id(demo_root)
    m = json.loads((demo_root / new / "manifest.json").read_text())
    assert m["sources"][-1]["province"] == "79" and m["sources"][-1]["period"] == {"from": "2025-07-01", "to": "2025-12-31"}


@pytest.mark.slow  # writes a snapshot
def test_switch_the_active_snapshot(imported):
    demo_root, done = imported
    at = app()
    assert at.sidebar.selectbox(key="snapshot").value == done.snapshot_id  # the active one is shown
    at.selectbox(key="data_switch_to").set_value("demo").run()
    at.button(key="data_switch_btn").click().run()
    assert not at.exception, at.exception
    assert snapshots.active_id(demo_root) == "demo"
    assert at.sidebar.selectbox(key="snapshot").value == "demo" and at.query_params["snapshot"] == "demo"
    assert "Đã đặt «demo» làm bộ dữ liệu đang dùng." in texts(at)
    assert at.dataframe[0].value.iloc[:, 0].tolist() == [done.snapshot_id, "demo (đang dùng, đang xem)"]
    switched = [e for e in audit.read() if e["event"] == "snapshot_switch"][-1]
    assert (switched["user"], switched["snapshot"], switched["previous"]) == ("officer", "demo", done.snapshot_id)


@pytest.mark.slow  # writes a snapshot
def test_compare_two_snapshots_by_table_and_province(imported):
    demo_root, done = imported
    at = app({"map": "2024"})
    assert at.selectbox(key="data_cmp_a").value == "demo" and at.selectbox(key="data_cmp_b").value == done.snapshot_id
    at.button(key="data_cmp_btn").click().run()
    assert not at.exception, at.exception
    diff = next(d.value for d in at.dataframe if "Thêm" in d.value.columns)
    rows = {r["Bảng"]: r for r in diff.to_dict("records")}
    assert set(rows) == {"nguồn tin", "vụ việc", "hoạt động hằng tháng"}
    assert rows["nguồn tin"]["Tỉnh, thành"] == "Bình Dương (74)" and rows["nguồn tin"]["Thêm"] == "400"
    assert rows["vụ việc"]["Thêm"] == "79" and rows["hoạt động hằng tháng"]["Sửa"] == "1.092"
    assert at.query_params["cmp_a"] == "demo" and at.query_params["cmp_b"] == done.snapshot_id


def test_english(demo_root):
    at = app({"lang": "en"})
    assert "Import a provincial report" in [t.label for t in at.tabs]
    assert "Download the template (.xlsx)" in [b.label for b in at.get("download_button")]
