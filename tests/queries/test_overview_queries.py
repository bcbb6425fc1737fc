"""The overview's and compare page's per-area and monthly queries add up to the shared generic
queries (the detailed pages' numbers) for the same selection: national 2025 map year to date, one
province on the 2024 map for 2018, their year-earlier periods, and the commune level inside a province."""
import datetime as dt

import pandas as pd
import pytest

from antq.data import db
D = dt.date
SELECTIONS = [
    pytest.param("2025", None, D(2026, 1, 1), D(2026, 10, 31), id="national-2025-ytd"),
    pytest.param("2025", None, D(2025, 1, 1), D(2025, 10, 31), id="national-2025-ytd-a-year-earlier"),
    pytest.param("2024", "74", D(2018, 1, 1), D(2018, 12, 31), id="binh-duong-2024-map-2018"),
    pytest.param("2024", "74", D(2017, 1, 1), D(2017, 12, 31), id="binh-duong-2024-map-2017"),
    pytest.param("2024", None, D(2018, 1, 1), D(2018, 12, 31), id="national-2024-map-2018"),
    pytest.param("2025", "01", D(2025, 7, 1), D(2026, 3, 15), id="ha-noi-2025-across-the-reform"),
]


def run(snap, name, map_, province, d_from, d_to, **extra):
    return db.run(name, snapshot_dir=snap, map=map_, province=province, **{"date_from": d_from, "date_to": d_to},
                  as_of=d_to, model_types=[], **extra)


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS)
def test_models_by_area_adds_up_to_the_generic_queries(built_data, map_, province, d_from, d_to):
    area = run(built_data, "overview_models_by_area", map_, province, d_from, d_to)
    covered = run(built_data, "model_communes_covered", map_, province, d_from, d_to).iloc[0]
    effective = run(built_data, "models_effective", map_, province, d_from, d_to).iloc[0]
    assert area["communes_covered"].sum() == covered["communes_covered"] > 0
    assert area["communes_total"].sum() == covered["communes_total"]
    assert area["active_sites"].sum() == covered["sites"]
    assert area["effective_models"].sum() == effective["models_effective"]
    assert len(area) == (covered["communes_total"] if province else (34 if map_ == "2025" else 63))


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS)
def test_tips_by_area_adds_up_to_the_tip_funnel(built_data, map_, province, d_from, d_to):
    area = run(built_data, "overview_tips_by_area", map_, province, d_from, d_to)
    funnel = run(built_data, "tip_funnel", map_, province, d_from, d_to).iloc[0]
    assert area["tips"].sum() == funnel["tips"] > 0
    assert area["valuable_tips"].sum() == funnel["valuable_tips"]
    assert area["tips_with_solved_case"].sum() == funnel["tips_with_solved_case"]


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS)
def test_festival_by_area_adds_up_to_the_year_summary(built_data, map_, province, d_from, d_to):
    area = run(built_data, "overview_festival_by_area", map_, province, d_from, d_to)
    years = run(built_data, "festival_year_summary", map_, province, d_from, d_to)
    assert len(years) == 1  # every selection holds one August
    for col, generic in (("festival_sites", "sites"), ("showcase_sites", "showcase_sites"),
                         ("participants", "participants"), ("communes_holding", "communes_holding")):
        assert area[col].sum() == years[generic].sum() > 0, col


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS)
def test_activities_by_area_add_up_to_the_totals_and_the_safety_share(built_data, map_, province, d_from, d_to):
    year = d_to.year - 1
    area = run(built_data, "overview_activities_by_area", map_, province, d_from, d_to, safety_year=year)
    totals = run(built_data, "activities_totals", map_, province, d_from, d_to).iloc[0]
    safety = run(built_data, "safety_share_by_year", map_, province, D(year, 12, 1), D(year, 12, 31))
    assert area["propaganda_sessions"].sum() == totals["propaganda_sessions"] > 0
    assert area["propaganda_participants"].sum() == totals["propaganda_participants"]
    assert area["safety_units_passed"].sum() == safety["units_passed"].iloc[0]
    assert area["safety_units_assessed"].sum() == safety["units_assessed"].iloc[0]
    assert (area["months_reported"] == totals["months"]).all()  # the demo has every report


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS[:3])
def test_monthly_queries_add_up_to_the_generic_queries(built_data, map_, province, d_from, d_to):
    def monthly(name):
        df = run(built_data, name, map_, None, d_from, d_to)
        return df[df["province_code"] == province] if province else df

    funnel = run(built_data, "tip_funnel", map_, province, d_from, d_to).iloc[0]
    tips = monthly("compare_tips_by_province_month")
    solved = monthly("compare_solved_tips_by_province_month")
    assert (tips["tips"].sum(), tips["valuable_tips"].sum(), solved["tips_with_solved_case"].sum()) == (
        funnel["tips"], funnel["valuable_tips"], funnel["tips_with_solved_case"])
    fest = monthly("compare_festival_by_province_month")
    years = run(built_data, "festival_year_summary", map_, province, d_from, d_to)
    assert fest["festival_sites"].sum() == years["sites"].sum()
    assert fest["participants"].sum() == years["participants"].sum()
    act = monthly("compare_activities_by_province_month")
    totals = run(built_data, "activities_totals", map_, province, d_from, d_to).iloc[0]
    assert act["propaganda_sessions"].sum() == totals["propaganda_sessions"]
    assert act["month"].nunique() == totals["months"]
    models = monthly("compare_models_by_province_month")
    last = models[pd.to_datetime(models["as_of"]) == pd.Timestamp(d_to)]
    covered = run(built_data, "model_communes_covered", map_, province, d_from, d_to).iloc[0]
    effective = run(built_data, "models_effective", map_, province, d_from, d_to).iloc[0]
    assert last["communes_covered"].sum() == covered["communes_covered"]
    assert last["active_sites"].sum() == covered["sites"]
    assert last["effective_models"].sum() == effective["models_effective"]


