"""The "Mô hình" page under AppTest on the demo snapshot: each control (types, time, play, map level,
scope, map, focus, sites) drives the numbers shown, which equal the query layer's; the seed figures are
readable on the page; the page's controls round-trip through the URL; bad URL values fall back."""
import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from antq.data import db
from antq.figures import layers

from antq import fmt
from tests.conftest import ROOT
from apptest import open_app

D = dt.date
PAGE = "antq/features/models/page.py"
HANOI_2023 = {"from": "2013-01-01", "to": "2023-07-31", "map": "2024", "province": "01", "as_of": "2023-07"}


def app(query: dict | None = None) -> AppTest:
    """The page opened from a link, signed in (tests/apptest.py)."""
    at = open_app(query, PAGE)
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict:
    """Headline figures by the start of their label: (value, the line under it)."""
    return {m.label.split(" (")[0]: (m.value, m.proto.delta) for m in at.metric}


def figures(at) -> list[dict]:
    """The page's plotly charts, as the JSON the browser receives."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart(at, start: str) -> dict:
    """The chart whose title starts with `start` (every chart of the page carries its title)."""
    return next(f for f in figures(at) if f["layout"]["title"]["text"].startswith(start))


def texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [w.value for w in at.warning] + [m.value for m in at.markdown])


def shared(built_data, **p):
    row = db.run("model_communes_covered", snapshot_dir=built_data, **p).iloc[0]
    return row


def assert_headline_matches(at, built_data, *, m, province, as_of, types, lang="vi"):
    c = shared(built_data, map=m, province=province, as_of=as_of, model_types=types)
    e = db.run("models_effective", snapshot_dir=built_data, map=m, province=province, as_of=as_of, model_types=types).iloc[0]
    got = metrics(at)
    n = lambda x: fmt.number(x, lang=lang)  # noqa: E731
    covered = "Xã có mô hình" if lang == "vi" else "Communes with a model"
    assert got[covered][0] == fmt.percent(c.communes_covered / c.communes_total, 1, lang)
    assert got[covered][1].startswith(f"{n(c.communes_covered)} / {n(c.communes_total)}")
    assert got["Xã chưa có mô hình" if lang == "vi" else "Communes without a model"][0] == n(c.communes_total - c.communes_covered)
    assert got["Điểm đang hoạt động" if lang == "vi" else "Active sites"][0] == n(c.sites)
    assert got["Mô hình hiệu quả" if lang == "vi" else "Effective models"][0] == n(e.models_effective)


def test_seed_figures_of_hanoi_are_read_on_the_page(built_data):
    at = app(HANOI_2023)
    got = metrics(at)
    assert got["Mô hình triển khai trong kỳ"][0] == "1.616" and got["Mô hình hiệu quả"][0] == "495"
    rank = chart(at, "Loại mô hình theo số xã")["data"][0]
    by_name = dict(zip([r[0] for r in rank["customdata"]], rank["text"]))
    assert by_name["Tổ tự quản về an ninh trật tự"].startswith("181 / 526")
    assert by_name["Camera an ninh"].startswith("109 / 526")
    assert by_name["Vận động nhân dân đảm bảo TTATGT, trật tự đô thị, vệ sinh môi trường"].startswith("74 / 526")
    assert by_name["Câu lạc bộ phòng, chống tội phạm"].startswith("62 / 526")
    # one type at a time, the headline says the same
    for code, n in (("tu_quan_antt", "181"), ("camera_an_ninh", "109"), ("van_dong_ttatgt", "74"), ("clb_pctp", "62")):
        at.multiselect(key="models_types").set_value([code]).run()
        assert not at.exception
        assert metrics(at)["Xã có mô hình"][1] == f"{n} / 526 xã"


def test_seed_figure_of_binh_duong_91_of_91(built_data):
    at = app({"from": "2018-01-01", "to": "2018-12-31", "map": "2024", "province": "74", "as_of": "2019-03",
              "types": "clb_pctp"})
    got = metrics(at)
    assert got["Xã có mô hình"] == ("100,0%", "91 / 91 xã")
    assert got["Xã chưa có mô hình"][0] == "0"
    commune_map = chart(at, "Điểm mô hình đang hoạt động theo xã")
    assert len(commune_map["data"][0]["locations"]) == 91  # every commune coloured, none in "no model"


def test_time_control_moves_every_figure(built_data):
    at = app(HANOI_2023)
    for month in (D(2015, 6, 30), D(2019, 3, 31), D(2026, 10, 31)):
        at.select_slider(key="models_as_of").set_value(month).run()
        assert not at.exception
        assert_headline_matches(at, built_data, m="2024", province="01", as_of=month, types=[])
        d = fmt.date(month)
        assert chart(at, "Điểm mô hình")["layout"]["title"]["text"].endswith(d)
        assert chart(at, "Số xã có mô hình")["layout"]["shapes"][1]["x0"].startswith(month.isoformat())
        area = db.run("models_coverage_by_area", snapshot_dir=built_data, map="2024", province="01", level="commune",
                      as_of=month, model_types=[])
        data = chart(at, "Điểm mô hình")["data"][0]
        assert len(data["locations"]) == len(area)
        assert at.query_params["as_of"] == month.strftime("%Y-%m")


def test_types_control_drives_headline_map_curves_and_sites(built_data):
    at = app({"map": "2025", "as_of": "2024-12"})
    types = ["camera_an_ninh", "clb_pctp"]
    at.multiselect(key="models_types").set_value(types).run()
    assert not at.exception
    assert_headline_matches(at, built_data, m="2025", province=None, as_of=D(2024, 12, 31), types=types)
    prov = db.run("models_coverage_by_area", snapshot_dir=built_data, map="2025", province=None, level="province",
                  as_of=D(2024, 12, 31), model_types=types).set_index("area_code")
    data = chart(at, "Độ phủ mô hình theo tỉnh")["data"][0]
    assert len(data["locations"]) == 34
    hn = data["locations"].index("01")
    assert data["customdata"][hn][1] == fmt.percent(prov.loc["01", "coverage"], 1)
    curve = chart(at, "Số xã có mô hình theo thời gian")
    assert [t["name"] for t in curve["data"]] == ["Camera an ninh", "Câu lạc bộ phòng, chống tội phạm",
                                                  "Toàn quốc – các loại đã chọn"]
    c = shared(built_data, map="2025", province=None, as_of=D(2024, 12, 31), model_types=types)
    assert f"{fmt.number(c.sites)} điểm" in texts(at)
    assert at.query_params["types"] == "camera_an_ninh,clb_pctp"
    focus = at.selectbox(key="models_focus")
    assert focus.value == "camera_an_ninh" and len(focus.options) == 2


def test_map_level_scope_and_map_switch(built_data):
    at = app({"map": "2024", "as_of": "2020-06"})
    assert len(chart(at, "Độ phủ mô hình theo tỉnh")["data"][0]["locations"]) == 63
    at.segmented_control(key="models_level").set_value("commune").run()
    assert not at.exception
    com = chart(at, "Điểm mô hình đang hoạt động theo xã")
    assert len(com["data"][0]["locations"]) == 10_040  # every commune has data: a number or 0 (no model)
    assert len(layers.load(com["data"][0]["geojson"])["features"]) == 10_040  # named by URL, sent once per page
    assert at.query_params["level"] == "commune"
    at.sidebar.selectbox(key="province").set_value("31").run()  # Hải Phòng
    assert not at.exception
    assert_headline_matches(at, built_data, m="2024", province="31", as_of=D(2020, 6, 30), types=[])
    n31 = db.run("models_coverage_by_area", snapshot_dir=built_data, map="2024", province="31", level="commune",
                 as_of=D(2020, 6, 30), model_types=[])
    assert len(chart(at, "Điểm mô hình đang hoạt động theo xã")["data"][0]["locations"]) == len(n31)
    at.sidebar.radio(key="map").set_value("2025").run()
    assert not at.exception and at.sidebar.selectbox(key="province").value == "31"
    assert_headline_matches(at, built_data, m="2025", province="31", as_of=D(2020, 6, 30), types=[])


def test_focus_type_ranks_provinces(built_data):
    at = app({"map": "2024", "province": "01", "as_of": "2023-07"})
    at.selectbox(key="models_focus").set_value("camera_an_ninh").run()
    assert not at.exception
    lead = chart(at, "Tỉnh dẫn đầu và tụt lại: Camera an ninh")
    t = db.run("models_type_by_province", snapshot_dir=built_data, map="2024", as_of=D(2023, 7, 31))
    cam = t[(t["model_type"] == "camera_an_ninh") & t["reported"]].assign(cov=lambda d: d.communes_covered / d.communes_total)
    best = cam.sort_values(["cov", "communes_covered", "province_code"], ascending=[False, False, True]).iloc[0]
    assert lead["data"][0]["y"][-1] == f"1. {best.province_name}"  # the leader at the top
    assert any(y.endswith("Hà Nội") for y in lead["data"][0]["y"])  # the province in view is shown with its rank
    assert at.query_params["focus"] == "camera_an_ninh"


def test_sites_table_and_its_two_modes(built_data):
    at = app({"map": "2024", "province": "01", "as_of": "2023-07", "types": "camera_an_ninh"})
    table = at.dataframe[0].value
    c = shared(built_data, map="2024", province="01", as_of=D(2023, 7, 31), model_types=["camera_an_ninh"])
    assert len(table) == c.sites == 131 and set(table["Loại mô hình"]) == {"Camera an ninh"}
    assert table["Camera"].sum() == c.cameras
    # the sites' own CSV (the charts above it have their exports, antq/view/ui.py chart)
    sites_csv = [b for b in at.get("download_button") if b.proto.id.endswith("-models_csv")]
    assert len(sites_csv) == 1 and sites_csv[0].proto.label == "Tải danh sách điểm (CSV)"
    at.radio(key="models_sites").set_value("all").run()
    assert not at.exception
    every = db.run("models_sites_list", snapshot_dir=built_data, map="2024", province="01", as_of=D(2023, 7, 31),
                   model_types=["camera_an_ninh"], only_active=False, limit=None)
    assert len(at.dataframe[0].value) == len(every) > 131 and at.query_params["sites"] == "all"


def test_large_lists_show_the_first_thousand(built_data):
    at = app({"map": "2025", "as_of": "2026-10"})
    assert len(at.dataframe[0].value) == 1000
    c = shared(built_data, map="2025", province=None, as_of=D(2026, 10, 31), model_types=[])
    assert f"Hiển thị 1.000 điểm đầu tiên trong {fmt.number(c.sites)}" in texts(at)


@pytest.mark.slow  # runs the page once per year
def test_play_steps_to_the_data_date_and_stops(built_data):
    at = app({"map": "2025", "as_of": "2025-12"})
    at.button(key="models_play").click().run()
    assert not at.exception
    assert at.select_slider(key="models_as_of").value == D(2026, 10, 31)
    assert not at.session_state["_models_playing"]
    assert at.button(key="models_play").label == "▶ Phát theo năm"
    at.button(key="models_play").click().run()  # at the end, play starts over from the first year-end
    assert not at.exception and at.select_slider(key="models_as_of").value == D(2026, 10, 31)


def test_period_end_moves_the_time_control(built_data):
    at = app({"map": "2024", "from": "2018-01-01", "to": "2018-12-31"})
    assert at.select_slider(key="models_as_of").value == D(2018, 12, 31)
    at.sidebar.date_input(key="date_to").set_value(D(2019, 3, 15)).run()
    assert not at.exception and at.select_slider(key="models_as_of").value == D(2019, 3, 31)


def test_a_copied_link_reopens_the_same_view(built_data):
    at = app({"map": "2024", "as_of": "2021-09"})
    at.multiselect(key="models_types").set_value(["dan_van_kheo"]).run()
    at.segmented_control(key="models_level").set_value("commune").run()
    at.radio(key="models_sites").set_value("all").run()
    link = dict(at.query_params)
    assert {k: link[k] for k in ("types", "as_of", "level", "sites", "focus")} == {
        "types": "dan_van_kheo", "as_of": "2021-09", "level": "commune", "sites": "all", "focus": "dan_van_kheo"}
    again = app(link)
    assert metrics(again) == metrics(at)
    assert again.segmented_control(key="models_level").value == "commune"
    assert again.multiselect(key="models_types").value == ["dan_van_kheo"]


@pytest.mark.parametrize("name,value", [("types", "zzz,clb_pctp"), ("as_of", "2099-01"), ("level", "district"),
                                        ("sites", "some"), ("focus", "nope"), ("as_of", "'; DROP TABLE x")])
def test_bad_url_values_fall_back_with_a_notice(built_data, name, value):
    at = app({"map": "2024", name: value})
    assert f"Tham số «{name}=" in texts(at)
    assert at.multiselect(key="models_types").value == []
    assert at.select_slider(key="models_as_of").value == D(2026, 10, 31)


def test_english(built_data):
    at = app({**HANOI_2023, "lang": "en"})
    got = metrics(at)
    assert got["Models implemented in the period"][0] == "1,616"
    assert_headline_matches(at, built_data, m="2024", province="01", as_of=D(2023, 7, 31), types=[], lang="en")
    assert chart(at, "Model types by communes covered")["layout"]["separators"] == ".,"
    assert "SIMULATED DATA" in chart(at, "Model types")["layout"]["annotations"][-1]["text"]
