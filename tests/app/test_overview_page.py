"""Tổng quan under AppTest: the headline figures are the generic queries' answers (the detailed pages'
numbers) for the same selection, each control of the page works and goes into the URL, and an area
that has not reported is listed and drawn as missing on the map."""
import datetime as dt
import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from antq.features.overview import metrics as cm
from antq.view import model
from antq.data import db, snapshots
from antq import fmt
from tests.conftest import ROOT
from apptest import open_app

D = dt.date
PAGE = "antq/features/overview/page.py"


def app(query: dict | None = None) -> AppTest:
    """The page opened from a link, signed in (tests/apptest.py)."""
    at = open_app(query, PAGE)
    assert not at.exception, at.exception
    return at


def cards(at) -> dict:
    return {m.label: m for m in at.metric}


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [i.value for i in at.info])


def map_spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def generic(snap, map_, province, d_from, d_to, name, **kw):
    return db.run(name, snapshot_dir=snap, map=map_, province=province, model_types=[], as_of=d_to,
                  **{"date_from": d_from, "date_to": d_to, **kw})


@pytest.mark.parametrize("query,map_,province,d_from,d_to", [
    ({}, "2025", None, D(2026, 1, 1), D(2026, 10, 31)),
    ({"map": "2024", "province": "74", "from": "2018-01-01", "to": "2018-12-31"}, "2024", "74", D(2018, 1, 1), D(2018, 12, 31)),
])
def test_headline_figures_equal_the_generic_queries(built_data, query, map_, province, d_from, d_to):
    at = app(query)
    c = cards(at)
    g = lambda name, **kw: generic(built_data, map_, province, d_from, d_to, name, **kw).iloc[0]  # noqa: E731
    ly = lambda name: generic(built_data, map_, province, D(d_from.year - 1, d_from.month, d_from.day),  # noqa: E731
                              D(d_to.year - 1, d_to.month, d_to.day), name).iloc[0]
    d = fmt.date(d_to)
    covered, funnel = g("model_communes_covered"), g("tip_funnel")
    assert c[f"Xã có mô hình (tại {d})"].value == fmt.number(covered["communes_covered"])
    assert c[f"Mô hình hiệu quả (tại {d})"].value == fmt.number(g("models_effective")["models_effective"])
    assert c["Tin báo tiếp nhận"].value == fmt.number(funnel["tips"])
    assert c["Tin dẫn tới vụ đã phá"].value == fmt.percent(funnel["tips_with_solved_case"] / funnel["tips"])
    years = generic(built_data, map_, province, d_from, d_to, "festival_year_summary")
    assert c["Điểm tổ chức Ngày hội"].value == fmt.number(years["sites"].sum())
    # a million and more: the short form, the exact number on hover
    shown, exact = fmt.headline(years["participants"].sum())
    assert (c["Người dự Ngày hội"].value, c["Người dự Ngày hội"].proto.help) == (shown, exact or "")
    assert c["Buổi tuyên truyền"].value == fmt.number(g("activities_totals")["propaganda_sessions"])
    year = model.safety_year_for(d_to)
    safety = generic(built_data, map_, province, D(year, 12, 1), D(year, 12, 31), "safety_share_by_year").iloc[0]
    assert c[f"Đạt chuẩn an toàn về ANTT (năm {year})"].value == fmt.percent(safety["share"])
    # the change is against the same generic query a year earlier
    diff = funnel["tips"] - ly("tip_funnel")["tips"]
    assert fmt.number(abs(diff)) in c["Tin báo tiếp nhận"].delta
    assert fmt.number(covered["communes_total"]) in texts(at)
    assert "Tỷ lệ tin có giá trị" in at.dataframe[0].value.iloc[:, 0].tolist()  # the CompStat table


def test_a_period_without_a_year_earlier_says_so(built_data):
    at = app({"from": "2013-01-01", "to": "2013-12-31"})
    assert all(m.delta in ("không có số liệu cùng kỳ", "") for m in at.metric)
    assert "Thay đổi so với cùng kỳ năm trước (01/01/2012 – 31/12/2012)" in texts(at)


def test_every_figure_can_be_mapped_nationally_and_inside_a_province(built_data):
    for query, n_areas in (({}, 34), ({"province": "79"}, 168)):
        at = app(query)
        for key in cm.METRICS:
            at.selectbox(key="overview_metric").set_value(key).run()
            assert not at.exception, (key, at.exception)
            assert at.query_params["metric"] == key
            spec = map_spec(at)
            drawn = sum(len(d.get("locations", [])) for d in spec["data"] if d.get("name") != "labels")
            assert drawn == n_areas, key
            shown = "active_sites" if query and key == "coverage" else key
            assert spec["data"][0]["name"] == cm.metric_label(shown, "capita", "vi"), key


