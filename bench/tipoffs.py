"""Server time of each interaction of the "Tin báo → phá án" page (a benchmark, not a test).

Runs the dashboard under AppTest on a snapshot (default: the demo), warms the process once (every
section drawn on another period, so plotly's classes and the boundary layers are loaded), then
drives each control with values not seen before (the query cache misses: the cost a user pays the
first time) and again with the same values (served from the cache). The whole sequence runs
--repeat times from an empty query cache and the best time of each interaction is kept (other work
on the machine only ever adds time). Prints, per interaction, the time of the script run and of each
named query it ran.

Usage: python bench/tipoffs.py [--snapshot demo] [--repeat 3]
       ANTQ_SNAPSHOTS_DIR=/tmp/x10 python bench/tipoffs.py --snapshot demo-x10
       (build it with: python -m antq demo --scale 10 --root /tmp/x10)
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from antq.data import cache, db  # noqa: E402
from antq.view import pages  # noqa: E402
from bench.pages import open_page as open_signed_in  # noqa: E402
from bench.signin import bench_account  # noqa: E402

# every query a run asks, timed where it runs (the page's questions run on the query pool's threads,
# which call db.run too)
CALLS: list[tuple[str, float]] = []
_run = db.run


def timed_run(name, **params):
    t0 = time.perf_counter()
    try:
        return _run(name, **params)
    finally:
        CALLS.append((name, time.perf_counter() - t0))


db.run = timed_run


def open_page(query: dict):
    """The tipoffs page signed in, with the URL parameters `query` (its snapshot among them)."""
    return open_signed_in(pages.get("tipoffs").script, query, query["snapshot"])


def measure(at, label: str, action, rows: list) -> None:
    """Apply `action` (which sets widget values), run, and record the server time; then rerun unchanged."""
    CALLS.clear()
    action(at)
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    assert not at.exception, (label, at.exception)
    queries = [(n, s) for n, s in CALLS if s > 0.002]  # calls served from the cache take ~1 ms
    CALLS.clear()
    t0 = time.perf_counter()
    at.run()
    warm = time.perf_counter() - t0
    rows.append((label, cold, warm, queries))


def set_section(s):
    return lambda at: at.radio(key="tipoffs_section").set_value(s)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/tipoffs.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--snapshot", default="demo")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    with bench_account():
        interactions(args.snapshot, args.repeat)
    return 0


def interactions(snapshot_id: str, repeat: int) -> None:
    base = {"snapshot": snapshot_id}

    t0 = time.perf_counter()
    at = open_page({**base, "from": "2015-01-01", "to": "2015-12-31", "map": "2024"})
    for s in ("cohorts", "works", "where", "periods", "funnel"):  # warm the process, not the queries
        at.radio(key="tipoffs_section").set_value(s).run()
    print(f"process warm-up: {time.perf_counter() - t0:.1f} s (not counted)\n")

    steps = [
        ("Bình Dương 2018: section funnel (re-run)", lambda at: None),
        ("section cohorts (grain month)", set_section("cohorts")),
        ("grain quarter", lambda at: at.radio(key="tipoffs_grain").set_value("quarter")),
        ("grain year", lambda at: at.radio(key="tipoffs_grain").set_value("year")),
        ("section works (grain year)", set_section("works")),
        ("section where (commune map of 74)", set_section("where")),
        ("metric valuable share", lambda at: at.selectbox(key="tipoffs_metric").set_value("valuable")),
        ("metric per 100,000", lambda at: at.selectbox(key="tipoffs_metric").set_value("per100k")),
        ("section periods (vs 2017)", set_section("periods")),
        ("scope: whole country (periods)", lambda at: at.sidebar.selectbox(key="province").set_value("")),
        ("section where, national map (63 provinces)", set_section("where")),
        ("metric conversion (national)", lambda at: at.selectbox(key="tipoffs_metric").set_value("conversion")),
        ("map 2025 (34 provinces)", lambda at: at.sidebar.radio(key="map").set_value("2025")),
        ("map click: province 79 (168 communes)", lambda at: at.sidebar.selectbox(key="province").set_value("79")),
        ("back to whole country", lambda at: at.sidebar.selectbox(key="province").set_value("")),
        ("period 2024 (where)", lambda at: (at.sidebar.date_input(key="date_from").set_value(dt.date(2024, 1, 1)),
                                            at.sidebar.date_input(key="date_to").set_value(dt.date(2024, 12, 31)))),
        ("section funnel", set_section("funnel")),
        ("section cohorts (2024, year)", set_section("cohorts")),
        ("grain month", lambda at: at.radio(key="tipoffs_grain").set_value("month")),
        ("section works", set_section("works")),
        ("section periods (vs 2023)", set_section("periods")),
        ("period 2013–2026 (periods)", lambda at: at.sidebar.date_input(key="date_from").set_value(dt.date(2013, 1, 1))),
        ("section funnel, 2013–2026", set_section("funnel")),
        ("section cohorts, 2013–2026", set_section("cohorts")),
        ("section where, 2013–2026", set_section("where")),
        ("province 79 (2013–2026, where)", lambda at: at.sidebar.selectbox(key="province").set_value("79")),
    ]
    runs = []
    for _ in range(repeat):
        cache.clear("data")  # every view is new again
        rows: list = []
        at = open_page({**base, "from": "2018-01-01", "to": "2018-12-31", "map": "2024", "province": "74"})
        for label, action in steps:
            measure(at, label, action, rows)
        runs.append(rows)
    rows = [min((run[i] for run in runs), key=lambda r: r[1]) for i in range(len(steps))]
    rows = [(label, cold, min(run[i][2] for run in runs), q) for i, (label, cold, _, q) in enumerate(rows)]
    print(f"best of {repeat} runs; load average now {' '.join(open('/proc/loadavg').read().split()[:3])}")

    w = max(len(r[0]) for r in rows)
    print(f"{'interaction':<{w}}  {'new view':>9}  {'cached':>7}   queries that ran (ms)")
    for label, cold, warm, queries in rows:
        q = ", ".join(f"{n} {s * 1000:.0f}" for n, s in queries) or "–"
        flag = "" if cold < 0.5 else "  > 500 ms"
        print(f"{label:<{w}}  {cold * 1000:7.0f} ms  {warm * 1000:5.0f} ms   {q}{flag}")
    colds = [r[1] for r in rows]
    print(f"\nnew view: median {statistics.median(colds) * 1000:.0f} ms, max {max(colds) * 1000:.0f} ms; "
          f"cached: median {statistics.median(r[2] for r in rows) * 1000:.0f} ms; "
          f"{sum(c >= 0.5 for c in colds)} of {len(colds)} interactions ≥ 500 ms")


if __name__ == "__main__":
    sys.exit(main())
