"""The overview's and compare page's pure builders, on small hand-made frames with worked answers."""
import datetime as dt
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from antq.figures import charts
from antq.view import model
from antq.features.overview import comparison as cmp
from antq.features.overview import compstat as cs
from antq.features.overview import figures as co
from antq.features.overview import metrics as cm
D = dt.date


def _areas():
    """Three provinces: A and B reported, C sent no activity report and has no rows but tips."""
    codes, names = ["01", "02", "03"], ["Hà Nội", "Bắc Kạn", "Cà Mau"]
    act = pd.DataFrame({"area_code": codes, "area_name": names, "months_reported": [10, 10, 0],
                        "propaganda_sessions": [100, None, None], "propaganda_participants": [5000, None, None],
                        "safety_units_assessed": [200, 50, None], "safety_units_passed": [180, 40, None]})
    models = pd.DataFrame({"area_code": codes, "area_name": names, "communes_total": [100, 40, 60],
                           "communes_covered": [90, None, None], "active_sites": [500, None, None],
                           "effective_models": [40, None, None]})
    tips = pd.DataFrame({"area_code": codes, "area_name": names, "tips": [2000, 20, 300],
                         "valuable_tips": [1000, 5, 150], "tips_with_solved_case": [300, 1, 30]})
    fest = pd.DataFrame({"area_code": codes, "area_name": names, "festival_sites": [50, 10, None],
                         "showcase_sites": [5, 1, None], "participants": [20000, 3000, None],
                         "communes_holding": [45, 10, None]})
    pop = pd.DataFrame({"area_code": codes, "population": [2_000_000, 200_000, 1_000_000],
                        "population_basis": ["GSO 2023"] * 3})
    return cm.area_table(models, tips, fest, act, population=pop)


def test_area_table_keeps_no_data_apart_from_zero():
    t = _areas().set_index("area_code")
    assert t.loc["02", "communes_covered"] == 0 and t.loc["02", "propaganda_sessions"] == 0  # reported, none counted
    assert math.isnan(t.loc["03", "communes_covered"]) and math.isnan(t.loc["03", "festival_sites"])  # not reported
    assert t.loc["03", "tips"] == 300  # rows present always count (areas add up to the generic totals)
    assert math.isnan(t.loc["03", "safety_units_assessed"])


def test_values_overall_ranks_and_gaps():
    t = _areas()
    tips = cm.values(t, "tips", "capita")
    assert list(tips.round(4)) == [1.0, 0.1, 0.3]
    assert cm.overall(t, "tips", "capita") == pytest.approx(2320 / 3200)
    assert list(cm.values(t, "tips", "commune").round(3)) == [20.0, 0.5, 5.0]
    share = cm.values(t, "valuable_share")
    assert share.iloc[0] == 0.5 and cm.overall(t, "valuable_share") == pytest.approx(1155 / 2320)
    # Bắc Kạn rests on 20 tips: not ranked, so it cannot top a list by chance
    r = cm.ranks(t, "valuable_share")
    assert r.iloc[0] == 1 and math.isnan(r.iloc[1]) and r.iloc[2] == 1
    assert cm.gaps(t, "valuable_share").iloc[0] == pytest.approx(0.5 - 1155 / 2320)
    assert cm.gaps(t, "tips", "capita").iloc[0] == pytest.approx(1.0 / (2320 / 3200) - 1)
    assert math.isnan(cm.values(t, "coverage").iloc[2])  # not reported: no value, grey on the map


def test_extremes_leave_out_small_counts_and_missing_areas():
    ext = cm.extremes(_areas(), "tips", "capita", n=5)
    assert list(ext["area_code"]) == ["01", "03"]  # 02 has 20 tips (< 30)
    assert list(ext["side"]) == ["above", "below"]
    share = cm.extremes(_areas(), "valuable_share").set_index("area_code")
    assert share.loc["01", "count"] == 1000 and share.loc["01", "support"] == 2000  # counted tips beside their base


def test_reporting_lists_missing_and_incomplete_in_vietnamese_order():
    t = pd.DataFrame({"area_name": ["Đà Nẵng", "An Giang", "Bắc Ninh", "Cà Mau"], "months_reported": [10, 0, 4, 0]})
    rep = cm.reporting(t, 10)
    assert rep == {"complete": 1, "total": 4, "none": ["An Giang", "Cà Mau"], "partial": [("Bắc Ninh", 4)]}
    assert cm.months_between(D(2026, 1, 15), D(2026, 10, 31)) == 10


