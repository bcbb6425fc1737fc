"""The "Tin báo → phá án" page under AppTest on the demo snapshot: the Bình Dương 2018 seed figures
read on the page, every control drives what is shown and goes into the URL, and the numbers shown
are those of the named queries."""
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from antq.features.tipoffs import cohorts as tc
from antq.data import db
from antq import fmt
from tests.conftest import ROOT
from apptest import open_app

BD_2018 = {"map": "2024", "province": "74", "from": "2018-01-01", "to": "2018-12-31"}
BD_PARAMS = {"map": "2024", "province": "74", "date_from": dt.date(2018, 1, 1), "date_to": dt.date(2018, 12, 31)}


def app(query: dict) -> AppTest:
    """Open /tipoffs?<query> signed in (tests/apptest.py), as a link opened on /tipoffs has it."""
    at = open_app(query, "antq/features/tipoffs/page.py", timeout=120)
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [w.value for w in at.warning] + [i.value for i in at.info]
                    + [m.value for m in at.markdown] + [s.value for s in at.subheader])


def q(name, **params):
    return db.run(name, snapshot_dir=ROOT / "data" / "snapshots" / "demo", **params)


@pytest.fixture(scope="module")
def bd(built_data):
    return app(BD_2018)


def test_binh_duong_2018_seed_figures_read_on_the_page(bd):
    shown = {m.label: m.value for m in bd.metric}
    # the seed article: over 5,000 valuable tips, 2,144 cases, 3,630 arrested, 21 guns, 501 primitive weapons
    assert int(shown["Tin có giá trị"].replace(".", "")) > 5000
    assert shown["Vụ đã phá"] == "2.144" and shown["Đối tượng bị bắt"] == "3.630"
    assert shown["Súng thu giữ"] == "21" and shown["Vũ khí thô sơ thu giữ"] == "501"
    # the same numbers as tip_funnel.sql, the query of the seed-fact check
    f = q("tip_funnel", **BD_PARAMS).iloc[0]
    assert shown["Tin báo tiếp nhận"] == fmt.number(f["tips"]) and shown["Tin có giá trị"] == fmt.number(f["valuable_tips"])
    assert shown["Tin dẫn tới vụ đã phá"] == fmt.number(f["tips_with_solved_case"])
    # the other reading (cases solved in 2018, cases_solved_in_period.sql) gives the same four figures
    readings = bd.dataframe[1].value
    sp = q("cases_solved_in_period", **BD_PARAMS).iloc[0]
    assert readings.iloc[1, 1:5].tolist() == [fmt.number(x) for x in sp[["cases_solved", "arrests", "guns",
                                                                           "primitive_weapons"]]]
    assert readings.iloc[1, 1:5].tolist() == ["2.144", "3.630", "21", "501"]
    assert "tỷ số khác" in readings.iloc[1, -1]
    assert "tỷ số KHÁC" in texts(bd)  # the solved-in-period ratio is labelled as the different ratio
    steps = bd.dataframe[0].value
    assert steps.iloc[1].tolist()[1:3] == ["5.003", "53,0%"]


def test_section_control_goes_into_the_url_and_back(built_data):
    at = app({**BD_2018, "section": "periods"})
    assert at.radio(key="tipoffs_section").value == "periods"
    assert at.query_params["section"] == "periods"
    at.radio(key="tipoffs_section").set_value("funnel").run()
    assert "section" not in at.query_params  # the default is left out of the link
    assert {m.label for m in at.metric} >= {"Vụ đã phá"}


def test_cohort_section_and_grain_control(built_data):
    at = app({**BD_2018, "section": "cohorts"})
    table = at.dataframe[0].value
    assert len(table) == 12 and table.iloc[0, 0] == "01/2018"
    cube = q("tipoffs_cohorts", **BD_PARAMS, grain="month", data_date=dt.date(2026, 10, 31))
    roll = tc.cohort_rollup(cube)
    assert table.iloc[:, 1].tolist() == [fmt.number(x) for x in roll["tips"]]
    assert table.iloc[0, 3] == f"{fmt.percent(roll['share_30'].iloc[0])} ({fmt.number(roll['solved_30'].iloc[0])})"
    # all tips of 2018 add up to the funnel's tips
    assert roll["tips"].sum() == q("tip_funnel", **BD_PARAMS).iloc[0]["tips"]
    at.radio(key="tipoffs_grain").set_value("quarter").run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["Q1/2018", "Q2/2018", "Q3/2018", "Q4/2018"]
    assert at.query_params["grain"] == "quarter"
    linked = q("tip_funnel", **BD_PARAMS).iloc[0]["tips_with_solved_case"]
    assert f"{fmt.number(linked)} tin dẫn tới vụ đã phá" in texts(at)  # the distribution of days counts them all
    # the grain survives a visit to a section that does not draw it
    at.radio(key="tipoffs_section").set_value("periods").run()
    assert at.query_params["grain"] == "quarter"
    at.radio(key="tipoffs_section").set_value("cohorts").run()
    assert at.radio(key="tipoffs_grain").value == "quarter"


