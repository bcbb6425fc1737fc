"""Speed you can see: `python -m antq bench [--scale 10] [--quick] [--only SECTION,...]` (not a test).

Measures, on the demo snapshot and on a snapshot N times larger (built once, when missing, with
`python -m antq.build.demo.build --scale N --id demo-xN` into data/bench/snapshots, git-ignored, so the app's own
snapshot list is not touched), and writes the figures into docs/benchmarks.md between its markers
(the hand-written history around them is kept) and data/bench/results-<scale>.json:

  queries  every queries/*.sql with representative parameters (both maps, whole country and one
           province, a one-year period and the whole history): first call on the process's
           connection, then p50 / p95, uncached (`db.execute_uncached`: a fresh cursor, no result cache);
  pandas   the main aggregations done in pandas over the same parquet files, and the ratio;
  pages    every page under AppTest, in a process of its own warmed as the server is: its default view and
           its heaviest interactions, cold (st.cache_data cleared: every query misses; the median of three
           first runs) and warm (cached), and the size of every map figure it sends;
  maps     the JSON of the national province and commune maps of both administrative maps and of one
           province's communes (the models page, which draws all of them);
  export   the PNG of a national map (export.captioned_figure + image_bytes), first and second call;
  browser  navigation start -> the page's map drawn (a `.maplibregl-canvas` over 200 px wide) or the page drawn, for every page in
           headless Chromium, twice (queries not cached, then cached), and the server's peak RSS (VmHWM).

Targets (issue 10): an interaction under 500 ms of server time on the demo and under 2 s at 10x; a
national commune map under 3 MB; the first map within 3 s; the server's peak memory under 2 GB.
The machine's load average is printed first and written with the figures: other work on the machine
only ever adds time. `--quick` runs fewer repeats and variants (a few minutes).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from antq import paths
ROOT = paths.ROOT
BENCH_DIR = paths.DATA / "bench"
BENCH_SNAPSHOTS = BENCH_DIR / "snapshots"
DOC = ROOT / "docs" / "benchmarks.md"
BEFORE = ROOT / "docs" / "benchmarks-before.json"  # the figures before issue 10's fixes
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
D = dt.date
TARGET_S = {"demo": 0.5, "scaled": 2.0}
TARGET_MAP_MB = 3.0
TARGET_FIRST_MAP_S = 3.0
TARGET_RSS_GB = 2.0


def say(*a) -> None:
    print(*a, flush=True)


# ----------------------------------------------------------------------------------------- machine
def machine() -> dict:
    import duckdb
    import pandas
    import plotly
    import streamlit

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "")
    mem = 0
    with contextlib.suppress(OSError):
        mem = int(next(ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal"))) * 1024
    return {"date": dt.datetime.now().replace(microsecond=0).isoformat(sep=" "), "cores": os.cpu_count(),
            "ram_gb": round(mem / 2**30, 1), "cpu": cpu or platform.processor(),
            "load_start": [round(x, 2) for x in os.getloadavg()], "prefetch_workers": _prefetch_workers(),
            "versions": {"python": platform.python_version(), "streamlit": streamlit.__version__,
                         "duckdb": duckdb.__version__, "pandas": pandas.__version__, "plotly": plotly.__version__}}


def _prefetch_workers() -> int | None:
    try:
        from antq.view import prefetch
    except ImportError:
        return None
    return prefetch.workers()


@contextlib.contextmanager
def snapshots_root(root: Path | None):
    """Point the app at another snapshots root for a while (paths read ANTQ_SNAPSHOTS_DIR on each call)."""
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


# ----------------------------------------------------------------------------------------- sign-in
SIGNIN = {"user": "bench", "password": None}  # the bench's own leader account, while a run lasts
SIGNIN_FIELD = 'input[aria-label="Tên đăng nhập"], input[aria-label="User name"]'


@contextlib.contextmanager
def bench_account():
    """Every page requires signing in (issue 12): a temporary accounts folder holding one leader account
    "bench" (also a data officer, to check an upload), named by ANTQ_AUTH_DIR for this process (AppTest) and the servers it starts. The pages
    sign in through the form only when it is shown, so the bench runs before and after sign-in."""
    try:
        from antq.auth import accounts
    except ImportError:  # a dashboard without accounts
        yield None
        return
    import secrets
    import tempfile

    old = os.environ.get("ANTQ_AUTH_DIR")
    with tempfile.TemporaryDirectory(prefix="antq-bench-auth-") as folder:
        SIGNIN["password"] = f"Bench-{secrets.token_hex(8)}-Mk1"
        # a leader, and a data officer too: the Dữ liệu page's heaviest interaction checks an uploaded report
        accounts.create(Path(folder), SIGNIN["user"], SIGNIN["password"], roles=["leader", "data_officer"],
                        name="Benchmark")
        os.environ["ANTQ_AUTH_DIR"] = folder
        try:
            yield folder
        finally:
            SIGNIN["password"] = None
            if old is None:
                os.environ.pop("ANTQ_AUTH_DIR", None)
            else:
                os.environ["ANTQ_AUTH_DIR"] = old


def sign_in_apptest(at) -> bool:
    """Fill and submit the sign-in form when the app shows it (True if it did)."""
    if not any(w.key == "signin_user" for w in at.text_input):
        return False
    if not SIGNIN["password"]:
        raise RuntimeError("the app asks to sign in but the bench has no account (antq.auth.accounts missing?)")
    at.text_input(key="signin_user").input(SIGNIN["user"])
    at.text_input(key="signin_password").input(SIGNIN["password"])
    next(b for b in at.button if b.label in ("Đăng nhập", "Sign in")).click()
    at.run()
    if any(w.key == "signin_user" for w in at.text_input):
        raise RuntimeError("sign-in refused: " + " ".join(e.value for e in at.error))
    return True


def sign_in_browser(page) -> float | None:
    """If the page shows the sign-in form, sign in as the bench account; returns performance.now() (s)
    at the click (the start of the page's timing), or None when there was no form."""
    if not page.locator(SIGNIN_FIELD).count():
        return None
    page.locator(SIGNIN_FIELD).fill(SIGNIN["user"])
    page.locator('input[type="password"]').fill(SIGNIN["password"] or "")
    button = page.get_by_role("button", name="Đăng nhập").or_(page.get_by_role("button", name="Sign in"))
    t0 = page.evaluate("performance.now()") / 1000
    button.click()
    page.wait_for_selector(SIGNIN_FIELD, state="detached", timeout=60_000)
    return t0


def ensure_scaled(scale: int) -> tuple[Path, float | None]:
    """data/bench/snapshots/demo-xN, built once (its build time is returned the time it is built)."""
    sid = f"demo-x{scale}"
    if (BENCH_SNAPSHOTS / sid / "manifest.json").is_file():
        from antq.data import derived
        t0 = time.perf_counter()
        if derived.add_derived(BENCH_SNAPSHOTS / sid, progress=say):  # built before the derived tables (or stale)
            return BENCH_SNAPSHOTS / sid, time.perf_counter() - t0
        return BENCH_SNAPSHOTS / sid, None
    BENCH_SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    say(f"Building the {scale}x snapshot into {BENCH_SNAPSHOTS / sid} (once; a few minutes)…")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "antq.build.demo.build", "--scale", str(scale), "--id", sid,
                    "--root", str(BENCH_SNAPSHOTS)], cwd=ROOT, check=True)
    return BENCH_SNAPSHOTS / sid, time.perf_counter() - t0


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs, dtype=float), q)) if xs else float("nan")


