"""Issue 10, round 4: the festival sites list counts its selection apart and names only the rows it returns;
the festival and activity reports by area read what is placed on the maps once, with the snapshot; the activity reports' questions read `activity_province_months` (antq/data/db.py DERIVED:
the reports summed per map, province and month, written with the snapshot) instead of placing every
commune-month. Each rewritten query must give exactly the answers, types and order of the query it
replaced, which read the reports themselves (their SQL before round 4 is kept below), on both maps, for
the whole country, provinces of both maps, an unknown code and periods that cut months, lie outside the
data or run backwards. `overview_activities_by_area` is checked the same way in tests/test_bench_round3.py
(against its SQL before round 3, which read the reports too)."""
import datetime as dt
import itertools

import pytest

from antq.data import db, facts
D = dt.date

BEFORE = {
    "activities_totals": """
SELECT
    count(DISTINCT a.month)                                  AS months,
    CAST(coalesce(sum(propaganda_sessions), 0) AS BIGINT)      AS propaganda_sessions,
    CAST(coalesce(sum(propaganda_participants), 0) AS BIGINT)  AS propaganda_participants,
    CAST(coalesce(sum(families_committed), 0) AS BIGINT)       AS families_committed,
    CAST(coalesce(sum(students_committed), 0) AS BIGINT)       AS students_committed,
    CAST(coalesce(sum(commendations_collective), 0) AS BIGINT) AS commendations_collective,
    CAST(coalesce(sum(commendations_individual), 0) AS BIGINT) AS commendations_individual,
    CAST(coalesce(sum(safety_units_assessed), 0) AS BIGINT)    AS safety_units_assessed,
    CAST(coalesce(sum(safety_units_passed), 0) AS BIGINT)      AS safety_units_passed
FROM activities a
JOIN commune_keys k USING (admin_era, commune_code)
WHERE a.month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
  AND ($province IS NULL OR $province = ''
       OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
""",
    "safety_share_by_year": """
SELECT
    CAST(year(a.month) AS INTEGER)                       AS year,
    CAST(sum(safety_units_assessed) AS BIGINT)           AS units_assessed,
    CAST(sum(safety_units_passed) AS BIGINT)             AS units_passed,
    sum(safety_units_passed) / sum(safety_units_assessed) AS share
FROM activities a
JOIN commune_keys k USING (admin_era, commune_code)
WHERE a.month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
  AND ($province IS NULL OR $province = ''
       OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
GROUP BY 1
HAVING sum(safety_units_assessed) > 0
ORDER BY 1
""",
    "compare_activities_by_province_month": """
SELECT p.map_province_code AS province_code, CAST(a.month AS DATE) AS month,
       count(DISTINCT p.map_commune_code)                AS communes_reporting,
       CAST(sum(a.propaganda_sessions) AS BIGINT)        AS propaganda_sessions,
       CAST(sum(a.propaganda_participants) AS BIGINT)    AS propaganda_participants,
       CAST(sum(a.safety_units_assessed) AS BIGINT)      AS safety_units_assessed,
       CAST(sum(a.safety_units_passed) AS BIGINT)        AS safety_units_passed
FROM activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code AND p.map = $map
WHERE a.month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
""",
}
# queries/festival_sites_list.sql before round 4 (a window counting every site of the year, names joined for
# all of them before the top rows were taken)
SITES_LIST_BEFORE = """
SELECT f.site_id, f.held_on, f.level, f.showcase, f.participants,
       f.leaders_politburo, f.leaders_secretariat, f.leaders_cc_central, f.leaders_cc_provincial_secretary,
       f.leaders_province_standing, f.leaders_district_standing,
       p.map_province_code AS province_code, pr.province_name,
       p.map_commune_code AS commune_code, c.commune_name,
       f.commune_code AS recorded_commune_code, rc.commune_name AS recorded_commune_name, f.admin_era,
       count(*) OVER () AS total_rows
FROM festival_sites f
JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code AND p.map = $map
LEFT JOIN provinces pr ON pr.map = $map AND pr.province_code = p.map_province_code
LEFT JOIN communes c ON c.map = $map AND c.commune_code = p.map_commune_code
LEFT JOIN communes rc ON rc.map = f.admin_era AND rc.commune_code = f.commune_code
WHERE f.year = $year
  AND (coalesce($province, '') = '' OR p.map_province_code = $province)
  AND (coalesce($commune, '') = '' OR p.map_commune_code = $commune)
  AND (len(CAST($levels AS VARCHAR[])) = 0 OR list_contains(CAST($levels AS VARCHAR[]), f.level))
  AND (NOT $showcase_only OR f.showcase)
ORDER BY f.showcase DESC, f.participants DESC, f.site_id
LIMIT $limit
"""
# queries/overview_festival_by_area.sql before round 4 (festival_days placed on the map per question)
FESTIVAL_BY_AREA_BEFORE = """
WITH placed AS (
    SELECT p.map_province_code, p.map_commune_code, f.showcase, f.sites, f.participants
    FROM festival_days f
    JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code AND p.map = $map
    WHERE f.held_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND ($province IS NULL OR $province = '' OR p.map_province_code = $province)
), agg AS (
    SELECT CASE WHEN $province IS NULL OR $province = '' THEN map_province_code ELSE map_commune_code END AS area_code,
           CAST(sum(sites) AS BIGINT)                                   AS festival_sites,
           CAST(coalesce(sum(sites) FILTER (WHERE showcase), 0) AS BIGINT) AS showcase_sites,
           CAST(sum(participants) AS BIGINT)                            AS participants,
           count(DISTINCT map_commune_code)                             AS communes_holding
    FROM placed
    GROUP BY 1
)
SELECT a.area_code, a.area_name, g.festival_sites, g.showcase_sites, g.participants, g.communes_holding
FROM areas a
LEFT JOIN agg g USING (area_code)
WHERE a.map = $map
  AND a.level = CASE WHEN $province IS NULL OR $province = '' THEN 'province' ELSE 'commune' END
  AND ($province IS NULL OR $province = '' OR a.parent_code = $province)
ORDER BY a.area_code
"""
PERIODS = [(D(2013, 1, 1), D(2026, 10, 31)), (D(2025, 1, 1), D(2025, 12, 31)), (D(2018, 3, 15), D(2018, 3, 20)),
           (D(2020, 2, 10), D(2021, 7, 3)), (D(2026, 1, 1), D(2030, 12, 31)), (D(2010, 1, 1), D(2012, 12, 31)),
           (D(2019, 5, 20), D(2019, 5, 1))]


