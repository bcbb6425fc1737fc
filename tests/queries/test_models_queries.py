"""The queries of the "Mô hình" page: worked-out answers on a hand-made snapshot (coverage, curves,
adopters and contagion, ranking, sites, no data is not zero), agreement with the shared headline queries
on the demo snapshot, and the seed figures."""
import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from antq.data import db, snapshots

from antq.build.geo import build as geo_build
D = dt.date


@pytest.fixture(scope="module")
def places():
    """A province of the old map with a commune X, a neighbour Y of X, a commune Z bordering neither, and
    the neighbours of X inside the province (from the boundary layers)."""
    geo_build.ensure_layers()
    con = db.connection(None)
    prov = "27"  # Bắc Ninh (old map)
    communes = [r[0] for r in con.execute(
        "SELECT commune_code FROM communes WHERE map = '2024' AND province_code = $p ORDER BY commune_code", {"p": prov}).fetchall()]
    nb = con.execute("SELECT commune_code, neighbour_code FROM neighbours WHERE map = '2024'").df()
    near = nb.groupby("commune_code")["neighbour_code"].apply(set).to_dict()
    x = next(c for c in communes if len(near.get(c, set()) & set(communes)) >= 2)
    y = sorted(near[x] & set(communes))[0]
    z = next(c for c in communes if c not in (x, y) and c not in near[x] and c not in near[y])
    return {"province": prov, "communes": communes, "x": x, "y": y, "z": z, "near_x": near[x] & set(communes), "near": near}


def _site(i, model, type_, commune, start, end=None, effective=True, origin=False, members=10, cameras=0):
    return dict(site_id=i, model_id=model, model_name=f"{model} {i}", is_origin=origin, model_type=type_,
                commune_code=commune, admin_era="2024", started_on=start, ended_on=end, effective=effective,
                members=members, cameras=cameras)


@pytest.fixture(scope="module")
def handmade(places, tmp_path_factory, built_data):
    """Five sites of two types in three communes of one province; nothing anywhere else."""
    x, y, z = places["x"], places["y"], places["z"]
    sites = pd.DataFrame([
        _site(1, "M1", "tu_quan_antt", x, D(2015, 3, 10), origin=True),
        _site(2, "M1", "tu_quan_antt", y, D(2016, 5, 1), D(2018, 2, 1), effective=False),
        _site(3, "M1", "tu_quan_antt", z, D(2016, 7, 1)),
        _site(4, "M2", "camera_an_ninh", x, D(2017, 1, 1), origin=True, cameras=12),
        _site(5, "M1", "tu_quan_antt", y, D(2019, 1, 1), effective=False),
    ])
    for c in ("started_on", "ended_on"):
        sites[c] = pd.to_datetime(sites[c]).dt.date
    root = tmp_path_factory.mktemp("snapshots")
    with snapshots.SnapshotWriter("hand", kind="ingest", simulated=False, data_date="2020-12-31", root=root,
                                  progress=None) as w:
        for f in built_data.glob("*.parquet"):  # every table the contract names: the catalogue as is, facts empty
            w.write_table(f.stem, pq.read_table(f) if f.stem == "model_types" else pq.read_schema(f).empty_table())
        w.write_table("model_sites", pa.Table.from_pandas(sites, schema=pq.read_schema(built_data / "model_sites.parquet"),
                                                          preserve_index=False))
    return root / "hand"


def run(snap, name, **p):
    return db.run(name, snapshot_dir=snap, **p)


@pytest.mark.parametrize("as_of,covered", [(D(2015, 2, 28), 0), (D(2016, 6, 30), 2), (D(2017, 12, 31), 3),
                                           (D(2018, 2, 1), 2), (D(2018, 6, 30), 2), (D(2019, 6, 30), 3)])
def test_coverage_by_commune_and_province(handmade, places, as_of, covered):
    p = dict(map="2024", province=places["province"], as_of=as_of, model_types=["tu_quan_antt"])
    communes = run(handmade, "models_coverage_by_area", level="commune", **p).set_index("area_code")
    assert len(communes) == len(places["communes"])
    assert (communes["sites"] > 0).sum() == covered
    assert communes["sites"].notna().all()  # a reporting province: no model is 0, not "no data"
    prov = run(handmade, "models_coverage_by_area", level="province", **dict(p, province=None)).set_index("area_code")
    assert prov.loc[places["province"], "communes_covered"] == covered
    assert prov.loc[places["province"], "coverage"] == pytest.approx(covered / len(places["communes"]))
    others = prov.drop(index=places["province"])
    assert others["coverage"].isna().all() and others["sites"].isna().all()  # never reported: no data
    assert others["communes_total"].notna().all()
    shared = run(handmade, "model_communes_covered", **p).iloc[0]
    assert shared.communes_covered == covered and shared.communes_total == len(places["communes"])


