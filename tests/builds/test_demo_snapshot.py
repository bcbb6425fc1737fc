"""The demo snapshot: seed facts through the product's own queries, domain rules, national scale,
the 2025 reform without loss, determinism and the manifest.

Runs on the real default snapshot (data/snapshots/demo, built once by the `built_data` fixture of
conftest.py when missing); determinism and --scale use small builds (two provinces) in tmp folders.
"""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from antq.data import db, facts, snapshots

from antq.build.demo import build as demo

from antq import paths
D = dt.date.fromisoformat
FACT_TABLES = ["model_sites", "tipoffs", "cases", "festival_sites", "activities"]
DATE_OF = {"model_sites": "started_on", "tipoffs": "received_on", "cases": "opened_on",
           "festival_sites": "held_on", "activities": "month"}


@pytest.fixture(scope="session")
def snap(built_data):
    return built_data


@pytest.fixture(scope="session")
def sql(snap):
    """Ad-hoc SQL over the query layer's views (the same views every named query sees)."""
    def q(text: str, **params) -> pd.DataFrame:
        cur = db.connection(snap).cursor()
        try:
            return cur.execute(text, params).df()
        finally:
            cur.close()
    return q


def run(snap, name, **params):
    return db.run(name, snapshot_dir=snap, **params)


# ------------------------------------------------------------------ seed facts and the manifest
def test_every_seed_fact_is_reproduced(snap):
    res = facts.check_seed_facts(snapshot_dir=snap)
    assert len(res) == 37
    bad = res[~res["ok"]]
    assert bad.empty, "\n" + bad.to_string()


def test_bd_2018_both_readings_agree(snap):
    p = dict(map="2024", province="74", **{"date_from": D("2018-01-01"), "date_to": D("2018-12-31")})
    cohort = run(snap, "tip_funnel", **p).iloc[0]
    solved = run(snap, "cases_solved_in_period", **p).iloc[0]
    for col, want in (("cases_solved", 2144), ("arrests", 3630), ("guns", 21), ("primitive_weapons", 501)):
        assert cohort[col] == want and solved[col] == want, col
    assert 5000 <= cohort["valuable_tips"] <= 5050


def test_manifest_matches_files(snap):
    s = snapshots.inspect(snap)
    assert s.ok, s.problems
    m = s.manifest
    assert m["id"] == "demo" and m["kind"] == "demo" and m["simulated"] is True
    assert m["data_date"] == "2026-10-31" and m["period"] == {"from": "2013-01-01", "to": "2026-10-31"}
    assert m["generator"]["seed"] == demo.SEED and m["generator"]["scale"] == 1
    for name, meta in m["tables"].items():
        assert pq.ParquetFile(snap / meta["file"]).metadata.num_rows == meta["rows"], name
        assert meta["sha256"] == snapshots.sha256_of(snap / meta["file"]), name


def test_catalogue_and_types(snap):
    cat = pd.read_csv(paths.REFERENCE / "model_catalogue.csv", dtype=str)
    types = pq.read_table(snap / "model_types.parquet").to_pandas()
    assert list(types.columns) == ["model_type", "name_vi", "name_en", "group", "national"]
    assert list(types["model_type"]) == list(cat["model_type"])
    assert types["model_type"].str.fullmatch(r"[a-z0-9_]+").all() and types["group"].str.fullmatch(r"[a-z_]+").all()
    assert cat["source"].str.len().gt(0).all()
    used = set(pq.read_table(snap / "model_sites.parquet", columns=["model_type"]).column(0).unique().to_pylist())
    assert used <= set(types["model_type"])


# ------------------------------------------------------------------ domain rules
@pytest.mark.parametrize("table", FACT_TABLES)
def test_codes_exist_on_their_era_map_and_era_matches_date(sql, table):
    col = DATE_OF[table]
    r = sql(f"""
        SELECT count(*) AS n,
               count(*) FILTER (WHERE c.commune_code IS NULL) AS unknown_code,
               count(*) FILTER (WHERE t.admin_era <> CASE WHEN t.{col} >= DATE '2025-07-01' THEN '2025' ELSE '2024' END)
                   AS wrong_era,
               count(*) FILTER (WHERE t.{col} < DATE '2013-01-01' OR t.{col} > DATE '2026-10-31') AS out_of_period,
               count(*) FILTER (WHERE length(t.commune_code) <> 5) AS bad_length
        FROM {table} t LEFT JOIN communes c ON c.map = t.admin_era AND c.commune_code = t.commune_code""").iloc[0]
    assert r["n"] > 0
    assert r["unknown_code"] == 0 and r["wrong_era"] == 0 and r["out_of_period"] == 0 and r["bad_length"] == 0