# ----------------------------------------------------------------------------------------- queries
def query_variants(name: str, data_date: dt.date, full: bool) -> list[tuple[str, dict]]:
    """Representative parameters for a query, derived from the `$names` it binds."""
    from antq.data import db
    wanted = db.parameters_of(db.load_sql(name))
    year = dict(zip(("from", "to"), (D(2025, 1, 1), D(2025, 12, 31))))
    base = dict(model_types=[], as_of=data_date, until=data_date, data_date=data_date, grain="month", year=2025,
                safety_year=2025, commune=None, levels=[], showcase_only=False, limit=1000, only_active=True,
                from_map="2024", to_map="2025", **year,
                # the import's checks (queries/ingest_*.sql): the keys of a 400-row report
                keys=list(range(1_000_000, 1_000_400)), case_ids=list(range(100_000, 100_400)),
                model_ids=[f"MH{i:06d}" for i in range(1, 401)])
    if name == "ingest_present_activities":  # (month, commune) packed: January 2024, 400 communes
        base["keys"] = [(2024 * 12) * 100_000 + c for c in range(1, 401)]
    cands = [("2025 · toàn quốc · 2025", dict(map="2025", province=None)),
             ("2024 · toàn quốc · 2025", dict(map="2024", province=None)),
             ("2025 · tỉnh 01 · 2025", dict(map="2025", province="01"))]
    if full or not ({"from", "to"} & wanted):
        cands.append(("2024 · tỉnh 01 · 2025", dict(map="2024", province="01")))
    if {"from", "to"} <= wanted:
        cands.append(("2024 · toàn quốc · 2013–2026", dict(map="2024", province=None, **{"from": D(2013, 1, 1),
                                                                                       "to": data_date})))
    out, seen = [], set()
    for label, over in cands:
        p = {**base, **over, "level": "commune" if over.get("province") else "province"}
        if name in ("compare_commune_population", "data_province_communes", "province_on_other_map") and not p["province"]:
            p["province"] = "01"
        key = tuple(sorted((k, repr(p[k])) for k in wanted))
        if key in seen:
            continue
        seen.add(key)
        out.append((label if wanted & {"map", "province", "from"} else "–", p))
    return out


def bench_queries(snap: Path, runs: int, full: bool) -> dict:
    from antq.data import db
    data_date = D.fromisoformat(json.loads((snap / "manifest.json").read_text())["data_date"])
    t0 = time.perf_counter()
    db.connection(snap)
    connect_s = time.perf_counter() - t0
    rows = []
    for name in db.query_names():
        for label, p in query_variants(name, data_date, full):
            times = []
            t = time.perf_counter()
            df = db.execute_uncached(name, snapshot_dir=snap, **p)
            first = time.perf_counter() - t
            for _ in range(runs):
                t = time.perf_counter()
                db.execute_uncached(name, snapshot_dir=snap, **p)
                times.append(time.perf_counter() - t)
            rows.append({"query": name, "variant": label, "rows": len(df), "first": first,
                         "p50": pct(times, 50), "p95": pct(times, 95), "runs": runs})
            say(f"    {name:42s} {label:30s} first {first * 1000:7.0f}  p50 {rows[-1]['p50'] * 1000:7.0f}"
                f"  p95 {rows[-1]['p95'] * 1000:7.0f} ms")
    return {"connect_s": connect_s, "rows": rows}


