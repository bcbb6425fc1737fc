"""The pure builders and parsers of the "Mô hình" page, without Streamlit or a snapshot."""
import datetime as dt
import gzip
import io
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from antq.figures import charts, gate, layers
from antq.figures.export import Caption

from antq.features.models import controls as mc
from antq.features.models import figures as cm
from antq.features.models import sites as ms

from antq import fmt
D = dt.date
MONTHS = mc.month_options(D(2026, 10, 31))


def test_month_options_run_from_january_2013_to_the_data_date():
    assert MONTHS[0] == D(2013, 1, 31) and MONTHS[-1] == D(2026, 10, 31) and len(MONTHS) == 166
    assert D(2016, 2, 29) in MONTHS and all(a < b for a, b in zip(MONTHS, MONTHS[1:]))
    assert mc.month_options(D(2026, 10, 15))[-1] == D(2026, 10, 15)  # a data date mid-month is the last option
    assert mc.as_of_for(D(2018, 6, 15), MONTHS) == D(2018, 6, 30)
    assert mc.as_of_for(D(2030, 1, 1), MONTHS) == MONTHS[-1] and mc.as_of_for(D(2010, 1, 1), MONTHS) == MONTHS[0]


@pytest.mark.parametrize("raw,want", [("2023-07", D(2023, 7, 31)), ("2026-10", D(2026, 10, 31)), ("2013-01", D(2013, 1, 31)),
                                      ("2012-12", None), ("2026-11", None), ("2023-13", None), ("2023", None),
                                      ("abc", None), ("", None), (None, None), ("2023-07-31", None)])
def test_parse_month(raw, want):
    assert mc.parse_month(raw, MONTHS) == want
    if want:
        assert mc.parse_month(mc.month_param(want), MONTHS) == want


def test_parse_types_keeps_catalogue_order_and_refuses_unknown_codes():
    codes = ["tu_quan_antt", "camera_an_ninh", "clb_pctp"]
    assert mc.parse_types("clb_pctp,tu_quan_antt", codes) == ["tu_quan_antt", "clb_pctp"]
    assert mc.parse_types("clb_pctp,x'; DROP", codes) is None
    assert mc.parse_types("", codes) is None and mc.parse_types(None, codes) is None
    assert mc.parse_choice("commune", ("province", "commune")) == "commune" and mc.parse_choice("x", ("a",)) is None


def test_play_steps_through_year_ends_then_stops_at_the_data_date():
    assert mc.next_play_step(D(2019, 3, 31), MONTHS) == D(2019, 12, 31)
    assert mc.next_play_step(D(2019, 12, 31), MONTHS) == D(2020, 12, 31)
    assert mc.next_play_step(D(2025, 12, 31), MONTHS) == D(2026, 10, 31)
    assert mc.next_play_step(D(2026, 10, 31), MONTHS) is None
    assert mc.play_start(D(2026, 10, 31), MONTHS) == D(2013, 12, 31)  # at the end, play starts over
    assert mc.play_start(D(2018, 5, 31), MONTHS) == D(2018, 5, 31)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fast_integer_format_is_fmt_number(lang):
    f = cm.int_format(lang)
    for x in (0, 7, 1616, 1234567, 12.0, np.int64(4517), float("nan"), None):
        assert f(x) == fmt.number(x, lang=lang)


def test_bin_labels_in_words():
    assert cm.count_labels(cm.COUNT_BINS, "vi") == ["Chưa có mô hình", "1", "2 – 4", "5 – 9", "10 – 19", "20 – 49", "≥ 50"]
    assert cm.share_labels("vi") == ["0% (chưa có mô hình)", "0 – 20%", "20 – 40%", "40 – 60%", "60 – 80%", "80 – 100%"]
    assert cm.share_labels("en")[0] == "0% (no model)"


def _layer(codes):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": c, "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[[105 + i, 20], [105.5 + i, 20], [105.5 + i, 20.5], [105 + i, 20]]]}}
        for i, c in enumerate(codes)]}


def _traces(fig):
    return {tr.name: tr for tr in fig.data}