def _run_sql(sql: str, snapshot_dir, **params):
    """`sql` on the snapshot's connection, its parameters bound as db.run binds them (an empty province is NULL)."""
    return db._execute(sql, db._bind("test", db.parameters_of(sql), params), db.connection_key(snapshot_dir))


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_activity_questions_give_the_answers_of_the_queries_they_replaced(built_data, name):
    new = db.load_sql(name)
    assert "activity_province_months" in new and "FROM activities" not in new
    compared = 0
    # 38 = Thanh Hóa on both maps, 01 = Hà Nội, 79 = TP HCM, 74 = Bình Dương (on the 2024 map only)
    for m, province, (start, end) in itertools.product(["2024", "2025"], [None, "", "01", "38", "74", "79", "zz"],
                                                      PERIODS):
        p = {"map": m, "province": province, "date_from": start, "date_to": end}
        before, after = _run_sql(BEFORE[name], built_data, **p), _run_sql(new, built_data, **p)
        assert list(after.columns) == list(before.columns) and list(after.dtypes) == list(before.dtypes), p
        assert after.equals(before), p
        compared += len(after)
    assert compared > 1000 if name.startswith("compare") else compared > 50  # the grid does return rows


def test_the_derived_table_holds_every_report(built_data):
    con = db.connection(built_data)
    for m in ("2024", "2025"):  # every commune sits on both maps: each map's rows sum every report
        got = con.execute("SELECT sum(propaganda_sessions), sum(families_committed) FROM activity_province_months "
                          "WHERE map = $m", {"m": m}).fetchone()
        raw = con.execute("SELECT sum(propaganda_sessions), sum(families_committed) FROM activities").fetchone()
        assert got == raw and raw[0] > 0


def test_the_seed_facts_on_activities_still_hold(built_data):
    checks = facts.check_seed_facts(snapshot_dir=built_data)
    assert len(checks) and all(checks["ok"]), checks[~checks["ok"]].to_string()


def test_festival_sites_list_returns_the_rows_of_the_query_it_replaced(built_data):
    new = db.load_sql("festival_sites_list")
    assert "-- access: commune detail in commune_code" in new and "OVER ()" not in new
    con = db.connection(built_data)
    checked = 0
    for m in ("2024", "2025"):
        commune = con.execute("SELECT min(commune_code) FROM communes WHERE map = $m AND province_code = '01'",
                              {"m": m}).fetchone()[0]
        for province, year, com, levels, showcase, limit in itertools.product(
                [None, "", "01", "zz"], [2022, 2030], [None, commune], [[], ["Xã"]], [True, False], [1000, 5, 0, None]):
            p = dict(map=m, province=province, year=year, commune=com, levels=levels, showcase_only=showcase, limit=limit)
            before, after = _run_sql(SITES_LIST_BEFORE, built_data, **p), _run_sql(new, built_data, **p)
            assert list(after.columns) == list(before.columns) and list(after.dtypes) == list(before.dtypes), p
            assert after.equals(before), p
            checked += len(after)
    assert checked > 10_000  # the grid does return rows


def test_festival_by_area_gives_the_answers_of_the_query_it_replaced(built_data):
    new = db.load_sql("overview_festival_by_area")
    assert "-- access: commune detail in area_code" in new and "festival_placed_days" in new
    held = 0
    for m, province, (start, end) in itertools.product(["2024", "2025"], [None, "", "01", "38", "74", "79", "zz"],
                                                      PERIODS):
        p = {"map": m, "province": province, "date_from": start, "date_to": end}
        before, after = _run_sql(FESTIVAL_BY_AREA_BEFORE, built_data, **p), _run_sql(new, built_data, **p)
        assert list(after.columns) == list(before.columns) and list(after.dtypes) == list(before.dtypes), p
        assert after.equals(before), p
        held += int(after["communes_holding"].fillna(0).sum())
    assert held > 10_000
