"""Server time of the "Dữ liệu" page's interactions under AppTest (not a test), in a temporary
snapshots folder holding the demo snapshot and one imported report (data/snapshots is never touched).

    python bench/data.py
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"  {label:<46} {1000 * (time.perf_counter() - t0):7.0f} ms")
    return out


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="python bench/data.py", description=__doc__.split("\n\n")[0]).parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    from bench.signin import bench_account

    with bench_account():
        return interactions()


def interactions() -> int:
    from streamlit.testing.v1 import AppTest

    from antq import paths
    from antq.ingest import importer as ingest
    from antq.view import pages
    from bench.signin import sign_in_apptest

    demo = paths.snapshots_dir() / "demo"
    tmp = Path(tempfile.mkdtemp(prefix="antq-bench-data-"))
    try:
        root = tmp / "snapshots"
        (root / "demo").mkdir(parents=True)
        for f in demo.iterdir():
            (root / "demo" / f.name).symlink_to(f) if f.suffix == ".parquet" else shutil.copy(f, root / "demo" / f.name)
        os.environ["ANTQ_SNAPSHOTS_DIR"] = str(root)
        samples = ROOT / "tests" / "samples"
        done = ingest.run([("bd-2024-good.xlsx", (samples / "bd-2024-good.xlsx").read_bytes())])
        print(f"snapshots: demo and {done.snapshot_id} (active)")

        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.query_params["map"] = "2024"
        at.run()
        sign_in_apptest(at)
        at.switch_page(str(pages.get("data").script))
        timed("open /data (cold: seed checks, manifests)", at.run)
        timed("rerun (warm)", at.run)
        timed("rerun (warm, again)", at.run)
        fix = (samples / "bd-2024-tips-correction.xlsx").read_bytes()
        timed("upload a correction: check 393 rows (no write)", lambda: at.file_uploader[0].set_value(
            ("bd-2024-tips-correction.xlsx", fix, "application/octet-stream")).run())
        timed("rerun with the checked report (cached check)", at.run)
        bad = (samples / "bd-2024-every-error.xlsx").read_bytes()
        timed("upload a report with every kind of error",
              lambda: at.file_uploader[0].set_value(("bd-2024-every-error.xlsx", bad, "application/octet-stream")).run())
        at.selectbox(key="data_cmp_a").set_value("demo")
        at.selectbox(key="data_cmp_b").set_value(done.snapshot_id)
        timed("choose two snapshots to compare", at.run)
        timed("compare demo with the import (cold)", lambda: at.button(key="data_cmp_btn").click().run())
        timed("rerun with the comparison (cached)", at.run)
        at.selectbox(key="data_switch_to").set_value("demo")
        timed("switch the active snapshot to demo", lambda: at.button(key="data_switch_btn").click().run())
        assert not at.exception, at.exception
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