def test_open_cohorts_are_marked(built_data):
    at = app({"map": "2025", "from": "2026-01-01", "to": "2026-10-31", "section": "cohorts"})
    status = at.dataframe[0].value.iloc[:, -1].tolist()
    assert status[0] == "đã trọn"                           # January 2026: 31/01 + 180 days = 30/07/2026
    assert status[3] == "đã trọn" and status[4] == "chưa trọn (180 ngày)"  # 30/04 + 180 < 31/10 < 31/05 + 180
    assert status[-1] == "chưa trọn (30, 90, 180 ngày)"          # October 2026: nothing complete yet
    at.radio(key="tipoffs_section").set_value("funnel").run()
    assert "chưa đủ 180 ngày" in texts(at)


def test_where_section_map_funnel_plot_and_metric_control(built_data):
    at = app({**BD_2018, "section": "where"})
    assert at.selectbox(key="tipoffs_metric").value == "conversion"
    table = at.dataframe[0].value
    areas = q("tipoffs_conversion_by_area", **BD_PARAMS)
    assert len(table) == len(areas) == 91
    first = areas.set_index("area_name").loc[table.iloc[0, 0]]
    assert table.iloc[0, 1] == fmt.number(first["tips"]) and table.iloc[0, 3] == fmt.number(first["solved"])
    charts = [c for c in at.get("plotly_chart")]
    assert len(charts) == 2  # the map and the funnel plot
    assert "99,8%" in texts(at) and "toàn quốc" in texts(at)
    for metric, column in (("valuable", "Tỷ lệ tin có giá trị"), ("solved_of_valuable", "Tỷ lệ tin có giá trị dẫn tới vụ đã phá"),
                           ("per100k", "Tin báo / 100.000 dân")):
        at.selectbox(key="tipoffs_metric").set_value(metric).run()
        assert not at.exception
        assert column in at.dataframe[0].value.columns
        assert at.query_params["metric"] == metric
    assert "ước tính" in texts(at)  # the commune population basis is named


def test_national_map_by_province_and_population_basis(built_data):
    at = app({"map": "2025", "from": "2024-01-01", "to": "2024-12-31", "section": "where", "metric": "per100k"})
    table = at.dataframe[0].value
    assert len(table) == 34
    assert "GSO 2023" in texts(at) and "NQ 202/2025" in texts(at)
    at.radio(key="tipoffs_section").set_value("works").run()
    assert not at.exception
    pop = q("tipoffs_scope_population", map="2025", province=None)
    assert fmt.number(pop["scope_population"].iloc[0]) in texts(at)


def test_works_section_channels_and_categories(built_data):
    at = app({**BD_2018, "section": "works", "grain": "year"})
    by_channel, by_category = at.dataframe[0].value, at.dataframe[1].value
    cube = q("tipoffs_cohorts", **BD_PARAMS, grain="year", data_date=dt.date(2026, 10, 31))
    b = tc.breakdown(cube, "channel").set_index("channel")
    top = by_channel.iloc[0]
    assert top["Tin tiếp nhận"] == fmt.number(b.loc[top["Kênh tiếp nhận"], "tips"])
    assert by_channel["Tỷ lệ tin dẫn tới vụ đã phá"].tolist() == sorted(
        by_channel["Tỷ lệ tin dẫn tới vụ đã phá"].tolist(), key=lambda s: -float(s[:-1].replace(",", ".")))
    assert set(by_category["Lĩnh vực"]) == set(cube["category"])
    assert "Tổng điều tra dân số 1/4/2019" in texts(at)  # Bình Dương has no GSO 2023 figure: its basis is named


def test_periods_section_against_last_year(built_data):
    at = app({**BD_2018, "section": "periods"})
    table = at.dataframe[0].value.set_index("Chỉ tiêu")
    last = q("tip_funnel", **{**BD_PARAMS, "date_from": dt.date(2017, 1, 1), "date_to": dt.date(2017, 12, 31)}).iloc[0]
    assert table.loc["Vụ đã phá"].iloc[0] == "2.144"
    assert table.loc["Vụ đã phá"].iloc[1] == fmt.number(last["cases_solved"])
    assert table.loc["Tin có giá trị"].iloc[1] == fmt.number(last["valuable_tips"])
    assert "Cùng kỳ năm trước (01/01/2017 – 31/12/2017)" in table.columns
    assert table.loc["Súng thu giữ", "Đọc được không?"].startswith("⚠")  # 21 against 19
    assert "cả hai kỳ đều dưới 20" in texts(at)  # the rule is stated


def test_bad_page_parameters_fall_back_with_a_notice(built_data):
    at = app({**BD_2018, "section": "zzz", "grain": "week", "metric": "x'; DROP"})
    assert at.radio(key="tipoffs_section").value == "funnel"
    notices = " ".join(w.value for w in at.warning)
    assert "Tham số «section=zzz»" in notices and "Tham số «grain=week»" in notices
    assert {m.label: m.value for m in at.metric}["Vụ đã phá"] == "2.144"


def test_english(built_data):
    at = app({**BD_2018, "lang": "en", "section": "where"})
    assert "Share of tips leading to a solved case" in at.dataframe[0].value.columns
    at.radio(key="tipoffs_section").set_value("funnel").run()
    assert {m.label: m.value for m in at.metric}["Suspects arrested"] == "3,630"