def test_commune_map_no_model_stands_out_and_no_data_is_grey():
    layer = _layer(["00001", "00002", "00003", "00004", "00005"])
    df = pd.DataFrame({"area_code": ["00001", "00002", "00003", "00004", "00005"], "area_name": list("ABCDE"),
                       "sites": [0, 1, 3, 120, None], "effective_sites": [0, 1, 2, 60, None],
                       "types_present": [0, 1, 2, 5, None]})
    fig = cm.coverage_map(df, layer, level="commune", lang="vi", title="T", foot="F", national=True, n_types=18)
    data = fig.data[0]
    assert list(data.locations) == ["00001", "00002", "00003", "00004"]
    assert list(np.asarray(data.z) - 0.5) == [0, 1, 2, 6]  # 0 | 1 | 2–4 | ≥ 50
    assert data.colorscale[0][1] == cm.NO_MODEL and data.colorbar.ticktext[0] == "Chưa có mô hình"
    grey = _traces(fig)["Không có số liệu"]
    assert list(grey.locations) == ["00005"]
    assert any(tr.name == "labels" for tr in fig.data)  # the archipelagos on a national map
    # 10,040 communes: the counts travel as numbers the browser formats with the map's separators (1.234)
    assert list(data.text) == list("ABCD") and list(data.customdata[3]) == [120, 60, 5]
    assert "%{customdata[0]:,.0f}" in data.hovertemplate and "%{customdata[2]:,.0f} / 18" in data.hovertemplate
    assert fig.layout.separators == ",."
    # a count missing where the commune has a value: every hover is written out ("–"), as on other maps
    gap = cm.coverage_map(df.assign(effective_sites=[0, 1, None, 60, None]), layer, level="commune", lang="vi",
                          title="T", foot="F", national=True, n_types=18).data[0]
    assert gap.text is None and gap.customdata[2][2] == "–" and "5 / 18" in gap.customdata[3][3]
    assert fig.layout.title.text == "T" and fig.layout.annotations[-1].text == "F"


def test_map_layer_travels_once_as_a_url_the_server_answers_with_the_layer():
    layer = _layer(["01", "02"])
    df = pd.DataFrame({"area_code": ["01", "02"], "area_name": ["Hà Nội", "Hải Phòng"], "coverage": [0.0, 0.45],
                       "communes_covered": [0, 9], "communes_total": [20, 20], "sites": [0, 14], "effective_sites": [0, 7]})
    fig = cm.coverage_map(df, layer, level="province", lang="vi", title="T", foot="F", national=False)
    url = fig.data[0].geojson
    assert isinstance(url, str) and url.startswith("/_antq/layer/") and url.endswith(".json")
    body = layers.body(url)
    assert json.loads(body.text) == layer == layers.load(url) and json.loads(gzip.decompress(body.compressed)) == layer
    assert charts.layer_url(layer) is url  # encoded once per layer
    assert charts.layer_url(_layer(["01", "03"])) != url and layers.body("/_antq/layer/nope.json") is None
    assert list(np.asarray(fig.data[0].z) - 0.5) == [0, 3]  # 0% alone; 45% in 40–60%
    assert fig.data[0].colorbar.ticktext[3] == "40 – 60%"
    assert not any(tr.name == "labels" for tr in fig.data)  # a province map has no islands to label
    deep = go.Figure(fig).to_dict()  # plotly copies the figure for the browser: the layer is shared, not copied
    assert deep["data"][0]["geojson"] == url


def test_wilson_interval():
    lo, hi = cm.wilson([5, 0, 0], [10, 10, 0])
    assert lo[0] == pytest.approx(0.2366, abs=1e-4) and hi[0] == pytest.approx(0.7634, abs=1e-4)
    assert lo[1] == pytest.approx(0, abs=1e-12) and hi[1] == pytest.approx(0.2775, abs=1e-4)
    assert np.isnan(lo[2]) and np.isnan(hi[2])


def _by_province():
    rows = []
    for prov, name, total, reported in (("01", "Hà Nội", 100, True), ("02", "Hà Giang", 50, True),
                                        ("04", "Cao Bằng", 40, True), ("06", "Bắc Kạn", 30, False)):
        for ty, covered, sites, eff in (("a", 60, 90, 50), ("b", 5, 6, 6)):
            k = {"01": 1, "02": 0.5, "04": 0.25, "06": 0}[prov]
            rows.append(dict(model_type=ty, name_vi=ty.upper(), name_en=ty, province_code=prov, province_name=name,
                             communes_covered=int(covered * k * total / 100), communes_total=total,
                             sites=int(sites * k), effective_sites=int(eff * k), reported=reported))
    return pd.DataFrame(rows)