@pytest.mark.parametrize("now,before,kw,mark", [
    (1200, 1000, {}, ""), (1040, 1000, {}, "noise"), (12, 5, {}, "small"), (None, 5, {}, None),
    (50, None, {}, "nobase"), (900, 1000, {"chance_test": False}, ""),
    (20000, 19000, {"support_now": 10, "support_before": 12, "chance_test": False}, "small")])
def test_count_change_marks(now, before, kw, mark):
    ch = cs.count_change(now, before, **kw)
    assert (ch.mark or "") == (mark or "")
    if now and before:
        assert ch.diff == now - before and ch.pct == pytest.approx((now - before) / before)


def test_share_change_in_points_with_a_two_proportion_test():
    big = cs.share_change(1500, 10000, 1300, 10000)
    assert big.diff == pytest.approx(0.02) and big.mark is None and big.pct is None
    assert cs.share_change(52, 100, 50, 100).mark == "noise"
    assert cs.share_change(5, 10, 2, 10).mark == "small"
    assert cs.share_change(5, 10, 0, None).mark == "nobase"


def _generic():
    one = lambda **kw: pd.DataFrame([kw])  # noqa: E731
    return dict(
        covered=one(communes_covered=3312, communes_total=3321), covered_ly=one(communes_covered=3310, communes_total=3321),
        effective=one(models_effective=5557), effective_ly=one(models_effective=5102),
        funnel=one(tips=601143, valuable_tips=272467, tips_with_solved_case=88651, cases_solved=70663),
        funnel_ly=one(tips=560968, valuable_tips=255000, tips_with_solved_case=96000, cases_solved=80000),
        festival=pd.DataFrame({"year": [2026], "sites": [120912], "showcase_sites": [5219], "participants": [43382815]}),
        festival_ly=pd.DataFrame({"year": [2025], "sites": [119810], "showcase_sites": [5112], "participants": [42940404]}),
        activities=one(propaganda_sessions=18980, propaganda_participants=1797386),
        activities_ly=one(propaganda_sessions=18588, propaganda_participants=1700000),
        safety=pd.DataFrame({"year": [2024, 2025], "units_assessed": [195833, 195568], "units_passed": [184100, 185231]}),
        safety_year=2025)


def test_headlines_take_the_generic_answers_as_they_are():
    h = cs.headlines(has_base=True, **_generic())
    assert h.loc["tips", "now"] == 601143 and h.loc["tips", "diff"] == 601143 - 560968
    assert h.loc["communes_covered", "total"] == 3321
    assert h.loc["festival_sites", "now"] == 120912 and h.loc["festival_sites", "showcase"] == 5219
    assert h.loc["safety_share", "now"] == pytest.approx(185231 / 195568)
    assert h.loc["safety_share", "before"] == pytest.approx(184100 / 195833)
    assert h.loc["solved_share", "now"] == pytest.approx(88651 / 601143)
    assert set(h["mark"]) <= {"", "noise", "small"}
    text = cs.delta_text(h.loc["tips"], "vi")
    assert text == "+7,2% (+40.175) so với cùng kỳ"
    assert cs.delta_text(h.loc["tips"], "vi", short=True) == "+7,2% (+40.175)"
    assert cs.delta_text(h.loc["solved_share"], "vi", short=True).startswith("−")
    table = cs.compstat_table(h, "vi", {k: k for k in h.index})
    assert list(table.iloc[2][["Kỳ này", "Cùng kỳ năm trước"]]) == ["601.143", "560.968"]
    assert "kỳ gần đây còn ít thời gian phá án" in table.iloc[4]["Ghi chú"]


