"""Web variants of the boundary layers: lighter copies for maps drawn in a browser.

- :func:`web_layers`: ``<layer>_web`` for national maps (communes at 0.005°, the 10,040 old
  communes at 0.02°, provinces at 0.01°) and ``communes_<year>_detail`` (0.001°, to filter to
  one province), all made with ``shapely.coverage_simplify`` so neighbours keep shared borders;
- :func:`geojson_bytes` / :func:`geojson_sizes`: what a browser receives, and how much of it,
  as recorded in the build's manifest.
"""
from __future__ import annotations

import gzip

import geopandas as gpd
import numpy as np
import shapely

from antq.build.geo.checks import BuildError

# National maps are drawn ~0.024° a pixel (Vietnam's 17° of latitude in 720 px): the 10,040 old
# communes at 0.02° (under a pixel) keep that map under 3 MB in the browser (0.005° sent 3.9 MB; a
# province's communes come from the 0.001° detail layers, so zooming into one province stays sharp).
WEB_TOLERANCE = {"communes": 0.005, "communes_2024": 0.02, "provinces": 0.01, "detail": 0.001}
GEOJSON_DECIMALS = 5


def geojson_bytes(gdf: gpd.GeoDataFrame, decimals: int = GEOJSON_DECIMALS) -> bytes:
    """The layer as GeoJSON with coordinates rounded to ``decimals`` (what a browser receives)."""
    g = gdf.copy()
    g["geometry"] = shapely.transform(g.geometry.values, lambda xy: np.round(xy, decimals))
    return g.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def _mb(n: int) -> float:
    return round(n / 1e6, 2)


def simplified(gdf: gpd.GeoDataFrame, tolerance: float, keep: list[str]) -> gpd.GeoDataFrame:
    """Coverage-simplified copy (shared borders stay shared); rows without geometry dropped."""
    g = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty][keep + ["geometry"]].copy()
    simp = shapely.coverage_simplify(g.geometry.values, tolerance)
    bad = shapely.is_empty(simp) | ~shapely.is_valid(simp)
    if bad.any():  # not expected: coverage_simplify keeps every polygon and its validity
        raise BuildError(f"coverage_simplify({tolerance}) broke {int(bad.sum())} geometries")
    g["geometry"] = simp
    return g.reset_index(drop=True)


def web_layers(c24: gpd.GeoDataFrame, c25: gpd.GeoDataFrame,
               p24: gpd.GeoDataFrame, p25: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """The six web layers of both maps' communes and provinces, by layer name."""
    # web layers carry only what a map needs (code to join facts, name to hover, province to
    # filter): every other attribute is one join away in the full layer
    keepc = ["commune_code", "commune_name", "province_code"]
    keepp = ["province_code", "province_name"]
    return {
        "communes_2024_web": simplified(c24, WEB_TOLERANCE["communes_2024"], keepc),
        "communes_2025_web": simplified(c25, WEB_TOLERANCE["communes"], keepc),
        "provinces_2024_web": simplified(p24, WEB_TOLERANCE["provinces"], keepp),
        "provinces_2025_web": simplified(p25, WEB_TOLERANCE["provinces"], keepp),
        "communes_2024_detail": simplified(c24, WEB_TOLERANCE["detail"], keepc),
        "communes_2025_detail": simplified(c25, WEB_TOLERANCE["detail"], keepc),
    }


def geojson_sizes(web: dict[str, gpd.GeoDataFrame]) -> dict:
    """MB of GeoJSON (plain and gzip) of the national web layers, and of one province's detail."""
    web_geojson = {name: geojson_bytes(web[name]) for name in
                   ("communes_2025_web", "provinces_2025_web", "communes_2024_web", "provinces_2024_web")}
    sizes = {name: {"mb": _mb(len(b)), "gzip_mb": _mb(len(gzip.compress(b, 6)))}
             for name, b in web_geojson.items()}
    detail = web["communes_2025_detail"]
    per_prov = [len(geojson_bytes(g)) for _, g in detail.groupby("province_code")]
    sizes["communes_2025_detail_per_province"] = {
        "median_mb": _mb(int(np.median(per_prov))), "max_mb": _mb(int(np.max(per_prov)))}
    return sizes
