"""The tip-off page's builders are pure: tested here on small frames, without Streamlit or data."""
import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from antq.features.tipoffs import cohorts as tc
from antq.features.tipoffs import figures as ct
from antq.features.tipoffs import funnel_plot as tf
from antq.features.tipoffs import periods as tp
from antq.features.tipoffs import tables as tt
FUNNEL = {"tips": 9436, "valuable_tips": 5003, "tips_with_case": 2916, "tips_with_solved_case": 2759, "cases": 2272,
          "cases_solved": 2144, "arrests": 3630, "guns": 21, "primitive_weapons": 501, "median_days_to_solve": 28.0}


def test_funnel_steps_rates_and_figure():
    steps = tc.funnel_steps(FUNNEL).set_index("step")
    assert steps["count"].tolist() == [9436, 5003, 2759, 2144, 3630, 21, 501]
    assert steps.loc["valuable", "rate"] == "53,0%"         # 5003 / 9436
    assert steps.loc["linked_solved", "rate"] == "55,1%"    # 2759 / 5003
    assert steps.loc["cases_solved", "rate"] == "94,4%"     # 2144 / 2272
    assert steps.loc["arrests", "rate"] == "72,6"           # per 100 valuable tips
    assert steps.loc["guns", "rate"] == "0,42"              # small values keep two decimals
    fig = ct.funnel_figure(tc.funnel_steps(FUNNEL), title="T", footer="Nguồn: x · Bộ dữ liệu y · DỮ LIỆU MÔ PHỎNG")
    assert isinstance(fig.data[0], go.Funnel) and list(fig.data[0].x) == [9436, 5003, 2759, 2144, 3630]
    assert list(fig.data[0].text) == ["9.436", "5.003", "2.759", "2.144", "3.630"]
    assert fig.layout.separators == ",."
    assert "DỮ LIỆU MÔ PHỎNG" in fig.layout.annotations[0].text  # the footer travels with an exported image
    en = tc.funnel_steps(FUNNEL, "en").set_index("step")
    assert en.loc["valuable", "rate"] == "53.0%" and en.loc["tips", "label"] == "Tips received"


def _cube(rows):
    cols = ["cohort", "cohort_from", "cohort_to", "cohort_last", "channel", "category", "day_bin", "tips", "valuable",
            "complete_30", "complete_90", "complete_180", "complete_ever"]
    return pd.DataFrame(rows, columns=cols)


