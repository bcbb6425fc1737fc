"""What the page queries share gives the answers of the SQL it replaced: an empty province is bound as
NULL by the runner (so the queries test `$province IS NULL` only), the macros of queries/schema/macros.sql
(areas_of, in_selection) equal the text they stand for, and the population queries reading the
province_population view answer as their former SQL did (kept here)."""
import itertools

import pytest

from antq.data import db

# queries/compare_province_population.sql and tipoffs_scope_population.sql before province_population
COMPARE_POPULATION_BEFORE = """
WITH census AS (
    SELECT province_code, CAST(population_2019_census AS BIGINT) AS population_2019
    FROM ref_provinces_2024
), n AS (
    SELECT province_code, count(*) AS communes_total FROM communes WHERE map = $map GROUP BY 1
)
SELECT p.province_code, p.province_name, p.region,
       coalesce(p.population, CASE WHEN $map = '2024' THEN c.population_2019 END) AS population,
       CASE WHEN p.population IS NOT NULL THEN p.population_basis
            WHEN $map = '2024' AND c.population_2019 IS NOT NULL THEN 'TĐTDS 1/4/2019 (census 2019)'
       END AS population_basis,
       n.communes_total
FROM provinces p
LEFT JOIN census c ON c.province_code = p.province_code
LEFT JOIN n ON n.province_code = p.province_code
WHERE p.map = $map
ORDER BY p.province_code
"""
SCOPE_POPULATION_BEFORE = """
WITH scope AS (
    SELECT p.province_code,
           coalesce(p.population, CAST(r.population_2019_census AS BIGINT)) AS population,
           CASE WHEN p.population IS NOT NULL THEN p.population_basis
                WHEN r.population_2019_census IS NOT NULL
                THEN 'Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)' END AS population_basis
    FROM provinces p
    LEFT JOIN ref_provinces_2024 r ON p.map = '2024' AND r.province_code = p.province_code
    WHERE p.map = $map AND (coalesce($province, '') = '' OR p.province_code = $province)
)
SELECT population_basis, count(*) AS provinces, CAST(sum(population) AS BIGINT) AS population,
       CAST((SELECT sum(population) FROM scope) AS BIGINT) AS scope_population,
       (SELECT count(*) FROM scope WHERE population IS NULL) AS provinces_missing
FROM scope
WHERE population IS NOT NULL
GROUP BY population_basis
ORDER BY provinces DESC, population_basis
"""
PROVINCES = [None, "", "01", "38", "74", "79", "40", "zz"]


def _raw(con, sql, **params):
    cur = con.cursor()
    try:
        return cur.execute(sql, {k: params[k] for k in db.parameters_of(sql)}).df()
    finally:
        cur.close()


def test_an_empty_province_or_commune_is_bound_as_null():
    wanted = {"map", "province", "commune", "levels"}
    bound = dict(db._bind("q", wanted, {"map": "", "province": "", "commune": "", "levels": ["Xã"], "x": 1}))
    assert bound == {"map": "", "province": None, "commune": None, "levels": ("Xã",)}
    assert dict(db._bind("q", {"province"}, {"province": "74"})) == {"province": "74"}
    for name in db.query_names():  # one place says what an empty code means: the runner
        sql = db.load_sql(name)
        assert "$province = ''" not in sql and "coalesce($province, '')" not in sql and "$province <> ''" not in sql, name
        assert "coalesce($commune, '')" not in sql, name


def test_the_population_queries_answer_as_their_former_sql(built_data):
    con = db.connection(built_data)
    for m in ("2024", "2025"):
        before = _raw(con, COMPARE_POPULATION_BEFORE, map=m)
        after = db.execute_uncached("compare_province_population", snapshot_dir=built_data, map=m)
        assert list(after.dtypes) == list(before.dtypes) and after.equals(before), m
        for province in PROVINCES:
            before = _raw(con, SCOPE_POPULATION_BEFORE, map=m, province=province)
            after = db.execute_uncached("tipoffs_scope_population", snapshot_dir=built_data, map=m, province=province)
            assert list(after.dtypes) == list(before.dtypes) and after.equals(before), (m, province)
    bd = db.execute_uncached("tipoffs_conversion_by_area", snapshot_dir=built_data, map="2024", province=None,
                             date_from="2018-01-01", date_to="2018-12-31").set_index("area_code")
    assert bd.loc["74", "population_basis"] == "Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)"
    assert bd["population"].notna().all() and bd["population_basis"].notna().all()


def test_areas_of_is_the_areas_a_per_area_query_answers_for(built_data):
    con = db.connection(built_data)
    explicit = """SELECT * FROM areas WHERE map = $map
                    AND level = CASE WHEN $province IS NULL THEN 'province' ELSE 'commune' END
                    AND ($province IS NULL OR parent_code = $province) ORDER BY ALL"""
    for m, province in itertools.product(("2024", "2025"), [None, "01", "74", "79", "zz"]):
        want = _raw(con, explicit, map=m, province=province)
        got = _raw(con, "SELECT * FROM areas_of($map, $province) ORDER BY ALL", map=m, province=province)
        assert got.equals(want) and (len(got) > 0 or province in ("zz", "74")), (m, province)  # 74: 2024 map only


@pytest.mark.parametrize("choices", [[], ["camera_an_ninh"], ["camera_an_ninh", "tu_quan_antt"], ["none of them"]])
def test_in_selection_chooses_what_the_list_expression_chose(built_data, choices):
    con = db.connection(built_data)
    explicit = ("SELECT model_type, count(*) AS n FROM model_sites WHERE len(CAST($t AS VARCHAR[])) = 0 "
                "OR list_contains(CAST($t AS VARCHAR[]), model_type) GROUP BY ALL ORDER BY ALL")
    macro = "SELECT model_type, count(*) AS n FROM model_sites WHERE in_selection($t, model_type) GROUP BY ALL ORDER BY ALL"
    want, got = _raw(con, explicit, t=choices), _raw(con, macro, t=choices)
    assert got.equals(want) and (len(got) > 0) == (choices != ["none of them"])
