"""Benchmark of imports (not a test): a 30-row report of tips and a 50,000-row one (with the cases its tips
name) imported onto the demo snapshot, each in a temporary snapshots folder holding the demo's files by
links (data/snapshots is never touched), each in a child process of its own: the time of the import, of
its derived tables, and the child's peak memory (its maximum RSS, which DuckDB's memory counts in and
tracemalloc does not see). The child opens the base snapshot's connection first, as a server has it open.

    python bench/imports.py [--runs 3] [--tips 50000]          # this working tree's code
    python bench/imports.py --before /tmp/imp-before            # and another tree's, run in turn with it
    python -m bench --only imports [--quick]                    # the section of the benchmark (this code)

--before names a checkout of other code (`git worktree add /tmp/imp-before HEAD`, with `.venv` and
`data/geo` linked in) whose `antq` the child imports instead of this one; runs alternate between the two
codes, so that the load of a shared machine weighs on both alike. The reports are built once per run into
a temporary folder: the 30 tips of tests/samples/bd-2024-tips-cp1258.csv saved as UTF-8, and 50,000 tips of
Bình Dương in 2024 with their cases as an office lays out its workbook (scripts/make_samples.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BD_2024 = {"province": "74", "period_from": "2024-01-01", "period_to": "2024-12-31"}


def reports(folder: Path, n_tips: int) -> list[dict]:
    """The two reports, written into `folder`: label, file, rows, and the import's province and period."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_samples as ms
    import numpy as np

    small = folder / "bd-2024-30-nguon-tin.csv"
    text = (ROOT / "tests" / "samples" / "bd-2024-tips-cp1258.csv").read_bytes().decode("cp1258")
    small.write_bytes(unicodedata.normalize("NFC", text).encode("utf-8-sig"))
    bd = ms.communes("74", "2024")
    tips, cases = ms.make_tips_cases(np.random.default_rng(1), bd, dt.date(2024, 1, 1), dt.date(2024, 12, 31), n_tips,
                                     tip0=7_400_000_001, case0=7_450_000_001)
    from openpyxl import Workbook
    wb = Workbook()
    ms.info_sheet(wb, "74", "Bình Dương", "01/01/2024", "31/12/2024")
    ms.office_sheet(wb, "Nguồn tin", "BÁO CÁO NGUỒN TIN CỦA QUẦN CHÚNG NĂM 2024 — BÌNH DƯƠNG", ms.TIP_GROUPS,
                    ms.tip_rows(tips), total=["Tổng cộng", len(tips)])
    ms.office_sheet(wb, "Vụ việc", "KẾT QUẢ ĐIỀU TRA, KHÁM PHÁ TỪ NGUỒN TIN NĂM 2024 — BÌNH DƯƠNG", ms.CASE_GROUPS,
                    ms.case_rows(cases))
    big = folder / "bd-2024-nguon-tin.xlsx"
    big.write_bytes(ms.save(wb))
    n_small = len(text.strip().splitlines()) - 1
    return [{"label": f"{n_small} tips (CSV)", "file": str(small), "rows": n_small, "kw": BD_2024},
            {"label": f"{len(tips):,} tips + {len(cases):,} cases (xlsx)", "file": str(big),
             "rows": len(tips) + len(cases), "kw": {}}]


def _demo_root(tmp: Path) -> Path:
    """A snapshots folder holding the demo snapshot: its files linked, its manifest copied."""
    from antq import paths
    demo = paths.snapshots_dir() / "demo"
    root = tmp / "snapshots"
    (root / "demo").mkdir(parents=True)
    for f in demo.iterdir():
        (root / "demo" / f.name).symlink_to(f) if f.name != "manifest.json" else shutil.copy(f, root / "demo" / f.name)
    return root


def import_once(report: dict, code: Path) -> dict:
    """One import of `report` onto the demo, in a child process running the `antq` of `code`: its seconds
    (total and per step, from the importer's outcome), the child's peak RSS, the load average before it."""
    with tempfile.TemporaryDirectory(prefix="antq-bench-import-") as tmp:
        root, out = _demo_root(Path(tmp)), Path(tmp) / "out.json"
        load = round(os.getloadavg()[0], 2)
        child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", report["file"],
                                  json.dumps(report["kw"]), str(root), str(out), "--code", str(code)])
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise RuntimeError(f"the import of {report['file']} with {code} failed ({child.returncode})")
        res = json.loads(out.read_text())
    return {**res, "rss_mb": usage.ru_maxrss / 1024, "load": load}


