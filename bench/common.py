"""What every section of the benchmark shares: where its files go, the targets, the machine it runs on,
the snapshots it measures, and the percentile it reports.

The bench measures two snapshots: the demo (data/snapshots/demo) and one N times larger, built once
into data/bench/snapshots (git-ignored, outside the app's own snapshot list). A section is pointed at
the larger one with `snapshots_root`, which sets ANTQ_SNAPSHOTS_DIR: antq.paths reads it on each call,
and the servers and child processes the bench starts inherit it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from antq import paths

ROOT = paths.ROOT
BENCH_DIR = paths.DATA / "bench"             # results-<time>.json and the larger snapshot
BENCH_SNAPSHOTS = BENCH_DIR / "snapshots"
DOC = ROOT / "docs" / "benchmarks.md"        # the figures are written between START and END
BEFORE = ROOT / "docs" / "benchmarks-before.json"  # a run kept as the baseline the figures are shown against
# the checkout whose server the load section and bench/profile_server.py start: this one, or another
# (an earlier commit checked out elsewhere, with this data folder) to measure before and after in one run
SERVER_ROOT = Path(os.environ.get("ANTQ_BENCH_SERVER_ROOT") or ROOT)
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# the targets a figure is marked against in the report (✗ when over)
TARGET_S = {"demo": 0.5, "scaled": 2.0}  # server time of an interaction
TARGET_MAP_MB = 3.0                      # JSON of a national map figure
TARGET_FIRST_MAP_S = 3.0                 # first map drawn in the browser
TARGET_RSS_GB = 2.0                      # the server's peak memory

D = dt.date


def say(*a) -> None:
    print(*a, flush=True)


def machine() -> dict:
    """The machine and the versions a run was made with; the load average at the start, since other
    work on a shared machine only ever adds time."""
    import duckdb
    import pandas
    import plotly
    import streamlit

    from antq.data import questions

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "")
    mem = 0
    with contextlib.suppress(OSError):
        mem = int(next(ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal"))) * 1024
    return {"date": dt.datetime.now().replace(microsecond=0).isoformat(sep=" "), "cores": os.cpu_count(),
            "ram_gb": round(mem / 2**30, 1), "cpu": cpu or platform.processor(),
            "load_start": [round(x, 2) for x in os.getloadavg()], "query_workers": questions.workers(),
            "versions": {"python": platform.python_version(), "streamlit": streamlit.__version__,
                         "duckdb": duckdb.__version__, "pandas": pandas.__version__, "plotly": plotly.__version__}}


def load_now() -> float:
    return round(os.getloadavg()[0], 2)


@contextlib.contextmanager
def snapshots_root(root: Path | None):
    """Point the app at another snapshots root for a while (None: leave it where it is)."""
    old = os.environ.get("ANTQ_SNAPSHOTS_DIR")
    if root is not None:
        os.environ["ANTQ_SNAPSHOTS_DIR"] = str(root)
    try:
        yield
    finally:
        if root is not None:
            if old is None:
                os.environ.pop("ANTQ_SNAPSHOTS_DIR", None)
            else:
                os.environ["ANTQ_SNAPSHOTS_DIR"] = old


def ensure_scaled(scale: int) -> tuple[Path, float | None]:
    """data/bench/snapshots/demo-xN, built once; returns its folder and the seconds spent building it
    (or adding its derived tables) in this run, None when it was ready."""
    from antq.data import derived

    sid = f"demo-x{scale}"
    folder = BENCH_SNAPSHOTS / sid
    if (folder / "manifest.json").is_file():
        t0 = time.perf_counter()
        # a snapshot built before its derived tables existed, or with stale ones, gets them written now
        if derived.add_derived(folder, progress=say):
            return folder, time.perf_counter() - t0
        return folder, None
    BENCH_SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    say(f"Building the {scale}x snapshot into {folder} (once; a few minutes)…")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "antq.build.demo.build", "--scale", str(scale), "--id", sid,
                    "--root", str(BENCH_SNAPSHOTS)], cwd=ROOT, check=True)
    return folder, time.perf_counter() - t0


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs, dtype=float), q)) if xs else float("nan")


def write_between(text: str, start: str, end: str, heading: str = "") -> None:
    """`text` between the markers `start` and `end` in docs/benchmarks.md, the rest of the file kept; the
    first time, `heading` and the markers go before the main figures' markers (START), or at the end
    when there are none."""
    body = f"{start}\n{text}\n{end}"
    old = DOC.read_text(encoding="utf-8") if DOC.is_file() else "# Benchmarks\n"
    if start in old and end in old:
        new = old[:old.index(start)] + body + old[old.index(end) + len(end):]
    else:
        block = (f"{heading}\n\n" if heading else "") + body + "\n"
        at = old.find(START)
        new = old[:at] + block + "\n" + old[at:] if at >= 0 else old.rstrip() + "\n\n" + block
    DOC.write_text(new, encoding="utf-8")
