"""Boundary layers for drawing: the web-simplified geometry of each map as GeoJSON for plotly.

The layers are built once at setup by `antq.build.geo.build` into data/geo/. Here they are read,
cut to what a map shows (a national province map, a national commune map, one province's
communes) and turned into GeoJSON FeatureCollections whose feature `id` is the area code.
Results are cached per process: the same few dozen layers serve every session.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
import shapely.geometry

from antq import paths
LEVELS = ("province", "commune")
# Coordinates rounded for the browser: 1e-4 degrees is about 11 m, far below what a map shows.
PRECISION = {"national": 1e-3, "province": 1e-4}


def _layer_file(level: str, map_: str, detail: str) -> Path:
    base = paths.geo_dir()
    stem = f"{'provinces' if level == 'province' else 'communes'}_{map_}"
    for name in (f"{stem}_{detail}.parquet", f"{stem}_web.parquet", f"{stem}.parquet"):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"Thiếu lớp ranh giới {stem} trong {base}. Chạy: python -m antq.build.geo.build")


@lru_cache(maxsize=16)
def _read(path: Path, mtime: float) -> gpd.GeoDataFrame:
    gdf = gpd.read_parquet(path)
    if "geometry_web" in gdf.columns and "geometry" in gdf.columns:
        gdf = gdf.drop(columns="geometry").set_geometry(gpd.GeoSeries.from_wkb(gdf["geometry_web"]) if
                                                        gdf["geometry_web"].dtype == object else gdf["geometry_web"])
    return gdf


def layer(level: str, map_: str, detail: str = "web") -> gpd.GeoDataFrame:
    """The layer of a level ('province'|'commune') of a map ('2024'|'2025')."""
    if level not in LEVELS or map_ not in ("2024", "2025"):
        raise ValueError(f"Lớp không hợp lệ: {level}/{map_}")
    p = _layer_file(level, map_, detail)
    return _read(p, p.stat().st_mtime)


@lru_cache(maxsize=128)
def _geojson(level: str, map_: str, province: str | None, stamp: float) -> tuple[dict, tuple]:
    detail = "detail" if province else "web"
    gdf = layer(level, map_, detail)
    code = "province_code" if level == "province" else "commune_code"
    if province:
        gdf = gdf[gdf["province_code"] == province]
    grid = PRECISION["province" if province else "national"]
    geoms = shapely.set_precision(gdf.geometry.values, grid, mode="pointwise")
    # Only what plotly.js reads of a feature: it rebuilds every Feature from `id` and `geometry` (its
    # extractTraceFeature), so "type": "Feature" and empty "properties" would only add ~40 bytes a
    # feature to what the browser receives (0.4 MB on the 10,040 communes of the 2024 map).
    feats = [{"id": c, "geometry": shapely.geometry.mapping(g)}
             for c, g in zip(gdf[code], geoms) if g is not None and not g.is_empty]
    return {"type": "FeatureCollection", "features": feats}, tuple(gdf.total_bounds)


def geojson(level: str, map_: str, province: str | None = None) -> tuple[dict, tuple]:
    """(FeatureCollection of {id: code, geometry} features, lon/lat bounds) of a level of a map,
    optionally one province: a layer for plotly's map traces (featureidkey "id")."""
    base = paths.geo_dir()
    stamp = max((p.stat().st_mtime for p in base.glob("*.parquet")), default=0.0)
    return _geojson(level, map_, province, stamp)
