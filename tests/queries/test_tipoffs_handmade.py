"""The tip-off page's arithmetic on a small hand-made snapshot: 17 tips and 8 cases on real communes
(Bình Dương 25741 and 25744 and Hà Nội 00001, all on the old map), data up to 30/06/2018. Every
expected number below is worked out by hand from the rows, not by running the code.

Period: Q1 2018 (2018-01-01 .. 2018-03-31), Bình Dương (74) on the 2024 map.

 tip  received    commune channel     category  valuable case  case solved   days tip->solved
 T1   2018-01-05  A       Trực tiếp   Hình sự   yes      C1    2018-01-20    15
 T2   2018-01-10  A       Điện thoại  Hình sự   yes      C1    2018-01-20    10
 T3   2018-01-15  A       Trực tiếp   Ma túy    yes      C2    2018-04-10    85 (16 + 28 + 31 + 10)
 T4   2018-01-20  B       Trực tiếp   Kinh tế   no       –
 T5   2018-02-10  B       Hòm thư     Hình sự   yes      C4    2018-02-05    −5 (solved before the tip)
 T6   2018-02-12  B       Trực tiếp   Kinh tế   yes      C3    unsolved
 T7   2018-02-20  A       Trực tiếp   Hình sự   no       –
 T8   2018-03-05  A       Điện thoại  Ma túy    yes      –
 T9   2018-03-25  B       Trực tiếp   Hình sự   no       –
 outside the period or the province: T10 2017-12-20 B valuable C4 (C4's first tip); T11 2017-11-01 A C6
 (solved 2017-11-30); T12 2017-12-01 A C7 (solved 2018-03-15); T13 2018-04-02 A; T14 2018-02-15 Hà Nội C5
 (solved 2018-03-01); T15 2018-02-16 Hà Nội; T16 2017-02-01 A C8 (solved 2017-02-20); T17 2017-03-01 B.
 Cases (arrests, guns, primitive weapons): C1 (2, 1, 3), C2 (1, 0, 0), C3 (0, 0, 0), C4 (3, 0, 2),
 C5 (1, 0, 0), C6 (5, 5, 5), C7 (4, 0, 1), C8 (1, 0, 0).
"""
import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from antq.features.tipoffs import cohorts as tc
from antq.features.tipoffs import funnel_plot as tf
from antq.features.tipoffs import periods as tp
from antq.data import db
from antq.data.snapshots import SnapshotWriter
from tests.conftest import ROOT
from apptest import open_app

A, B, H = "25741", "25744", "00001"
D = dt.date.fromisoformat
Q1 = {"map": "2024", "province": "74", "date_from": D("2018-01-01"), "date_to": D("2018-03-31")}
DATA_DATE = D("2018-06-30")

TIPS = [  # tip_id, received_on, commune, channel, category, valuable, case_id
    (1, "2018-01-05", A, "Trực tiếp", "Hình sự", True, 1),
    (2, "2018-01-10", A, "Điện thoại/đường dây nóng", "Hình sự", True, 1),
    (3, "2018-01-15", A, "Trực tiếp", "Ma túy", True, 2),
    (4, "2018-01-20", B, "Trực tiếp", "Kinh tế", False, None),
    (5, "2018-02-10", B, "Hòm thư tố giác", "Hình sự", True, 4),
    (6, "2018-02-12", B, "Trực tiếp", "Kinh tế", True, 3),
    (7, "2018-02-20", A, "Trực tiếp", "Hình sự", False, None),
    (8, "2018-03-05", A, "Điện thoại/đường dây nóng", "Ma túy", True, None),
    (9, "2018-03-25", B, "Trực tiếp", "Hình sự", False, None),
    (10, "2017-12-20", B, "Trực tiếp", "Hình sự", True, 4),
    (11, "2017-11-01", A, "Trực tiếp", "Hình sự", True, 6),
    (12, "2017-12-01", A, "Trực tiếp", "Hình sự", True, 7),
    (13, "2018-04-02", A, "Trực tiếp", "Hình sự", False, None),
    (14, "2018-02-15", H, "Trực tiếp", "Hình sự", True, 5),
    (15, "2018-02-16", H, "Trực tiếp", "Hình sự", False, None),
    (16, "2017-02-01", A, "Trực tiếp", "Hình sự", True, 8),
    (17, "2017-03-01", B, "Trực tiếp", "Kinh tế", False, None),
]
CASES = [  # case_id, commune, category, opened_on, solved_on, arrests, guns, primitive_weapons
    (1, A, "Hình sự", "2018-01-06", "2018-01-20", 2, 1, 3),
    (2, A, "Ma túy", "2018-01-16", "2018-04-10", 1, 0, 0),
    (3, B, "Kinh tế", "2018-02-13", None, 0, 0, 0),
    (4, B, "Hình sự", "2017-12-21", "2018-02-05", 3, 0, 2),
    (5, H, "Hình sự", "2018-02-16", "2018-03-01", 1, 0, 0),
    (6, A, "Hình sự", "2017-11-02", "2017-11-30", 5, 5, 5),
    (7, A, "Hình sự", "2017-12-02", "2018-03-15", 4, 0, 1),
    (8, A, "Hình sự", "2017-02-02", "2017-02-20", 1, 0, 0),
]


