"""Maps of an export drawn as vector traces. On screen, maps are drawn by MapLibre (WebGL), which
without a GPU renders in software, slowly; an export draws the same traces (same boundary layer,
codes, values, colour bins, hover text, archipelago labels) as plotly's vector `geo` traces with no
base map, which kaleido renders quickly and which stay vector in SVG and PDF. plotly.js asks a `geo`
subplot for a world topojson even when it draws none; an empty one is answered from TOPOJSON_DIR.
"""
from __future__ import annotations

import base64
import hashlib
import json
import urllib.parse
from collections import OrderedDict
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from antq.figures import layers

TOPOJSON_DIR = Path(__file__).resolve().parent / "assets" / "topojson"
MAP_TRACES = {"choroplethmap": "choropleth", "scattermap": "scattergeo"}
MAP_ONLY_KEYS = ("below", "subplot", "cluster")


def is_map(fig: go.Figure | dict) -> bool:
    data = fig["data"] if isinstance(fig, dict) else [tr.to_plotly_json() for tr in fig.data]
    return any(tr.get("type") in MAP_TRACES for tr in data)


_REWOUND: OrderedDict[str, str] = OrderedDict()


def _ring_area(ring) -> float:
    a = np.asarray(ring, dtype=float)
    if len(a) < 3:
        return 0.0
    x, y = a[:, 0], a[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2


def _rewind_polygon(rings: list) -> list:
    """d3 (plotly's geo) reads an exterior ring clockwise and a hole counter-clockwise; the other
    way round a polygon covers the rest of the globe."""
    out = []
    for i, ring in enumerate(rings):
        area = _ring_area(ring)
        out.append(ring[::-1] if (area > 0 if i == 0 else area < 0) else ring)
    return out


def rewind(geojson: dict) -> dict:
    feats = []
    for f in geojson.get("features", []):
        g = f.get("geometry") or {}
        if g.get("type") == "Polygon":
            g = {**g, "coordinates": _rewind_polygon(g["coordinates"])}
        elif g.get("type") == "MultiPolygon":
            g = {**g, "coordinates": [_rewind_polygon(p) for p in g["coordinates"]]}
        feats.append({**f, "geometry": g})
    return {**geojson, "features": feats}


def _data_url(geojson: dict) -> str:
    text = json.dumps(geojson, separators=(",", ":"), ensure_ascii=False)
    return "data:application/json;charset=utf-8," + text.replace("%", "%25").replace("#", "%23")


def _layer(geojson):
    """A trace's boundary layer (a dict, the URL charts.layer_url names it by, or a data: URL) rewound
    for d3, as a data: URL (kaleido has no server to fetch from; one string, parsed natively),
    remembered for the few layers a process exports."""
    if isinstance(geojson, str):
        head, _, body = geojson.partition(",")
        if not (head.startswith("data:") or layers.is_layer_url(geojson)):
            return geojson  # a URL plotly.js would fetch: left as is (never made by this product)
        key = hashlib.blake2b(geojson.encode(), digest_size=16).hexdigest()
        if key not in _REWOUND:
            if layers.is_layer_url(geojson):
                layer = layers.load(geojson)
            else:
                layer = json.loads(base64.b64decode(body).decode() if head.endswith(";base64")
                                   else urllib.parse.unquote(body))
            _REWOUND[key] = _data_url(rewind(layer))
            while len(_REWOUND) > 8:
                _REWOUND.popitem(last=False)
        _REWOUND.move_to_end(key)
        return _REWOUND[key]
    return rewind(geojson) if isinstance(geojson, dict) else geojson


def static_spec(fig: go.Figure | dict) -> dict:
    """The figure as kaleido draws it: map traces as the equivalent vector `geo` traces (no base map,
    the view fitted to the traces' areas, Mercator like the screen), everything else unchanged."""
    d = fig if isinstance(fig, dict) else fig.to_plotly_json()
    if not is_map(d):
        return d
    d = {**d, "data": [dict(tr) for tr in d["data"]], "layout": dict(d.get("layout") or {})}
    for tr in d["data"]:
        if tr.get("type") in MAP_TRACES:
            tr["type"] = MAP_TRACES[tr["type"]]
            for k in MAP_ONLY_KEYS:
                tr.pop(k, None)
            if "geojson" in tr:
                tr["geojson"] = _layer(tr["geojson"])
    m = d["layout"].pop("map", None) or {}
    d["layout"]["geo"] = {"visible": False, "fitbounds": "locations", "projection": {"type": "mercator"},
                          "bgcolor": "rgba(0,0,0,0)", "showframe": False,
                          "domain": m.get("domain") or {"x": [0, 1], "y": [0, 1]}}
    return d
