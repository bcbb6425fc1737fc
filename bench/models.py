"""Server time of the "Mô hình" page on the demo snapshot (a benchmark that prints figures, not a test).

Usage: python bench/models.py [--repeat N]

1. Each named query of the page, uncached (the result cache cleared before every call), best of N.
2. Each interaction as AppTest runs it: the script run that follows a change of control, with the
   process warm (imports, connection, boundary layers loaded) and the new values' queries not cached
   yet, which is what a user waits for the first time they choose a value; best of N, every repeat with
   a value not seen before where the control allows it.
"""
from __future__ import annotations

import argparse
import itertools
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from antq import paths  # noqa: E402
from antq.data import cache, db  # noqa: E402
from antq.view import pages  # noqa: E402
from bench.pages import open_page  # noqa: E402
from bench.signin import bench_account  # noqa: E402

D = dt.date
SNAP = paths.snapshots_dir() / "demo"


def best_of(f, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times)


def bench_queries(n: int) -> None:
    print("== queries (ms, uncached; best / median of", n, ")")
    common = dict(snapshot_dir=SNAP, model_types=[])
    cases = []
    for m in ("2025", "2024"):
        for prov in (None, "01" if m == "2024" else "79"):
            p = dict(common, map=m, province=prov, as_of=D(2023, 7, 31), date_from=D(2013, 1, 1), date_to=D(2023, 7, 31))
            where = f"map {m} {'national' if not prov else 'province ' + prov}"
            cases += [
                ("model_communes_covered", p, where), ("models_implemented", p, where), ("models_effective", p, where),
                ("models_coverage_by_area", dict(p, level="commune"), where + " communes"),
                ("models_adoption_curve", dict(p, until=D(2026, 10, 31)), where),
                ("models_new_adopters_by_year", p, where),
                ("models_sites_list", dict(p, only_active=True, limit=1000), where + " first 1000"),
                ("models_sites_list", dict(p, only_active=True, limit=None), where + " all (CSV)"),
            ]
            if not prov:
                cases.insert(len(cases) - 5, ("models_coverage_by_area", dict(p, level="province"), where + " provinces"))
        cases.append(("models_type_by_province", dict(common, map=m, as_of=D(2023, 7, 31)), f"map {m}"))
    cases.append(("models_types", dict(snapshot_dir=SNAP), ""))
    for name, p, where in cases:
        def once():
            cache.clear("data")
            db.run(name, **p)
        b, med = best_of(once, n)
        print(f"  {name:30s} {where:32s} {b:7.0f} {med:7.0f}")


def app(query: dict):
    """The models page signed in, on the demo snapshot."""
    return open_page(pages.get("models").script, query, SNAP.name)


def timed(at, act) -> float:
    act(at)
    t0 = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - t0) * 1000
    assert not at.exception, at.exception
    return ms


def bench_interactions(n: int) -> None:
    print("== interactions (ms of server time per script run; best / median of", n, ")")
    months = iter([D(y, mth, 1) for y in range(2014, 2026) for mth in (3, 6, 9, 12)])

    codes = list(db.run("models_types", snapshot_dir=SNAP)["model_type"])
    type_sets = iter([[c] for c in codes] + [list(pair) for pair in itertools.combinations(codes, 2)])
    scenarios = [
        ("national provinces 2025", {"map": "2025"}, None),
        ("national communes 2025", {"map": "2025", "level": "commune"}, None),
        ("national communes 2024", {"map": "2024", "level": "commune"}, None),
        ("province Hà Nội 2024", {"map": "2024", "province": "01"}, None),
        ("province TP HCM 2025", {"map": "2025", "province": "79"}, None),
    ]
    for label, q, _ in scenarios:
        t0 = time.perf_counter()
        at = app(q)
        first = (time.perf_counter() - t0) * 1000
        rows = {"rerun, nothing changed": [timed(at, lambda a: None) for _ in range(n)]}
        rows["move the time control"] = [timed(at, _set_month(at, next(months))) for _ in range(n)]
        rows["change model types"] = [timed(at, _set_types(next(type_sets))) for _ in range(n)]
        rows["switch focus type"] = [timed(at, _set_focus(i)) for i in range(n)]
        rows["sites: all / active"] = [timed(at, _set_sites("all" if i % 2 == 0 else "active")) for i in range(n)]
        if "province" not in q:
            rows["map level province/commune"] = [timed(at, _set_level(i, q)) for i in range(n)]
        print(f"  {label}  (opening the page, cold caches: {first:.0f} ms)")
        for k, v in rows.items():
            print(f"    {k:32s} {min(v):7.0f} {statistics.median(v):7.0f}")


def _set_month(at, d):
    from antq.features.models import controls as mc
    return lambda a: a.select_slider(key="models_as_of").set_value(mc.month_end(d))


def _set_types(types):
    return lambda a: a.multiselect(key="models_types").set_value(types)


def _set_focus(i):
    def act(a):
        chosen = list(a.multiselect(key="models_types").value) or list(
            db.run("models_types", snapshot_dir=SNAP)["model_type"])
        a.selectbox(key="models_focus").set_value(chosen[(i + 1) % len(chosen)])
    return act


def _set_sites(mode):
    return lambda a: a.radio(key="models_sites").set_value(mode)


def _set_level(i, q):
    base = q.get("level", "province")
    other = "commune" if base == "province" else "province"
    return lambda a: a.segmented_control(key="models_level").set_value(other if i % 2 == 0 else base)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/models.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work on the machine slows every figure)")
    bench_queries(args.repeat)
    with bench_account():
        bench_interactions(args.repeat)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