def _date(s):
    return D(s) if s else None


def _empty(fields):
    return pa.table({name: pa.array([], type=typ) for name, typ in fields})


def write_handmade(root):
    tips = pa.table({
        "tip_id": pa.array([r[0] for r in TIPS], pa.int64()),
        "received_on": pa.array([_date(r[1]) for r in TIPS], pa.date32()),
        "commune_code": [r[2] for r in TIPS], "admin_era": ["2024"] * len(TIPS),
        "channel": [r[3] for r in TIPS], "category": [r[4] for r in TIPS],
        "valuable": [r[5] for r in TIPS], "case_id": pa.array([r[6] for r in TIPS], pa.int64())})
    cases = pa.table({
        "case_id": pa.array([r[0] for r in CASES], pa.int64()), "commune_code": [r[1] for r in CASES],
        "admin_era": ["2024"] * len(CASES), "category": [r[2] for r in CASES],
        "opened_on": pa.array([_date(r[3]) for r in CASES], pa.date32()),
        "solved_on": pa.array([_date(r[4]) for r in CASES], pa.date32()),
        "arrests": pa.array([r[5] for r in CASES], pa.int32()), "guns": pa.array([r[6] for r in CASES], pa.int32()),
        "primitive_weapons": pa.array([r[7] for r in CASES], pa.int32())})
    s, i32, d, b = pa.string(), pa.int32(), pa.date32(), pa.bool_()
    with SnapshotWriter("hand", kind="ingest", simulated=False, data_date=DATA_DATE.isoformat(), root=root,
                        progress=None) as w:
        w.write_table("tipoffs", tips)
        w.write_table("cases", cases)
        w.write_table("commune_population", pa.table({
            "admin_era": ["2024", "2024"], "commune_code": [A, B],
            "population_est": pa.array([10_000, 20_000], pa.int64()), "basis": ["đếm tay", "đếm tay"]}))
        w.write_table("model_types", _empty([("model_type", s), ("name_vi", s), ("name_en", s), ("group", s),
                                             ("national", b)]))
        w.write_table("model_sites", _empty([("site_id", pa.int64()), ("model_id", s), ("model_name", s),
                                             ("is_origin", b), ("model_type", s), ("commune_code", s), ("admin_era", s),
                                             ("started_on", d), ("ended_on", d), ("effective", b), ("members", i32),
                                             ("cameras", i32)]))
        w.write_table("festival_sites", _empty([("site_id", pa.int64()), ("year", i32), ("held_on", d),
                                                ("commune_code", s), ("admin_era", s), ("level", s), ("showcase", b),
                                                ("participants", i32)]))
        w.write_table("activities", _empty([("month", d), ("commune_code", s), ("admin_era", s),
                                            ("propaganda_sessions", i32)]))
    return root / "hand"


@pytest.fixture()
def hand(built_data, snapshots_root):
    """The hand-made snapshot, the only one the app and the queries see in this test."""
    return write_handmade(snapshots_root)


def run(name, snap, **params):
    return db.run(name, snapshot_dir=snap, **params)


def test_funnel_of_the_quarter_by_hand(hand):
    f = run("tip_funnel", hand, **Q1).iloc[0]
    # tips T1..T9; valuable T1 T2 T3 T5 T6 T8; with a case T1 T2 T3 T5 T6; with a solved case T1 T2 T3 T5;
    # cases C1 C2 C3 C4, solved C1 C2 C4; arrests 2+1+3, guns 1, weapons 3+2;
    # days from each case's first tip: C1 15, C2 85, C4 47 (from T10) -> median 47.
    assert f[["tips", "valuable_tips", "tips_with_case", "tips_with_solved_case", "cases", "cases_solved",
              "arrests", "guns", "primitive_weapons"]].tolist() == [9, 6, 5, 4, 4, 3, 6, 1, 5]
    assert f["median_days_to_solve"] == 47
    sp = run("cases_solved_in_period", hand, **Q1).iloc[0]
    # solved in Q1 in Bình Dương and led to by a tip: C1 (01-20), C4 (02-05), C7 (03-15); not C2 (April), C6 (2017)
    assert sp.tolist() == [3, 2 + 3 + 4, 1, 3 + 2 + 1]
    both = run("tipoffs_period_summary", hand, **Q1).iloc[0]
    assert both.tolist() == [9, 6, 5, 4, 4, 3, 6, 1, 5, 3, 9, 1, 6]


