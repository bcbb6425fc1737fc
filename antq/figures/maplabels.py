"""Map labels drawn as geometry, so they need no font server.

Plotly's tile-less maps (MapLibre) can only draw text by fetching glyph files from the
internet, which a closed network forbids. The archipelago labels are therefore turned into
polygons with matplotlib's bundled DejaVu Sans (full Vietnamese diacritics) and drawn as a
filled layer: they render the same in the browser and in exported images, and scale with zoom.
"""
from __future__ import annotations

import math
from functools import lru_cache

import shapely
import shapely.geometry
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath

# Where the labels sit (lon, lat of the label's centre) and their text.
ISLAND_LABELS = (
    ("Quần đảo Hoàng Sa (Đà Nẵng)", "Paracel Islands (Đà Nẵng)", 112.2, 17.55),
    ("Quần đảo Trường Sa (Khánh Hòa)", "Spratly Islands (Khánh Hòa)", 114.3, 12.25),
)


@lru_cache(maxsize=64)
def text_polygon(text: str, lon: float, lat: float, height_deg: float = 0.32) -> shapely.MultiPolygon:
    """The outline of `text` centred on (lon, lat), cap height about `height_deg` degrees of latitude."""
    path = TextPath((0, 0), text, size=1.0, prop=FontProperties(family="DejaVu Sans", weight="bold"))
    ext = path.get_extents()
    # Longitude degrees shrink with latitude on a Mercator map: widen so the text keeps its shape.
    sx = height_deg / math.cos(math.radians(lat))
    rings = [ring for ring in path.to_polygons() if len(ring) >= 4]
    shape = shapely.Polygon()
    for ring in rings:
        pts = [(lon + (x - (ext.x0 + ext.x1) / 2) * sx, lat + (y - (ext.y0 + ext.y1) / 2) * height_deg)
               for x, y in ring]
        # Glyph holes (o, a, đ...) are rings inside rings: even-odd filling is a symmetric difference.
        shape = shape.symmetric_difference(shapely.Polygon(pts).buffer(0))
    if shape.geom_type == "Polygon":
        shape = shapely.MultiPolygon([shape])
    return shape


@lru_cache(maxsize=4)
def island_labels_geojson(lang: str = "vi") -> dict:
    """A FeatureCollection of the two archipelago labels, ids 'label-0', 'label-1' (made once per
    language and shared by every national map: callers must not modify it; plotly copies it)."""
    feats = []
    for i, (vi, en, lon, lat) in enumerate(ISLAND_LABELS):
        geom = text_polygon(vi if lang == "vi" else en, lon, lat)
        feats.append({"type": "Feature", "id": f"label-{i}", "properties": {"name": vi},
                      "geometry": shapely.geometry.mapping(shapely.set_precision(geom, 1e-4))})
    return {"type": "FeatureCollection", "features": feats}
