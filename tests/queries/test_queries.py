"""Every named query prepares against the snapshot schema, and the query layer's own views hold
their promises: every fact row lands on exactly one place of each map, neighbours are symmetric."""
import pytest

from antq.data import db
@pytest.mark.parametrize("name", db.query_names())
def test_every_query_prepares_and_documents_itself(built_data, name):
    db.prepare(name, built_data)
    sql = db.load_sql(name)
    assert sql.lstrip().startswith("--"), f"{name}.sql needs a header comment"
    for p in db.parameters_of(sql):
        assert f"${p}" in sql.split("\n\n")[0] or p in sql.split("WITH")[0] or p in sql[:800], \
            f"{name}.sql: parameter ${p} not described in its header"


def test_parameters_are_found_and_missing_ones_are_named():
    assert db.parameters_of("-- $ignored\nSELECT $a, '$b', $c_1 FROM t WHERE x = $a") == {"a", "c_1"}
    with pytest.raises(db.QueryError, match="cần tham số: map"):
        db.run("provinces_of_map")


def test_values_are_bound_never_formatted(built_data):
    evil = "01' OR '1'='1"
    assert db.run("provinces_of_map", snapshot_dir=built_data, map=evil).empty


@pytest.mark.parametrize("table,date_col", [("tipoffs", "received_on"), ("cases", "opened_on"),
                                            ("model_sites", "started_on"), ("festival_sites", "held_on")])
def test_every_row_lands_once_on_each_map(built_data, table, date_col):
    con = db.connection(built_data)
    total = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    for m in ("2024", "2025"):
        placed = con.execute(
            f"SELECT count(*), count(p.map_province_code) FROM {table} t JOIN placement p "
            "ON p.admin_era = t.admin_era AND p.commune_code = t.commune_code AND p.map = $m", {"m": m}).fetchone()
        assert placed == (total, total), (table, m, placed, total)


def test_neighbours_are_symmetric_and_cover_the_mainland(built_data):
    con = db.connection(built_data)
    asym = con.execute("SELECT count(*) FROM neighbours a LEFT JOIN neighbours b ON a.map = b.map "
                       "AND a.commune_code = b.neighbour_code AND a.neighbour_code = b.commune_code "
                       "WHERE b.map IS NULL").fetchone()[0]
    assert asym == 0
    for m, n in (("2024", 10_040), ("2025", 3_321)):
        with_neighbours = con.execute("SELECT count(DISTINCT commune_code) FROM neighbours WHERE map = $m",
                                      {"m": m}).fetchone()[0]
        assert with_neighbours > 0.99 * n  # only islands stand alone
