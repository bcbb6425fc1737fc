"""The pre-aggregated tables of antq.data.derived give the answers the raw tables give.

1. On the hand-made tip snapshot of test_tipoffs_handmade (cases named by tips on several days, in two
   communes, two provinces and both eras of a province), the funnel read from tip_days / case_events /
   case_days equals the funnel computed straight from tipoffs and cases (recorded in
   tests/queries/answers/tip_funnel_handmade.parquet), for every period between the dates that matter,
   on both maps, for the whole country and each province.
2. The files written with the demo snapshot equal the same tables computed in memory, and the activity
   reports summed per map, province and month hold every report.
3. A derived file whose fingerprint no longer matches is not used: the table is computed again.
"""
import datetime as dt
import itertools
import json
import shutil

import duckdb
import pandas as pd
import pytest

from antq import paths
from antq.data import db, derived, schema
from tests.queries.test_tipoffs_handmade import write_handmade
from tests.recorded_answers import Recorded

D = dt.date.fromisoformat
# the dates of the hand-made tips and their cases, and the days either side of them
EDGES = sorted({D(x) for x in ("2017-01-01", "2017-02-01", "2017-11-01", "2017-12-01", "2017-12-20", "2017-12-21",
                               "2018-01-05", "2018-01-10", "2018-01-11", "2018-02-10", "2018-02-15", "2018-02-16",
                               "2018-03-31", "2018-06-30")})
SCOPES = [("2024", None), ("2024", "74"), ("2024", "01"), ("2025", None), ("2025", "79"), ("2025", "01"),
          ("2024", "")]
# the funnel of every period and scope above counted straight from the hand-made tips and cases: tips in the
# period and scope -> valuable -> with a case -> with a solved case; the distinct cases, the solved ones,
# their arrests, guns, primitive weapons, and the median days from a case's first tip to its solution
FROM_THE_TIPS = Recorded("tip_funnel_handmade")


@pytest.fixture()
def hand(built_data, snapshots_root):
    return write_handmade(snapshots_root)


@pytest.mark.slow  # every period and scope
def test_funnel_from_the_events_equals_the_funnel_from_the_tips(hand):
    con = db.connection(hand)
    assert con.execute("SELECT count(*) FROM case_events").fetchone()[0] > 0  # computed in memory: no files
    checked = 0
    for (d_from, d_to), (map_, province) in itertools.product(itertools.combinations_with_replacement(EDGES, 2), SCOPES):
        p = {"map": map_, "province": province, "date_from": d_from, "date_to": d_to}
        got = db.execute_uncached("tip_funnel", snapshot_dir=hand, **p).iloc[0]
        want = FROM_THE_TIPS.first_rows(p).to_pylist()  # one row: the funnel counted from the tips
        assert len(want) == 1, p
        for col, w in want[0].items():
            g = got[col]
            assert (w is None and pd.isna(g)) or (w is not None and float(w) == float(g)), (p, col, w, g)
        checked += 1
    assert checked == len(SCOPES) * len(EDGES) * (len(EDGES) + 1) // 2 == len(FROM_THE_TIPS.cases)


def test_period_summary_counts_each_case_once(hand):
    """Case 4 is named by tips on 20/12/2017 and 10/02/2018, case 1 by two tips in January 2018."""
    p = {"map": "2024", "province": "74", "date_from": D("2017-12-01"), "date_to": D("2018-03-31")}
    s = db.execute_uncached("tipoffs_period_summary", snapshot_dir=hand, **p).iloc[0]
    # valuable tips of Bình Dương in the period name C1 (twice), C2, C3, C4 (twice), C7: 5 cases
    assert s["cases"] == 5 and s["cases_solved"] == 4  # C3 unsolved
    assert s["arrests"] == 2 + 1 + 3 + 4


@pytest.mark.parametrize("name", ["tip_days", "tip_cohort_days", "case_events", "case_solved_days", "festival_days",
                                  "site_spells", "activity_province_months", "activity_commune_months", "festival_placed_days"])
@pytest.mark.slow  # computes each derived table again
def test_written_files_equal_the_tables_computed_in_memory(built_data, name):
    manifest = json.loads((built_data / "manifest.json").read_text())
    meta = manifest["derived"]["files"][name]
    con = duckdb.connect()
    schema.create(con, paths.geo_dir())
    schema.add_tables(con, built_data, manifest["tables"])
    assert meta["fingerprint"] == derived.fingerprints(con, manifest)[name]
    with derived.inputs(con, [name]):
        fresh = con.execute(f"SELECT * FROM ({derived.sql(name)}) ORDER BY ALL").df()
    written = con.execute(f"SELECT * FROM read_parquet('{built_data / meta['file']}') ORDER BY ALL").df()
    pd.testing.assert_frame_equal(fresh, written, check_exact=True)


def test_a_stale_derived_file_is_not_used(built_data, snapshots_root):
    copy = snapshots_root / "demo"
    copy.mkdir()
    for f in built_data.iterdir():
        if f.is_file():
            (copy / f.name).symlink_to(f) if f.suffix in (".parquet", ".pq") else shutil.copy(f, copy / f.name)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["derived"]["files"]["tip_days"]["fingerprint"] = "computed from other tables"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    kinds = dict(db.connection(copy).execute(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_name IN ('tip_days', 'case_events')").fetchall())
    assert kinds == {"tip_days": "BASE TABLE", "case_events": "VIEW"}  # recomputed / read from its file
    p = {"map": "2025", "province": None, "date_from": D("2025-01-01"), "date_to": D("2025-12-31")}
    pd.testing.assert_frame_equal(db.execute_uncached("tip_funnel", snapshot_dir=copy, **p),
                                  db.execute_uncached("tip_funnel", snapshot_dir=built_data, **p))


def test_activity_province_months_hold_every_report(built_data):
    con = db.connection(built_data)
    for m in ("2024", "2025"):  # every commune sits on both maps: each map's rows sum every report
        got = con.execute("SELECT sum(propaganda_sessions), sum(families_committed) FROM activity_province_months "
                          "WHERE map = $m", {"m": m}).fetchone()
        raw = con.execute("SELECT sum(propaganda_sessions), sum(families_committed) FROM activities").fetchone()
        assert got == raw and raw[0] > 0