def test_map_figure_from_the_url_and_a_bad_one(built_data):
    at = app({"metric": "festival_participants"})
    assert at.selectbox(key="overview_metric").value == "festival_participants"
    assert map_spec(at)["data"][0]["name"] == "Người dự Ngày hội / 1.000 dân"
    at = open_app({"metric": "nonsense"})  # the overview is the page the root URL opens, as in a browser
    assert not at.exception
    assert at.selectbox(key="overview_metric").value == "tips"
    assert "Tham số «metric=nonsense»" in texts(at)


def test_the_extremes_are_the_provinces_furthest_from_the_national_level(built_data):
    at = app({"metric": "tips"})
    table = at.dataframe[1].value
    area = cm.area_table(*[db.run(f"overview_{q}_by_area", snapshot_dir=built_data, map="2025", province=None,
                                  **{"date_from": D(2026, 1, 1), "date_to": D(2026, 10, 31)}, as_of=D(2026, 10, 31), safety_year=2025)
                           for q in ("models", "tips", "festival", "activities")],
                         population=db.run("compare_province_population", snapshot_dir=built_data, map="2025")
                         .rename(columns={"province_code": "area_code"}))
    want = cm.extremes(area, "tips", "capita")
    assert table.iloc[:, 0].tolist() == want["area_name"].tolist() and len(table) == 10
    assert f"Mức toàn quốc: {cm.format_value('tips', cm.overall(area, 'tips'), 'vi')}" in texts(at)


@pytest.fixture()
def unreported(built_data, snapshots_root):
    """The demo snapshot with Lai Châu (12) sending no activity report in 2026 and Hà Nội (01) none
    after April 2026 (2025 map); every other table as it is."""
    snap = snapshots_root / "demo"
    snap.mkdir()
    for f in built_data.iterdir():
        if f.suffix == ".parquet" and f.name != "activities.parquet":
            (snap / f.name).symlink_to(f)
    out = snap / "activities.parquet"
    cur = db.connection(built_data).cursor()
    cur.execute(f"""COPY (SELECT a.* FROM activities a WHERE NOT EXISTS (
        SELECT 1 FROM placement p WHERE p.admin_era = a.admin_era AND p.commune_code = a.commune_code AND p.map = '2025'
          AND ((p.map_province_code = '12' AND a.month >= DATE '2026-01-01')
               OR (p.map_province_code = '01' AND a.month >= DATE '2026-05-01')))
        ) TO '{out}' (FORMAT parquet)""")
    manifest = json.loads((built_data / "manifest.json").read_text())
    import pyarrow.parquet as pq
    manifest["tables"]["activities"].update(rows=pq.ParquetFile(out).metadata.num_rows, sha256=snapshots.sha256_of(out),
                                            bytes=out.stat().st_size)
    (snap / "manifest.json").write_text(json.dumps(manifest))
    assert os.environ["ANTQ_SNAPSHOTS_DIR"] == str(snapshots_root)
    return snap


@pytest.mark.slow  # writes a snapshot without some reports
def test_unreported_areas_are_listed_and_missing_on_the_map(unreported):
    at = app({"metric": "propaganda_sessions"})
    body = texts(at)
    assert "32/34 tỉnh, thành đã báo cáo đủ 10 tháng" in body
    assert "Chưa gửi báo cáo hoạt động nào trong kỳ: Lai Châu" in body
    assert "Báo cáo chưa đủ tháng: Hà Nội (4/10 tháng)" in body
    spec = map_spec(at)
    no_data = [d for d in spec["data"] if d.get("name") == "Không có số liệu"]
    assert no_data and no_data[0]["locations"] == ["12"]
    assert "12" not in spec["data"][0]["locations"]
    # the headline is still the generic query's answer on this snapshot
    totals = db.run("activities_totals", snapshot_dir=unreported, map="2025", province=None,
                    **{"date_from": D(2026, 1, 1), "date_to": D(2026, 10, 31)}).iloc[0]
    assert cards(at)["Buổi tuyên truyền"].value == fmt.number(totals["propaganda_sessions"])
    # tips were received there all the same: the tips map shows Lai Châu
    at.selectbox(key="overview_metric").set_value("tips").run()
    assert "12" in map_spec(at)["data"][0]["locations"]