def test_cohorts_by_month_by_hand(hand):
    cube = run("tipoffs_cohorts", hand, **Q1, grain="month", data_date=DATA_DATE)
    # January's rows by day bin: T1 15 d -> bin 3, T2 10 d -> bin 2, T3 85 d -> bin 5, T4 no case -> NULL
    jan = cube[cube["cohort"].astype(str) == "2018-01-01"]
    assert jan.groupby(jan["day_bin"].fillna(-1))["tips"].sum().to_dict() == {-1: 1, 2: 1, 3: 1, 5: 1}
    roll = tc.cohort_rollup(cube)
    roll.index = roll["cohort"].dt.strftime("%Y-%m-%d")
    cols = ["tips", "valuable", "solved_ever", "solved_30", "solved_90", "solved_180"]
    # January: T1 (15 d), T2 (10 d), T3 (85 d), T4 -> 4 tips, 3 valuable, 3 solved; 2 within 30, 3 within 90
    assert roll.loc["2018-01-01", cols].tolist() == [4, 3, 3, 2, 3, 3]
    # February: T5 (−5 d, counts as within), T6 (unsolved case), T7 -> 3 tips, 2 valuable, 1 solved within 30
    assert roll.loc["2018-02-01", cols].tolist() == [3, 2, 1, 1, 1, 1]
    # March: T8 (valuable, no case), T9
    assert roll.loc["2018-03-01", cols].tolist() == [2, 1, 0, 0, 0, 0]
    assert roll.loc["2018-01-01", "share_30"] == pytest.approx(2 / 4)
    assert roll.loc["2018-02-01", "share_90"] == pytest.approx(1 / 3)
    # data up to 30/06: 31/01 + 90 = 01/05 (complete), 31/03 + 90 = 29/06 (complete), + 180 never
    assert roll["complete_30"].all() and roll["complete_90"].all()
    assert not roll["complete_180"].any() and not roll["complete_ever"].any()
    # channels over the quarter: Trực tiếp T1 T3 T4 T6 T7 T9 (solved T1 T3), Điện thoại T2 T8 (T2), Hòm thư T5
    ch = tc.breakdown(cube, "channel").set_index("channel")
    assert ch.loc["Trực tiếp", ["tips", "solved_ever"]].tolist() == [6, 2]
    assert ch.loc["Điện thoại/đường dây nóng", ["tips", "solved_ever"]].tolist() == [2, 1]
    assert ch.loc["Hòm thư tố giác", "conversion"] == 1.0


def test_cohorts_by_quarter_and_open_windows(hand):
    cube = run("tipoffs_cohorts", hand, **{**Q1, "date_to": D("2018-02-15")}, grain="quarter", data_date=DATA_DATE)
    roll = tc.cohort_rollup(cube)
    assert len(roll) == 1
    r = roll.iloc[0]
    # Q1 cut at 15/02: T1..T6 -> 6 tips; within 30: T1, T2, T5; within 90: and T3 (T6's case is unsolved)
    assert [r["tips"], r["solved_30"], r["solved_90"]] == [6, 3, 4]
    assert r["partial"]  # the quarter is only partly inside the period
    assert str(r["cohort_to"].date()) == "2018-02-15"
    # complete for 90 days counts from 15/02, the cohort's last day inside the period: 16/05 <= 30/06
    assert r["complete_90"] and not r["complete_180"]


def test_days_to_solved_by_hand(hand):
    cube = run("tipoffs_cohorts", hand, **Q1, grain="year", data_date=DATA_DATE)
    bins = tc.day_bins(cube).set_index("lo")
    # T5 −5 d (before), T2 10 d (8–14), T1 15 d (15–30), T3 85 d (61–90)
    assert bins["tips"].tolist() == [1, 0, 1, 1, 0, 1, 0, 0, 0]
    assert tc.median_bin(tc.day_bins(cube)) == "8–14 ngày"  # cumulative 25% after "before", 50% after 8–14


