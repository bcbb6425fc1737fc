"""The "Ngày hội" page under AppTest on the demo snapshot: every control drives what is shown and is
written into the URL, the 2022 national figures (the seed facts) read the same on both maps, and the
numbers shown are those of the queries."""
import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from antq.data import db

from antq import fmt
from tests.conftest import ROOT
from apptest import open_app

PAGE = "antq/features/festival/page.py"
PERIOD = {"date_from": dt.date(2013, 1, 1), "date_to": dt.date(2026, 10, 31)}
LEADERS_2022 = {"Ủy viên Bộ Chính trị": "3", "Ủy viên Ban Bí thư": "3", "Ủy viên TW Đảng (ban, bộ, ngành TW)": "25",
                "Ủy viên TW Đảng là Bí thư Tỉnh ủy, Thành ủy": "15", "Ủy viên Ban Thường vụ Tỉnh ủy, Thành ủy": "313",
                "Ủy viên Ban Thường vụ Huyện ủy": "2.932"}


def app(query: dict | None = None) -> AppTest:
    """The page opened from a link, signed in (tests/apptest.py)."""
    at = open_app(query, PAGE)
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [i.value for i in at.info] + [t.value for t in at.title] + [s.value for s in at.subheader])


def charts(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def summary(built_data, map_="2025", province=None):
    return db.run("festival_year_summary", snapshot_dir=built_data, map=map_, province=province,
                  **PERIOD).set_index("year")


def rerun(at) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def test_2022_national_figures_read_the_same_on_both_maps(built_data):
    shown = {}
    for m in ("2024", "2025"):
        at = app({"year": "2022", "map": m})
        got = metrics(at)
        assert got["Ngày hội điểm"] == "5.813"
        for label, value in LEADERS_2022.items():
            assert got[label] == value, label
        s = summary(built_data, m).loc[2022]
        assert got["Điểm tổ chức (mọi cấp)"] == fmt.number(s["sites"]) == "97.126"
        # a million and more: the short form on the card, the exact number on hover (fmt.headline)
        assert got["Người tham dự"] == fmt.headline(s["participants"])[0]
        card = next(m for m in at.metric if m.label == "Người tham dự")
        assert card.proto.help == (fmt.headline(s["participants"])[1] or "")
        # the year table and the leaders chart carry the same figures
        table = at.dataframe[0].value.set_index("Năm").loc["2022"]
        assert table["Ngày hội điểm"] == "5.813" and table["Ủy viên Ban Thường vụ Huyện ủy"] == "2.932"
        central = next(c for c in charts(at) if c["layout"]["title"]["text"] == "Lãnh đạo Trung ương dự Ngày hội")
        i = central["data"][0]["x"].index("2022")
        assert [tr["text"][i] for tr in central["data"] if tr["type"] == "bar"] == ["3", "3", "25", "15"]
        local = next(c for c in charts(at) if c["layout"]["title"]["text"] == "Lãnh đạo cấp ủy địa phương dự Ngày hội")
        assert [tr["name"].split(" — ")[1] for tr in local["data"] if tr["type"] == "bar"] == ["2022: 313", "2022: 2.932"]
        shown[m] = got
    assert shown["2024"] == shown["2025"]  # every national figure, per-capita and share of communes included


def test_the_seed_fact_check_agrees_with_the_page(built_data):
    from antq.data import facts
    checks = facts.check_seed_facts(snapshot_dir=built_data)
    festival = checks[checks["fact_id"].str.startswith("vn_festival_2022")]
    assert len(festival) == 7 and festival["ok"].all()
    at = app({"year": "2022", "map": "2024"})
    shown = {fmt.headline(x)[0] for x in festival["actual"]}
    assert shown <= set(metrics(at).values())


def test_default_year_is_the_latest_and_the_header_says_which_period_is_used(built_data):
    at = app()
    assert at.selectbox(key="festival_year").value == 2026
    assert at.query_params["year"] == "2026" and at.query_params["metric"] == "sites_per_10k"
    text = texts(at)
    assert "Trang này dùng **năm 2026**" in text and "01/01/2026 – 31/10/2026" in text
    assert "năm 2026 nằm trong khoảng thời gian đó" in text
    assert metrics(at)["Điểm tổ chức (mọi cấp)"] == fmt.number(summary(built_data).loc[2026, "sites"])
    # a sidebar period that ends in 2018 opens on 2018's festival
    at = app({"from": "2018-01-01", "to": "2018-12-31"})
    assert at.selectbox(key="festival_year").value == 2018
    # the year is independent of the period once chosen, and says when it lies outside
    at.selectbox(key="festival_year").set_value(2022)
    rerun(at)
    assert "năm 2022 nằm ngoài khoảng thời gian đó" in texts(at) and at.query_params["year"] == "2022"


def test_year_control_drives_every_section(built_data):
    at = app()
    at.selectbox(key="festival_year").set_value(2019)
    rerun(at)
    s = summary(built_data)
    got = metrics(at)
    assert got["Điểm tổ chức (mọi cấp)"] == fmt.number(s.loc[2019, "sites"])
    assert got["Ngày hội điểm"] == fmt.number(s.loc[2019, "showcase_sites"])
    assert "Bản đồ năm 2019" in texts(at) and "Nơi cần chú ý — năm 2019" in texts(at)
    total = s.loc[2019, "sites"]
    assert f"{fmt.number(total)} điểm; hiện 1.000 điểm đầu" in texts(at)
    assert at.query_params["year"] == "2019"


@pytest.mark.parametrize("value", ["1999", "abc", "2022'; DROP"])
def test_bad_year_in_the_url_falls_back_with_a_notice(built_data, value):
    at = app({"year": value, "metric": "nonsense"})
    assert at.selectbox(key="festival_year").value == 2026
    assert at.radio(key="festival_metric").value == "sites_per_10k"
    assert f"Tham số «year={value[:40]}»" in texts(at) and "Tham số «metric=nonsense»" in texts(at)


@pytest.mark.parametrize("metric,label", [("sites_per_10k", "Điểm tổ chức / 10.000 dân"),
                                          ("participants_per_1k", "Người tham dự / 1.000 dân"),
                                          ("communes_share", "Tỷ lệ xã có tổ chức")])
def test_metric_control_changes_the_map(built_data, metric, label):
    at = app({"year": "2022"})
    at.radio(key="festival_metric").set_value(metric)
    rerun(at)
    fig = charts(at)[0]
    assert fig["data"][0]["colorbar"]["title"]["text"] == label
    assert label in fig["layout"]["title"]["text"] and "Ngày hội năm 2022" in fig["layout"]["title"]["text"]
    assert len(fig["data"][0]["locations"]) == 34  # every province has data
    assert at.query_params["metric"] == metric
    labels = {d["name"] for d in fig["data"]}
    assert "labels" in labels  # the archipelagos' labels on the national map


def test_province_scope_shows_its_communes_and_its_own_figures(built_data):
    at = app({"map": "2024", "province": "38", "year": "2022"})
    s = summary(built_data, "2024", "38").loc[2022]
    assert metrics(at)["Điểm tổ chức (mọi cấp)"] == fmt.number(s["sites"])
    by_area = db.run("festival_by_area", snapshot_dir=built_data, map="2024", province="38", year=2022)
    fig = charts(at)[0]
    assert len(fig["data"][0]["locations"]) == by_area["sites"].notna().sum()
    few = at.dataframe[1].value
    assert len(few) == by_area["sites"].notna().sum() and "Xã, phường" in few.columns
    assert set(few["Xã, phường"]) <= set(by_area["area_name"])
    # communes that held none come first, marked as such
    none = (by_area["sites"] == 0).sum()
    flags = list(few["Đánh giá"])
    assert none > 0 and all(f.startswith("Không tổ chức") for f in flags[:none])
    assert not any(f.startswith("Không tổ chức") for f in flags[none:])


def test_2025_on_the_old_map_warns_that_communes_cannot_be_split(built_data):
    at = app({"map": "2024", "province": "38", "year": "2025"})
    assert "được ghi theo 3.321 xã mới" in texts(at)
    assert metrics(at)["Điểm tổ chức (mọi cấp)"] == "4.517"  # Thanh Hóa 2025, the published figure


def test_falls_since_the_year_before(built_data):
    at = app({"map": "2024", "year": "2021"})  # COVID-19: every province held fewer
    falls = at.dataframe[2].value
    by_area = db.run("festival_by_area", snapshot_dir=built_data, map="2024", province=None, year=2021)
    assert len(falls) == (by_area["sites"] < by_area["prev_sites"]).sum() == 63
    row = falls.iloc[0]
    src = by_area.set_index("area_name").loc[row["Tỉnh, thành"]]
    assert row["Số điểm năm 2020"] == fmt.number(src["prev_sites"]) and row["Số điểm năm 2021"] == fmt.number(src["sites"])
    assert "63 trên 63 tỉnh có ít điểm hơn năm 2020" in texts(at)
    at.selectbox(key="festival_year").set_value(2022)
    rerun(at)
    assert "Không tỉnh nào có ít điểm hơn năm 2021." in texts(at)


def test_commune_control_narrows_the_sites_table(built_data):
    at = app({"map": "2025", "province": "38", "year": "2022"})
    box = at.selectbox(key="festival_commune")
    assert box.value == "" and len(box.options) == 167  # every commune of the new Thanh Hóa, and "every commune"
    full = db.run("festival_sites_list", snapshot_dir=built_data, map="2025", province="38", year=2022, commune=None,
                  levels=[], showcase_only=False, limit=None)
    code = full["commune_code"].value_counts().index[0]
    name = full.loc[full["commune_code"] == code, "commune_name"].iloc[0]
    box.set_value(code)
    rerun(at)
    table = at.dataframe[-1].value
    n = (full["commune_code"] == code).sum()
    assert set(table["Xã, phường"]) == {name} and len(table) == min(n, 1000)
    assert f"{fmt.number(n)} điểm" in texts(at)
    assert at.query_params["commune"] == code
    # the link reopens the same commune
    again = app({"map": "2025", "province": "38", "year": "2022", "commune": code})
    assert again.selectbox(key="festival_commune").value == code


def test_level_and_showcase_controls_and_their_url(built_data):
    at = app({"map": "2025", "province": "38", "year": "2022"})
    at.multiselect(key="festival_levels").set_value(["Tỉnh", "Xã"])
    rerun(at)
    table = at.dataframe[-1].value
    assert set(table["Cấp"]) == {"Cấp tỉnh", "Cấp xã"}
    assert at.query_params["levels"] == "tinh,xa"
    at.toggle(key="festival_showcase").set_value(True)
    rerun(at)
    table = at.dataframe[-1].value
    assert set(table["Ngày hội điểm"]) == {"Có"}
    expected = db.run("festival_sites_list", snapshot_dir=built_data, map="2025", province="38", year=2022,
                      commune=None, levels=["Tỉnh", "Xã"], showcase_only=True, limit=None)
    assert len(table) == len(expected) and list(table["Mã điểm"]) == [str(i) for i in expected["site_id"]]
    assert at.query_params["showcase"] == "1"
    again = app({"map": "2025", "province": "38", "year": "2022", "levels": "xa,bogus", "showcase": "1"})
    assert again.multiselect(key="festival_levels").value == ["Xã"] and again.toggle(key="festival_showcase").value
    downloads = at.get("download_button")
    # one download of the sites; the others are the exports of the page's six charts (antq/view/ui.py chart:
    # PNG and SVG at two sizes, CSV and XLSX of the data)
    assert [b.key for b in downloads if not b.key.startswith(("festival_map_", "festival_chart_", "festival_funnel_"))] \
        == ["festival_download"]
    assert len(downloads) == 1 + 6 * 6


def test_english(built_data):
    at = app({"year": "2022", "lang": "en"})
    got = metrics(at)
    assert got["Showcase sites"] == "5,813" and got["District standing committee members"] == "2,932"
    assert "The festival is held every August" in texts(at)