def test_cohort_rollup_sums_channels_and_bins_and_marks_partial_cohorts():
    d = dt.date
    jan = (d(2024, 1, 1), d(2024, 1, 10), d(2024, 1, 31), d(2024, 1, 31))
    feb = (d(2024, 2, 1), d(2024, 2, 1), d(2024, 2, 29), d(2024, 2, 29))
    cube = _cube([
        (*jan, "Trực tiếp", "Ma túy", None, 6, 2, True, True, True, True),       # no solved case
        (*jan, "Trực tiếp", "Ma túy", 3, 1, 1, True, True, True, True),          # 15-30 days
        (*jan, "Trực tiếp", "Ma túy", 5, 2, 2, True, True, True, True),          # 61-90 days
        (*jan, "Trực tiếp", "Ma túy", 7, 1, 1, True, True, True, True),          # 181-365 days
        (*jan, "Ứng dụng VNeID", "Ma túy", None, 24, 4, True, True, True, True),
        (*jan, "Ứng dụng VNeID", "Ma túy", 0, 2, 2, True, True, True, True),     # solved before the tip
        (*jan, "Ứng dụng VNeID", "Ma túy", 4, 4, 4, True, True, True, True),     # 31-60 days
        (*feb, "Trực tiếp", "Kinh tế", None, 20, 5, True, False, False, False),
    ])
    roll = tc.cohort_rollup(cube)
    assert roll["tips"].tolist() == [40, 20] and roll["valuable"].tolist() == [16, 5]
    assert roll["solved_30"].tolist() == [3, 0]     # bins 0..3: 2 + 1
    assert roll["solved_90"].tolist() == [9, 0]     # bins 0..5: + 4 + 2
    assert roll["solved_180"].tolist() == [9, 0]
    assert roll["solved_ever"].tolist() == [10, 0]  # every bin: + 1
    assert roll["share_90"].tolist() == [9 / 40, 0.0]
    assert roll["partial"].tolist() == [True, False]  # January starts on the 10th in the period
    fig = ct.cohort_figure(roll, grain="month")
    dotted = [tr for tr in fig.data if tr.line.dash == "dot"]
    assert dotted, "an incomplete cohort must be drawn differently"
    assert fig.layout.yaxis.tickformat == ".0%" and fig.layout.xaxis.tickformat == "%m/%Y"
    # January is complete for 90 days, February is not: the solid 90-day line stops at January
    solid90 = next(tr for tr in fig.data if tr.name == "trong 90 ngày" and tr.line.dash is None)
    assert not math.isnan(solid90.y[0]) and math.isnan(solid90.y[1])
    assert tc.cohort_label(pd.Timestamp("2024-05-01"), "quarter") == "Q2/2024"
    assert tc.cohort_label(pd.Timestamp("2024-05-01"), "month") == "05/2024"
    pc = tc.per_capita(roll, 1_000_000)
    # January: 40 tips over 22 days in the period, annualised, per 100,000 of 1,000,000 residents
    assert pc["per_100k_year"].iloc[0] == pytest.approx(40 / 22 * 365.25 / 10)
    assert tc.per_capita(roll, None)["per_100k_year"].isna().all()  # no population, no rate
    b = tc.breakdown(cube, "channel").set_index("channel")
    assert b.loc["Trực tiếp", "tips"] == 30 and b.loc["Trực tiếp", "conversion"] == pytest.approx(4 / 30)
    assert b.loc["Ứng dụng VNeID", "solved_90"] == 6
    assert isinstance(ct.heatmap_figure(cube).data[0], go.Heatmap)
    mix = ct.channel_mix_figure(cube, grain="month")
    assert [tr.name for tr in mix.data] == ["Trực tiếp", "Ứng dụng VNeID"]  # channels in their fixed order
    bins = tc.day_bins(cube).set_index("bin")
    assert bins["tips"].tolist() == [2, 0, 0, 1, 4, 2, 0, 1, 0]
    assert tc.median_bin(tc.day_bins(cube)) == "31–60 ngày"  # cumulative 30% after 15–30, 70% after 31–60


def test_day_bins_labels_shares_and_figure():
    d = dt.date(2024, 1, 1)
    cube = _cube([(d, d, d, d, "Trực tiếp", "Hình sự", b, n, n, True, True, True, True)
                  for b, n in [(0, 1), (1, 5), (2, 4), (3, 5), (4, 6), (7, 7), (8, 8), (None, 100)]])
    bins = tc.day_bins(cube).set_index("bin")
    assert bins.loc["Phá trước khi nhận tin", "tips"] == 1
    assert bins.loc["0–7 ngày", "tips"] == 5 and bins.loc["8–14 ngày", "tips"] == 4
    assert bins.loc["15–30 ngày", "tips"] == 5 and bins.loc["31–60 ngày", "tips"] == 6
    assert bins.loc["181–365 ngày", "tips"] == 7 and bins.loc["Trên 365 ngày", "tips"] == 8
    assert bins["tips"].sum() == 36  # tips with no solved case are not in the distribution
    assert bins["share"].sum() == pytest.approx(1) and bins["cumulative"].iloc[-1] == pytest.approx(1)
    assert [lo for lo, _ in tc.DAY_BINS][1:4] == [0, 8, 15] and tc.WINDOW_BINS == {30: 3, 90: 5, 180: 6}
    assert tc.DAY_BINS[tc.WINDOW_BINS[30]][1] == 30 and tc.DAY_BINS[tc.WINDOW_BINS[90]][1] == 90
    assert tc.DAY_BINS[tc.WINDOW_BINS[180]][1] == 180
    fig = ct.days_figure(tc.day_bins(cube))
    assert fig.data[0].text[1] == "5 (13,9%)"  # counts beside shares
    empty = tc.day_bins(cube.iloc[0:0])
    assert empty["tips"].sum() == 0 and tc.median_bin(empty) is None


