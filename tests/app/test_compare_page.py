"""So sánh địa phương under AppTest: the choice comes from and goes into the URL, every control
works (provinces, peer group, normalisation, figure, province inside), the side-by-side numbers and
ranks are the queries' answers, and the trend's national line agrees with the generic tip funnel."""
import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from antq.features.overview import comparison as cmp
from antq.features.overview import metrics as cm
from antq.features.compare import state as cs
from antq.data import db
from antq import fmt
from tests.conftest import ROOT
from apptest import open_app

D = dt.date
PAGE = "antq/features/compare/page.py"
YTD = {"date_from": D(2026, 1, 1), "date_to": D(2026, 10, 31)}


def app(query: dict | None = None) -> AppTest:
    """The page opened from a link, signed in (tests/apptest.py)."""
    at = open_app(query, PAGE)
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [i.value for i in at.info])


def charts_by_title(at) -> dict:
    out = {}
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        title = ((spec.get("layout") or {}).get("title") or {}).get("text") or spec["data"][0].get("name")
        out[title] = spec
    return out


def array(a) -> list:
    """A plotly JSON array: a list, or {dtype, bdata} (base64 typed array)."""
    if isinstance(a, dict) and "bdata" in a:
        import base64

        import numpy as np
        return np.frombuffer(base64.b64decode(a["bdata"]), dtype=a["dtype"]).tolist()
    return list(a)


def provinces(snap, map_="2025"):
    return db.run("compare_province_population", snapshot_dir=snap, map=map_)


