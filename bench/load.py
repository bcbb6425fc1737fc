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
import contextlib
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import scenarios
from bench.common import BENCH_DIR, ROOT, SERVER_ROOT, pct, say
from bench.load_report import TARGET_S
from bench.procs import Meter, affinity, allowed, groups, pin, scan, tree
from bench.signin import SIGNIN

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1100}  # as tests/e2e.py
# each person's browser context; `prefers-reduced-motion` stops Streamlit's running animations, which
# Chromium's software compositor would otherwise redraw for every page at every frame (in a K = 5 round,
# 12.6 CPU s of the GPU process's compositor thread with it, 1.7 without: a real person's GPU composites
# them for nothing, and they change nothing the server does)
CONTEXT = {"viewport": VIEWPORT, "reduced_motion": "reduce"}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BIG_MAP = "() => [...document.querySelectorAll('.maplibregl-canvas')].some(c => c.clientWidth > 200)"
NOT_FOUND = '[role="dialog"]:has-text("Page not found")'
WARM_UP = {"label": "warm-up: overview, default view", "url": "/overview", "has_map": True}

# Added to every document of a load browser: the moment of the click on the sign-in form's button
# (kept in sessionStorage, which the app's page of the same tab reads), and a poll of what "drawn"
# waits for, each change stamped with Date.now() (one clock for the whole browser).
RECORDER = """
(() => {
  const DATES = %s;
  const rec = {states: [], caption: null, map: null, mapLoaded: null, hidden: document.visibilityState !== 'visible'};
  window.__antqLoad = rec;
  document.addEventListener('click', e => {
    if (e.target && e.target.closest && e.target.closest('form button')) {
      try { sessionStorage.setItem('antqClick', String(Date.now())); } catch (_) {}
    }
  }, true);
  let last = null;
  const tick = () => {
    const now = Date.now();
    if (document.visibilityState !== 'visible') rec.hidden = true;
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    const s = app.getAttribute('data-test-script-state');
    if (s !== last) { rec.states.push([now, s]); last = s; }
    if (rec.caption === null) {
      for (const c of document.querySelectorAll('[data-testid="stCaptionContainer"]')) {
        if (DATES.some(d => c.textContent.includes(d))) { rec.caption = now; break; }
      }
    }
    if (rec.map === null && [...document.querySelectorAll('.maplibregl-canvas')].some(c => c.clientWidth > 200)) rec.map = now;
    if (rec.map !== null && rec.mapLoaded === null) {
      try {
        const maps = [];
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
          const fl = gd._fullLayout;
          for (const id of ((fl && fl._subplots && fl._subplots.map) || [])) {
            const sp = fl[id] && fl[id]._subplot;
            if (sp && sp.map) maps.push(sp.map);
          }
        }
        if (maps.length && maps.every(m => m.loaded())) rec.mapLoaded = now;
      } catch (_) {}
    }
  };
  setInterval(tick, 25);
})();
"""


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


# ------------------------------------------------------------------ the server

