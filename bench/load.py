"""The load section (issues 19 and 22): K people at once sign in and open a view each, in headless
Chromium, against `python -m antq serve` started here on a free port: one process, and N replicas
behind nginx (`--replicas N`, antq/cli/replicas.py).

    python -m bench --only load [--load-k 1,5,10,20] [--replicas 2] [--load-processes 1,2] [--load-pin split]

What one round does, for each K (a fresh browser context per person: no cookies, nothing cached):

1. each person opens a different view's link (bench/scenarios.py writes the URLs; the views differ in
   page, map, province and period, so the answers one person's page asks for are not cached by
   another's: `views`), and lands on the server's /signin page (antq/server/session_gate.py); the
   name and password are typed in. Nothing of this is timed.
2. all K click «Đăng nhập» at once (asyncio.gather over Playwright's async API, one Chromium);
3. each person's time runs from the click (taken inside the page, by a listener the bench adds) to
   the page drawn as tests/e2e.py `wait_for_app` waits for it: the page's caption with the data date
   present and the app's script idle twice in a row 400 ms apart, and for a page with a map, a map
   canvas over 200 px wide (as the browser section). The moment it was drawn is taken inside the page
   too (`RECORDER`: a 25 ms poll of the app's script state, the caption and the map), so the figure
   does not include the confirmation waits nor the time Playwright takes to report back to Python.
   When MapLibre also says its map is loaded (tiles and style: `map.loaded()`), that moment is kept
   as `map_loaded`, for information.

Before the rounds the server is warmed by one sign-in and one view per process (the first script
run of a process loads what a server keeps: the figures are "warm caches"; each person's own answers
are still computed for them, since no two views are alike).

Measured around each round (`Meter`: /proc every 0.2 s): the CPU seconds (utime + stime) of every
process of the server (the process started here and everything under it: the replicas and nginx,
which run in sessions of their own), divided by K; the peak of their summed resident memory; the
same CPU seconds for the test's own side, Chromium's process tree (the browser), Playwright's
driver and this process; and the machine's busy time per core (/proc/stat), so the CPU that other
work on a shared machine took during the round is known too.

Keeping the browsers off the server's work (`--load-pin`): "split" (the default, on a machine with
more than one core) pins the server and everything it starts to the first core and Chromium, its
driver and this process to the others (sched_setaffinity of the thread that starts them; children
inherit it, and every thread of the server's processes is pinned again once it answers). With
replicas on a 2-core machine "split" puts the replicas on one core together; "none" leaves every
process on every core. WebGL stays on in the load browsers: the maps are MapLibre's, which draw only
with WebGL (SwiftShader here, `--disable-gpu`); with `--disable-webgl` a map page shows no map canvas
at all, so it could not be timed to its map. The load browsers ask for reduced motion instead (`CONTEXT`).

The phases of each person's time, from the same in-page clock: `signin` the click to the page's HTML
received (the password check, the redirect, the session gate), `boot` to the app's first script run
(Streamlit's JavaScript loaded and started, the websocket, the session), `script` the script runs
until the last one ends (the server's work, while the browser draws what arrives), `paint` the last
run's end to the page drawn (the browser's).

Every process started here is stopped by its PID and process group, on failure too.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
from pathlib import Path

from bench import scenarios
from bench.common import ROOT, pct, say
from bench.load_person import CHROMIUM, CHROMIUM_ARGS, CONTEXT, RECORDER, VIEWPORT, Person
from bench.load_report import TARGET_S
from bench.procs import Meter, allowed, groups, scan
from bench.server import Server, stop_leftovers
from bench.signin import SIGNIN

WARM_UP = {"label": "warm-up: overview, default view", "url": "/overview", "has_map": True}


# ------------------------------------------------------------------ the views the people open

TEMPLATES = (  # (page, its own URL parameters, has a map); filled in per person by `views`
    ("overview", {}, True),
    ("models", {}, True),
    ("tipoffs", {"section": "funnel"}, False),
    ("festival", {"year": None}, True),
    ("compare", {"provinces": None}, True),
    ("tipoffs", {"section": "where"}, True),
    ("tipoffs", {"section": "periods"}, False),
    ("tipoffs", {"section": "cohorts"}, False),
)


def _province_codes(map_: str) -> list[str]:
    import csv

    with open(ROOT / "data" / "reference" / f"provinces_{map_}.csv", encoding="utf-8") as fh:
        return [row["province_code"] for row in csv.DictReader(fh)]


def views(snapshot_id: str, n: int) -> list[dict]:
    """n different views, no two alike: the pages in turn (overview, models, tipoffs' sections, festival
    with a year, compare with three provinces), on the 2025 then the 2024 map, a third for the whole
    country and the rest for a province each, each over its own period. Written by the app's own URL
    rules (bench/scenarios.py `url`: a value the app would refuse stops the bench)."""
    data_date = scenarios.view(snapshot_id, {}).data_date
    codes = {m: _province_codes(m) for m in ("2025", "2024")}
    years = data_date.year - 2013
    out, seen = [], set()
    for i in range(n):
        slug, own, has_map = TEMPLATES[i % len(TEMPLATES)]
        map_ = ("2025", "2024")[(i // len(TEMPLATES)) % 2]
        cs = codes[map_]
        province = None if i % 3 == 0 else cs[(i * 5 + i // len(TEMPLATES)) % len(cs)]
        y0 = 2013 + (i * 7) % years
        y1 = min(y0 + i % 3, data_date.year)
        d_from, d_to = dt.date(y0, 1, 1), min(dt.date(y1, 12, 31), data_date)
        own = dict(own)
        if slug == "festival":
            own["year"] = str(y1)
        if slug == "compare":
            own["provinces"] = ",".join(cs[(i * 3 + j * 11) % len(cs)] for j in range(3))
        while (key := (slug, tuple(sorted(own.items())), map_, province, d_from, d_to)) in seen:
            d_to = d_to.replace(day=1) - dt.timedelta(days=1)  # a month-end earlier
        seen.add(key)
        params = {"map": map_, "from": d_from.isoformat(), "to": d_to.isoformat(), **own}
        if province:
            params["province"] = province
        label = f"{slug}" + (f" {own['section']}" if "section" in own else "") + f" · map {map_}" \
            + (f" · {province}" if province else " · whole country") + f" · {d_from.year}–{d_to.year}"
        out.append({"label": label, "page": slug, "url": scenarios.url(slug, snapshot_id, params), "has_map": has_map})
    return out



# ------------------------------------------------------------------ rounds and configurations

def _upstreams(log: Path | None, offset: int) -> tuple[dict, int]:
    """Which replica nginx sent each person's websocket to, from its access log after `offset`."""
    if log is None or not log.is_file():
        return {}, offset
    with open(log, encoding="utf-8", errors="replace") as fh:
        fh.seek(offset)
        text = fh.read()
        end = fh.tell()
    counts: dict[str, int] = {}
    for ln in text.splitlines():
        m = re.search(r"/_stcore/stream.*upstream=127\.0\.0\.1:(\d+)", ln)
        if m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts, end