def child(a) -> int:
    sys.path.insert(0, str(Path(a.code).resolve()))  # the code measured, before this tree's
    report, kw, root, out = a.child
    os.environ["ANTQ_SNAPSHOTS_DIR"] = root
    from antq.data import db
    from antq.ingest import importer as ingest
    db.run("data_commune_register", snapshot_dir=Path(root) / "demo")  # the base's connection, as a server has it
    data = Path(report).read_bytes()
    t0 = time.perf_counter()
    o = ingest.run([(Path(report).name, data)], root=Path(root), **json.loads(kw))
    total = time.perf_counter() - t0
    if o.status != "imported":
        print([p.text() for p in o.problems[:5]], file=sys.stderr)
        return 1
    Path(out).write_text(json.dumps({"total_s": total, "seconds": o.seconds, "antq": str(Path(ingest.__file__).parent.parent)}))
    return 0


def bench_imports(runs: int = 3, n_tips: int = 50_000, codes: dict[str, Path] | None = None) -> dict:
    """Each report imported `runs` times with each code (label -> checkout; default: this tree, "after"),
    the codes in turn; every run, and the medians."""
    codes = codes or {"after": ROOT}
    res: dict = {"runs": runs, "load_start": [round(x, 2) for x in os.getloadavg()], "reports": []}
    with tempfile.TemporaryDirectory(prefix="antq-bench-reports-") as tmp:
        for rep in reports(Path(tmp), n_tips):
            entry = {k: rep[k] for k in ("label", "rows")} | {"codes": {c: [] for c in codes}}
            for i in range(runs):
                for label, code in codes.items():
                    r = import_once(rep, code)
                    entry["codes"][label].append(r)
                    print(f"  {rep['label']:<34} {label:<7} run {i + 1}: {r['total_s']:6.1f} s, derived "
                          f"{r['seconds'].get('derived', 0):5.1f} s, peak RSS {r['rss_mb']:6.0f} MB (load {r['load']})",
                          flush=True)
            for label, rs in entry["codes"].items():
                entry.setdefault("median", {})[label] = {
                    "total_s": statistics.median(r["total_s"] for r in rs),
                    "derived_s": statistics.median(r["seconds"].get("derived", 0.0) for r in rs),
                    "write_s": statistics.median(r["seconds"].get("write", 0.0) for r in rs),
                    "read_and_check_s": statistics.median(r["seconds"].get("read_and_check", 0.0) for r in rs),
                    "rss_mb": statistics.median(r["rss_mb"] for r in rs)}
            res["reports"].append(entry)
    res["load_end"] = [round(x, 2) for x in os.getloadavg()]
    return res


def table(res: dict) -> str:
    """The medians as a markdown table, a column per code."""
    codes = list(res["reports"][0]["median"])
    head = ["report"] + [f"{what} {c}" for what in ("total s", "derived s", "peak RSS MB") for c in codes]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for e in res["reports"]:
        m = e["median"]
        cells = [e["label"]] + [f"{m[c]['total_s']:.1f}" for c in codes] + [f"{m[c]['derived_s']:.1f}" for c in codes] \
            + [f"{m[c]['rss_mb']:,.0f}" for c in codes]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/imports.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="imports of each report with each code (the median is shown)")
    ap.add_argument("--tips", type=int, default=50_000, help="tips in the large report (the cases they name follow)")
    ap.add_argument("--before", type=Path, help="a checkout of the code to compare with (its antq is imported)")
    ap.add_argument("--out", type=Path, help="write every run and the medians to this JSON file")
    ap.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    ap.add_argument("--child", nargs=4, metavar=("REPORT", "KW", "ROOT", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        return child(a)
    sys.path.insert(0, str(ROOT))
    codes = {"before": a.before.resolve(), "after": ROOT} if a.before else {"after": ROOT}
    print(f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}; codes: "
          + ", ".join(f"{k} {v}" for k, v in codes.items()), flush=True)
    res = bench_imports(a.runs, a.tips, codes)
    if a.out:
        a.out.write_text(json.dumps(res, indent=1, default=str))
    print(f"\nmedians of {a.runs} (load average {res['load_start']} at the start, {res['load_end']} at the end):\n")
    print(table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