def test_url_choice_side_by_side_with_ranks(built_data):
    at = app({"provinces": "01,79,48"})
    assert at.multiselect(key=cs.KEY_PROVINCES).value == ["01", "79", "48"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Chỉ tiêu", "Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Toàn quốc"]
    tips = db.run("overview_tips_by_area", snapshot_dir=built_data, map="2025", province=None, **YTD).set_index("area_code")
    pop = provinces(built_data).set_index("province_code")["population"]
    per_1000 = tips["tips"] * 1000 / pop
    rank = int(per_1000.rank(ascending=False, method="min")["79"])
    row = table[table["Chỉ tiêu"] == "Tin báo tiếp nhận / 1.000 dân"].iloc[0]
    assert row["Hồ Chí Minh"] == (f"{cm.format_value('tips', per_1000['79'], 'vi')} ({fmt.number(tips.loc['79', 'tips'])})"
                                  f" · #{rank}/34")
    funnel = db.run("tip_funnel", snapshot_dir=built_data, map="2025", province=None, **YTD).iloc[0]
    assert row["Toàn quốc"] == cm.format_value("tips", funnel["tips"] * 1000 / pop.sum(), "vi")
    assert at.query_params["provinces"] == "01,79,48" and at.query_params["norm"] == "capita"
    assert "peer" not in at.query_params


def test_peer_groups_from_the_url_and_the_radio(built_data):
    prov = provinces(built_data)
    at = app({"provinces": "79", "peer": "region"})
    region = cmp.peer_group(prov, "79", "region")
    assert at.multiselect(key=cs.KEY_PROVINCES).value == region and len(region) == 3  # Đông Nam Bộ on the new map
    assert at.query_params["peer"] == "region" and at.query_params["provinces"] == ",".join(region)
    at.radio(key=cs.KEY_PEER).set_value("population").run()
    assert not at.exception
    group = at.multiselect(key=cs.KEY_PROVINCES).value
    assert group == cmp.peer_group(prov, "79", "population") and len(group) == 6
    # editing the list by hand leaves the peer group
    at.multiselect(key=cs.KEY_PROVINCES).unselect(group[-1]).run()
    assert not at.exception
    assert at.radio(key=cs.KEY_PEER).value == "" and "peer" not in at.query_params
    assert at.multiselect(key=cs.KEY_PROVINCES).value == group[:-1]


def test_normalisation_per_commune(built_data):
    at = app({"provinces": "01"})
    at.radio(key="compare_basis").set_value("commune").run()
    assert not at.exception and at.query_params["norm"] == "commune"
    table = at.dataframe[0].value
    row = table[table["Chỉ tiêu"] == "Tin báo tiếp nhận / xã"].iloc[0]
    tips = db.run("overview_tips_by_area", snapshot_dir=built_data, map="2025", province=None, **YTD).set_index("area_code")
    n = provinces(built_data).set_index("province_code")["communes_total"]
    assert row["Hà Nội"].startswith(cm.format_value("tips", tips.loc["01", "tips"] / n["01"], "vi") + " (")


def test_every_figure_on_the_map_and_the_trend(built_data):
    at = app({"provinces": "01,79"})
    for key in cm.METRICS:
        at.selectbox(key="compare_metric").set_value(key).run()
        assert not at.exception, (key, at.exception)
        assert at.query_params["metric"] == key
        label = cm.metric_label(key, "capita", "vi")
        figs = charts_by_title(at)
        trend = figs[f"Xu hướng: {label}"]
        assert [d["name"] for d in trend["data"]] == ["Toàn quốc", "Hà Nội", "Hồ Chí Minh"], key
        assert any(d.get("name") == label for f in figs.values() for d in f["data"])  # the map


def test_the_national_trend_is_the_tip_funnel_of_the_last_twelve_months(built_data):
    at = app({"provinces": "01", "metric": "tips"})
    trend = charts_by_title(at)["Xu hướng: Tin báo tiếp nhận / 1.000 dân"]
    nat = trend["data"][0]
    assert nat["name"] == "Toàn quốc" and pd.Timestamp(nat["x"][-1]) == pd.Timestamp("2026-10-01")
    assert pd.Timestamp(nat["x"][0]) == pd.Timestamp("2024-11-01")  # at least 24 months
    last12 = db.run("tip_funnel", snapshot_dir=built_data, map="2025", province=None,
                    **{"date_from": D(2025, 11, 1), "date_to": D(2026, 10, 31)}).iloc[0]
    assert array(nat["y"])[-1] == pytest.approx(last12["tips"] * 1000 / provinces(built_data)["population"].sum())


def test_communes_inside_a_chosen_province(built_data):
    at = app({"provinces": "01,79", "inside": "79"})
    assert at.selectbox(key="compare_inside").value == "79"
    grid = at.dataframe[-1].value
    assert grid.iloc[0, 0] == "Hồ Chí Minh" and len(grid) == 1 + 168
    tips = db.run("overview_tips_by_area", snapshot_dir=built_data, map="2025", province="79", **YTD)
    pop = db.run("compare_commune_population", snapshot_dir=built_data, map="2025", province="79")
    rate = (tips.merge(pop, on="area_code").assign(r=lambda d: d["tips"] * 1000 / d["population"])
            .sort_values("r", ascending=False).iloc[0])
    assert grid.iloc[1, 0] == rate["area_name"]  # sorted by the chosen figure (tips per 1,000 residents)
    at.selectbox(key="compare_inside").set_value("01").run()
    assert not at.exception and at.query_params["inside"] == "01"
    assert at.dataframe[-1].value.iloc[0, 0] == "Hà Nội"


def test_switching_map_carries_old_provinces_to_new_ones(built_data):
    at = app({"map": "2024", "provinces": "74,01"})
    assert at.dataframe[0].value.columns[1:3].tolist() == ["Bình Dương", "Hà Nội"]
    assert "#" in at.dataframe[0].value.iloc[3, 1] and "/63" in at.dataframe[0].value.iloc[3, 1]
    at.sidebar.radio(key="map").set_value("2025").run()
    assert not at.exception
    assert at.multiselect(key=cs.KEY_PROVINCES).value == ["79", "01"]


def test_bad_url_values_fall_back(built_data):
    at = app({"provinces": "zz,999", "peer": "friends", "norm": "x", "metric": "y"})
    body = texts(at)
    for name in ("provinces", "peer", "norm", "metric"):
        assert f"Tham số «{name}=" in body
    assert at.multiselect(key=cs.KEY_PROVINCES).value == [] and at.radio(key="compare_basis").value == "capita"
    assert "Chọn tỉnh của bạn" in body
    at = app({"provinces": "01,99"})
    assert at.multiselect(key=cs.KEY_PROVINCES).value == ["01"] and "99" in texts(at)