def test_headline_cards():
    cards = cs.headline_cards(cs.headlines(has_base=True, **_generic()), "vi", "31/10/2026", 2025)
    assert [c["key"] for c in cards][:3] == ["communes_covered", "models_effective", "tips"] and len(cards) == 8
    tips, solved = cards[2], cards[3]
    assert (tips["value"], tips["delta"], tips["colour"], tips["arrow"]) == ("601.143", "+7,2% (+40.175)", "normal", "auto")
    assert tips["sub"] == "272.467 tin có giá trị (45,3%)"
    assert solved["delta"].startswith("-") and solved["colour"] == "off"  # a recent cohort: not judged red
    assert cards[0]["sub"] == "99,7% trong 3.321 xã" and cards[6]["label"] == "Đạt chuẩn an toàn về ANTT (năm 2025)"
    no_august = _generic() | {"festival": pd.DataFrame(columns=["year", "sites", "showcase_sites", "participants"])}
    cards = cs.headline_cards(cs.headlines(has_base=True, **no_august), "vi", "31/03/2026", 2025)
    assert cards[4]["value"] == "–" and cards[4]["delta"] is None and "tháng 8" in cards[4]["sub"]


def test_headlines_without_a_base_say_so():
    h = cs.headlines(has_base=False, **_generic())
    assert h.loc["tips", "mark"] == "nobase" and pd.isna(h.loc["tips", "before"])
    assert cs.delta_text(h.loc["tips"], "vi") == "không có số liệu cùng kỳ"


def test_merged_communes_note_only_on_the_old_map_past_the_reform():
    assert cm.merged_communes_apart("2024", "74", D(2025, 7, 1))
    assert not cm.merged_communes_apart("2024", "74", D(2025, 6, 30))
    assert not cm.merged_communes_apart("2024", None, D(2026, 1, 1))
    assert not cm.merged_communes_apart("2025", "79", D(2026, 1, 1))


def test_safety_year_and_trend_window():
    assert model.safety_year_for(D(2026, 10, 31)) == 2025
    assert model.safety_year_for(D(2018, 12, 31)) == 2018
    assert cmp.trend_window(D(2026, 1, 1), D(2026, 10, 31), D(2013, 1, 1)) == (D(2024, 11, 1), D(2023, 12, 1))
    assert cmp.trend_window(D(2013, 1, 1), D(2026, 10, 31), D(2013, 1, 1)) == (D(2013, 1, 1), D(2013, 1, 1))


