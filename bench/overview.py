"""Server time of the "Tổng quan" and "So sánh địa phương" pages on the demo snapshot (not a test).

1. Every query the two pages run, uncached (straight on the DuckDB connection, as a cache miss
   costs), for the default view (2025 map, year to date), one province, and the 2024 map in 2018:
   best and median of 3.
2. Each interaction under AppTest, warm (the queries it needs already cached) and cold (a period
   never asked before, so every query misses the cache): the wall time of `at.run()`, and the CPU
   time the process spent on it (all threads, DuckDB's included), which is what the interaction
   costs a server when other work competes for the cores (wall time then also counts the waiting).
The machine's load average is printed first: read the wall times against it.

Usage: python bench/overview.py [--rounds 3] [--only queries|interactions]
"""
import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from antq import paths  # noqa: E402
from antq.data import db  # noqa: E402
from antq.view import pages  # noqa: E402
from bench.pages import open_page  # noqa: E402
from bench.signin import bench_account  # noqa: E402

D = dt.date
OVERVIEW = ["model_communes_covered", "models_effective", "tip_funnel", "festival_year_summary", "activities_totals",
            "safety_share_by_year", "overview_models_by_area", "overview_tips_by_area", "overview_festival_by_area",
            "overview_activities_by_area", "compare_province_population"]
COMPARE = ["compare_commune_population", "compare_models_by_province_month", "compare_tips_by_province_month",
           "compare_solved_tips_by_province_month",
           "compare_festival_by_province_month", "compare_activities_by_province_month"]


def time_queries(rounds: int) -> None:
    snap = paths.snapshots_dir() / "demo"
    con = db.connection(snap)
    views = [("2025 national YTD 2026", dict(map="2025", province=None, date_from=D(2026, 1, 1), date_to=D(2026, 10, 31))),
             ("2025 Hà Nội YTD 2026", dict(map="2025", province="01", date_from=D(2026, 1, 1), date_to=D(2026, 10, 31))),
             ("2024 national 2018", dict(map="2024", province=None, date_from=D(2018, 1, 1), date_to=D(2018, 12, 31)))]
    print("Queries, uncached (ms: best / median of %d)" % rounds)
    for label, view in views:
        print(f"  {label}")
        total = 0.0
        for name in OVERVIEW + COMPARE:
            sql = db.load_sql(name)
            end = view["date_to"]
            params = {**view, "as_of": end, "model_types": [], "safety_year": end.year - 1}
            if name.endswith("_by_province_month"):  # the trend window: 35 months before the period end
                params["date_from"] = D(end.year - 3, end.month % 12 + 1, 1) if end.month < 12 else D(end.year - 2, 1, 1)
            if name == "compare_commune_population" and not params["province"]:
                params["province"] = "79" if view["map"] == "2025" else "74"
            bound = {k: v for k, v in params.items() if k in db.parameters_of(sql)}
            times = []
            for _ in range(rounds):
                cur = con.cursor()
                t0 = time.perf_counter()
                cur.execute(sql, bound).df()
                times.append((time.perf_counter() - t0) * 1000)
                cur.close()
            total += statistics.median(times)
            print(f"    {name:40s} {min(times):7.0f} {statistics.median(times):7.0f}")
        print(f"    {'sum of medians':40s} {total:15.0f}")


def app(slug: str, query: dict):
    """The page signed in, on the demo snapshot."""
    return open_page(pages.get(slug).script, query, "demo")


def timed(label: str, fn) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    at = fn()
    ms, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    err = " EXCEPTION" if at is not None and at.exception else ""
    print(f"  {label:64s} {ms:7.0f} {cpu:7.0f}{err}")


def time_interactions() -> None:
    print("Interactions under AppTest (at.run(); ms: wall, CPU)")
    at = app("overview", {})
    timed("overview: rerun, warm", lambda: at.run())
    for key in ("coverage", "solved_share", "festival_participants", "safety_share", "tips"):
        timed(f"overview: map figure -> {key} (warm)", lambda k=key: at.selectbox(key="overview_metric").set_value(k).run())
    timed("overview: scope -> Hà Nội (cold)", lambda: at.sidebar.selectbox(key="province").set_value("01").run())
    timed("overview: scope -> Hà Nội again (warm)", lambda: at.run())
    timed("overview: scope -> whole country (warm)", lambda: at.sidebar.selectbox(key="province").set_value("").run())
    timed("overview: period from 15/02/2026 (cold: every query misses)",
          lambda: at.sidebar.date_input(key="date_from").set_value(D(2026, 2, 15)).run())
    timed("overview: map -> 2024 (cold)", lambda: at.sidebar.radio(key="map").set_value("2024").run())

    at = app("compare", {"provinces": "01,79,48"})
    timed("compare: rerun, warm", lambda: at.run())
    timed("compare: peer -> region", lambda: at.radio(key="compare_peer").set_value("region").run())
    timed("compare: peer -> population", lambda: at.radio(key="compare_peer").set_value("population").run())
    timed("compare: normalise per commune", lambda: at.radio(key="compare_basis").set_value("commune").run())
    for key in ("coverage", "solved_share", "festival_sites", "safety_share", "tips"):
        timed(f"compare: figure -> {key} (trend query cold the first time)",
              lambda k=key: at.selectbox(key="compare_metric").set_value(k).run())
    timed("compare: figure -> coverage again (warm)", lambda: at.selectbox(key="compare_metric").set_value("coverage").run())
    second = at.multiselect(key="compare_provinces").value[1]
    timed(f"compare: communes inside -> {second} (cold)", lambda: at.selectbox(key="compare_inside").set_value(second).run())
    timed(f"compare: communes inside -> {second} again (warm)", lambda: at.run())
    timed("compare: period from 15/02/2026 (cold: every query misses)",
          lambda: at.sidebar.date_input(key="date_from").set_value(D(2026, 2, 15)).run())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/overview.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", choices=("queries", "interactions"))
    args = ap.parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()), f"on {os.cpu_count()} cores")
    if args.only != "interactions":
        time_queries(args.rounds)
    if args.only != "queries":
        with bench_account():
            time_interactions()
    return 0


if __name__ == "__main__":
    sys.exit(main())