def _areas(rows, national=(10_000, 5_000, 2_000)):
    df = pd.DataFrame(rows, columns=["area_code", "area_name", "tips", "valuable", "solved"])
    df["population"] = None
    df["national_tips"], df["national_valuable"], df["national_solved"] = national
    return df


def test_funnel_plot_classification_against_the_national_rate():
    # national conversion p0 = 2000 / 10000 = 20%
    areas = _areas([("01", "Hà Nội", 2000, 1000, 300),     # 15%, n large: z = -5.6 -> clearly below
                    ("02", "Hà Giang", 30, 15, 3),         # 10%, n small: within the limits
                    ("04", "Cao Bằng", 400, 200, 98),      # 24.5%: z = 2.25 -> above 95% only
                    ("06", "Bắc Kạn", 10, 5, 5),           # expected 2 events < 5: too few
                    ("08", "Tuyên Quang", None, None, None)])  # no tips: no verdict
    r = tf.area_rates(areas, "conversion").set_index("area_code")
    assert r["p0"].iloc[0] == pytest.approx(0.2)
    assert r.loc["01", "flag"] == "below_998" and r.loc["02", "flag"] == "within"
    assert r.loc["04", "flag"] == "above_95" and r.loc["06", "flag"] == "too_few"
    assert pd.isna(r.loc["08", "flag"]) and pd.isna(r.loc["08", "rate"])
    sov = tf.area_rates(areas, "solved_of_valuable").set_index("area_code")
    assert sov.loc["01", "rate"] == pytest.approx(0.3) and sov["p0"].iloc[0] == pytest.approx(0.4)
    lim = tf.control_limits(0.2, 10, 10_000)
    assert (lim["lo_998"] <= lim["lo_95"]).all() and (lim["hi_95"] <= lim["hi_998"]).all()
    assert lim["hi_95"].iloc[-1] == pytest.approx(0.2 + 1.959964 * math.sqrt(0.2 * 0.8 / 10_000))
    assert lim["lo_998"].min() >= 0 and lim["hi_998"].max() <= 1
    fig = ct.funnel_plot_figure(r.reset_index(), rate_label="Tỷ lệ", volume_label="Số tin", scope_rate=0.18)
    assert fig.layout.xaxis.type == "log"
    names = [tr.name for tr in fig.data]
    assert "Giới hạn 95%" in names and "Giới hạn 99,8%" in names and "Toàn quốc: 20,0%" in names
    assert "Tỉnh đang xem: 18,0%" in names and "Thấp hơn rõ rệt (ngoài 99,8%)" in names
    table = tf.area_table(r.reset_index(), "conversion", place_label="Tỉnh")
    assert table["Tỉnh"].tolist()[0] == "Hà Nội"        # weakest (clearly below) first
    assert table["Tỉnh"].tolist()[-1] == "Tuyên Quang"  # no data last
    assert table.iloc[0]["Tin tiếp nhận"] == "2.000"    # counts beside the rate, Vietnamese format
    assert table.iloc[-1]["Tỷ lệ tin dẫn tới vụ đã phá"] == "–" and table.iloc[-1]["So với toàn quốc"] == "–"


def test_per_100k_uses_the_population_given():
    areas = _areas([("00001", "Phường Phúc Xá", 50, 20, 10), ("00004", "Phường Trúc Bạch", 5, 1, 0)])
    pop = pd.DataFrame({"area_code": ["00001"], "population": [25_000], "basis": ["x"]})
    r = tf.area_rates(areas, "per100k", pop).set_index("area_code")
    assert r.loc["00001", "rate"] == pytest.approx(200.0)
    assert pd.isna(r.loc["00004", "rate"])  # no population: no rate (grey on the map), not zero