def test_type_ranking_sums_provinces_and_flags_small_counts():
    r = cm.type_ranking(_by_province(), None).set_index("model_type")
    assert r.loc["a", ["communes_covered", "communes_total", "sites", "effective_sites"]].tolist() == [60 + 15 + 6, 220, 90 + 45 + 22, 50 + 25 + 12]
    assert r.loc["a", "effective_share"] == pytest.approx(87 / 157) and not r.loc["a", "small"]
    assert r.loc["b", "small"]  # 6 + 3 + 1 sites < 30
    one = cm.type_ranking(_by_province(), "02").set_index("model_type")
    assert one.loc["a", "communes_covered"] == 15 and one.loc["a", "communes_total"] == 50


def test_effective_ranking_puts_small_counts_last_and_grey():
    rank = cm.type_ranking(_by_province(), None)
    fig = cm.ranking_effective_figure(rank, selected=[], lang="vi", title="T", foot="F")
    bar = fig.data[0]
    assert bar.y[0].endswith("†") and bar.marker.color[0] == cm.GREY  # plotted bottom-up: small ones at the bottom
    assert bar.y[-1] == "A" and bar.marker.color[-1] == cm.SELECTED
    assert "55,4% (87/157)" in fig.data[1].text[-1]


def test_province_leaders_top_bottom_and_the_one_in_view():
    d = _by_province()
    lead, missing = cm.province_leaders(d, "a", n=1, highlight="02")
    assert lead["province_code"].tolist() == ["01", "02", "04"] and lead["group"].tolist() == ["top", "selected", "bottom"]
    assert lead["rank"].tolist() == [1, 2, 3]
    assert missing["province_code"].tolist() == ["06"]  # never reported: not ranked as lagging
    lead2, _ = cm.province_leaders(d, "a", n=1, highlight="01")
    assert lead2["group"].tolist() == ["top", "bottom"]
    fig = cm.leaders_figure(lead, national=0.5, total=3, highlight="02", lang="vi", title="T", foot="F")
    assert "#c62828" in fig.data[0].marker.color and fig.layout.annotations[0].text == "Toàn quốc: 50,0%"


def _curve():
    months = [D(2020, 1, 31), D(2020, 2, 29)]
    rows = []
    for scope in ("area", "country"):
        for series in ("a", "b", "_all"):
            for i, m in enumerate(months):
                rows.append(dict(month=m, series=series, scope=scope, communes_covered=i + 1, communes_total=10,
                                 coverage=(i + 1) / 10))
    return pd.DataFrame(rows)


@pytest.mark.parametrize("types,scope_name,names", [
    (["a", "b"], "Hà Nội", ["Hà Nội – A", "Hà Nội – B", "Hà Nội – các loại đã chọn", "Toàn quốc – các loại đã chọn"]),
    (["a"], "Hà Nội", ["Hà Nội – A", "Toàn quốc – A"]),
    ([], "Hà Nội", ["Hà Nội", "Toàn quốc"]),
    (["a"], None, ["Toàn quốc – A"]),
    (["a", "b"], None, ["A", "B", "Toàn quốc – các loại đã chọn"]),
])
def test_adoption_curve_lines(types, scope_name, names):
    fig = cm.adoption_figure(_curve(), types=types, names={"a": "A", "b": "B"}, scope_name=scope_name,
                             as_of=D(2020, 2, 29), period=(D(2020, 1, 1), D(2020, 2, 29)), lang="vi", title="T", foot="F")
    assert [tr.name for tr in fig.data] == names
    assert fig.data[-1].line.dash == "dash"
    assert fig.layout.shapes[1].x0 == D(2020, 2, 29) and fig.layout.xaxis.tickformat == "%m/%Y"
    assert fig.layout.separators == ",."