# ------------------------------------------------------------------------------------------ pandas
def bench_pandas(snap: Path, runs: int) -> list[dict]:
    """The main aggregations in pandas over the same parquet files (read included, as DuckDB's views
    read them too), against the product's query for the same answer; results are checked equal."""
    import pandas as pd
    import pyarrow.dataset as ds

    from antq.data import db
    con = db.connection(snap)
    placement = con.execute("SELECT * FROM placement").df()
    data_date = D.fromisoformat(json.loads((snap / "manifest.json").read_text())["data_date"])
    y0, y1 = D(2025, 1, 1), D(2025, 12, 31)

    def tips(cols):
        f = (ds.field("received_on") >= y0) & (ds.field("received_on") <= y1)
        return ds.dataset(snap / "tipoffs.parquet").to_table(columns=cols, filter=f).to_pandas()

    def placed(df, map_):
        p = placement[placement["map"] == map_]
        return df.merge(p, on=["admin_era", "commune_code"], how="inner")

    def tips_by_province():
        t = placed(tips(["commune_code", "admin_era", "valuable"]), "2025")
        return t.groupby("map_province_code").agg(tips=("valuable", "size"), valuable=("valuable", "sum"))

    def funnel():
        t = placed(tips(["commune_code", "admin_era", "valuable", "case_id", "received_on"]), "2025")
        cases = pd.read_parquet(snap / "cases.parquet", columns=["case_id", "solved_on", "arrests", "guns",
                                                                  "primitive_weapons"])
        linked = t.loc[t["valuable"] & t["case_id"].notna(), "case_id"].unique()
        solved = cases[cases["case_id"].isin(linked) & cases["solved_on"].notna()]
        first = (pd.read_parquet(snap / "tipoffs.parquet", columns=["case_id", "received_on"],
                                 filters=[("case_id", "in", solved["case_id"].tolist())])
                 .groupby("case_id")["received_on"].min())
        days = (pd.to_datetime(solved.set_index("case_id")["solved_on"])
                - pd.to_datetime(first.reindex(solved["case_id"]))).dt.days
        return {"tips": len(t), "valuable_tips": int(t["valuable"].sum()),
                "tips_with_solved_case": int(t["case_id"].isin(solved["case_id"]).sum()),
                "cases": len(linked), "cases_solved": len(solved), "arrests": int(solved["arrests"].sum()),
                "median_days_to_solve": float(days.median())}

    def coverage():
        s = pd.read_parquet(snap / "model_sites.parquet", columns=["site_id", "commune_code", "admin_era",
                                                                    "started_on", "ended_on"])
        d = pd.Timestamp(data_date)
        on = pd.to_datetime(s["started_on"]) <= d
        live = s["ended_on"].isna() | (pd.to_datetime(s["ended_on"]) > d)
        a = placed(s[on & live], "2025")
        return {"communes_covered": a["map_commune_code"].nunique(), "sites": len(a)}

    p_year = {"map": "2025", "province": None, "from": y0, "to": y1}
    cases = [
        ("tips by province, map 2025, 2025", tips_by_province, "tips_by_area", p_year,
         lambda pdf, ddf: int(pdf["tips"].sum()) == int(ddf["tips"].sum())),
        ("tip funnel, whole country, 2025", funnel, "tip_funnel", p_year,
         lambda pdf, ddf: all(int(pdf[k]) == int(ddf[k].iloc[0]) for k in ("tips", "valuable_tips", "cases",
                                                                             "cases_solved", "arrests",
                                                                             "tips_with_solved_case"))
         and float(pdf["median_days_to_solve"]) == float(ddf["median_days_to_solve"].iloc[0])),
        ("model coverage at the data date, map 2025", coverage, "model_communes_covered",
         {"map": "2025", "province": None, "as_of": data_date, "model_types": []},
         lambda pdf, ddf: pdf["communes_covered"] == int(ddf["communes_covered"].iloc[0])
         and pdf["sites"] == int(ddf["sites"].iloc[0])),
    ]
    out = []
    for label, fn, query, params, same in cases:
        tp, td = [], []
        for _ in range(runs):
            t = time.perf_counter()
            pdf = fn()
            tp.append(time.perf_counter() - t)
            t = time.perf_counter()
            ddf = db.execute_uncached(query, snapshot_dir=snap, **params)
            td.append(time.perf_counter() - t)
        ok = bool(same(pdf, ddf))
        out.append({"aggregation": label, "query": query, "pandas": statistics.median(tp),
                    "duckdb": statistics.median(td), "same_answer": ok})
        say(f"    {label:45s} pandas {out[-1]['pandas'] * 1000:7.0f}  duckdb {out[-1]['duckdb'] * 1000:7.0f} ms"
            f"  {'same answer' if ok else 'ANSWERS DIFFER'}")
    return out


# ------------------------------------------------------------------------------------------- pages
def _set(kind, key, value, sidebar=False):
    def act(at):
        root = at.sidebar if sidebar else at
        getattr(root, kind)(key=key).set_value(value)
    return act


def _both(*acts):
    def act(at):
        for a in acts:
            a(at)
    return act


def _upload(at):
    sample = ROOT / "tests" / "samples" / "bd-2024-tips-correction.xlsx"
    at.file_uploader[0].set_value((sample.name, sample.read_bytes(), "application/octet-stream"))


WHOLE = {"from": "2013-01-01"}
# page: (script, default URL, [(interaction, URL before it, action)]); the first interaction is the heaviest
PAGES = {
    "overview": ("antq/features/overview/page.py", {}, [
        ("whole period 2013–2026 on map 2024", {"map": "2024"}, _set("date_input", "date_from", D(2013, 1, 1), True)),
        ("scope → Hà Nội (communes)", {}, _set("selectbox", "province", "01", True)),
    ]),
    "models": ("antq/features/models/page.py", {}, [
        ("national commune map, map 2024 (10,040 communes)", {"map": "2024"}, _set("segmented_control", "models_level",
                                                                                    "commune")),
        ("model types → one type", {}, _set("multiselect", "models_types", ["camera_an_ninh"])),
        ("time control → 31/12/2020", {}, _set("select_slider", "models_as_of", D(2020, 12, 31))),
    ]),
    "tipoffs": ("antq/features/tipoffs/page.py", {}, [
        ("funnel: whole period 2013–2026, map 2024", {"map": "2024"}, _set("date_input", "date_from", D(2013, 1, 1), True)),
        ("periods (vs last year), 2013–2026, map 2024", {"map": "2024", **WHOLE},
         _set("radio", "tipoffs_section", "periods")),
        ("cohorts by month, 2013–2026, map 2024", {"map": "2024", **WHOLE}, _set("radio", "tipoffs_section", "cohorts")),
        ("where: national map, 2013–2026, map 2024", {"map": "2024", **WHOLE}, _set("radio", "tipoffs_section", "where")),
    ]),
    "festival": ("antq/features/festival/page.py", {}, [
        ("scope → Thanh Hóa (547 communes, map 2024)", {"map": "2024"}, _set("selectbox", "province", "38", True)),
        ("year → 2022", {}, _set("selectbox", "festival_year", 2022)),
    ]),
    "compare": ("antq/features/compare/page.py", {"provinces": "01,79,48"}, [
        ("whole period 2013–2026", {"provinces": "01,79,48"}, _set("date_input", "date_from", D(2013, 1, 1), True)),
        ("figure → share solved (trend)", {"provinces": "01,79,48"}, _set("selectbox", "compare_metric", "solved_share")),
    ]),
    "data": ("antq/features/data/page.py", {}, [
        ("check an uploaded report (393 rows, no write)", {}, _upload),
    ]),
}
# the maps the models page draws, for their sizes (and the national commune map for the export)
MAP_VIEWS = [
    ("national provinces, map 2025 (34)", {"map": "2025"}),
    ("national provinces, map 2024 (63)", {"map": "2024"}),
    ("national communes, map 2025 (3,321)", {"map": "2025", "level": "commune"}),
    ("national communes, map 2024 (10,040)", {"map": "2024", "level": "commune"}),
    ("TP Hồ Chí Minh communes, map 2025 (168)", {"map": "2025", "province": "79"}),
    ("Hà Nội communes, map 2024 (526)", {"map": "2024", "province": "01"}),
]


