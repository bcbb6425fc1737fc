"""Every page runs under AppTest on the demo snapshot, the shared state round-trips through the URL,
bad URL values fall back with a notice, and bad snapshots are refused with a Vietnamese message."""
import datetime as dt
import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from antq.view import pages
from apptest import open_app

PAGES = [str(p.script.relative_to(ROOT)) for p in pages.PAGES if p.permission == "view"]  # the registry's


def app(query: dict | None = None, page: str | None = None) -> AppTest:
    return open_app(query, page, timeout=120)


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [e.value for e in at.error] + [i.value for i in at.info] + [t.value for t in at.title])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(built_data, page):
    at = app(page=page)
    assert not at.exception, at.exception
    assert "DỮ LIỆU MÔ PHỎNG" in _texts(at)  # the simulated-data banner on every page


def test_default_view_is_written_to_the_url(built_data):
    at = app()
    qp = at.query_params
    assert qp["map"] == "2025" and qp["snapshot"] == "demo"
    assert qp["from"] == "2026-01-01" and qp["to"] == "2026-10-31"
    assert "province" not in qp


def test_url_opens_the_same_view(built_data):
    at = app({"from": "2018-01-01", "to": "2018-12-31", "map": "2024", "province": "74"})
    assert not at.exception
    assert at.sidebar.radio(key="map").value == "2024"
    assert at.sidebar.selectbox(key="province").value == "74"
    assert str(at.sidebar.date_input(key="date_from").value) == "2018-01-01"
    assert "Bình Dương" in _texts(at) and "01/01/2018 – 31/12/2018" in _texts(at)
    assert at.query_params["province"] == "74"


@pytest.mark.parametrize("query,name", [({"province": "zz'; DROP TABLE x"}, "province"), ({"from": "2013-13-45"}, "from"),
                                        ({"map": "1999"}, "map"), ({"snapshot": "../../etc"}, None)])
def test_bad_url_values_fall_back_with_a_notice(built_data, query, name):
    at = app(query)
    assert not at.exception
    if name:
        assert f"Tham số «{name}=" in _texts(at)
    assert at.sidebar.radio(key="map").value in ("2025", "2024")


def test_map_switch_carries_an_old_province_to_its_new_one(built_data):
    at = app({"map": "2024", "province": "74"})  # Bình Dương merged into TP Hồ Chí Minh (79)
    at.sidebar.radio(key="map").set_value("2025").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="province").value == "79"


def test_english_switch(built_data):
    at = app()
    at.sidebar.toggle(key="_lang_en").set_value(True).run()
    assert not at.exception
    assert "SIMULATED DATA" in _texts(at)
    assert at.query_params["lang"] == "en"


def test_data_page_shows_manifest_and_column_meanings(built_data):
    at = app(page="antq/features/data/page.py")
    frames = [d.value for d in at.dataframe]
    manifest = json.loads((built_data / "manifest.json").read_text())
    listed = frames[1]
    assert set(listed.iloc[:, 0]) == set(manifest["tables"])
    assert manifest["tables"]["tipoffs"]["sha256"] in set(listed.iloc[:, -1])
    meanings = " ".join(" ".join(map(str, d.iloc[:, 2])) for d in frames[2:])
    assert "Ngày tiếp nhận" in meanings and "Nguồn tin có giá trị" in meanings


def _copy_snapshot(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).symlink_to(f) if f.suffix == ".parquet" else shutil.copy(f, dst / f.name)


def test_broken_snapshot_is_refused_and_the_app_falls_back(built_data, snapshots_root):
    _copy_snapshot(built_data, snapshots_root / "demo")
    broken = snapshots_root / "z-broken"
    _copy_snapshot(built_data, broken)
    m = json.loads((broken / "manifest.json").read_text())
    m["tables"]["cases"]["rows"] += 1
    m["created_at"] = "2099-01-01T00:00:00+00:00"  # newest, so it would be chosen if it were accepted
    (broken / "manifest.json").write_text(json.dumps(m))
    (snapshots_root / "ACTIVE").write_text("z-broken")
    at = app()
    assert not at.exception
    text = _texts(at)
    assert "Bộ dữ liệu «z-broken» bị từ chối" in text and "manifest ghi" in text
    assert at.query_params["snapshot"] == "demo"


def test_no_snapshot_at_all_gives_a_clear_message(built_data, snapshots_root):
    at = app()
    assert not at.exception
    assert "Chưa có bộ dữ liệu hợp lệ" in _texts(at)


def test_data_page_reconciles_every_published_figure(built_data):
    at = app(page="antq/features/data/page.py")
    checks = at.dataframe[-1].value
    assert len(checks) == 37
    assert set(checks.iloc[:, -1]) == {"✅"}
    row = checks[checks["fact_id"] == "bd_2018_cases_solved"].iloc[0]
    assert row.iloc[4] == "2.144" and row.iloc[5] == "2.144"


def test_the_quick_controls_atop_the_page_change_the_same_view_as_the_sidebar(built_data):
    """On a phone the sidebar starts collapsed: period, scope and map are also at the top of the page
    (antq/view/quickbar.py); they write the sidebar's own state, so header, URL and sidebar follow."""
    at = app({"map": "2024", "province": "74"})
    assert at.selectbox(key="q_province").value == "74" and at.radio(key="q_map").value == "2024"
    at.selectbox(key="q_period").set_value((dt.date(2019, 1, 1), dt.date(2019, 12, 31))).run()
    assert not at.exception
    assert str(at.sidebar.date_input(key="date_to").value) == "2019-12-31"
    assert at.query_params["from"] == "2019-01-01" and "01/01/2019 – 31/12/2019" in _texts(at)
    at.radio(key="q_map").set_value("2025").run()  # the scope crosses the reform as with the sidebar
    assert at.sidebar.selectbox(key="province").value == "79" and at.query_params["map"] == "2025"
    at.selectbox(key="q_province").set_value("").run()
    assert "province" not in at.query_params and at.sidebar.selectbox(key="province").value == ""
    assert at.selectbox(key="q_province").value == ""