def test_coverage_counts_types_present_and_effective_sites(handmade, places):
    p = dict(map="2024", province=places["province"], as_of=D(2017, 12, 31), model_types=[], level="commune")
    c = run(handmade, "models_coverage_by_area", **p).set_index("area_code")
    x, y, z = places["x"], places["y"], places["z"]
    assert c.loc[x, ["sites", "effective_sites", "types_present"]].tolist() == [2, 2, 2]
    assert c.loc[y, ["sites", "effective_sites", "types_present"]].tolist() == [1, 0, 1]
    assert c.loc[z, ["sites", "effective_sites", "types_present"]].tolist() == [1, 1, 1]


def test_adoption_curve_follows_gains_and_losses(handmade, places):
    curve = run(handmade, "models_adoption_curve", map="2024", province=places["province"],
                model_types=["tu_quan_antt"], until=D(2020, 12, 31))
    assert set(curve["scope"]) == {"area", "country"} and set(curve["series"]) == {"tu_quan_antt", "_all"}
    a = curve[(curve["scope"] == "area") & (curve["series"] == "tu_quan_antt")].copy()
    a.index = pd.to_datetime(a["month"]).dt.date
    assert a.index.min() == D(2013, 1, 31) and a.index.max() == D(2020, 12, 31) and len(a) == 96
    expect = {D(2015, 2, 28): 0, D(2015, 3, 31): 1, D(2016, 5, 31): 2, D(2016, 7, 31): 3, D(2018, 1, 31): 3,
              D(2018, 2, 28): 2, D(2018, 12, 31): 2, D(2019, 1, 31): 3, D(2020, 12, 31): 3}
    assert {m: int(a.loc[m, "communes_covered"]) for m in expect} == expect
    country = curve[(curve["scope"] == "country") & (curve["series"] == "_all")]
    assert country["communes_total"].iloc[0] == 10_040
    assert country["communes_covered"].tolist() == a["communes_covered"].tolist()  # nothing elsewhere


def test_adoption_curve_of_all_types_has_one_series(handmade, places):
    curve = run(handmade, "models_adoption_curve", map="2024", province=None, model_types=[], until=D(2020, 12, 31))
    assert set(curve["series"]) == {"_all"} and set(curve["scope"]) == {"country"}
    last = curve.iloc[-1]
    assert last.communes_covered == 3  # x (two types), y, z


def test_new_adopters_and_contagion(handmade, places):
    got = run(handmade, "models_new_adopters_by_year", map="2024", province=places["province"],
              model_types=["tu_quan_antt"]).set_index("year")
    assert got.index.tolist() == [2015, 2016]          # y's second start in 2019 is not a new adoption
    assert got.loc[2015, ["new_adopters", "bordering_adopters"]].tolist() == [1, 0]
    assert got.loc[2016, ["new_adopters", "bordering_adopters"]].tolist() == [2, 1]  # y borders x; z borders none
    n = len(places["communes"])
    assert got.loc[2016, "not_yet_adopted"] == n - 1
    assert got.loc[2016, "not_yet_bordering"] == len(places["near_x"])
    assert got.loc[2016, "share_not_yet_bordering"] == pytest.approx(len(places["near_x"]) / (n - 1))
    assert got.loc[2015, "not_yet_adopted"] == n and got.loc[2015, "not_yet_bordering"] == 0


def test_type_by_province_adds_up(handmade, places):
    t = run(handmade, "models_type_by_province", map="2024", as_of=D(2017, 12, 31))
    assert len(t) == 18 * 63
    row = t[(t["model_type"] == "tu_quan_antt") & (t["province_code"] == places["province"])].iloc[0]
    assert (row.communes_covered, row.sites, row.effective_sites, row.reported) == (3, 3, 2, True)
    cam = t[(t["model_type"] == "camera_an_ninh") & (t["province_code"] == places["province"])].iloc[0]
    assert (cam.communes_covered, cam.sites) == (1, 1)
    assert t.loc[t["province_code"] != places["province"], "reported"].eq(False).all()
    assert t.loc[t["province_code"] != places["province"], "sites"].eq(0).all()


@pytest.mark.parametrize("only_active,ids", [(True, {1, 3}), (False, {1, 2, 3})])
def test_sites_list(handmade, places, only_active, ids):
    got = run(handmade, "models_sites_list", map="2024", province=places["province"], as_of=D(2018, 6, 30),
              model_types=["tu_quan_antt"], only_active=only_active, limit=None)
    assert set(got["site_id"]) == ids and set(got["rows_total"]) == {len(ids)}
    assert set(got["province_code"]) == {places["province"]} and got["commune_name"].notna().all()
    one = run(handmade, "models_sites_list", map="2024", province=places["province"], as_of=D(2018, 6, 30),
              model_types=["tu_quan_antt"], only_active=only_active, limit=1)
    assert len(one) == 1 and one["rows_total"].iloc[0] == len(ids)


