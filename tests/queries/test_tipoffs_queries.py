"""The tip-off page's own queries agree with the shared ones on the demo snapshot: the fast period
summary with tip_funnel.sql + cases_solved_in_period.sql (the seed-fact queries), and the cohort,
days and area breakdowns add up to the funnel of the same selection, on both maps and across the reform."""
import datetime as dt

import pytest

from antq.data import db
D = dt.date.fromisoformat
SELECTIONS = [
    ("2024", "74", "2018-01-01", "2018-12-31"),  # Bình Dương 2018 (seed facts)
    ("2024", "74", "2017-01-01", "2017-12-31"),  # its same period last year
    ("2025", None, "2024-01-01", "2024-12-31"),  # whole country, new map
    ("2025", "79", "2025-03-01", "2026-02-28"),  # across the reform of 1/7/2025
    ("2024", "02", "2021-06-15", "2021-06-30"),  # a fortnight in a small province
]


def _run(snap, name, **p):
    return db.run(name, snapshot_dir=snap, **p)


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS)
def test_period_summary_is_tip_funnel_and_cases_solved_in_period(built_data, map_, province, d_from, d_to):
    p = {"map": map_, "province": province, "date_from": D(d_from), "date_to": D(d_to)}
    f = _run(built_data, "tip_funnel", **p).iloc[0]
    sp = _run(built_data, "cases_solved_in_period", **p).iloc[0]
    s = _run(built_data, "tipoffs_period_summary", **p).iloc[0]
    for col in ("tips", "valuable_tips", "tips_with_case", "tips_with_solved_case", "cases", "cases_solved",
                "arrests", "guns", "primitive_weapons"):
        assert int(s[col]) == int(f[col]), col
    for col in ("cases_solved", "arrests", "guns", "primitive_weapons"):
        assert int(s[f"period_{col}"]) == int(sp[col]), col


@pytest.mark.parametrize("map_,province,d_from,d_to", SELECTIONS[::2])
def test_breakdowns_add_up_to_the_funnel(built_data, map_, province, d_from, d_to):
    p = {"map": map_, "province": province, "date_from": D(d_from), "date_to": D(d_to)}
    f = _run(built_data, "tip_funnel", **p).iloc[0]
    cube = _run(built_data, "tipoffs_cohorts", **p, grain="quarter", data_date=D("2026-10-31"))
    assert cube["tips"].sum() == f["tips"] and cube["valuable"].sum() == f["valuable_tips"]
    assert cube.loc[cube["day_bin"].notna(), "tips"].sum() == f["tips_with_solved_case"]
    assert set(cube["day_bin"].dropna().astype(int)) <= set(range(9))
    areas = _run(built_data, "tipoffs_conversion_by_area", **p)
    assert areas["tips"].sum() == f["tips"] and areas["solved"].sum() == f["tips_with_solved_case"]
    nation = _run(built_data, "tip_funnel", **{**p, "province": None}).iloc[0]
    assert areas["national_tips"].iloc[0] == nation["tips"]
    assert areas["national_solved"].iloc[0] == nation["tips_with_solved_case"]


def test_population_of_every_province_is_named(built_data):
    for map_, n in (("2024", 63), ("2025", 34)):
        pop = _run(built_data, "tipoffs_scope_population", map=map_, province=None)
        assert pop["provinces"].sum() == n and pop["provinces_missing"].iloc[0] == 0
        assert pop["population"].sum() == pop["scope_population"].iloc[0] > 90_000_000
    bd = _run(built_data, "tipoffs_scope_population", map="2024", province="74")
    assert bd["population_basis"].tolist() == ["Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)"]
    areas = _run(built_data, "tipoffs_conversion_by_area", map="2024", province=None,
                 **{"date_from": D("2019-01-01"), "date_to": D("2019-12-31")})
    assert areas["population"].notna().all() and areas["population_basis"].notna().all()
    communes = _run(built_data, "tipoffs_commune_population", map="2025", province="79")
    assert len(communes) == 168 and communes["population"].gt(0).all()
