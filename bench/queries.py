"""The queries section and the pandas baseline.

queries: every queries/*.sql with representative parameters derived from the `$names` it binds (both
maps, the whole country and one province, a one-year period and the whole history), run by
`db.execute_uncached` (a fresh cursor on the snapshot's connection, no result cache): what a cache
miss costs. First call, then p50 / p95.

pandas: the main aggregations done in pandas over the same parquet files, against the app's query for
the same answer (checked equal): what DuckDB and the derived tables buy.
"""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from bench.common import D, pct, say

# what every query may bind, beyond the view (the view's map, province and period come from VARIANTS)
FIXED = dict(model_types=[], grain="month", year=2025, safety_year=2025, commune=None, levels=[],
             showcase_only=False, limit=1000, only_active=True, from_map="2024", to_map="2025",
             # the import's checks (queries/ingest_*.sql): the keys of a 400-row report
             keys=list(range(1_000_000, 1_000_400)), case_ids=list(range(100_000, 100_400)),
             model_ids=[f"MH{i:06d}" for i in range(1, 401)])
YEAR = {"date_from": D(2025, 1, 1), "date_to": D(2025, 12, 31)}
PERIOD = {"date_from", "date_to"}
# queries that only make sense for one province: Hà Nội stands in when the variant is national
NEED_PROVINCE = ("compare_commune_population", "data_province_communes", "province_on_other_map")


def query_variants(name: str, data_date, full: bool) -> list[tuple[str, dict]]:
    """Representative parameters for a query, derived from the `$names` it binds; variants that bind
    the same values are measured once."""
    from antq.data import db

    wanted = db.parameters_of(db.load_sql(name))
    base = dict(FIXED, as_of=data_date, until=data_date, data_date=data_date, **YEAR)
    if name == "ingest_present_activities":  # (month, commune) packed: January 2024, 400 communes
        base["keys"] = [(2024 * 12) * 100_000 + c for c in range(1, 401)]
    cands = [("2025 · toàn quốc · 2025", dict(map="2025", province=None)),
             ("2024 · toàn quốc · 2025", dict(map="2024", province=None)),
             ("2025 · tỉnh 01 · 2025", dict(map="2025", province="01"))]
    if full or not (PERIOD & wanted):
        cands.append(("2024 · tỉnh 01 · 2025", dict(map="2024", province="01")))
    if PERIOD <= wanted:
        cands.append(("2024 · toàn quốc · 2013–2026",
                      dict(map="2024", province=None, date_from=D(2013, 1, 1), date_to=data_date)))
    out, seen = [], set()
    for label, over in cands:
        p = {**base, **over, "level": "commune" if over.get("province") else "province"}
        if name in NEED_PROVINCE and not p["province"]:
            p["province"] = "01"
        key = tuple(sorted((k, repr(p[k])) for k in wanted))
        if key in seen:
            continue
        seen.add(key)
        out.append((label if wanted & {"map", "province", "date_from"} else "–", p))
    return out


def data_date_of(snap: Path):
    return D.fromisoformat(json.loads((snap / "manifest.json").read_text())["data_date"])


def bench_queries(snap: Path, runs: int, full: bool) -> dict:
    from antq.data import db

    data_date = data_date_of(snap)
    t0 = time.perf_counter()
    db.connection(snap)
    connect_s = time.perf_counter() - t0
    rows = []
    for name in db.query_names():
        for label, p in query_variants(name, data_date, full):
            times = []
            t = time.perf_counter()
            df = db.execute_uncached(name, snapshot_dir=snap, **p)
            first = time.perf_counter() - t
            for _ in range(runs):
                t = time.perf_counter()
                db.execute_uncached(name, snapshot_dir=snap, **p)
                times.append(time.perf_counter() - t)
            rows.append({"query": name, "variant": label, "rows": len(df), "first": first,
                         "p50": pct(times, 50), "p95": pct(times, 95), "runs": runs})
            say(f"    {name:42s} {label:30s} first {first * 1000:7.0f}  p50 {rows[-1]['p50'] * 1000:7.0f}"
                f"  p95 {rows[-1]['p95'] * 1000:7.0f} ms")
    return {"connect_s": connect_s, "rows": rows}