def test_cases_follow_their_tips(sql):
    r = sql("""
        WITH first AS (SELECT case_id, min(received_on) AS first_tip, count(*) AS tips,
                              bool_and(valuable) AS all_valuable
                       FROM tipoffs WHERE case_id IS NOT NULL GROUP BY case_id)
        SELECT (SELECT count(*) FROM cases) AS cases,
               (SELECT count(DISTINCT case_id) FROM cases) AS distinct_ids,
               count(*) AS cases_with_tips,
               count(*) FILTER (WHERE c.opened_on < f.first_tip) AS opened_before_tip,
               count(*) FILTER (WHERE c.solved_on < f.first_tip) AS solved_before_tip,
               count(*) FILTER (WHERE c.solved_on < c.opened_on) AS solved_before_opened,
               count(*) FILTER (WHERE c.solved_on > DATE '2026-10-31') AS solved_after_data_date,
               count(*) FILTER (WHERE NOT f.all_valuable) AS linked_not_valuable,
               count(*) FILTER (WHERE f.tips > 1) AS multi_tip
        FROM cases c JOIN first f USING (case_id)""").iloc[0]
    assert r["cases"] == r["distinct_ids"] == r["cases_with_tips"]
    assert r["opened_before_tip"] == 0 and r["solved_before_tip"] == 0 and r["solved_before_opened"] == 0
    assert r["solved_after_data_date"] == 0 and r["linked_not_valuable"] == 0
    assert r["multi_tip"] > 0.1 * r["cases"]          # several tips may lead to one case
    d = sql("SELECT quantile_cont(solved_on - opened_on, [0.5, 0.99]) AS q FROM cases WHERE solved_on IS NOT NULL")
    q50, q99 = d["q"].iloc[0]
    assert 5 <= q50 <= 90 and q99 > 180                # days to months, long tail


def test_model_sites_rules(sql):
    r = sql("""
        WITH m AS (SELECT model_id, count(*) FILTER (WHERE is_origin) AS origins, min(started_on) AS first_start,
                          min(started_on) FILTER (WHERE is_origin) AS origin_start FROM model_sites GROUP BY model_id)
        SELECT count(*) FILTER (WHERE origins <> 1) AS bad_origin_count,
               count(*) FILTER (WHERE origin_start <> first_start) AS origin_not_first,
               (SELECT count(*) FROM model_sites WHERE ended_on <= started_on) AS ended_before_start,
               (SELECT count(*) - count(DISTINCT site_id) FROM model_sites) AS duplicate_ids,
               (SELECT avg(effective::INT) FROM model_sites) AS effective_share,
               (SELECT avg((ended_on IS NOT NULL)::INT) FROM model_sites) AS ended_share
        FROM m""").iloc[0]
    assert r["bad_origin_count"] == 0 and r["origin_not_first"] == 0
    assert r["ended_before_start"] == 0 and r["duplicate_ids"] == 0
    assert 0.4 < r["effective_share"] < 0.9 and 0.05 < r["ended_share"] < 0.6


def test_pilot_wards(sql):
    r = sql("""SELECT s.commune_code, c.province_code, c.commune_type FROM model_sites s
               JOIN communes c ON c.map = s.admin_era AND c.commune_code = s.commune_code
               WHERE s.model_type = 'cong_an_phuong_kieu_mau' AND year(s.started_on) = 2022""")
    assert sorted(r["province_code"]) == ["01", "31", "48", "79", "92"]
    assert (r["commune_type"] == "Phường").all()


def test_festival_rules(snap, sql):
    r = sql("""SELECT count(*) FILTER (WHERE month(held_on) <> 8) AS not_august,
                      count(*) FILTER (WHERE year <> year(held_on)) AS wrong_year,
                      count(*) FILTER (WHERE level = 'Huyện' AND admin_era = '2025') AS district_after_reform,
                      count(*) FILTER (WHERE day(held_on) BETWEEN 15 AND 21) / count(*) AS mid_august
               FROM festival_sites""").iloc[0]
    assert r["not_august"] == 0 and r["wrong_year"] == 0 and r["district_after_reform"] == 0
    assert r["mid_august"] > 0.5
    years = run(snap, "festival_year_summary", map="2025", province=None,
                **{"date_from": D("2013-01-01"), "date_to": D("2026-10-31")})
    assert list(years["year"]) == list(range(2013, 2027))
    assert years["showcase_sites"].between(5000, 6000).all(), years[["year", "showcase_sites"]]
    assert years["sites"].gt(years["showcase_sites"]).all()
    th = run(snap, "festival_year_summary", map="2025", province="38",
             **{"date_from": D("2025-01-01"), "date_to": D("2025-12-31")})
    assert th["sites"].tolist() == [4517]             # Thanh Hóa 2025, published_figures.csv


