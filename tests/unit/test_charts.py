"""Chart builders are pure: they are tested here without Streamlit or data files."""
import pandas as pd
import plotly.graph_objects as go
import pytest

from antq.figures import charts, maplabels
def _square(code, x, y):
    return {"type": "Feature", "id": code, "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}}


GEO = {"type": "FeatureCollection", "features": [_square(c, 105 + i, 15) for i, c in enumerate(["01", "02", "03", "04"])]}


def test_bins_are_nice_and_ordered():
    b = charts.make_bins([1, 5, 12, 130, 1187, 1523, 2000], 5)
    assert list(b.edges) == sorted(b.edges) and len(set(b.edges)) == len(b.edges)
    assert b.edges[0] == 1 and b.edges[-1] == 2000
    assert all(str(e).rstrip("0").rstrip(".")[:3] for e in b.edges)
    idx = b.index(pd.Series([1, 2000, 130]))
    assert idx.iloc[0] == 0 and idx.iloc[1] == len(b.edges) - 2
    assert charts.make_bins([]).edges == (0.0, 1.0)
    assert charts.make_bins([7, 7]).edges == (7.0, 8.0)


def test_choropleth_binned_with_no_data_layer_and_islands():
    df = pd.DataFrame({"code": ["01", "02", "03"], "name": ["Hà Nội", "Hải Phòng", "Đà Nẵng"],
                       "v": [1616.0, 12.5, None]})
    fig = charts.choropleth(df, GEO, code_col="code", name_col="name", value_col="v", value_label="Số mô hình")
    assert isinstance(fig, go.Figure)
    data, no_data, labels = fig.data
    assert list(data.locations) == ["01", "02"]
    assert "1.616" in data.colorbar.ticktext[-1]  # Vietnamese thousands separator in the legend
    assert set(no_data.locations) == {"03", "04"} and no_data.name == "Không có số liệu"
    assert no_data.showlegend
    assert [f["properties"]["name"] for f in labels.geojson["features"]] == [
        "Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
    assert fig.layout.map.style == "white-bg"
    # the layer travels once, as a URL of this server shared by the value and no-data traces
    assert data.geojson == no_data.geojson == charts.layer_url(GEO) and data.geojson.startswith("/_antq/layer/")
    assert fig.layout.separators == ",."
    # no trace of ours needs a font server: no text-mode scatter on the map
    assert not any(isinstance(tr, go.Scattermap) for tr in fig.data)


def test_province_map_has_no_island_labels_and_english_switch():
    df = pd.DataFrame({"code": ["01"], "name": ["Hà Nội"], "v": [3.0]})
    fig = charts.choropleth(df, GEO, code_col="code", name_col="name", value_col="v", value_label="Tips",
                            lang="en", national=False, bounds=(105, 15, 106, 16))
    assert len(fig.data) == 2 and fig.data[1].name == "No data"
    assert fig.layout.separators == ".,"


def test_zoom_fits_the_whole_country_including_the_archipelagos():
    centre, zoom = charts.zoom_for(charts.NATIONAL_BOUNDS, width=640, height=720)
    assert 106 < centre["lon"] < 114 and 12 < centre["lat"] < 18
    assert 4 < zoom < 5.5
    assert charts.NATIONAL_BOUNDS[2] >= 117.5


def test_island_label_geometry_is_valid_and_placed():
    shape = maplabels.text_polygon("Quần đảo Hoàng Sa (Đà Nẵng)", 112.2, 17.55)
    assert shape.is_valid and shape.area > 0
    x0, y0, x1, y1 = shape.bounds
    assert x0 < 112.2 < x1 and y0 < 17.55 < y1


@pytest.mark.parametrize("builder", ["line", "bars"])
def test_series_builders(builder):
    df = pd.DataFrame({"m": pd.to_datetime(["2024-01-01", "2024-02-01"] * 2), "n": [1, 2, 3, 4],
                       "g": ["A", "A", "B", "B"]})
    fig = getattr(charts, builder)(df, x="m", y="n", color="g", y_label="Số", title="T")
    assert len(fig.data) == 2 and fig.layout.separators == ",."
