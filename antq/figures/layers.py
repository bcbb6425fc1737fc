"""Boundary layers as the maps' traces name them: a layer (a FeatureCollection from antq/figures/geo.py)
becomes a short same-origin URL, `/_antq/layer/<hash of its text>.json`, that the server answers from
memory (antq/server/layer_route.py) and an export reads back here (antq/figures/static_maps.py). No
Streamlit here.

plotly.js fetches a trace's `geojson` when it is a URL and keeps it by that URL for the life of the page,
so a layer crosses the network once per browser page, compressed, and cached by the browser after that
(the name changes with the content). Given inline (or as a `data:` URL), the 2 MB of the communes'
layer went into every figure of every rerun: encoded by the server, sent, and decoded again by the
browser before it could draw (docs/benchmarks.md, "clicks").

A layer is registered when a figure is built with it, in the process that built it; under `--replicas`
the browser's requests stay on its replica (nginx routes by the session cookie).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

PREFIX = "/_antq/layer/"
# a layer's name in a figure's JSON, as plotly writes it (a "/" as \u002f)
URL_IN_JSON = r"_antq(?:/|\\u002f)layer(?:/|\\u002f)([0-9a-f]+)\.json"


@dataclass(frozen=True)
class Body:
    text: bytes        # the layer's JSON, UTF-8
    compressed: bytes  # the same, gzip


# id(layer) -> (layer, URL), for the layer objects geo.py's cache holds (never modified); bounded, so a
# layer that cache dropped is not kept alive here
_BY_OBJECT: OrderedDict[int, tuple[dict, str]] = OrderedDict()
OBJECTS = 256
_BODIES: dict[str, Body] = {}  # URL -> its body: one per distinct layer (levels × maps × provinces)
_LOCK = threading.Lock()


def url(geojson: dict) -> str:
    """The URL of a layer, its text encoded and compressed once per layer."""
    key = id(geojson)
    with _LOCK:
        known = _BY_OBJECT.get(key)
        if known is not None and known[0] is geojson:
            _BY_OBJECT.move_to_end(key)
            return known[1]
    text = json.dumps(geojson, separators=(",", ":"), ensure_ascii=False).encode()
    name = PREFIX + hashlib.blake2b(text, digest_size=12).hexdigest() + ".json"
    with _LOCK:
        if name not in _BODIES:
            _BODIES[name] = Body(text, gzip.compress(text, compresslevel=6, mtime=0))
        _BY_OBJECT[key] = (geojson, name)
        while len(_BY_OBJECT) > OBJECTS:
            _BY_OBJECT.popitem(last=False)
    return name


def body(path: str) -> Body | None:
    """What the server sends for a layer's URL (None: no layer of that name was made by this process)."""
    return _BODIES.get(path)


def is_layer_url(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def load(path: str) -> dict:
    """The layer a URL names, for a figure drawn outside the browser (an export)."""
    found = _BODIES.get(path)
    if found is None:
        raise KeyError(f"Không có lớp ranh giới {path} trong tiến trình này")
    return json.loads(found.text)