def test_activities_grain(sql):
    r = sql("""SELECT count(*) AS n, count(DISTINCT (month, commune_code, admin_era)) AS keys,
                      count(*) FILTER (WHERE day(month) <> 1) AS not_first_day,
                      count(*) FILTER (WHERE month(month) <> 12 AND (safety_units_assessed > 0 OR safety_units_passed > 0))
                          AS safety_outside_december,
                      count(*) FILTER (WHERE safety_units_passed > safety_units_assessed) AS passed_over_assessed,
                      count(*) FILTER (WHERE propaganda_participants > 0 AND propaganda_sessions = 0) AS orphan_participants
               FROM activities""").iloc[0]
    per_era = sql("""SELECT a.admin_era, count(DISTINCT month) AS months, count(*) AS n,
                            (SELECT count(*) FROM communes c WHERE c.map = a.admin_era) AS communes
                     FROM activities a GROUP BY 1 ORDER BY 1""")
    assert r["n"] == r["keys"] and r["not_first_day"] == 0
    assert r["safety_outside_december"] == 0 and r["passed_over_assessed"] == 0 and r["orphan_participants"] == 0
    assert per_era["months"].tolist() == [150, 16]
    assert (per_era["n"] == per_era["months"] * per_era["communes"]).all()


# ------------------------------------------------------------------ national scale and shape
def test_national_model_scale(snap):
    nat = dict(map="2025", province=None, model_types=[])
    by_2018 = run(snap, "models_implemented", **nat, **{"date_from": D("2013-01-01"), "date_to": D("2018-12-31")})
    assert by_2018["models_implemented"].iloc[0] >= 2000
    eff = run(snap, "models_effective", **nat, as_of=D("2025-07-31"))
    assert eff["models_effective"].iloc[0] > 4300
    assert run(snap, "model_communes_covered", **nat, as_of=D("2025-07-31"))["sites"].iloc[0] >= 100_000
    late = run(snap, "model_communes_covered", **nat, as_of=D("2025-11-30"))["sites"].iloc[0]
    assert 110_000 <= late <= 140_000                  # ~124,000 replication sites (published, 2025-11)


def test_tips_national_scale_and_anomalies(sql):
    y = sql("SELECT year(received_on) AS y, count(*) AS n FROM tipoffs GROUP BY 1 ORDER BY 1").set_index("y")["n"]
    assert y.loc[2013:2025].between(100_000, 999_999).all(), y   # hundreds of thousands a year
    ch = sql("""SELECT year(received_on) AS y, count(*) AS n FROM tipoffs WHERE channel = 'Ứng dụng VNeID'
                GROUP BY 1 ORDER BY 1""").set_index("y")["n"]
    assert ch.index.min() == 2023 and ch.loc[2025] > 3 * ch.loc[2023]
    kt = sql("""SELECT year(received_on) AS y, count(*) AS n FROM tipoffs t JOIN commune_keys k USING (admin_era, commune_code)
                WHERE k.province_2024 = '62' AND year(received_on) BETWEEN 2019 AND 2022 GROUP BY 1 ORDER BY 1""")
    kt = kt.set_index("y")["n"]
    assert kt.loc[2021] < 0.5 * kt.loc[2020] and kt.loc[2022] > 2 * kt.loc[2021]
    m = sql("""SELECT month(received_on) AS m, count(*) AS n FROM tipoffs WHERE year(received_on) = 2019
               GROUP BY 1 ORDER BY 1""").set_index("m")["n"]
    assert m.loc[2] < m.loc[1]                         # Tết 2019 (5 Feb): January crackdown, February dip


def _adopters(sql) -> pd.DataFrame:
    return sql("""SELECT model_type, commune_code, min(started_on) AS first_start FROM model_sites
                  WHERE admin_era = '2024' AND model_type <> 'cong_an_phuong_kieu_mau' GROUP BY 1, 2""")


def test_spread_is_mostly_to_neighbours_and_s_shaped(sql):
    from antq.build.demo.world import adjacency, load_world

    world = load_world()
    src, dst = adjacency(world)
    idx = pd.Series(np.arange(world.n24), index=world.c24["commune_code"])
    a = _adopters(sql)
    shares = {}
    for mt, g in a.groupby("model_type"):
        first = np.full(world.n24, np.datetime64("2100-01-01"), dtype="datetime64[D]")
        pos = idx.reindex(g["commune_code"]).to_numpy()
        first[pos] = g["first_start"].to_numpy().astype("datetime64[D]")
        earlier_nb = np.zeros(world.n24, bool)
        hit = first[dst] < first[src]
        earlier_nb[src[hit]] = True
        later = g["first_start"].to_numpy().astype("datetime64[D]") > first[pos].min()
        shares[mt] = (earlier_nb[pos][later].mean() if later.any() else np.nan, int(later.sum()))
    pooled = sum(s * n for s, n in shares.values() if n) / sum(n for _, n in shares.values())
    assert pooled > 0.5, shares
    big = {mt: s for mt, (s, n) in shares.items() if n >= 500}
    assert all(s > 0.5 for s in big.values()), big
    # S-shaped: yearly new adopters of the oldest national type rise, peak inside the period, then fall
    tq = a[a["model_type"] == "tu_quan_antt"]
    per_year = pd.to_datetime(tq["first_start"]).dt.year.value_counts().sort_index().loc[2013:2024]
    peak = per_year.idxmax()
    assert 2014 < peak < 2024 and per_year.loc[2013] < per_year.max() / 3 and per_year.loc[2024] < per_year.max()