async def _round(browser, server: Server, base: str, vs: list[dict], timeout_ms: int, recorder: str, drawn: str,
                 log: Path | None = None) -> dict:
    """K = len(vs) people at `base` (nginx or a process of `server`), measured around their clicks."""
    people = [Person(browser, base, v, timeout_ms, recorder, drawn) for v in vs]
    _, offset = _upstreams(log, 0)
    load_start = [round(x, 2) for x in os.getloadavg()]
    try:
        landed = await asyncio.gather(*(p.land() for p in people), return_exceptions=True)
        for p, e in zip(people, landed):
            if isinstance(e, Exception):
                p.result["error"] = f"landing: {type(e).__name__}: {str(e).splitlines()[0][:160]}"
        ready = [p for p in people if not p.result["error"]]
        meter = Meter(server.proc.pid)
        meter.start()
        try:
            await asyncio.gather(*(p.go() for p in ready))  # the K people click at once
        finally:
            used = meter.stop()
    finally:
        await asyncio.gather(*(p.close() for p in people))
    if log is not None:
        await asyncio.sleep(2)  # nginx logs a websocket when it closes
    upstream, _ = _upstreams(log, offset)
    rows = [p.result for p in people]
    ok = [r["total"] for r in rows if not r["error"] and r.get("total") is not None]
    k = len(vs)
    cpu = used["cpu_s"]
    ncores = len(server.cores)
    return {"k": k, "people": rows, "failed": k - len(ok), "p50": pct(ok, 50) if ok else None,
            "p95": pct(ok, 95) if ok else None, "max": max(ok) if ok else None,
            "over_target": sum(1 for x in ok if x > TARGET_S), "window_s": used["window_s"],
            "server_cpu_s": cpu.get("server", 0.0), "server_cpu_per_session": cpu.get("server", 0.0) / k,
            "server_busy": cpu.get("server", 0.0) / (used["window_s"] * ncores),
            "server_peak_rss": used["peak_rss"].get("server"), "browser_cpu_s": cpu.get("browser", 0.0),
            "browser_peak_rss": used["peak_rss"].get("browser"), "driver_cpu_s": cpu.get("driver", 0.0),
            "bench_cpu_s": cpu.get("bench", 0.0), "other_cpu_s": used["other_cpu_s"],
            "core_busy": used["core_busy"], "upstreams": upstream, "load_start": load_start,
            "load_end": [round(x, 2) for x in os.getloadavg()],
            "phases": {ph: _median([r.get(ph) for r in rows if not r["error"]])
                       for ph in ("signin", "boot", "script", "paint", "net_signin", "net_boot", "net_server",
                                  "net_paint")},
            "server_part_p50": _pct([r.get("server_part") for r in rows if not r["error"]], 50),
            "server_part_p95": _pct([r.get("server_part") for r in rows if not r["error"]], 95),
            "browser_share": _share(rows)}


