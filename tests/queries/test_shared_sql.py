"""What the page queries share gives the answers of the SQL it replaced: an empty province is bound as
NULL by the runner (so the queries test `$province IS NULL` only), the macros of queries/schema/macros.sql
(areas_of, in_selection) equal the text they stand for, and the population queries reading the
province_population view give the answers recorded from their former SQL (tests/queries/answers/)."""
import itertools

import pytest

from antq.data import db
from tests.recorded_answers import Recorded, query_answer

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


def test_the_population_queries_give_the_answers_of_their_former_sql(built_data):
    compare, scope = Recorded("compare_province_population"), Recorded("tipoffs_scope_population")
    assert len(compare.cases) == 2 and len(scope.cases) == 2 * len(PROVINCES)
    for m in ("2024", "2025"):
        compare.check({"map": m}, query_answer("compare_province_population", built_data, map=m))
        for province in PROVINCES:
            p = {"map": m, "province": province}
            scope.check(p, query_answer("tipoffs_scope_population", built_data, **p))
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