# ------------------------------------------------------------------ the reform without loss
@pytest.mark.parametrize("table", FACT_TABLES)
def test_reform_totals_equal_on_both_maps(sql, table):
    r = sql(f"""SELECT count(*) AS n,
                       count(k.province_2024) AS on_2024, count(k.province_2025) AS on_2025,
                       count(DISTINCT k.province_2024) AS p24, count(DISTINCT k.province_2025) AS p25
                FROM {table} t LEFT JOIN commune_keys k USING (admin_era, commune_code)""").iloc[0]
    assert r["n"] == r["on_2024"] == r["on_2025"]
    assert r["p24"] == 63 and r["p25"] == 34


def test_reform_totals_through_queries(snap):
    per = {"date_from": D("2013-01-01"), "date_to": D("2026-10-31")}
    for name, cols in (("tip_funnel", ["tips", "valuable_tips", "cases_solved", "arrests"]),
                       ("activities_totals", ["propaganda_sessions", "families_committed", "safety_units_passed"]),
                       ("cases_solved_in_period", ["cases_solved", "guns"])):
        a = run(snap, name, map="2024", province=None, **per)[cols]
        b = run(snap, name, map="2025", province=None, **per)[cols]
        pd.testing.assert_frame_equal(a, b)
    # the 34 provinces of 2025 hold every 2024 row: per-province sums equal the national total
    nat = run(snap, "tip_funnel", map="2025", province=None, **per)["tips"].iloc[0]
    provs = pd.read_csv(paths.REFERENCE / "provinces_2025.csv", dtype=str)["province_code"]
    assert sum(run(snap, "tip_funnel", map="2025", province=p, **per)["tips"].iloc[0] for p in provs) == nat


# ------------------------------------------------------------------ builds: determinism, scale, setup
@pytest.fixture(scope="module")
def small_builds(tmp_path_factory, built_data):
    out = {}
    for name, scale in (("a", 1), ("b", 1), ("x2", 2)):
        root = tmp_path_factory.mktemp(f"snap-{name}")
        out[name] = demo.build(scale=scale, snapshot="small", provinces=["74", "27"], root=root, progress=None)
    return out


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_builds_are_deterministic(small_builds):
    a, b = _manifest(small_builds["a"])["tables"], _manifest(small_builds["b"])["tables"]
    assert {k: v["sha256"] for k, v in a.items()} == {k: v["sha256"] for k, v in b.items()}
    for t in ("model_sites", "cases"):
        pd.testing.assert_frame_equal(pq.read_table(small_builds["a"] / f"{t}.parquet").to_pandas(),
                                      pq.read_table(small_builds["b"] / f"{t}.parquet").to_pandas())


def test_scale_multiplies_rows(small_builds):
    one, two = _manifest(small_builds["a"]), _manifest(small_builds["x2"])
    assert two["generator"]["scale"] == 2
    for t in ("tipoffs", "cases", "model_sites"):
        ratio = two["tables"][t]["rows"] / one["tables"][t]["rows"]
        assert 1.6 < ratio < 2.4, (t, ratio)
    assert two["tables"]["activities"]["rows"] == one["tables"]["activities"]["rows"]   # fixed grain


def test_small_build_still_meets_its_provinces_facts(small_builds):
    res = facts.check_seed_facts(snapshot_dir=small_builds["a"])
    mine = res[res["fact_id"].str.startswith(("bd_", "bn_"))]
    assert mine["ok"].all(), mine[~mine["ok"]].to_string()


def test_ensure_demo_keeps_an_existing_snapshot(snap):
    before = (snap / "manifest.json").stat().st_mtime_ns
    assert demo.ensure_demo(progress=None) == snap
    assert (snap / "manifest.json").stat().st_mtime_ns == before


def test_the_product_never_reads_shared():
    files = [*paths.ROOT.glob("antq/**/*.py"), *paths.ROOT.glob("queries/**/*.sql")]
    assert any(f.parent.name == "demo" for f in files)  # the generator is among them
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert "shared/" not in text and "/work/" not in text, f