def _pct(xs, q):
    xs = sorted(x for x in xs if x is not None)
    return pct(xs, q) if xs else None


def _median(xs):
    return _pct(xs, 50)


def _share(rows: list[dict]) -> float | None:
    """The browser's part of the people's summed times (boot + paint over click → drawn)."""
    ok = [r for r in rows if not r["error"] and r.get("browser_part") is not None and r.get("total")]
    return sum(r["browser_part"] for r in ok) / sum(r["total"] for r in ok) if ok else None


async def _config(snapshot_id: str, processes: int, pinning: str, ks: list[int], vs: list[dict], timeout_s: float,
                  warm_views: bool = False) -> dict:
    from playwright.async_api import async_playwright

    from bench.browser import drawn_selector

    cores = sorted(os.sched_getaffinity(0))
    if pinning == "split" and len(cores) > 1:
        server_cores, browser_cores = {cores[0]}, set(cores[1:])
    else:
        server_cores = browser_cores = set(cores)
    out = {"processes": processes, "pin": pinning if len(cores) > 1 else "none (one core)",
           "server_cores": sorted(server_cores), "browser_cores": sorted(browser_cores), "rounds": []}
    recorder = RECORDER % json.dumps(_dates(snapshot_id))
    drawn = drawn_selector(snapshot_id)
    timeout_ms = int(timeout_s * 1000)
    say(f"    {processes} process{'es' if processes > 1 else ''}, server on core(s) {sorted(server_cores)}, "
        f"browser on {sorted(browser_cores)}: starting…")
    mine = os.sched_getaffinity(0)
    server = Server(processes, server_cores)
    try:
        out["start_s"] = await asyncio.to_thread(server.wait)
        os.sched_setaffinity(0, browser_cores)  # this thread; the driver and Chromium it starts inherit it
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                warm = []
                for port in server.ports:  # one sign-in and one view per process (each its own first run)
                    r = await _round(browser, server, f"http://127.0.0.1:{port}", [WARM_UP], timeout_ms, recorder, drawn)
                    warm.append(r["people"][0].get("total"))
                    if r["failed"]:
                        raise RuntimeError(f"the warm-up on port {port} failed: {r['people'][0]['error']}")
                out["warm_s"] = warm
                say("      warmed: " + ", ".join(f"{x:.1f} s" for x in warm if x is not None))
                procs = scan()
                g = groups(procs, server.proc.pid)
                out["allowed"] = {"server": allowed(g["server"]), "browser": allowed(g["browser"] | g["driver"])}
                out["server_processes"] = sorted({procs[pid][4] for pid in g["server"]})
                at = 0
                for k in ks:
                    if warm_views:  # each view of the round once, one person after another, unrecorded
                        for v in vs[at:at + k]:
                            await _round(browser, server, server.base, [v], timeout_ms, recorder, drawn)
                    r = await _round(browser, server, server.base, vs[at:at + k], timeout_ms, recorder, drawn,
                                     server.nginx_log())
                    at += k
                    out["rounds"].append(r)
                    say("      " + _line(r))
                    for row in r["people"]:
                        if row["error"]:
                            say(f"        FAILED {row['view']}: {row['error']}")
                    await asyncio.sleep(2)  # the closed sessions' ends, before the next round
            finally:
                await browser.close()
    finally:
        os.sched_setaffinity(0, mine)
        server.stop()
        stop_leftovers()
    return out