def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _free_ports(n: int) -> int:
    """A port with the n after it free too (the replicas listen on port+1…port+n)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + n < 65535 and all(_port_free(port + i) for i in range(1, n + 1)):
            return port
    raise RuntimeError("no free ports")


def _healthy(base: str) -> bool:
    with contextlib.suppress(OSError):
        return urllib.request.urlopen(base + "/_stcore/health", timeout=1).status == 200
    return False


class Server:
    """`python -m antq serve` (with `--replicas N` when N > 1) on a free port, started on `cores`;
    `stop()` ends it and everything it started, by PID and process group."""

    def __init__(self, processes: int, cores: set[int]):
        self.processes, self.cores = processes, cores
        self.port = _free_ports(processes)
        self.base = f"http://127.0.0.1:{self.port}"
        self.ports = [self.port + 1 + i for i in range(processes)] if processes > 1 else [self.port]
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = BENCH_DIR / f"load-server-{self.port}.log"
        cmd = [sys.executable, "-m", "antq", "serve", "--server.port", str(self.port), "--server.address", "127.0.0.1"]
        cmd += ["--replicas", str(processes)] if processes > 1 else ["--server.headless", "true"]
        self.log = open(self.log_path, "w")
        with affinity(cores):
            self.proc = subprocess.Popen(cmd, cwd=SERVER_ROOT, env=dict(os.environ), stdout=self.log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.pids: set[tuple[int, int]] = set()

    def wait(self, timeout_s: float = 300) -> float:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout_s:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {self.proc.returncode}); see {self.log_path}")
            if _healthy(self.base) and all(_healthy(f"http://127.0.0.1:{p}") for p in self.ports):
                self._remember()
                pin(tree(scan(), self.proc.pid), self.cores)
                return time.monotonic() - t0
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer /_stcore/health in {timeout_s:.0f} s; see {self.log_path}")

    def _remember(self) -> None:
        procs = scan()
        self.pids |= {(p, procs[p][2]) for p in tree(procs, self.proc.pid)}

    def nginx_log(self) -> Path | None:
        with contextlib.suppress(OSError):
            m = re.search(r"nhật ký nginx: (\S+)\)", self.log_path.read_text(encoding="utf-8", errors="replace"))
            if m:
                return Path(m.group(1)) / "access.log"
        return None

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._remember()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
        # the replicas and nginx run in sessions of their own: whatever of them is left, by PID
        for sig in (signal.SIGTERM, signal.SIGKILL):
            left = self._alive()
            if not left:
                break
            for pid in left:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, sig) if os.getpgid(pid) == pid else os.kill(pid, sig)
            for _ in range(20):
                if not self._alive():
                    break
                time.sleep(0.5)
        self.log.close()

    def _alive(self) -> list[int]:
        procs = scan()
        return [pid for pid, start in self.pids if pid in procs and procs[pid][2] == start]


# ------------------------------------------------------------------ one person

class Person:
    def __init__(self, browser, base: str, view: dict, timeout_ms: int, recorder: str, drawn: str):
        self.browser, self.base, self.view = browser, base, view
        self.timeout_ms, self.recorder, self.drawn = timeout_ms, recorder, drawn
        self.context = self.page = None
        self.result: dict = {"view": view["label"], "url": view["url"], "error": None}

    async def land(self) -> None:
        """Open the view's link: the server sends a new browser to its /signin page; type in the account."""
        self.context = await self.browser.new_context(**CONTEXT)
        await self.context.add_init_script(self.recorder)
        self.page = await self.context.new_page()
        # the network's own times (Chromium's network service, not the page's busy thread): see `_network`
        self.net = {"post": None, "html_end": None, "sent": [], "received": []}
        cdp = await self.context.new_cdp_session(self.page)
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameSent", lambda e: self.net["sent"].append(e["timestamp"]))
        cdp.on("Network.webSocketFrameReceived", lambda e: self.net["received"].append(e["timestamp"]))
        await cdp.send("Network.enable")
        await self.page.goto(self.base + self.view["url"], wait_until="domcontentloaded", timeout=self.timeout_ms)
        await self.page.wait_for_selector("input#user", timeout=self.timeout_ms)
        await self.page.fill("input#user", SIGNIN["user"])
        await self.page.fill("input#password", SIGNIN["password"] or "")

    def _request(self, e: dict) -> None:
        if e["request"]["method"] == "POST" and "/signin" in e["request"]["url"] and self.net["post"] is None:
            self.net["post"] = e  # its requestId is kept by the redirect to the page: that request's end is the HTML's

    def _finished(self, e: dict) -> None:
        if self.net["post"] is not None and e["requestId"] == self.net["post"]["requestId"]:
            self.net["html_end"] = e["timestamp"]

    async def go(self) -> dict:
        """Click «Đăng nhập», wait until the page is drawn (tests/e2e.py wait_for_app), then read the
        times the page recorded."""
        page, r, t = self.page, self.result, self.timeout_ms
        t_py = time.time()
        try:
            async with page.expect_response(lambda x: x.request.method == "POST" and "/signin" in x.url,
                                            timeout=t) as posted:
                await page.get_by_role("button", name="Đăng nhập").click(timeout=t)
            answer = await posted.value
            if answer.status not in (303, 401, 429):  # 401, 429: the form again, with its error
                body = ""
                with contextlib.suppress(Exception):
                    body = (await answer.text())[:120]
                raise RuntimeError(f"the sign-in POST was answered {answer.status}: {body}")
            await page.wait_for_selector(f"{self.drawn}, .signin-error, {NOT_FOUND}", timeout=t)
            if await page.locator(".signin-error").count():
                raise RuntimeError("sign-in refused: " + (await page.inner_text(".signin-error"))[:120])
            if await page.locator(NOT_FOUND).count():
                raise LookupError("Streamlit's «Page not found» dialog")
            for _ in range(2):  # idle twice in a row, a few hundred ms apart (a page may rerun once)
                await page.wait_for_selector(IDLE, timeout=t)
                if self.view["has_map"]:
                    await page.wait_for_function(BIG_MAP, timeout=t)
                await page.wait_for_timeout(400)
            r["py_s"] = time.time() - t_py - 0.8
            if await page.locator('[data-testid="stException"]').count():
                r["error"] = "exception on the page"
            got = await page.evaluate("""() => ({rec: window.__antqLoad || null,
                click: Number(sessionStorage.getItem('antqClick')) || null, origin: performance.timeOrigin,
                nav: (performance.getEntriesByType('navigation')[0] || {toJSON: () => null}).toJSON()})""")
            r.update(_phases(got, self.view["has_map"], t_py))
            r.update(_network(self.net, r["drawn_ms"], r["click_ms"]))
        except Exception as e:  # a page that fails or times out is counted as failed, not measured
            r["error"] = r["error"] or f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
        return r

    async def close(self) -> None:
        if self.context is not None:
            with contextlib.suppress(Exception):
                await self.context.close()


