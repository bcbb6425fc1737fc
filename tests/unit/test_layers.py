"""antq/figures/layers.py: a boundary layer named by a URL of its content, its body kept once, found
again in a figure's JSON as plotly writes it."""
from __future__ import annotations

import gzip
import json
import re

import plotly.graph_objects as go
import pytest

from antq.figures import layers


def _layer(*codes: str) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"id": c, "geometry": {"type": "Polygon", "coordinates": [[[105, 20], [106, 20], [106, 21], [105, 20]]]}}
        for c in codes]}


def test_the_url_names_the_content_and_the_body_is_the_layer():
    a, same, other = _layer("01", "02"), _layer("01", "02"), _layer("01", "03")
    url = layers.url(a)
    assert re.fullmatch(r"/_antq/layer/[0-9a-f]{24}\.json", url)
    assert layers.url(a) is url and layers.url(same) == url and layers.url(other) != url
    body = layers.body(url)
    assert json.loads(body.text) == a == layers.load(url) and gzip.decompress(body.compressed) == body.text
    assert len(body.compressed) < len(body.text) and layers.is_layer_url(url) and not layers.is_layer_url("data:,{}")


def test_an_unknown_name_is_no_layer():
    assert layers.body(layers.PREFIX + "f" * 24 + ".json") is None
    with pytest.raises(KeyError):
        layers.load(layers.PREFIX + "f" * 24 + ".json")


def test_the_objects_remembered_are_bounded_and_the_bodies_stay(monkeypatch):
    monkeypatch.setattr(layers, "OBJECTS", 3)
    made = [_layer(f"{i:02d}") for i in range(6)]
    urls = [layers.url(x) for x in made]
    assert len(layers._BY_OBJECT) <= 3
    assert all(layers.body(u) is not None for u in urls)
    assert layers.url(made[0]) == urls[0]  # forgotten as an object, named the same again


def test_a_layer_url_is_found_in_a_figure_as_plotly_writes_it():
    url = layers.url(_layer("01"))
    spec = go.Figure(go.Choroplethmap(geojson=url, locations=["01"], z=[1])).to_json()
    assert url not in spec  # plotly escapes "/" as \u002f
    assert [f"{layers.PREFIX}{name}.json" for name in re.findall(layers.URL_IN_JSON, spec)] == [url]