def test_conversion_by_commune_and_funnel_plot_by_hand(hand):
    areas = run("tipoffs_conversion_by_area", hand, **Q1)
    assert len(areas) == 91  # every commune of Bình Dương on the old map, one row each
    got = areas.set_index("area_code")
    # A: T1 T2 T3 T7 T8 (valuable 4, solved 3); B: T4 T5 T6 T9 (valuable 2, solved 1)
    assert got.loc[A, ["tips", "valuable", "solved"]].tolist() == [5, 4, 3]
    assert got.loc[B, ["tips", "valuable", "solved"]].tolist() == [4, 2, 1]
    assert got["tips"].isna().sum() == 89  # no tips is no data, not zero
    # the country: 9 + Hà Nội's T14, T15 -> 11 tips, 7 valuable, 5 solved (T14's case solved 01/03)
    assert got.loc[A, ["national_tips", "national_valuable", "national_solved"]].tolist() == [11, 7, 5]
    rates = tf.area_rates(areas, "conversion").set_index("area_code")
    assert rates.loc[A, "rate"] == pytest.approx(3 / 5) and rates.loc[A, "p0"] == pytest.approx(5 / 11)
    # expected events n·p0 = 5·5/11 ≈ 2.3 < 5: too few to classify
    assert rates.loc[A, "flag"] == "too_few"
    pop = run("tipoffs_commune_population", hand, map="2024", province="74")
    per = tf.area_rates(areas, "per100k", pop).set_index("area_code")
    assert per.loc[A, "rate"] == pytest.approx(5 * 1e5 / 10_000) and per.loc[B, "rate"] == pytest.approx(4 * 1e5 / 20_000)


def test_this_quarter_against_last_year_by_hand(hand):
    last = run("tipoffs_period_summary", hand, **{**Q1, "date_from": D("2017-01-01"), "date_to": D("2017-03-31")}).iloc[0]
    # Q1 2017: T16 (valuable, C8 solved 20/02/2017: 1 arrest), T17 -> solved in period: C8
    assert last[["tips", "valuable_tips", "tips_with_solved_case", "cases_solved", "arrests",
                 "period_cases_solved"]].tolist() == [2, 1, 1, 1, 1, 1]
    now = run("tipoffs_period_summary", hand, **Q1).iloc[0]
    table = tp.compare_table(now, last).set_index("metric")
    row = table.loc["Tin báo tiếp nhận"]
    assert (row["now"], row["last"]) == (9, 2) and row["change_text"] == "+350,0%"
    assert row["note"].startswith("⚠ Số quá nhỏ")  # 9 and 2, both below 20


def _app(query):
    at = open_app(query, "antq/features/tipoffs/page.py", timeout=120)
    assert not at.exception, at.exception
    return at


QUERY = {"from": "2018-01-01", "to": "2018-03-31", "map": "2024", "province": "74"}


def test_the_page_shows_the_hand_made_answers(hand):
    at = _app(QUERY)
    assert at.query_params["snapshot"] == "hand"
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"Tin báo tiếp nhận": "9", "Tin có giá trị": "6", "Tin dẫn tới vụ đã phá": "4", "Vụ đã phá": "3",
                     "Đối tượng bị bắt": "6", "Súng thu giữ": "1", "Vũ khí thô sơ thu giữ": "5"}
    captions = " ".join(c.value for c in at.caption)
    assert "66,7% số tin tiếp nhận" in captions  # 6 / 9
    assert "75,0% trong 4 vụ có tin dẫn tới" in captions  # 3 / 4
    assert "100,0 / 100 tin có giá trị" in captions  # 6 arrests / 6 valuable tips
    readings = at.dataframe[1].value
    assert readings.iloc[1, 1:5].tolist() == ["3", "9", "1", "6"]  # solved in the quarter: C1, C4, C7
    assert "33,3 ⚠" in readings.iloc[1, 5]  # 3 / 9 tips: labelled as the other ratio

    at.radio(key="tipoffs_section").set_value("cohorts").run()
    cohorts = at.dataframe[0].value
    assert cohorts.iloc[:, 0].tolist() == ["01/2018", "02/2018", "03/2018"]
    assert cohorts.iloc[0, 3] == "50,0% (2)" and cohorts.iloc[0, 4] == "75,0% (3)"
    assert all("chưa trọn (180 ngày)" in s for s in cohorts.iloc[:, -1])

    at.radio(key="tipoffs_section").set_value("periods").run()
    cmp = at.dataframe[0].value.set_index("Chỉ tiêu")
    assert cmp.loc["Tin báo tiếp nhận"].tolist()[:3] == ["9", "2", "+350,0%"]
    assert cmp.loc["Vụ phá trong kỳ (theo ngày phá)"].tolist()[:2] == ["3", "1"]