def _phases(got: dict, has_map: bool, t_py: float) -> dict:
    """Seconds from the click to the page drawn, and its phases, from the page's own clock (ms)."""
    rec, nav = got.get("rec") or {}, got.get("nav") or {}
    click = got.get("click") or t_py * 1000
    states = rec.get("states") or []
    runs = [t for t, s in states if s == "running"]
    idle = [t for t, s in states if s == "notRunning"]
    html = got["origin"] + nav["responseEnd"] if nav.get("responseEnd") else None
    ends = [x for x in (rec.get("caption"), idle[-1] if idle else None) if x is not None]
    if has_map:  # the map canvas over 200 px wide, as the browser section (MapLibre's own loaded() lags it)
        ends.append(rec.get("map"))
    if None in ends or len(ends) < 2:
        raise RuntimeError(f"the page's record is incomplete: {json.dumps(rec)[:200]}")
    drawn = max(ends)
    first_run = runs[0] if runs else None

    def s(a, b):
        return None if a is None or b is None else (b - a) / 1000
    return {"total": s(click, drawn), "signin": s(click, html), "boot": s(html, first_run),
            "script": s(first_run, idle[-1] if idle else None), "paint": s(idle[-1] if idle else None, drawn),
            "runs": len(runs), "map_canvas": s(click, rec.get("map")), "map_loaded": s(click, rec.get("mapLoaded")),
            "hidden": bool(rec.get("hidden")), "click_skew": (click - t_py * 1000) / 1000,
            "click_ms": click, "drawn_ms": drawn}


def _network(net: dict, drawn_ms: float, click_ms: float) -> dict:
    """The person's time cut where the network saw it (CDP timestamps, from the network service, so a
    busy page thread does not move them): `net_signin` the click to the page's HTML received (the sign-in
    POST, its redirect, the gate: the server); `net_boot` to the first websocket message the page sends
    (Streamlit's JavaScript loaded and run, then its request for a script run: the browser); `net_server`
    to the last message the server sends before the page is drawn (the script runs and their figures:
    the server, and the network; a rerun the page asks for after the first one counts here too); and
    `net_paint` from there to the page drawn (the browser). `server_part` = sign-in + server."""
    post = net.get("post")
    if not post or net.get("html_end") is None:
        return {}
    offset = post["wallTime"] - post["timestamp"]  # monotonic seconds -> epoch seconds

    def ms(ts):
        return (ts + offset) * 1000
    html = ms(net["html_end"])
    sent = [ms(t) for t in net["sent"] if ms(t) >= html]
    got = [ms(t) for t in net["received"] if ms(t) <= drawn_ms + 50]
    if not sent or not got:
        return {}
    first, last = sent[0], max(got)
    out = {"net_signin": (html - click_ms) / 1000, "net_boot": (first - html) / 1000,
           "net_server": (last - first) / 1000, "net_paint": (drawn_ms - last) / 1000,
           "ws_messages": len(got)}
    out["server_part"] = out["net_signin"] + out["net_server"]
    out["browser_part"] = out["net_boot"] + out["net_paint"]
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
        _stop_leftovers()
    return out


def _stop_leftovers() -> None:
    """Anything the browser left under this process (Playwright closes it; this is the net)."""
    procs = scan()
    for pid in tree(procs, os.getpid()) - {os.getpid()}:
        if procs[pid][4] != "node" and "chrom" in procs[pid][4]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


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
