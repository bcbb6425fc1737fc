"""Rewritten queries give exactly the answers recorded from the queries they replaced (tests/queries/answers/,
see its README.md): the same columns with the same SQL types, the same rows in the same order, on both maps,
for the whole country, provinces of both maps, an unknown code, and periods that cut months, lie outside
the data or run backwards.

- `models_sites_list` (Mô hình's list of sites: the rows before the limit counted apart, the names ranked
  once per commune) and `festival_sites_list` (its selection counted apart, names joined only for the rows
  it returns), for every limit and the whole list the CSV download holds;
- `overview_activities_by_area` and `overview_festival_by_area` (the reports by area, read from what is
  placed on the maps once, with the snapshot);
- `activities_totals`, `safety_share_by_year` and `compare_activities_by_province_month` (read from
  `activity_province_months`, the reports summed per map, province and month, instead of placing every
  commune-month)."""
import datetime as dt
import itertools

import pytest

from antq.data import db
from tests.recorded_answers import Recorded, query_answer

D = dt.date
PERIODS = [(D(2013, 1, 1), D(2026, 10, 31)), (D(2025, 1, 1), D(2025, 12, 31)), (D(2018, 3, 15), D(2018, 3, 20)),
           (D(2020, 2, 10), D(2021, 7, 3)), (D(2026, 1, 1), D(2030, 12, 31)), (D(2010, 1, 1), D(2012, 12, 31)),
           (D(2019, 5, 20), D(2019, 5, 1))]
# 38 = Thanh Hóa on both maps, 01 = Hà Nội, 79 = TP HCM, 74 = Bình Dương (on the 2024 map only)
PROVINCES = [None, "", "01", "38", "74", "79", "zz"]


def check_grid(name: str, snapshot_dir, grid: list[dict]) -> list:
    """Every case of the grid against the recorded answers (and the file holds no other case); the answers."""
    recorded = Recorded(name)
    assert len(recorded.cases) == len(grid), f"{name}: {len(recorded.cases)} recorded cases, {len(grid)} asked"
    answers = []
    for p in grid:
        got = query_answer(name, snapshot_dir, **p)
        recorded.check(p, got)
        answers.append(got)
    return answers


@pytest.mark.slow  # hundreds of cases, the whole lists among them
def test_models_sites_list_gives_its_recorded_answers(built_data):
    assert "-- access: commune detail in commune_code" in db.load_sql("models_sites_list")  # the query layer's rule is kept
    grid = [dict(map=m, province=province, as_of=as_of, model_types=types, only_active=active, limit=limit)
            for m, province, as_of, types, active, limit in itertools.product(
                ["2024", "2025"], [None, "", "01", "79", "zz"], [D(2013, 6, 30), D(2019, 3, 31), D(2026, 10, 31)],
                [[], ["camera_an_ninh"], ["clb_pctp", "tu_quan_antt"]], [True, False], [1000, 5, 0])]
    whole = dict(map="2024", province=None, as_of=D(2026, 10, 31), model_types=[], only_active=False, limit=None)  # the CSV
    answers = check_grid("models_sites_list", built_data, grid + [whole])
    assert sum(a.num_rows for a in answers[:-1]) > 10_000  # the grid does return rows
    assert answers[-1].num_rows > 100_000


@pytest.mark.slow  # hundreds of cases, the whole lists among them
def test_festival_sites_list_gives_its_recorded_answers(built_data):
    new = db.load_sql("festival_sites_list")
    assert "-- access: commune detail in commune_code" in new and "OVER ()" not in new
    con = db.connection(built_data)
    grid = []
    for m in ("2024", "2025"):
        commune = con.execute("SELECT min(commune_code) FROM communes WHERE map = $m AND province_code = '01'",
                              {"m": m}).fetchone()[0]
        grid += [dict(map=m, province=province, year=year, commune=com, levels=levels, showcase_only=showcase, limit=limit)
                 for province, year, com, levels, showcase, limit in itertools.product(
                     [None, "", "01", "zz"], [2022, 2030], [None, commune], [[], ["Xã"]], [True, False], [1000, 5, 0, None])]
    answers = check_grid("festival_sites_list", built_data, grid)
    assert sum(a.num_rows for a in answers) > 10_000


def test_activities_by_area_gives_its_recorded_answers(built_data):
    assert "-- access: commune detail in area_code" in db.load_sql("overview_activities_by_area")
    grid = [{"map": m, "province": province, "date_from": start, "date_to": end, "safety_year": safety}
            for m, province, (start, end), safety in itertools.product(
                ["2024", "2025"], [None, "", "01", "79", "zz"], PERIODS, [2018, 2026, 2012])]
    answers = check_grid("overview_activities_by_area", built_data, grid)
    assert sum(sum(x or 0 for x in a.column("months_reported").to_pylist()) for a in answers) > 0


def test_festival_by_area_gives_its_recorded_answers(built_data):
    new = db.load_sql("overview_festival_by_area")
    assert "-- access: commune detail in area_code" in new and "festival_placed_days" in new
    grid = [{"map": m, "province": province, "date_from": start, "date_to": end}
            for m, province, (start, end) in itertools.product(["2024", "2025"], PROVINCES, PERIODS)]
    answers = check_grid("overview_festival_by_area", built_data, grid)
    assert sum(sum(x or 0 for x in a.column("communes_holding").to_pylist()) for a in answers) > 10_000


@pytest.mark.parametrize("name", ["activities_totals", "compare_activities_by_province_month", "safety_share_by_year"])
def test_activity_questions_give_their_recorded_answers(built_data, name):
    new = db.load_sql(name)
    assert "activity_province_months" in new and "FROM activities" not in new
    grid = [{"map": m, "province": province, "date_from": start, "date_to": end}
            for m, province, (start, end) in itertools.product(["2024", "2025"], PROVINCES, PERIODS)]
    compared = sum(a.num_rows for a in check_grid(name, built_data, grid))
    assert compared > 1000 if name.startswith("compare") else compared > 50  # the grid does return rows
