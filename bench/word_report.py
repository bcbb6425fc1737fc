"""The Word report in detail (not a test): `python -m antq report`'s work for a national yearly report and
a province's, in one process — cold (first queries, the first image starts the export browser) and warm
(best and median of N, queries cached, browser running: what a running server does for the second
officer who asks). The target: a national yearly report under 10 s warm.

    python bench/word_report.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VIEWS = {"national, year 2025 (map 2025)": "/report?from=2025-01-01&to=2025-12-31&map=2025",
         "Bình Dương, year 2018 (map 2024)": "/report?from=2018-01-01&to=2018-12-31&map=2024&province=74"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/word_report.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    from bench.signin import bench_account
    from antq.auth import access
    from antq.features.report import make
    from antq.view import model

    with bench_account():
        access.set_process(None)  # the operator, as the command line
        for label, url in VIEWS.items():
            path, _, query = url.partition("?")
            v = model.read(dict(p.split("=", 1) for p in query.split("&")), strict=True)
            times = []
            for _ in range(1 + a.repeat):
                t0 = time.perf_counter()
                out = make.docx_bytes(v)
                times.append(time.perf_counter() - t0)
            warm = times[1:]
            print(f"{label:36s} cold {times[0]:5.1f} s   warm best {min(warm):5.1f} s, median "
                  f"{statistics.median(warm):5.1f} s   ({len(out) / 1024:,.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