def test_adopters_figure_splits_bordering_and_others():
    df = pd.DataFrame({"year": [2015, 2016], "new_adopters": [10, 1200], "bordering_adopters": [4, 1000],
                       "share_bordering": [0.4, 1000 / 1200], "not_yet_adopted": [100, 90], "not_yet_bordering": [20, 45],
                       "share_not_yet_bordering": [0.2, 0.5], "communes_total": [110, 110]})
    fig = cm.adopters_figure(df, lang="vi", title="T", foot="F")
    assert list(fig.data[0].y) == [4, 1000] and list(fig.data[1].y) == [6, 200]
    assert fig.data[1].customdata[1].tolist() == ["200", "1.200"] and fig.data[2].customdata[1] == "83,3%"
    assert fig.layout.barmode == "stack" and fig.layout.yaxis2.tickformat == ".0%"


def _sites():
    return pd.DataFrame({
        "site_id": [3, 1, 2], "province_code": ["27", "01", "01"], "province_name": ["Bắc Ninh", "Hà Nội", "Hà Nội"],
        "commune_code": ["09001", "00004", "00001"], "commune_name": ["Phường Bạch Đằng", "Phường Bắc Cường", "Phường Bạch Đằng"],
        "model_type": ["clb_pctp"] * 3, "type_vi": ["Câu lạc bộ phòng, chống tội phạm"] * 3, "type_en": ["Crime-prevention club"] * 3,
        "model_id": ["M1"] * 3, "model_name": ["CLB 1", "CLB 2", "CLB 3"], "is_origin": [True, False, False],
        "started_on": [D(2015, 3, 1), D(2016, 5, 2), D(2017, 1, 9)], "ended_on": [None, D(2019, 12, 31), None],
        "effective": [True, False, True], "members": [12, 8, 1616], "cameras": [0, 0, 0]})


def test_sites_table_in_vietnamese_name_order_and_format():
    tab = ms.sites_table(_sites(), "vi")
    assert tab["Tỉnh, thành"].tolist() == ["Bắc Ninh", "Hà Nội", "Hà Nội"]
    names = tab["Xã, phường"].tolist()[1:]
    assert names == sorted(names, key=fmt.sort_key)
    assert tab["Bắt đầu"].tolist()[0] == "01/03/2015" and tab["Hiệu quả"].tolist()[0] == "Có"
    row = tab[tab["Tên mô hình tại địa phương"] == "CLB 2"].iloc[0]
    assert row["Ngừng"] == "31/12/2019" and row["Hiệu quả"] == "Không" and row["Điểm khởi xướng"] == "Không"
    assert ms.sites_table(_sites(), "en").columns[0] == "Province"


def test_sites_csv_utf8_bom_caption_and_codes():
    cap = Caption(title="Các điểm mô hình", subtitle="Toàn quốc", source="x", snapshot_id="demo",
                  data_date=D(2026, 10, 31), simulated=True)
    raw = gate.table_bytes(ms.sites_table(_sites(), "vi", codes=True), cap, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "Các điểm mô hình" and "Dữ liệu mô phỏng" in text.splitlines()[2]
    back = pd.read_csv(io.StringIO(text), skiprows=4, dtype=str)
    assert len(back) == 3 and set(back["Mã xã"]) == {"09001", "00004", "00001"}  # leading zeros kept
    assert back["Mã tỉnh"].tolist() == ["27", "01", "01"]
    assert ms.sites_table(_sites(), "en", codes=True).columns[0] == "Site id"


def test_footer_says_simulated_and_names_the_snapshot():
    f = cm.footer("demo", D(2026, 10, 31), True, "vi")
    assert f.startswith("DỮ LIỆU MÔ PHỎNG") and "«demo»" in f and "31/10/2026" in f and "<br>" in f
    assert not cm.footer("real", D(2026, 10, 31), False, "en").startswith("SIMULATED")


def test_types_in_words():
    names = {"a": "Camera an ninh", "b": "CLB", "c": "X"}
    assert mc.types_words([], names, "vi") == "mọi loại"
    assert mc.types_words(["a", "b"], names, "vi") == "Camera an ninh, CLB"
    assert mc.types_words(["a", "b", "c"], names, "en") == "3 types"
    assert cm.short("x" * 50, 10) == "x" * 9 + "…"


def test_bins_are_the_frame_bins():
    assert isinstance(cm.COUNT_BINS, charts.Bins) and cm.SHARE_BINS.index(pd.Series([0.0, 1e-6, 1.0])).tolist() == [0, 1, 5]
