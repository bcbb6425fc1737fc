"""Server time of the "Ngày hội" page on the demo snapshot (a benchmark, not a test).

For each interaction, the script run (sidebar + page) under AppTest: the first time (its queries
not yet cached, as a user meets it; boundary layers already loaded, as in a running server) and
again (cached, median of 3), as wall time and as CPU time
of the script thread (what the server spends, less the waiting for a CPU when other processes load
the machine; queries run partly on DuckDB's own threads and count in the wall time). Then each
query of the page on its own, uncached.
Usage: python bench/festival.py [--only queries|pages]
"""
import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402

from antq import paths  # noqa: E402
from antq.data import db  # noqa: E402
from antq.figures import geo  # noqa: E402
from antq.view import pages  # noqa: E402
from bench.pages import open_page  # noqa: E402
from bench.signin import bench_account  # noqa: E402

SNAP = paths.snapshots_dir() / "demo"


CPU: list[float] = []
_run_script = script_runner.ScriptRunner._run_script


def _measured_run_script(self, rerun_data):
    t0 = time.thread_time()
    try:
        return _run_script(self, rerun_data)
    finally:
        CPU.append((time.thread_time() - t0) * 1000)


script_runner.ScriptRunner._run_script = _measured_run_script


def timed(fn) -> tuple[float, float]:
    """Wall ms of fn, and the script thread's CPU ms over the script runs it made."""
    CPU.clear()
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000, sum(CPU)


def warm_layers() -> None:
    """Boundary layers are read once per server process (geo's cache): load them first, so that the
    interactions below measure what a running server does, and say what the loading costs."""
    t0 = time.perf_counter()
    for m in ("2025", "2024"):
        geo.geojson("province", m)
    geo.geojson("commune", "2024", "38")
    geo.geojson("commune", "2025", "38")
    print(f"boundary layers loaded once per process (both national maps, Thanh Hóa on both): "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms\n")


def bench_pages() -> None:
    print(f"{'interaction (ms)':50s} {'first wall':>10s} {'first cpu':>10s} {'again wall':>10s} {'again cpu':>10s}")
    opened = []
    first = timed(lambda: opened.append(open_page(pages.get("festival").script, {}, SNAP.name)))
    at = opened[0]
    again = timed(at.run)
    print(f"{'open /festival (sign-in, connection, layers)':50s} {first[0]:10.0f} {first[1]:10.0f} "
          f"{again[0]:10.0f} {again[1]:10.0f}")

    steps = [
        ("year 2022", lambda: at.selectbox(key="festival_year").set_value(2022)),
        ("metric: participants per 1,000", lambda: at.radio(key="festival_metric").set_value("participants_per_1k")),
        ("metric: share of communes", lambda: at.radio(key="festival_metric").set_value("communes_share")),
        ("map 2024 (63 provinces)", lambda: at.sidebar.radio(key="map").set_value("2024")),
        ("year 2021 on map 2024", lambda: at.selectbox(key="festival_year").set_value(2021)),
        ("scope Thanh Hóa (38), communes of 2024 map", lambda: at.sidebar.selectbox(key="province").set_value("38")),
        ("level filter: Xã", lambda: at.multiselect(key="festival_levels").set_value(["Xã"])),
        ("showcase only", lambda: at.toggle(key="festival_showcase").set_value(True)),
        ("commune filter", lambda: at.selectbox(key="festival_commune").set_value(_first_commune(at))),
        ("map 2025 (province carried to 38)", lambda: at.sidebar.radio(key="map").set_value("2025")),
        ("year 2026", lambda: at.selectbox(key="festival_year").set_value(2026)),
        ("back to whole country", lambda: at.sidebar.selectbox(key="province").set_value("")),
        ("English", lambda: at.sidebar.toggle(key="_lang_en").set_value(True)),
    ]
    for name, act in steps:
        act()
        a = timed(at.run)
        assert not at.exception, at.exception
        runs = [timed(at.run) for _ in range(3)]
        b = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        print(f"{name:50s} {a[0]:10.0f} {a[1]:10.0f} {b[0]:10.0f} {b[1]:10.0f}")


def _first_commune(at) -> str:
    box = at.selectbox(key="festival_commune")
    return box.options[1] if len(box.options) > 1 else ""


def bench_queries() -> None:
    db.connection(SNAP)
    period = {"date_from": dt.date(2013, 1, 1), "date_to": dt.date(2026, 10, 31)}
    cases = [
        ("festival_year_summary national", "festival_year_summary", dict(map="2025", province=None, **period)),
        ("festival_year_summary Thanh Hóa (2024 map)", "festival_year_summary", dict(map="2024", province="38", **period)),
        ("festival_by_area national 2026 (34)", "festival_by_area", dict(map="2025", province=None, year=2026)),
        ("festival_by_area national 2022 (63)", "festival_by_area", dict(map="2024", province=None, year=2022)),
        ("festival_by_area Thanh Hóa 2022 (547 communes)", "festival_by_area", dict(map="2024", province="38", year=2022)),
        ("festival_sites_list national 2026, first 1,000", "festival_sites_list",
         dict(map="2025", province=None, year=2026, commune=None, levels=[], showcase_only=False, limit=1000)),
        ("festival_sites_list Thanh Hóa 2022, first 1,000", "festival_sites_list",
         dict(map="2024", province="38", year=2022, commune=None, levels=[], showcase_only=False, limit=1000)),
        ("CSV download: festival_sites_list national 2026, all", "festival_sites_list",
         dict(map="2025", province=None, year=2026, commune=None, levels=[], showcase_only=False, limit=None)),
    ]
    print(f"\n{'query (uncached, median of 3)':58s} {'ms':>9s} {'rows':>8s}")
    cur = db.connection(SNAP).cursor()
    for label, name, params in cases:
        sql = db.load_sql(name)
        bound = {k: params[k] for k in db.parameters_of(sql)}
        times, n = [], 0
        for _ in range(3):
            t0 = time.perf_counter()
            n = len(cur.execute(sql, bound).df())
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{label:58s} {statistics.median(times):9.0f} {n:8d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/festival.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=("queries", "pages"))
    args = ap.parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if args.only != "pages":
        bench_queries()
        print()
    if args.only != "queries":
        warm_layers()
        with bench_account():
            bench_pages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