def test_change_rule_small_counts_and_poisson_test():
    assert tp.change_note(12, 5).startswith("⚠ Số quá nhỏ")               # both below 20
    assert tp.change_note(21, 19).startswith("⚠ Chưa đủ để kết luận")     # 21 vs 19: p ≈ 0.87
    assert tp.change_note(5003, 3745) == ""                                 # a real change
    assert tp.poisson_change_p(21, 19) == pytest.approx(0.8746, abs=1e-3)   # exact binomial, two-sided
    assert tp.poisson_change_p(10, 0) == pytest.approx(2 * 0.5 ** 10)
    assert tp.poisson_change_p(0, 0) == 1.0
    # the normal approximation above 5,000 agrees with the exact test near the boundary
    assert tp.poisson_change_p(2600, 2450) == pytest.approx(0.0366, abs=2e-3)
    assert tp.proportion_change_p(50, 100, 50, 100) == pytest.approx(1.0)
    assert tp.proportion_change_p(60, 100, 40, 100) < 0.01


def test_compare_table_changes_and_rates():
    now = {**FUNNEL, "period_cases_solved": 2144, "period_arrests": 3630, "period_guns": 21, "period_primitive_weapons": 501}
    last = {**FUNNEL, "tips": 9051, "valuable_tips": 3745, "guns": 19, "period_cases_solved": 2011,
            "period_arrests": 3531, "period_guns": 21, "period_primitive_weapons": 359}
    t = tp.compare_table(now, last).set_index("metric")
    assert t.loc["Tin báo tiếp nhận", "change_text"] == "+4,3%"
    assert t.loc["Tin có giá trị", "note"] == ""
    assert t.loc["Súng thu giữ", "note"].startswith("⚠ Chưa đủ")
    assert t.loc["Súng (vụ phá trong kỳ)", "change_text"] == "±0,0%"
    rate = t.loc["Tỷ lệ tin có giá trị"]
    assert rate["kind"] == "rate" and rate["change_text"].endswith("điểm %")
    shown = tp.compare_display(t.reset_index(), now_label="Kỳ này", last_label="Năm trước").set_index("Chỉ tiêu")
    assert shown.loc["Tin báo tiếp nhận", "Kỳ này"] == "9.436"
    assert shown.loc["Tỷ lệ tin có giá trị", "Kỳ này"] == "53,0%"
    assert shown.loc["Tin có giá trị", "Đọc được không?"].startswith("✓")


def test_readings_label_the_other_ratio():
    sp = {"cases_solved": 2144, "arrests": 3630, "guns": 21, "primitive_weapons": 501}
    r = tt.readings_table(FUNNEL, sp)
    assert r.iloc[0, -1] == "22,7" and "tỷ số khác" in r.iloc[1, -1]
    assert tp.open_cohort_warning(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert not tp.open_cohort_warning(dt.date(2018, 12, 31), dt.date(2026, 10, 31))
    pop = pd.DataFrame({"population_basis": ["GSO 2023", "NQ 202/2025"], "provinces": [11, 23],
                        "population": [1, 2], "scope_population": [101_000_000] * 2, "provinces_missing": [0, 0]})
    words = tt.population_words(pop, "Toàn quốc")
    assert "101.000.000" in words and "GSO 2023 (11 tỉnh)" in words and "NQ 202/2025 (23 tỉnh)" in words


def test_every_text_key_the_page_builds_exists_in_both_languages():
    import re
    from pathlib import Path

    from antq.features.tipoffs.texts import TEXT
    assert all(vi and en for vi, en in TEXT.values())
    built = ([f"tipoffs_flag_{f}" for f in tf.FLAGS] + [f"tipoffs_metric_{m}" for m in tf.RATES]
             + ["tipoffs_metric_per100k"] + [f"tipoffs_step_{s}" for s in tc.funnel_steps(FUNNEL)["step"]]
             + [f"tipoffs_section_{s}" for s in ("funnel", "cohorts", "where", "works", "periods")]
             + [f"tipoffs_grain_{g}" for g in ("month", "quarter", "year")]
             + [f"tipoffs_by_{b}_title" for b in ("channel", "category")] + ["tipoffs_col_channel", "tipoffs_col_category"]
             + ["tipoffs_level_province", "tipoffs_level_commune"])
    root = Path(__file__).resolve().parents[2]
    source = "".join(p.read_text() for p in sorted((root / "antq/features/tipoffs").glob("*.py")) if p.name != "texts.py")
    literal = set(re.findall(r't\("(tipoffs_[a-z0-9_]+)"', source))
    missing = sorted((set(built) | literal) - TEXT.keys())
    assert not missing, missing
