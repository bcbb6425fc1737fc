"""Benchmark of the import (not a test): a province's yearly report of about 50,000 rows, laid out
as an office makes it (title row, merged two-row header, dotted thousands, dd/mm/yyyy text), is read,
validated and written into a new snapshot over the demo snapshot (in a temporary snapshots folder:
data/snapshots is never touched). Prints the time of each step; the target is under 30 s in all.

    python bench/imports.py [--tips 42000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> int:
    ap = argparse.ArgumentParser(prog="python bench/imports.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--tips", type=int, default=42_000, help="tips in the report (cases and activity rows follow)")
    a = ap.parse_args()
    import make_samples as ms

    from antq import paths
    demo = paths.snapshots_dir() / "demo"
    tmp = Path(tempfile.mkdtemp(prefix="antq-bench-import-"))
    try:
        root = tmp / "snapshots"
        (root / "demo").mkdir(parents=True)
        for f in demo.iterdir():
            (root / "demo" / f.name).symlink_to(f) if f.suffix == ".parquet" else shutil.copy(f, root / "demo" / f.name)
        os.environ["ANTQ_SNAPSHOTS_DIR"] = str(root)

        t = time.perf_counter()
        rng = np.random.default_rng(1)
        bd = ms.communes("74", "2024")
        tips, cases = ms.make_tips_cases(rng, bd, dt.date(2024, 1, 1), dt.date(2024, 12, 31), a.tips,
                                         tip0=7_400_000_001, case0=7_450_000_001)
        acts = ms.make_activities(rng, bd, 2024)
        data = ms.good_workbook(tips, cases, acts)
        rows = len(tips) + len(cases) + len(acts)
        print(f"report: {len(tips):,} tips + {len(cases):,} cases + {len(acts):,} activity rows = {rows:,} rows, "
              f"{len(data) / 1e6:.1f} MB xlsx (built in {time.perf_counter() - t:.1f} s)")

        from antq.data import db

        from antq.ingest import importer as ingest
        db.run("data_commune_register", snapshot_dir=root / "demo")  # the active snapshot's connection, as a server has it
        t0 = time.perf_counter()
        o = ingest.run([("bao-cao-74-2024.xlsx", data)])
        total = time.perf_counter() - t0
        assert o.status == "imported", [p.text() for p in o.problems[:5]]
        for k, v in o.seconds.items():
            print(f"  {k:<24} {v:6.1f} s")
        print(f"validated and imported {rows:,} rows in {total:.1f} s (target < 30 s)")

        t0 = time.perf_counter()
        o2 = ingest.run([("bao-cao-74-2024.xlsx", data)])
        print(f"the same file again: {o2.status} in {time.perf_counter() - t0:.1f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
