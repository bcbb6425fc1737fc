"""Build the demo snapshot: a simulated national dataset, January 2013 to October 2026.

    python -m antq.build.demo.build                 # data/snapshots/demo
    python -m antq.build.demo.build --scale 10      # data/snapshots/demo-x10 (ten times the rows, for benchmarks)
    python -m antq.build.demo.build --id my-demo --provinces 27,74 --root /tmp/snaps   # a small build

The data are simulated (the manifest says `simulated: true`) but calibrated so that every figure
of `data/reference/seed_facts.csv` comes out exactly through the product's own queries (see
`seed_fact_checks.csv`, `antq.data.facts`). The build is deterministic: the same seed, scale and
boundary layers give byte-identical parquet files. It reads the boundary layers of `data/geo/`
(built by `python -m antq.build.geo.build`) and the reference CSVs; it writes through
`antq.data.snapshots.SnapshotWriter` (temporary folder, renamed when complete).

Modules: demo_world (communes, population, borders, time), demo_models, demo_calibrate,
demo_tips, demo_festival, demo_activities. `docs/data-contract.md` describes every table.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from antq import paths
from antq.data.snapshots import SnapshotError, SnapshotWriter

SEED = 20130101
DEMO_ID = "demo"
DATA_DATE = "2026-10-31"
PERIOD = {"from": "2013-01-01", "to": DATA_DATE}
POPULATION_BASIS = ("ước tính mô phỏng: dân số tỉnh (TCTK 2023, thiếu thì điều tra 2019 x 1,045) chia cho xã "
                    "theo diện tích^0,3 x hệ số loại xã; xã mới = tổng theo tỷ lệ diện tích của bảng chuyển đổi")


def snapshot_id(scale: int = 1) -> str:
    return DEMO_ID if scale == 1 else f"{DEMO_ID}-x{scale}"


def _population_table(world) -> pa.Table:
    from antq.build.demo.world import codes
    n24, n25 = world.n24, world.n25
    era = np.r_[np.zeros(n24, np.int32), np.ones(n25, np.int32)]
    both = np.r_[world.c24["commune_code"].to_numpy(), world.c25["commune_code"].to_numpy()]
    pop = np.r_[world.c24["population"].to_numpy(), world.c25["population"].to_numpy()]
    return pa.table({"admin_era": codes(np.array(["2024", "2025"]), era),
                     "commune_code": codes(both, np.arange(both.size)),
                     "population_est": pa.array(np.round(pop).astype(np.int64)),
                     "basis": pa.array([POPULATION_BASIS] * both.size, pa.string())})


def build(*, scale: int = 1, snapshot: str | None = None, provinces: list[str] | None = None,
          seed: int = SEED, root: Path | None = None, replace: bool = False, progress=print) -> Path:
    """Generate and write the demo snapshot; returns its folder."""
    from antq.data import derived
    from antq.build.demo import activities as demo_activities, festival as demo_festival, models as demo_models, tips as demo_tips
    from antq.build.demo.calibrate import SiteCalibrator
    from antq.build.demo.world import load_world

    say = progress or (lambda *_: None)
    sid = snapshot or snapshot_id(scale)
    if ((Path(root) if root else paths.snapshots_dir()) / sid).exists() and not replace:
        raise SnapshotError(f"Snapshot '{sid}' đã tồn tại; snapshot không được ghi đè.")
    t0 = time.perf_counter()
    rows: dict[str, int] = {}

    def done(table: str, n: int, since: float) -> None:
        rows[table] = n
        say(f"  {table:<18} {n:>12,} dòng  {time.perf_counter() - since:6.1f} s")

    say(f"Tạo snapshot mô phỏng '{sid}' (seed {seed}, scale {scale}"
        + (f", tỉnh {','.join(provinces)}" if provinces else "") + ")")
    world = load_world(seed, provinces)
    t = time.perf_counter()
    world.neighbours()
    say(f"  ranh giới: {world.n24:,} xã cũ, {world.n25:,} xã mới, "
        f"{len(world.neighbours()[0]) // 2:,} cặp xã giáp ranh  {t - t0 + time.perf_counter() - t:6.1f} s")
    sources = [
        {"name": "data/geo (communes_2024, communes_2025, crosswalk_2024_2025)", "note": "ranh giới và bảng chuyển đổi"},
        {"name": "data/reference/provinces_2024.csv", "note": "dân số tỉnh (TCTK 2023 / điều tra 2019)"},
        {"name": "data/reference/model_catalogue.csv", "note": "danh mục loại mô hình"},
        {"name": "data/reference/seed_facts.csv + seed_fact_checks.csv", "note": "số liệu hiệu chỉnh"},
        {"name": "data/reference/published_figures.csv", "note": "quy mô toàn quốc"},
    ]
    extra = {"generator": {"module": "antq.build.demo.build", "seed": seed, "scale": scale, "provinces": provinces or []}}
    with SnapshotWriter(sid, kind="demo", simulated=True, data_date=DATA_DATE, period=PERIOD, sources=sources,
                        extra=extra, root=root, replace=replace, progress=None) as w:
        t = time.perf_counter()
        tab = demo_models.model_types_table()
        w.write_table("model_types", tab)
        done("model_types", tab.num_rows, t)

        t = time.perf_counter()
        sites = SiteCalibrator(world, demo_models.natural_sites(world, scale), seed).apply()
        tab = demo_models.finish_sites(world, sites)
        w.write_table("model_sites", tab)
        done("model_sites", tab.num_rows, t)
        del sites, tab

        t = time.perf_counter()
        nt, nc = demo_tips.write_tips(world, w.path_for("tipoffs"), w.path_for("cases"), scale)
        done("tipoffs", nt, t)
        rows["cases"] = nc
        say(f"  {'cases':<18} {nc:>12,} dòng  (cùng lượt)")

        t = time.perf_counter()
        done("festival_sites", demo_festival.write_festival(world, w.path_for("festival_sites"), scale), t)

        t = time.perf_counter()
        tab = demo_activities.activities_table(world)
        w.write_table("activities", tab)
        done("activities", tab.num_rows, t)
        del tab

        t = time.perf_counter()
        tab = _population_table(world)
        w.write_table("commune_population", tab)
        done("commune_population", tab.num_rows, t)

        t = time.perf_counter()
        w.manifest["derived"] = derived.derive_into(w.tmp)  # the pre-aggregated tables of antq.data.derived
        say(f"  {'bảng tổng hợp sẵn':<18} {len(w.manifest['derived']['files']):>12} bảng  "
            f"{time.perf_counter() - t:6.1f} s  (antq.data.derived)")
        say("  ghi manifest (số dòng, sha256) ...")
    folder = (Path(root) if root else paths.snapshots_dir()) / sid
    files = sorted(folder.glob("*.parquet"))
    size = sum(f.stat().st_size for f in files) / 1e6
    say(f"Xong: {folder} — {len(files)} tệp, {sum(rows.values()):,} dòng, {size:,.1f} MB, "
        f"{time.perf_counter() - t0:,.1f} s")
    return folder


def ensure_demo(progress=print) -> Path:
    """Build data/snapshots/demo unless it exists (called by the setup command); an existing demo whose
    derived tables are missing or stale (their SQL changed) gets them written (its tables are not touched)."""
    from antq.data import derived
    say = progress or (lambda *_: None)
    folder = paths.snapshots_dir() / DEMO_ID
    if (folder / "manifest.json").is_file():
        say(f"Snapshot mô phỏng đã có: {folder}")
        if derived.add_derived(folder):
            say("  thêm các bảng tổng hợp sẵn (antq.data.derived)")
        return folder
    return build(progress=progress)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq.build.demo.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=1, help="N lần số dòng (snapshot demo-xN), để đo hiệu năng")
    ap.add_argument("--id", dest="snapshot", help="mã snapshot (mặc định demo / demo-xN)")
    ap.add_argument("--provinces", help="chỉ các tỉnh (mã bản đồ 2024, cách nhau bằng dấu phẩy): bản dựng nhỏ")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--root", type=Path, help="thư mục snapshots (mặc định data/snapshots)")
    ap.add_argument("--replace", action="store_true", help="ghi đè snapshot cùng mã")
    ap.add_argument("--add-derived", action="store_true",
                    help="chỉ thêm các bảng tổng hợp sẵn vào snapshot đã có (--id, --root)")
    a = ap.parse_args(argv)
    if a.add_derived:
        from antq.data import derived
        folder = (a.root or paths.snapshots_dir()) / (a.snapshot or snapshot_id(a.scale))
        wrote = derived.add_derived(folder, progress=print)
        print(f"{folder}: {'đã thêm bảng tổng hợp sẵn' if wrote else 'bảng tổng hợp sẵn đã có và khớp'}")
        return 0
    if a.scale < 1:
        ap.error("--scale phải >= 1")
    provinces = [p.strip() for p in a.provinces.split(",")] if a.provinces else None
    try:
        build(scale=a.scale, snapshot=a.snapshot, provinces=provinces, seed=a.seed, root=a.root, replace=a.replace)
    except SnapshotError as e:
        print(f"{e} Thêm --replace để dựng lại.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