def test_model_month_ends_match_the_stock_at_each_date(built_data):
    months = db.run("compare_models_by_province_month", snapshot_dir=built_data, map="2024",
                    **{"date_from": D(2018, 1, 1), "date_to": D(2018, 12, 31)})
    for as_of in (D(2018, 3, 31), D(2018, 8, 31)):
        area = db.run("overview_models_by_area", snapshot_dir=built_data, map="2024", province=None, as_of=as_of)
        got = months[pd.to_datetime(months["as_of"]) == pd.Timestamp(as_of)].set_index("province_code")
        assert len(got) == 63
        want = area.set_index("area_code").fillna(0)
        for col in ("communes_covered", "active_sites", "effective_models"):
            assert (got[col] == want.loc[got.index, col]).all(), (as_of, col)


def test_province_rows_equal_the_sum_of_their_communes(built_data):
    args = dict(snapshot_dir=built_data, map="2025", **{"date_from": D(2026, 1, 1), "date_to": D(2026, 10, 31)},
                as_of=D(2026, 10, 31), safety_year=2025)
    for name, col in (("overview_tips_by_area", "tips"), ("overview_models_by_area", "communes_covered"),
                      ("overview_festival_by_area", "participants"), ("overview_activities_by_area", "safety_units_passed")):
        national = db.run(name, province=None, **args).set_index("area_code")
        communes = db.run(name, province="79", **args)
        assert communes[col].sum() == national.loc["79", col], name


def test_population_of_every_province_and_commune(built_data):
    for m, n in (("2025", 34), ("2024", 63)):
        prov = db.run("compare_province_population", snapshot_dir=built_data, map=m)
        assert len(prov) == n and prov["population"].notna().all() and prov["region"].notna().all()
        assert prov["population_basis"].notna().all() and prov["communes_total"].gt(0).all()
    old = db.run("compare_province_population", snapshot_dir=built_data, map="2024").set_index("province_code")
    assert "2019" in old.loc["74", "population_basis"]  # Bình Dương lacks a GSO 2023 figure in the reference
    communes = db.run("compare_commune_population", snapshot_dir=built_data, map="2024", province="74")
    assert len(communes) == 91 and communes["population"].gt(0).all()