def bench_pandas(snap: Path, runs: int) -> list[dict]:
    """The main aggregations in pandas over the same parquet files (read included, as DuckDB's views
    read them too), against the app's query for the same answer; results are checked equal."""
    import pandas as pd
    import pyarrow.dataset as ds

    from antq.data import db

    con = db.connection(snap)
    placement = con.execute("SELECT * FROM placement").df()
    data_date = data_date_of(snap)
    y0, y1 = YEAR["date_from"], YEAR["date_to"]

    def tips(cols):
        f = (ds.field("received_on") >= y0) & (ds.field("received_on") <= y1)
        return ds.dataset(snap / "tipoffs.parquet").to_table(columns=cols, filter=f).to_pandas()

    def placed(df, map_):
        p = placement[placement["map"] == map_]
        return df.merge(p, on=["admin_era", "commune_code"], how="inner")

    def tips_by_province():
        t = placed(tips(["commune_code", "admin_era", "valuable"]), "2025")
        return t.groupby("map_province_code").agg(tips=("valuable", "size"), valuable=("valuable", "sum"))

    def funnel():
        t = placed(tips(["commune_code", "admin_era", "valuable", "case_id", "received_on"]), "2025")
        cases = pd.read_parquet(snap / "cases.parquet", columns=["case_id", "solved_on", "arrests", "guns",
                                                                  "primitive_weapons"])
        linked = t.loc[t["valuable"] & t["case_id"].notna(), "case_id"].unique()
        solved = cases[cases["case_id"].isin(linked) & cases["solved_on"].notna()]
        first = (pd.read_parquet(snap / "tipoffs.parquet", columns=["case_id", "received_on"],
                                 filters=[("case_id", "in", solved["case_id"].tolist())])
                 .groupby("case_id")["received_on"].min())
        days = (pd.to_datetime(solved.set_index("case_id")["solved_on"])
                - pd.to_datetime(first.reindex(solved["case_id"]))).dt.days
        return {"tips": len(t), "valuable_tips": int(t["valuable"].sum()),
                "tips_with_solved_case": int(t["case_id"].isin(solved["case_id"]).sum()),
                "cases": len(linked), "cases_solved": len(solved), "arrests": int(solved["arrests"].sum()),
                "median_days_to_solve": float(days.median())}

    def coverage():
        s = pd.read_parquet(snap / "model_sites.parquet", columns=["site_id", "commune_code", "admin_era",
                                                                    "started_on", "ended_on"])
        d = pd.Timestamp(data_date)
        on = pd.to_datetime(s["started_on"]) <= d
        live = s["ended_on"].isna() | (pd.to_datetime(s["ended_on"]) > d)
        a = placed(s[on & live], "2025")
        return {"communes_covered": a["map_commune_code"].nunique(), "sites": len(a)}

    p_year = {"map": "2025", "province": None, **YEAR}
    funnel_keys = ("tips", "valuable_tips", "cases", "cases_solved", "arrests", "tips_with_solved_case")
    cases = [
        ("tips by province, map 2025, 2025", tips_by_province, "tips_by_area", p_year,
         lambda pdf, ddf: int(pdf["tips"].sum()) == int(ddf["tips"].sum())),
        ("tip funnel, whole country, 2025", funnel, "tip_funnel", p_year,
         lambda pdf, ddf: all(int(pdf[k]) == int(ddf[k].iloc[0]) for k in funnel_keys)
         and float(pdf["median_days_to_solve"]) == float(ddf["median_days_to_solve"].iloc[0])),
        ("model coverage at the data date, map 2025", coverage, "model_communes_covered",
         {"map": "2025", "province": None, "as_of": data_date, "model_types": []},
         lambda pdf, ddf: pdf["communes_covered"] == int(ddf["communes_covered"].iloc[0])
         and pdf["sites"] == int(ddf["sites"].iloc[0])),
    ]
    out = []
    for label, fn, query, params, same in cases:
        tp, td = [], []
        for _ in range(runs):
            t = time.perf_counter()
            pdf = fn()
            tp.append(time.perf_counter() - t)
            t = time.perf_counter()
            ddf = db.execute_uncached(query, snapshot_dir=snap, **params)
            td.append(time.perf_counter() - t)
        ok = bool(same(pdf, ddf))
        out.append({"aggregation": label, "query": query, "pandas": statistics.median(tp),
                    "duckdb": statistics.median(td), "same_answer": ok})
        say(f"    {label:45s} pandas {out[-1]['pandas'] * 1000:7.0f}  duckdb {out[-1]['duckdb'] * 1000:7.0f} ms"
            f"  {'same answer' if ok else 'ANSWERS DIFFER'}")
    return out
