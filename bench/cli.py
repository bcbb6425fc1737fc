"""`python -m antq bench` (or `python -m bench`): run the sections asked for on each snapshot, save the
results as they come, and write the report into docs/benchmarks.md.

    python -m antq bench [--scale 10] [--quick] [--only queries,pandas,pages,maps,export,browser,clicks]
    python -m bench --only imports [--quick]   (a 30-row and a 50,000-row report imported: bench/imports.py)
    python -m bench --only load [--load-k 1,5,10,20] [--replicas 2] [--load-processes 1,2] [--load-pin split]

Each section is measured on the demo snapshot, then on one `--scale` times larger (built once); maps and
export on the demo only, and `--quick` opens the browser on the demo only. The pages section runs in a
child process (`--pages-child`, see bench/pages.py). The results of every section are saved to
data/bench/results-<time>.json as soon as it ends, so an interrupted run keeps what it measured.

The clicks section (bench/clicks.py: every page's everyday interactions on the real server, click →
page settled in Chromium) writes its own part of docs/benchmarks.md too.

The load section (bench/load.py: K people at once in headless Chromium, one server process and N
replicas) runs only when asked for (`--only load`, on the demo snapshot) and writes its own part of
docs/benchmarks.md, leaving the other sections' figures there as they are.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report, signin
from bench.common import (BEFORE, BENCH_DIR, BENCH_SNAPSHOTS, DOC, ROOT, ensure_scaled, load_now, machine, say,
                          snapshots_root)

SECTIONS = ("queries", "pandas", "pages", "maps", "export", "browser", "clicks")
OPT_IN = ("load", "imports")  # run only when named in --only


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m antq bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=10, help="the larger snapshot: N times the demo (1 = the demo only)")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, variants and interactions")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help=f"sections, comma-separated: {','.join(SECTIONS)} (default: all of them), and {','.join(OPT_IN)}")
    ap.add_argument("--pages", default="", help="pages section: only these pages, comma-separated (e.g. overview,compare)")
    ap.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    ap.add_argument("--before", type=Path, default=BEFORE,
                    help="a results JSON to show the figures against (default: docs/benchmarks-before.json)")
    ap.add_argument("--load-k", default="1,5,10,20", help="load section: the numbers of people at once")
    ap.add_argument("--replicas", type=int, default=2, help="load section: the replicas behind nginx (`serve --replicas N`)")
    ap.add_argument("--load-processes", default="",
                    help="load section: the server configurations, as numbers of processes (default: 1,REPLICAS)")
    ap.add_argument("--load-pin", default="split",
                    help="load section: split (server on the first core, browsers on the others) or none; "
                         "comma-separated to run each configuration under both")
    ap.add_argument("--load-warm", action="store_true",
                    help="load section: open each round's views once before it (warm query caches)")
    ap.add_argument("--load-timeout", type=float, default=300, help="load section: seconds a person waits at most")
    ap.add_argument("--pages-child", nargs=2, metavar=("SNAPSHOT_ID", "OUT_JSON"), help=argparse.SUPPRESS)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    a = ap.parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's bare-mode warnings are noise here
    if a.pages_child:
        return pages_child(a)
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    if only - set(SECTIONS) - set(OPT_IN):
        ap.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS) - set(OPT_IN)))}")
    if {p.strip() for p in a.load_pin.split(",")} - {"split", "none"}:
        ap.error("--load-pin: split, none or split,none")
    t_all = time.perf_counter()
    m = machine()
    say(f"{m['date']} · {m['cores']} cores, {m['ram_gb']} GB, {m['cpu']} · load average "
        f"{' '.join(map(str, m['load_start']))} · " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    found = snapshots_to_measure(1 if only <= set(OPT_IN) else a.scale)  # the opt-in sections: the demo only
    if found is None:
        return 1
    runs, build_s = found
    res = {"machine": m, "args": " ".join(argv if argv is not None else sys.argv[1:]) or "(defaults)",
           "scales": {}, "build_scaled_s": build_s}
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        (BENCH_DIR / f"results-{stamp}.json").write_text(json.dumps(res, indent=1, default=str))

    with signin.bench_account():
        for label, scale, root, snap in runs:
            out = describe(label, scale, snap)
            res["scales"]["demo" if scale == 1 else "scaled"] = out
            say(f"\n== {label}: {snap} ==")
            with snapshots_root(root):
                measure(out, snap, root, only, a, save)
    res["load_end"] = [round(x, 2) for x in os.getloadavg()]
    res["elapsed_s"] = time.perf_counter() - t_all
    save()
    if not a.no_doc and only - set(OPT_IN) - {"clicks"}:  # the main figures: only when a section of theirs ran
        text = report.render(res)
        if a.before and a.before.is_file():
            text = report.render_before_after(json.loads(a.before.read_text()), res) + "\n" + text
        report.write_doc(text)
        say(f"\nWritten: {DOC}")
    if any("clicks" in sc for sc in res["scales"].values()) and not a.no_doc:
        from bench import clicks
        clicks.write_doc(clicks.render(res))
        say(f"\nWritten (the clicks section): {DOC}")
    if "load" in res["scales"].get("demo", {}) and not a.no_doc:
        from bench import load_report
        load_report.write_doc(load_report.render(res["scales"]["demo"]["load"], m, res["args"]))
        say(f"\nWritten (the load section): {DOC}")
    say(f"Done in {res['elapsed_s'] / 60:.1f} min.")
    return 0


def snapshots_to_measure(scale: int) -> tuple[list, float | None] | None:
    """[(label, scale, snapshots root or None, snapshot folder)] and the seconds spent building the
    larger one in this run (or None); None when the demo snapshot is missing."""
    from antq import paths
    from antq.data import derived

    demo_dir = paths.snapshots_dir() / "demo"
    if not (demo_dir / "manifest.json").is_file():
        say("The demo snapshot is missing: run `python -m antq setup` first.")
        return None
    if derived.add_derived(demo_dir, progress=say):
        say("  (the demo snapshot's derived tables were missing or stale: written)")
    runs: list = [("demo", 1, None, demo_dir)]
    build_s = None
    if scale > 1:
        scaled, build_s = ensure_scaled(scale)
        runs.append((f"{scale}×", scale, BENCH_SNAPSHOTS, scaled))
    return runs, build_s


def describe(label: str, scale: int, snap: Path) -> dict:
    manifest = json.loads((snap / "manifest.json").read_text())
    return {"label": label, "scale": scale, "id": manifest["id"],
            "rows": sum(t["rows"] for t in manifest["tables"].values()),
            "tipoffs": manifest["tables"]["tipoffs"]["rows"]}


def measure(out: dict, snap: Path, root: Path | None, only: set, a, save) -> None:
    """The sections asked for, on one snapshot; each records the load average when it starts, and the
    results are saved when it ends."""
    from bench import browser, pages, queries

    demo = out["scale"] == 1

    def start(section: str, title: str) -> None:
        out.setdefault("load_avg", {})[section] = load_now()  # ("load" holds the load section's results)
        say(f"  {title}:")

    if "queries" in only:
        start("queries", "queries (uncached)")
        n = (3 if demo else 1) if a.quick else (7 if demo else 3)
        out["queries"] = queries.bench_queries(snap, n, full=not a.quick)
        save()
    if "pandas" in only:
        start("pandas", "pandas baseline")
        out["pandas"] = queries.bench_pandas(snap, 1 if a.quick else 3)
        save()
    if "pages" in only:
        start("pages", "pages under AppTest")
        out["pages"] = pages_in_child(out["id"], root, a.quick, a.pages)
        save()
    if demo and {"maps", "export"} & only:
        start("maps", "map figures")
        out["maps"], specs = pages.bench_maps(out["id"])
        save()
        if "export" in only:
            say("  PNG export:")
            out["export"] = pages.bench_export(specs, out["id"])
            save()
    if "browser" in only and (demo or not a.quick):
        start("browser", "browser")
        out["browser"] = browser.bench_browser(out["id"], root, servers=1 if a.quick else 3)
        save()
    if "clicks" in only and (demo or not a.quick):
        from bench import clicks
        start("clicks", "clicks: every page's interactions on the real server, click → page settled (bench/clicks.py)")
        out["clicks"] = clicks.bench_clicks(out["id"], root, rounds=1 if a.quick else clicks.ROUNDS)
        save()
    if demo and "imports" in only:
        from bench import imports
        start("imports", "imports onto the demo (30 and 50,000 rows, a child process each: bench/imports.py)")
        out["imports"] = imports.bench_imports(runs=1 if a.quick else 3)
        say(imports.table(out["imports"]))
        save()
    if demo and "load" in only:
        from bench import load, load_report
        start("load", "load: K people at once in headless Chromium (bench/load.py)")
        ks = [int(x) for x in a.load_k.split(",") if x.strip()]
        procs = [int(x) for x in (a.load_processes or f"1,{a.replicas}").split(",") if x.strip()]
        out["load"] = load.bench_load(out["id"], ks, list(dict.fromkeys(procs)),
                                      [p.strip() for p in a.load_pin.split(",") if p.strip()], a.load_timeout,
                                      warm_views=a.load_warm)
        say(load_report.table(out["load"]))
        say(load_report.where_table(out["load"]))
        save()


def pages_in_child(snapshot_id: str, root: Path | None, quick: bool, only_pages: str) -> dict:
    """The pages section in a process of its own (why: bench/pages.py), signed in with this run's
    account: the accounts folder and the password go with its environment."""
    with tempfile.TemporaryDirectory(prefix="antq-bench-pages-") as tmp:
        out = Path(tmp) / "pages.json"
        cmd = [sys.executable, "-m", "bench", "--pages-child", snapshot_id, str(out), "--pages", only_pages,
               *(["--quick"] if quick else [])]
        with snapshots_root(root):
            subprocess.run(cmd, cwd=ROOT, env=signin.child_env(), check=True)
        return json.loads(out.read_text())


def pages_child(a) -> int:
    from bench import pages

    signin.adopt_account()
    snapshot_id, out = a.pages_child
    res = pages.bench_pages(snapshot_id, 1 if a.quick else 3, a.quick,
                            {x.strip() for x in a.pages.split(",") if x.strip()}, cold_runs=1 if a.quick else 3)
    Path(out).write_text(json.dumps(res, default=str))
    return 0