def _app(script: str, query: dict, snapshot_id: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    q = {"snapshot": snapshot_id, **query}
    for k, v in q.items():
        at.query_params[k] = v
    at.run()
    sign_in_apptest(at)
    at.switch_page(script)
    for k, v in q.items():
        at.query_params[k] = v
    at.run()
    if at.exception:
        raise RuntimeError(f"{script} {query}: {at.exception}")
    return at


def _timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    s = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(str(at.exception))
    return s


def map_specs(at) -> list[dict]:
    """The plotly maps of the last run: JSON bytes sent, gzip bytes, and the boundary layer's share."""
    out = []
    for el in at.get("plotly_chart"):
        spec = el.proto.spec
        if '"choroplethmap"' not in spec:
            continue
        raw = spec.encode()
        urls = [len(m) for m in re.findall(r'"data:application(?:/|\\u002f)json(?:[^"\\]|\\.)*"', spec)]
        out.append({"bytes": len(raw), "gzip": len(gzip.compress(raw, 6)), "layer_bytes": max(urls, default=0),
                    "layer_copies": len(urls), "spec": spec})
    return out


def warm_layers() -> float:
    """What `python -m antq serve` does before it accepts requests (antq/cli/serve.py `warm`: the pages'
    imports, the snapshot list, the active snapshot's connection, the boundary layers of both national
    maps and their encoded form, then gc.freeze): a running server has it, so it is done before the
    pages are timed (the time is reported)."""
    from antq.cli import serve
    t = time.perf_counter()
    serve.warm(say=lambda text: say("    " + text))
    return time.perf_counter() - t


def forget_kept() -> None:
    """Forget what is kept per snapshot beyond st.cache_data: Dữ liệu's seed-fact check (antq/data/facts.py
    `seed_check`, round 3). A page's default view is timed without it (its first visit computes it); an
    interaction is timed as it happens, on a page drawn before, which has kept it."""
    try:
        from antq.data import facts
    except ImportError:
        return
    if hasattr(facts, "forget_checks"):
        facts.forget_checks()


def bench_pages(snapshot_id: str, warm_runs: int, quick: bool, only: set | None = None, cold_runs: int = 1) -> dict:
    import streamlit as st

    rows, maps = [], []
    layers_s = warm_layers()
    say(f"    the server's warm-up (imports, connection, boundary layers) once for the process: {layers_s * 1000:.0f} ms")

    def record(page, what, at, colds, warm):
        ms = map_specs(at)
        biggest = max((m["bytes"] for m in ms), default=0)
        cold = statistics.median(colds)
        rows.append({"page": page, "what": what, "cold": cold, "colds": colds, "warm": warm, "map_bytes": biggest})
        say(f"    {page:9s} {what:52s} cold {cold * 1000:7.0f}  warm {warm * 1000:6.0f} ms"
            + (f"  (cold runs {' '.join(f'{c * 1000:.0f}' for c in colds)})" if len(colds) > 1 else "")
            + (f"  map {biggest / 1e6:.2f} MB" if biggest else ""))

    for page, (script, default, interactions) in PAGES.items():
        if only and page not in only:
            continue
        for label, start, act in [("default view", default, None), *(interactions[:1] if quick else interactions)]:
            try:
                colds = []
                for _ in range(cold_runs):  # one cold run is one sample of a shared machine: the median of a few,
                    # each a first run of the interaction in a new session (a page may keep what it did for a
                    # session: an uploaded report is checked once)
                    at = _app(script, start, snapshot_id)  # the process and the page warm (imports, layers, connection)
                    if act:
                        act(at)
                    st.cache_data.clear()
                    if act is None:
                        forget_kept()  # a first view computes what a snapshot keeps once computed
                    colds.append(_timed_run(at))
                warm = statistics.median(_timed_run(at) for _ in range(warm_runs))
                record(page, label, at, colds, warm)
            except Exception as e:  # a page another change broke: say so, measure the others
                rows.append({"page": page, "what": label, "cold": None, "warm": None, "map_bytes": 0,
                             "error": f"{type(e).__name__}: {str(e)[:300]}"})
                say(f"    {page:9s} {label:52s} FAILED: {rows[-1]['error'][:200]}")
    return {"rows": rows, "maps": maps, "layers_s": layers_s}


def bench_maps(snapshot_id: str) -> tuple[list[dict], dict]:
    out, specs = [], {}
    for label, q in MAP_VIEWS:
        at = _app("antq/features/models/page.py", q, snapshot_id)
        ms = map_specs(at)
        m = max(ms, key=lambda x: x["bytes"])
        specs[label] = m["spec"]
        out.append({"map": label, "bytes": m["bytes"], "gzip": m["gzip"], "layer_bytes": m["layer_bytes"],
                    "layer_copies": m["layer_copies"]})
        say(f"    {label:42s} {m['bytes'] / 1e6:6.2f} MB (gzip {m['gzip'] / 1e6:5.2f} MB; layer "
            f"{m['layer_bytes'] / 1e6:5.2f} MB)")
    return out, specs


# ------------------------------------------------------------------------------------------ export
def bench_export(specs: dict) -> list[dict]:
    import plotly.io as pio

    from antq.figures import export
    out = []
    for label in ("national provinces, map 2025 (34)", "national communes, map 2025 (3,321)"):
        fig = pio.from_json(specs[label])
        cap = export.Caption(title="Bản đồ", subtitle=label, source="benchmark", snapshot_id="demo",
                             data_date=D(2026, 10, 31), simulated=True)
        times = []
        try:
            for _ in range(3):
                t = time.perf_counter()
                png = export.image_bytes(export.captioned_figure(fig, cap))
                times.append(time.perf_counter() - t)
        except Exception as e:  # the export module changing under another engineer's hands
            say(f"    PNG {label}: FAILED {type(e).__name__}: {str(e)[:200]}")
            continue
        out.append({"figure": label, "first": times[0], "second": times[1], "third": times[2], "png_bytes": len(png)})
        say(f"    PNG {label:42s} first {times[0]:5.2f} s, second {times[1]:5.2f} s, third {times[2]:5.2f} s"
            f"  ({len(png) / 1e6:.2f} MB)")
    return out


# ----------------------------------------------------------------------------------------- browser
BROWSER_PAGES = [
    ("overview", "/overview", True), ("models", "/models", True), ("tipoffs", "/tipoffs", False),
    ("tipoffs (where)", "/tipoffs?section=where", True), ("festival", "/festival", True),
    ("compare", "/compare?provinces=01,79,48", True), ("data", "/data", False),
]


BIG_MAP = "() => [...document.querySelectorAll('.maplibregl-canvas')].some(c => c.clientWidth > 200)"


def _server_pid(base: str) -> int | None:
    port = base.rsplit(":", 1)[1]
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                cmd = (d / "cmdline").read_bytes().split(b"\0")
                if b"--server.port" in cmd and cmd[cmd.index(b"--server.port") + 1] == port.encode() and b"serve" in cmd:
                    return int(d.name)
    return None


def _status(pid: int) -> dict:
    out = {}
    for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = ln.partition(":")
        if k in ("VmHWM", "VmRSS"):
            out[k] = int(v.split()[0]) * 1024
    return out


def bench_browser(snapshot_id: str, root: Path | None, servers: int = 3) -> dict:
    """`servers` fresh servers in turn, every page visited twice on each: a first visit happens once per
    server, so one server gives one sample of it (a single one moved by a second from run to run); each
    figure is the median over the servers, the peak memory the highest."""
    runs = []
    for i in range(servers):
        if servers > 1:
            say(f"    server {i + 1}/{servers}:")
        runs.append(_browser_once(snapshot_id, root))
    rows = []
    for r0 in runs[0]["rows"]:
        same = [r for run in runs for r in run["rows"] if r["page"] == r0["page"] and r["round"] == r0["round"]]
        ok = [r for r in same if not r["error"]]

        def med(k):
            xs = [r[k] for r in ok if r[k] is not None]
            return statistics.median(xs) if xs else None
        rows.append({"page": r0["page"], "round": r0["round"], "first_map": med("first_map"), "drawn": med("drawn"),
                     "error": None if ok else r0["error"], "signed_in": r0["signed_in"],
                     "samples": [(r["first_map"], r["drawn"]) for r in same]})
    peaks = [run["peak_rss"] for run in runs if run.get("peak_rss")]
    return {"rows": rows, "servers": servers, "rss_start": runs[0].get("rss_start"),
            "peak_rss": max(peaks) if peaks else None, "rss_end": runs[-1].get("rss_end")}


def _browser_once(snapshot_id: str, root: Path | None) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.e2e import browser_page, streamlit_server

    drawn = ('[data-testid="stCaptionContainer"]:has-text("31/10/2026")')
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    rows = []
    env = {"ANTQ_SNAPSHOTS_DIR": str(root)} if root else {}
    with streamlit_server(env) as base:
        pid = _server_pid(base)
        boot = _status(pid) if pid else {}
        with browser_page() as page:
            for rnd in ("first visit", "again (cached)"):
                for label, path, has_map in BROWSER_PAGES:
                    url = f"{base}{path}{'&' if '?' in path else '?'}snapshot={snapshot_id}"
                    page.goto("about:blank")
                    first = done = error = None
                    t0 = 0.0  # navigation start; after a sign-in, the click on its button
                    try:
                        page.goto(url, wait_until="commit")
                        page.wait_for_selector(f"{SIGNIN_FIELD}, {drawn}, .maplibregl-canvas", timeout=180_000)
                        t0 = sign_in_browser(page) or 0.0
                        if has_map:  # the page's map: not the sign-in screen's 10-pixel preload, if still there
                            page.wait_for_function(BIG_MAP, timeout=180_000)
                            first = page.evaluate("performance.now()") / 1000 - t0
                        page.wait_for_selector(drawn, timeout=180_000)
                        page.wait_for_selector(idle, timeout=180_000)
                        done = page.evaluate("performance.now()") / 1000 - t0
                        if page.locator('[data-testid="stException"]').count():
                            error = "exception on the page"
                    except Exception as e:  # a page another change broke, or a timeout
                        error = f"{type(e).__name__}: {str(e)[:200]}"
                    rows.append({"page": label, "round": rnd, "first_map": first, "drawn": done, "error": error,
                                 "signed_in": bool(t0)})
                    if error:
                        say(f"    {rnd:15s} {label:16s} FAILED: {error}")
                        continue
                    say(f"    {rnd:15s} {label:16s} first map "
                        + (f"{first:5.2f} s" if first is not None else "   – ") + f", page drawn {done:5.2f} s")
        peak = _status(pid) if pid else {}
    return {"rows": rows, "rss_start": boot.get("VmRSS"), "peak_rss": peak.get("VmHWM"), "rss_end": peak.get("VmRSS")}


# ------------------------------------------------------------------------------------------ report
def _ms(s) -> str:
    return "–" if s is None or s != s else f"{s * 1000:,.0f}".replace(",", " ")


def _mark(ok: bool) -> str:
    return "" if ok else " ✗"


def _loads(scales: dict, section: str) -> str:
    """The 1-minute load average when a section started (2 cores: above 2, other work is waiting too)."""
    got = [f"{s['label']} {s['load'][section]}" for s in scales.values() if section in s.get("load", {})]
    return ("Load average at the start of this section: " + ", ".join(got) + ".\n") if got else ""


def render(res: dict) -> str:
    m = res["machine"]
    scales = res["scales"]
    lines = [f"Run: {m['date']} · `python -m antq bench {res['args']}` · {res['elapsed_s'] / 60:.1f} min",
             "",
             f"Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}; load average at start "
             f"{' / '.join(str(x) for x in m['load_start'])} (1 / 5 / 15 min), at end "
             f"{' / '.join(str(x) for x in res['load_end'])}. "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + "."
             + (f" Pages ask their queries {m['prefetch_workers']} at a time (antq/view/prefetch.py)."
                if m.get("prefetch_workers") else ""),
             "",
             "Snapshots: " + "; ".join(f"**{s['label']}** `{s['id']}` ({s['rows']:,} rows, tipoffs "
                                      f"{s['tipoffs']:,})".replace(",", ".") for s in scales.values()) + ".",
             "", "✗ marks a figure over its target (an interaction: 500 ms on the demo, 2 s at 10×; a national "
                 "map: 3 MB; the first map: 3 s; the server: 2 GB).", ""]
    # pages
    if any("pages" in s for s in scales.values()):
        lines += ["### Pages: server time of a script run under AppTest (ms)", "", _loads(scales, "pages"),
                  "Cold: `st.cache_data` cleared before the run, so every query misses (what the first user "
                  "of a view waits), the median of three such runs, each the first run of the view in a new "
                  "session (one with `--quick`); warm: the same run again (median of the warm runs). The "
                  "section runs in a process of its own, warmed as the server warms itself.", ""]
        heads = [s for s in scales.values() if "pages" in s]
        lines.append("| page | view / interaction | " + " | ".join(f"{s['label']} cold | {s['label']} warm"
                                                               for s in heads) + " | map JSON |")
        lines.append("|---|---|" + "---:|---:|" * len(heads) + "---:|")
        keys = [(r["page"], r["what"]) for r in heads[0]["pages"]["rows"]]
        for k in keys:
            cells, mb = [], 0
            for s in heads:
                r = next((r for r in s["pages"]["rows"] if (r["page"], r["what"]) == k), None)
                tgt = TARGET_S["demo" if s["scale"] == 1 else "scaled"]
                if r is None:
                    cells += ["–", "–"]
                    continue
                if r["cold"] is None:
                    cells += ["failed", "failed"]
                    continue
                cells += [_ms(r["cold"]) + _mark(r["cold"] < tgt), _ms(r["warm"]) + _mark(r["warm"] < tgt)]
                mb = max(mb, r["map_bytes"])
            lines.append(f"| {k[0]} | {k[1]} | " + " | ".join(cells) + f" | {mb / 1e6:.2f} MB |" if mb else
                         f"| {k[0]} | {k[1]} | " + " | ".join(cells) + " | – |")
        lines.append("")
    # maps
    demo = scales.get("demo", {})
    if demo.get("maps"):
        lines += ["### Map figures sent to the browser", "",
                  "The JSON of the plotly figure a page sends (the models page draws every kind of map); the "
                  "boundary layer travels inside it once, as a `data:` URL.", "",
                  "| map | figure JSON | gzip | of which boundary layer |", "|---|---:|---:|---:|"]
        for r in demo["maps"]:
            ok = r["bytes"] / 1e6 < TARGET_MAP_MB
            lines.append(f"| {r['map']} | {r['bytes'] / 1e6:.2f} MB{_mark(ok)} | {r['gzip'] / 1e6:.2f} MB | "
                         f"{r['layer_bytes'] / 1e6:.2f} MB |")
        lines.append("")
    if demo.get("export"):
        lines += ["### PNG export (export.captioned_figure + image_bytes, slide size)", "",
                  "| figure | first call | second call (warm) | third | PNG |", "|---|---:|---:|---:|---:|"]
        for r in demo["export"]:
            lines.append(f"| {r['figure']} | {_ms(r['first'])} ms | {_ms(r['second'])} ms | {_ms(r['third'])} ms | "
                         f"{r['png_bytes'] / 1e6:.2f} MB |")
        lines.append("")
    # browser
    heads = [s for s in scales.values() if s.get("browser")]
    if heads:
        lines += ["### In the browser: navigation start → the page's map drawn (page drawn) in headless Chromium",
                  "", _loads(scales, "browser"), "Three fresh servers per snapshot in turn (`python -m antq serve`, warmed "
                      "before it listens; one with `--quick`); on each, each page opened in a new navigation, first with "
                      "nothing cached, then again; the median over the servers. Seconds "
                      "from the navigation start or, when the page asks to sign in (every new session does since "
                      "issue 12), from the click on «Đăng nhập» to the page's map canvas (over 200 px wide: not the "
                      "sign-in screen's 10-pixel preload); in brackets, until the page has finished running.", ""]
        lines.append("| page | " + " | ".join(f"{s['label']} first visit | {s['label']} again" for s in heads) + " |")
        lines.append("|---|" + "---:|---:|" * len(heads))
        for label, _, _ in BROWSER_PAGES:
            cells = []
            for s in heads:
                for rnd in ("first visit", "again (cached)"):
                    r = next(r for r in s["browser"]["rows"] if r["page"] == label and r["round"] == rnd)
                    f = r["first_map"]
                    if r.get("error") or r["drawn"] is None:
                        cells.append("failed")
                        continue
                    cells.append((f"{f:.2f}{_mark(f < TARGET_FIRST_MAP_S)} ({r['drawn']:.2f})" if f is not None
                                  else f"– ({r['drawn']:.2f})"))
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines.append("")
        for s in heads:
            b = s["browser"]
            firsts = [(r["page"], [x[0] for x in r.get("samples", [])]) for r in b["rows"]
                      if r["round"] == "first visit" and len(r.get("samples", [])) > 1]
            if firsts:
                lines.append(f"- First visits on each server, {s['label']}: " + "; ".join(
                    f"{page} " + " / ".join("–" if x is None else f"{x:.2f}" for x in xs)
                    for page, xs in firsts if any(x is not None for x in xs)) + " s.")
            if b.get("peak_rss"):
                ok = b["peak_rss"] / 2**30 < TARGET_RSS_GB
                lines.append(f"- Server memory, {s['label']}: {b['rss_start'] / 2**20:,.0f} MB after start, peak "
                             f"(VmHWM, the highest of the servers) {b['peak_rss'] / 2**20:,.0f} MB{_mark(ok)} after "
                             f"visiting every page twice, {b['rss_end'] / 2**20:,.0f} MB at the end.")
        lines.append("")
    # pandas
    heads = [s for s in scales.values() if s.get("pandas")]
    if heads:
        lines += ["### Baseline: the same aggregations in pandas over the same parquet files (ms, median)", "",
                  "| aggregation (query) | " + " | ".join(f"{s['label']} pandas | {s['label']} DuckDB | ratio"
                                                          for s in heads) + " |",
                  "|---|" + "---:|---:|---:|" * len(heads)]
        for i, r0 in enumerate(heads[0]["pandas"]):
            cells = []
            for s in heads:
                r = s["pandas"][i]
                cells += [_ms(r["pandas"]), _ms(r["duckdb"]), f"{r['duckdb'] / r['pandas']:.2f}"
                          + ("" if r["same_answer"] else " (answers differ!)")]
            lines.append(f"| {r0['aggregation']} (`{r0['query']}`) | " + " | ".join(cells) + " |")
        lines += ["", "ratio = DuckDB / pandas (below 1: DuckDB faster). Both read the parquet files each time.", ""]
    # queries
    heads = [s for s in scales.values() if s.get("queries")]
    if heads:
        lines += ["### Queries: uncached DuckDB execution (ms)", "", _loads(scales, "queries"),
                  "Each `queries/*.sql` run on a fresh cursor without the result cache (`db.execute_uncached`), "
                  "with parameters derived from what it binds: both maps, the whole country and Hà Nội (01), "
                  "the year 2025 and, for queries over a period, the whole history on the old map. The worst "
                  "variant of each query is shown; first = first call in the process (connection "
                  + ", ".join(f"{s['label']} {s['queries']['connect_s']:.1f} s" for s in heads)
                  + "), then p50 / p95 over the following runs "
                  + ", ".join(f"({s['queries']['rows'][0]['runs']} at {s['label']})" for s in heads) + ".", ""]
        lines.append("| query | worst variant | " + " | ".join(f"{s['label']} first | p50 | p95" for s in heads) + " |")
        lines.append("|---|---|" + "---:|---:|---:|" * len(heads))
        names = sorted({r["query"] for r in heads[0]["queries"]["rows"]})
        for n in names:
            worst = {}
            for s in heads:
                rs = [r for r in s["queries"]["rows"] if r["query"] == n]
                worst[s["label"]] = max(rs, key=lambda r: r["p50"]) if rs else None
            last = heads[-1]["label"]
            cells = []
            for s in heads:
                w = worst[s["label"]]
                tgt = TARGET_S["demo" if s["scale"] == 1 else "scaled"]
                cells += [_ms(w["first"]), _ms(w["p50"]) + _mark(w["p50"] < tgt), _ms(w["p95"])] if w else ["–"] * 3
            lines.append(f"| {n} | {worst[last]['variant'] if worst[last] else '–'} | " + " | ".join(cells) + " |")
        lines.append("")
        lines += ["<details><summary>Every variant</summary>", "",
                  "| query | variant | rows | " + " | ".join(f"{s['label']} p50" for s in heads) + " |",
                  "|---|---|---:|" + "---:|" * len(heads)]
        for r in heads[0]["queries"]["rows"]:
            cells = []
            for s in heads:
                o = next((x for x in s["queries"]["rows"] if x["query"] == r["query"] and x["variant"] == r["variant"]),
                         None)
                cells.append(_ms(o["p50"]) if o else "–")
            lines.append(f"| {r['query']} | {r['variant']} | {r['rows']:,} | ".replace(",", ".") + " | ".join(cells) + " |")
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def render_before_after(before: dict, res: dict) -> str:
    """The figures of a run beside those of the run kept as the baseline (docs/benchmarks-before.json)."""
    lines = [f"### Before → after (baseline: {before['machine']['date']}, load average "
             f"{' / '.join(str(x) for x in before['machine']['load_start'])})", ""]
    heads = [k for k in ("demo", "scaled") if k in res["scales"] and k in before["scales"]]
    lab = {k: res["scales"][k]["label"] for k in heads}

    def rows_of(scale, section):
        return {(r["page"], r["what"]): r for r in (before["scales"][scale].get(section) or {}).get("rows", [])}

    if any(res["scales"][k].get("pages") for k in heads):
        lines += ["Pages, server time of a cold run (ms; every query missing the cache):", "",
                  "| page | view / interaction | " + " | ".join(f"{lab[k]} before | {lab[k]} after" for k in heads) + " |",
                  "|---|---|" + "---:|---:|" * len(heads)]
        keys = [(r["page"], r["what"]) for r in res["scales"][heads[0]]["pages"]["rows"]]
        for key in keys:
            cells = []
            for k in heads:
                b = rows_of(k, "pages").get(key)
                a = next((r for r in res["scales"][k].get("pages", {}).get("rows", []) if (r["page"], r["what"]) == key), None)
                tgt = TARGET_S["demo" if k == "demo" else "scaled"]
                cells += [_ms(b["cold"]) if b and b.get("cold") is not None else "–",
                          (_ms(a["cold"]) + _mark(a["cold"] < tgt)) if a and a.get("cold") is not None else "–"]
            lines.append(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
        lines.append("")
    qb = {k: before["scales"][k].get("queries", {}).get("rows", []) for k in heads}
    qa = {k: res["scales"][k].get("queries", {}).get("rows", []) for k in heads}
    if all(qb.values()) and all(qa.values()):
        def worst(rows, name):
            rs = [r for r in rows if r["query"] == name]
            return max((r["p50"] for r in rs), default=None)
        last = heads[-1]
        names = sorted({r["query"] for r in qb[last]}, key=lambda n: -(worst(qb[last], n) or 0))[:15]
        lines += ["The slowest queries of the baseline, worst variant's p50 (ms, uncached):", "",
                  "| query | " + " | ".join(f"{lab[k]} before | {lab[k]} after" for k in heads) + " |",
                  "|---|" + "---:|---:|" * len(heads)]
        for n in names:
            lines.append(f"| {n} | " + " | ".join(f"{_ms(worst(qb[k], n))} | {_ms(worst(qa[k], n))}" for k in heads) + " |")
        lines.append("")
    mb, ma = before["scales"].get("demo", {}).get("maps"), res["scales"].get("demo", {}).get("maps")
    if mb and ma:
        lines += ["Map figures sent to the browser (MB of JSON):", "", "| map | before | after |", "|---|---:|---:|"]
        old = {r["map"]: r for r in mb}
        for r in ma:
            o = old.get(r["map"])
            lines.append(f"| {r['map']} | {o['bytes'] / 1e6:.2f} | {r['bytes'] / 1e6:.2f}{_mark(r['bytes'] / 1e6 < TARGET_MAP_MB)} |"
                         if o else f"| {r['map']} | – | {r['bytes'] / 1e6:.2f} |")
        lines.append("")
    bb = {k: before["scales"][k].get("browser") for k in heads}
    ba = {k: res["scales"][k].get("browser") for k in heads}
    if all(bb.values()) and all(ba.values()):
        lines += ["First map in Chromium (s, first visit / again):", "",
                  "| page | " + " | ".join(f"{lab[k]} before | {lab[k]} after" for k in heads) + " |",
                  "|---|" + "---:|---:|" * len(heads)]

        def cell(rows, page):
            out = []
            for rnd in ("first visit", "again (cached)"):
                r = next((r for r in rows if r["page"] == page and r["round"] == rnd), None)
                v = r and (r.get("first_map") if r.get("first_map") is not None else r.get("drawn"))
                out.append("–" if v is None else f"{v:.2f}")
            return " / ".join(out)
        for label, _, _ in BROWSER_PAGES:
            lines.append(f"| {label} | " + " | ".join(f"{cell(bb[k]['rows'], label)} | {cell(ba[k]['rows'], label)}"
                                                      for k in heads) + " |")
        lines.append("")
        lines.append("Server peak memory (VmHWM): " + "; ".join(
            f"{lab[k]} {bb[k]['peak_rss'] / 2**20:,.0f} → {ba[k]['peak_rss'] / 2**20:,.0f} MB" for k in heads
            if bb[k].get("peak_rss") and ba[k].get("peak_rss")) + ".")
        lines.append("")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    body = f"{START}\n{text}\n{END}"
    if DOC.is_file():
        old = DOC.read_text(encoding="utf-8")
        if START in old and END in old:
            body = old[:old.index(START)] + body + old[old.index(END) + len(END):]
        else:
            body = old.rstrip() + "\n\n" + body + "\n"
    else:
        body = "# Benchmarks\n\n" + body + "\n"
    DOC.write_text(body, encoding="utf-8")


def pages_in_child(snapshot_id: str, root: Path | None, quick: bool, pages: str) -> dict:
    """The pages section in a process of its own, started like the server (warmed, then timed): not in
    this one, which the queries section and the pandas baseline (gigabytes of frames) have just used and
    which no server resembles (the same view measured 367 ms alone and 606 ms after them). It signs in
    with this run's account (ANTQ_AUTH_DIR and the password are passed on)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="antq-bench-pages-") as tmp:
        out = Path(tmp) / "pages.json"
        cmd = [sys.executable, "-m", "antq", "bench", "--pages-child", snapshot_id, str(out), "--pages", pages,
               *(["--quick"] if quick else [])]
        with snapshots_root(root):  # the child reads the snapshots root and the accounts folder from its environment
            subprocess.run(cmd, cwd=ROOT, env={**os.environ, "ANTQ_BENCH_PASSWORD": SIGNIN["password"] or ""},
                           check=True)
        return json.loads(out.read_text())


# -------------------------------------------------------------------------------------------- main
SECTIONS = ("queries", "pandas", "pages", "maps", "export", "browser")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=10, help="the larger snapshot: N times the demo (1 = the demo only)")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, variants and interactions")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"sections, comma-separated: {','.join(SECTIONS)}")
    ap.add_argument("--pages", default="", help="pages section: only these pages, comma-separated (e.g. overview,compare)")
    ap.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    ap.add_argument("--before", type=Path, default=BEFORE,
                    help="a results JSON to show the figures against (default: docs/benchmarks-before.json)")
    ap.add_argument("--pages-child", nargs=2, metavar=("SNAPSHOT_ID", "OUT_JSON"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.pages_child:  # the pages section, in its own process (pages_in_child)
        SIGNIN["password"] = os.environ.get("ANTQ_BENCH_PASSWORD") or None
        os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
        res = bench_pages(a.pages_child[0], 1 if a.quick else 3, a.quick,
                          {x.strip() for x in a.pages.split(",") if x.strip()}, cold_runs=1 if a.quick else 3)
        Path(a.pages_child[1]).write_text(json.dumps(res, default=str))
        return 0
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    if only - set(SECTIONS):
        ap.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")

    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's bare-mode warnings are noise here
    t_all = time.perf_counter()
    m = machine()
    say(f"{m['date']} · {m['cores']} cores, {m['ram_gb']} GB, {m['cpu']} · load average "
        f"{' '.join(map(str, m['load_start']))} · " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    demo_dir = paths.snapshots_dir() / "demo"
    if not (demo_dir / "manifest.json").is_file():
        say("The demo snapshot is missing: run `python -m antq setup` first.")
        return 1
    from antq.data import derived
    if derived.add_derived(demo_dir, progress=say):
        say("  (the demo snapshot's derived tables were missing or stale: written)")
    runs = [("demo", 1, None, demo_dir)]
    build_s = None
    if a.scale > 1:
        scaled, build_s = ensure_scaled(a.scale)
        runs.append((f"{a.scale}×", a.scale, BENCH_SNAPSHOTS, scaled))
    res = {"machine": m, "args": " ".join(argv if argv is not None else sys.argv[1:]) or "(defaults)",
           "scales": {}, "build_scaled_s": build_s}
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        (BENCH_DIR / f"results-{stamp}.json").write_text(json.dumps(res, indent=1, default=str))

    with bench_account():  # signs the AppTest runs and the servers in, once sign-in is there
        for label, scale, root, snap in runs:
            manifest = json.loads((snap / "manifest.json").read_text())
            out = {"label": label, "scale": scale, "id": manifest["id"],
                   "rows": sum(t["rows"] for t in manifest["tables"].values()),
                   "tipoffs": manifest["tables"]["tipoffs"]["rows"]}
            res["scales"]["demo" if scale == 1 else "scaled"] = out
            say(f"\n== {label}: {snap} ==")
            with snapshots_root(root):
                if "queries" in only:
                    out.setdefault("load", {})["queries"] = round(os.getloadavg()[0], 2)
                    say("  queries (uncached):")
                    n = (3 if scale == 1 else 1) if a.quick else (7 if scale == 1 else 3)
                    out["queries"] = bench_queries(snap, n, full=not a.quick)
                    save()
                if "pandas" in only:
                    out.setdefault("load", {})["pandas"] = round(os.getloadavg()[0], 2)
                    say("  pandas baseline:")
                    out["pandas"] = bench_pandas(snap, 1 if a.quick else 3)
                    save()
                if "pages" in only:
                    out.setdefault("load", {})["pages"] = round(os.getloadavg()[0], 2)
                    say("  pages under AppTest:")
                    out["pages"] = pages_in_child(out["id"], root, a.quick, a.pages)
                    save()
                if scale == 1 and ({"maps", "export"} & only):
                    out.setdefault("load", {})["maps"] = round(os.getloadavg()[0], 2)
                    say("  map figures:")
                    out["maps"], specs = bench_maps(out["id"])
                    if "export" in only:
                        say("  PNG export:")
                        out["export"] = bench_export(specs)
                        save()
                if "browser" in only and (scale == 1 or not a.quick):
                    out.setdefault("load", {})["browser"] = round(os.getloadavg()[0], 2)
                    say("  browser:")
                    out["browser"] = bench_browser(out["id"], root, servers=1 if a.quick else 3)
                    save()
    res["load_end"] = [round(x, 2) for x in os.getloadavg()]
    res["elapsed_s"] = time.perf_counter() - t_all
    save()
    text = render(res)
    if a.before and a.before.is_file():
        text = render_before_after(json.loads(a.before.read_text()), res) + "\n" + text
    if not a.no_doc:
        write_doc(text)
        say(f"\nWritten: {DOC}")
    say(f"Done in {res['elapsed_s'] / 60:.1f} min.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