def test_trailing_series_sums_twelve_months_and_weights_the_country():
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    monthly = pd.concat([pd.DataFrame({"province_code": c, "month": months, "tips": n, "valuable_tips": n // 2})
                         for c, n in (("01", 10), ("02", 1))])
    monthly = monthly[~((monthly["province_code"] == "02") & (monthly["month"] == "2025-03-01"))]  # no tips that month
    prov = pd.DataFrame({"province_code": ["01", "02"], "province_name": ["A", "B"],
                         "population": [12000, 1000], "communes_total": [10, 2]})
    s = cmp.trailing_series(monthly, "tips", "capita", prov, shown_from=D(2025, 1, 1), query_from=D(2024, 1, 1),
                           date_to=D(2025, 12, 31), codes=["02"])
    nat = s[s["area_code"] == ""].set_index("date")["value"]
    b = s[s["area_code"] == "02"].set_index("date")["value"]
    assert nat[D(2025, 1, 1)] == pytest.approx((120 + 12) * 1000 / 13000)
    assert b[D(2025, 1, 1)] == pytest.approx(12.0) and b[D(2025, 6, 1)] == pytest.approx(11.0)
    assert len(nat) == 12 and s["date"].min() == D(2025, 1, 1)
    share = cmp.trailing_series(monthly, "valuable_share", "capita", prov, shown_from=D(2025, 1, 1),
                               query_from=D(2024, 1, 1), date_to=D(2025, 12, 31), codes=["01"])
    assert share[share["area_code"] == "01"]["value"].iloc[0] == pytest.approx(0.5)


def test_peer_groups_by_region_and_population():
    prov = pd.DataFrame({"province_code": ["01", "02", "03", "04", "05", "06", "07", "08"],
                         "region": ["N", "N", "N", "S", "S", "N", "N", "N"],
                         "population": [8_000_000, 900_000, 7_000_000, 7_500_000, 1_000_000, 500_000, 6_000_000, 300_000]})
    assert cmp.peer_group(prov, "01", "population", n=2) == ["01", "04", "03"]
    assert cmp.peer_group(prov, "01", "region", n=5) == ["01", "03", "07", "02", "06", "08"]
    assert cmp.peer_group(prov, "01", "region", n=2) == ["01", "03", "07"]
    assert cmp.peer_group(prov, "99", "region") == []


def test_compare_table_and_commune_grid_read_like_a_briefing():
    t = _areas()
    tab = cmp.compare_table(t, ["01", "02"], "capita", "vi")
    row = tab[tab["Chỉ tiêu"] == "Tin báo tiếp nhận / 1.000 dân"].iloc[0]
    assert row["Hà Nội"] == "1,00 (2.000) · #1/3" and row["Bắc Kạn"] == "0,100 (20) · ⚠ số nhỏ"
    assert row["Toàn quốc"] == "0,725"
    grid = cmp.commune_grid(t, "tips", "commune", "vi", whole_label="Cả nước")
    assert list(grid["Địa bàn"]) == ["Cả nước", "Hà Nội", "Cà Mau", "Bắc Kạn"]
    assert "Tỷ lệ xã có mô hình (%)" not in grid.columns
    dup = t.assign(area_name=["Xã A", "Xã A", "Xã B"])
    assert list(cmp.compare_table(dup, ["01", "02"], "capita", "vi").columns[1:3]) == ["Xã A (01)", "Xã A (02)"]
    long = cmp.long_table(t, "capita")
    assert len(long) == 3 * len(cm.METRICS) and set(long["metric"]) == set(cm.METRICS)


def test_formatting_of_values_and_gaps():
    assert cm.format_value("tips", 5.391, "vi") == "5,39" and cm.format_value("tips", 0.04991, "vi") == "0,0499"
    assert cm.format_value("tips", 389.4, "vi") == "389" and cm.format_value("coverage", 0.997, "vi") == "99,7%"
    assert cm.format_gap("valuable_share", 0.024, "vi") == "+2,4 điểm %" and cm.format_gap("tips", -0.5, "vi") == "−50,0%"
    assert cm.format_gap("valuable_share", -0.0001, "vi") == "±0,0 điểm %" and cm.format_gap("tips", 0.0004, "en") == "±0.0%"
    assert cm.metric_label("tips", "commune", "en") == "Tips received per commune"


GEO = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": c, "properties": {},
     "geometry": {"type": "Polygon", "coordinates": [[[105 + i, 15], [106 + i, 15], [106 + i, 16], [105 + i, 16], [105 + i, 15]]]}}
    for i, c in enumerate(["01", "02", "03"])]}


def test_map_helpers_keep_the_legend_off_the_map_and_outline_the_choice():
    t = _areas()
    fig = charts.choropleth(t.assign(v=cm.values(t, "coverage")), GEO, code_col="area_code", name_col="area_name",
                            value_col="v", value_label="Tỷ lệ xã có mô hình (%)", height=560)
    fig = co.outline(co.legend_beside(fig, width_px=560), GEO, ["01", "03"])
    data, no_data, labels, chosen = fig.data
    assert list(no_data.locations) == ["03"]  # not reported: grey, its own legend entry
    assert fig.layout.map.domain.x[1] < data.colorbar.x and "<br>" in data.colorbar.title.text
    assert [f["properties"]["name"] for f in labels.geojson["features"]][0].startswith("Quần đảo Hoàng Sa")
    assert list(chosen.locations) == ["01", "03"] and chosen.marker.line.width == 3


def test_figures_are_built_in_vietnamese():
    t = _areas()
    ext = cm.extremes(t, "valuable_share", n=3)
    bars = co.deviation_bars(ext, "valuable_share", "vi")
    assert isinstance(bars, go.Figure) and bars.layout.separators == ",." and "điểm %" in bars.data[0].text[0]
    idx = co.index_chart(t, ["01"], "capita", "vi")
    assert idx.data[1].name == "Hà Nội" and all(np.isfinite(idx.data[0].x))
    series = pd.DataFrame({"date": [D(2025, 1, 1), D(2025, 2, 1)] * 2, "area": ["Toàn quốc"] * 2 + ["Hà Nội"] * 2,
                           "value": [1.0, 1.1, 2.0, 2.1]})
    tr = co.trend_figure(series, ["01"], {"01": "Hà Nội"}, "Toàn quốc", label="x", share=False, lang="vi")
    assert tr.data[0].name == "Toàn quốc" and tr.data[0].line.dash == "dash"
    assert tr.layout.xaxis.tickformat == "%m/%Y"