def test_sites_on_the_new_map_land_in_the_new_province(handmade, places):
    got = run(handmade, "models_sites_list", map="2025", province=None, as_of=D(2020, 12, 31), model_types=[],
              only_active=True, limit=None)
    keys = db.connection(None).execute(
        "SELECT commune_code, code_2025, province_2025 FROM commune_keys WHERE admin_era = '2024'").df().set_index("commune_code")
    want = {keys.loc[places["x"], "code_2025"], keys.loc[places["y"], "code_2025"], keys.loc[places["z"], "code_2025"]}
    assert set(got["commune_code"]) == want and set(got["province_code"]) == {keys.loc[places["x"], "province_2025"]}


# ---- on the demo snapshot ---------------------------------------------------------------------------

@pytest.mark.parametrize("m", ["2024", "2025"])
@pytest.mark.parametrize("types", [[], ["clb_pctp"], ["tu_quan_antt", "camera_an_ninh"]])
def test_map_agrees_with_the_shared_headline_query(built_data, m, types):
    p = dict(map=m, province=None, as_of=D(2021, 6, 30), model_types=types)
    shared = run(built_data, "model_communes_covered", **p).iloc[0]
    prov = run(built_data, "models_coverage_by_area", level="province", **p)
    com = run(built_data, "models_coverage_by_area", level="commune", **p)
    assert prov["communes_covered"].sum() == shared.communes_covered == (com["sites"] > 0).sum()
    assert prov["sites"].sum() == shared.sites == com["sites"].sum()
    assert prov["effective_sites"].sum() == shared.effective_sites
    assert prov["communes_total"].sum() == shared.communes_total == len(com)


@pytest.mark.parametrize("m,province", [("2024", None), ("2025", "79"), ("2024", "01")])
def test_curve_agrees_with_coverage_at_every_checked_month(built_data, m, province):
    types = ["camera_an_ninh", "clb_pctp"]
    curve = run(built_data, "models_adoption_curve", map=m, province=province, model_types=types, until=D(2026, 10, 31))
    scope = "area" if province else "country"
    for month in (D(2014, 6, 30), D(2018, 12, 31), D(2023, 7, 31), D(2026, 10, 31)):
        for series, sel in (("_all", types), ("clb_pctp", ["clb_pctp"])):
            row = curve[(curve["scope"] == scope) & (curve["series"] == series)
                        & (pd.to_datetime(curve["month"]) == pd.Timestamp(month))].iloc[0]
            shared = run(built_data, "model_communes_covered", map=m, province=province, as_of=month, model_types=sel).iloc[0]
            assert row.communes_covered == shared.communes_covered, (series, month)
            assert row.communes_total == shared.communes_total


def test_new_adopters_add_up_to_the_communes_ever_covered(built_data):
    got = run(built_data, "models_new_adopters_by_year", map="2025", province="79", model_types=["camera_an_ninh"])
    ever = run(built_data, "models_sites_list", map="2025", province="79", as_of=D(2026, 10, 31),
               model_types=["camera_an_ninh"], only_active=False, limit=None)
    assert got["new_adopters"].sum() == ever["commune_code"].nunique()
    assert (got["bordering_adopters"] <= got["new_adopters"]).all()
    assert got["share_bordering"].between(0, 1).all()


def test_hanoi_and_binh_duong_seed_figures(built_data):
    t = run(built_data, "models_type_by_province", map="2024", as_of=D(2023, 7, 31)).set_index(["province_code", "model_type"])
    hn = t.loc["01"]
    assert hn.loc[["tu_quan_antt", "camera_an_ninh", "van_dong_ttatgt", "clb_pctp"], "communes_covered"].tolist() == [181, 109, 74, 62]
    bd = run(built_data, "models_coverage_by_area", map="2024", province=None, level="province", as_of=D(2019, 3, 31),
             model_types=["clb_pctp"]).set_index("area_code").loc["74"]
    assert (bd.communes_covered, bd.communes_total) == (91, 91)


def test_sites_list_counts_what_the_headline_counts(built_data):
    p = dict(map="2024", province="01", as_of=D(2023, 7, 31), model_types=["camera_an_ninh"])
    shown = run(built_data, "models_sites_list", **p, only_active=True, limit=50)
    shared = run(built_data, "model_communes_covered", **p).iloc[0]
    assert len(shown) == 50 and shown["rows_total"].iloc[0] == shared.sites
    full = run(built_data, "models_sites_list", **p, only_active=True, limit=None)
    assert full["cameras"].sum() == shared.cameras and full["commune_code"].nunique() == shared.communes_covered