def _dates(snapshot_id: str) -> list[str]:
    from antq import fmt

    d = scenarios.view(snapshot_id, {}).data_date
    return [fmt.date(d), d.isoformat()]


def _line(r: dict) -> str:
    def s(x):
        return "–" if x is None else f"{x:.2f}"
    ph = r["phases"]
    return (f"K={r['k']:2d}: p50 {s(r['p50'])} s, p95 {s(r['p95'])} s, max {s(r['max'])} s"
            + (f", {r['failed']} failed" if r["failed"] else "")
            + (f", {r['over_target']} over {TARGET_S:g} s" if r["over_target"] else "")
            + f" · server {r['server_cpu_per_session']:.2f} CPU s/session ({r['server_busy']:.0%} busy), "
            f"peak {(r['server_peak_rss'] or 0) / 2**20:,.0f} MB · browser {r['browser_cpu_s']:.1f} CPU s · "
            f"sign-in {s(ph['net_signin'])}, boot {s(ph['net_boot'])}, server {s(ph['net_server'])}, "
            f"paint {s(ph['net_paint'])} · server's part p50 {s(r['server_part_p50'])} p95 {s(r['server_part_p95'])}"
            + (f" · browser's share {r['browser_share']:.0%}" if r.get("browser_share") is not None else "")
            + (f" · replicas {r['upstreams']}" if r.get("upstreams") else "") + f" · load {r['load_start'][0]}")


def bench_load(snapshot_id: str, ks: list[int], processes: list[int], pins: list[str], timeout_s: float = 300,
               warm_views: bool = False) -> dict:
    """Every configuration (processes × pinning) in turn, each with its own server and browser, every K
    on it in increasing order; with `warm_views`, each round's views are opened once beforehand, so the
    round meets warm query caches (what a new session costs when its answers are cached)."""
    if not SIGNIN["password"]:
        raise RuntimeError("the load section signs in with the bench account: run it inside bench_account()")
    vs = views(snapshot_id, sum(ks))
    out = {"ks": ks, "views": vs, "chromium_args": CHROMIUM_ARGS, "viewport": VIEWPORT, "context": CONTEXT,
           "target_s": TARGET_S, "warm_views": warm_views,
           "cores": sorted(os.sched_getaffinity(0)), "load_start": [round(x, 2) for x in os.getloadavg()],
           "configs": []}
    for n in processes:
        for pinning in pins:
            try:
                out["configs"].append(asyncio.run(_config(snapshot_id, n, pinning, ks, vs, timeout_s, warm_views)))
            except Exception as e:  # one configuration failing leaves the others measured
                say(f"    {n} process(es), {pinning}: FAILED: {type(e).__name__}: {e}")
                out["configs"].append({"processes": n, "pin": pinning, "error": f"{type(e).__name__}: {e}", "rounds": []})
    out["load_end"] = [round(x, 2) for x in os.getloadavg()]
    return out
