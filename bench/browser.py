"""The browser section: `python -m antq serve` and headless Chromium (tests/e2e.py's helpers).

For every URL of bench/scenarios.py (`browser_visits`), seconds from the start of the navigation to the
page's map drawn (a `.maplibregl-canvas` over 200 px wide, never the sign-in screen's 10-pixel
preload) or, for a page without a map, to the page drawn; each page twice per server, first with
nothing cached, then again. When the page asks to sign in (a new browser session always does), the
time starts at the click on the sign-in button: it includes the password check in the server, not the
loading of Streamlit's own page, which the sign-in screen has done.

A first visit happens once per server, so one server gives one sample of it: the section starts a few
fresh servers in turn and reports the median, and the highest peak memory (VmHWM) of the servers.
"""
from __future__ import annotations

import contextlib
import statistics
import sys
from pathlib import Path

from bench import scenarios
from bench.common import ROOT, say
from bench.signin import SIGNIN_FIELD, sign_in_browser

ROUNDS = ("first visit", "again (cached)")
BIG_MAP = "() => [...document.querySelectorAll('.maplibregl-canvas')].some(c => c.clientWidth > 200)"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Streamlit's dialog when the path asked for is not among the app's pages: the form behind it is inert
NOT_FOUND = '[role="dialog"]:has-text("Page not found")'
PAGE_NOT_FOUND = "Streamlit's «Page not found» dialog over the page: the server did not know its path"
TIMEOUT_MS = 180_000


def drawn_selector(snapshot_id: str) -> str:
    """A page is drawn when its caption names the snapshot's data date (every page shows it)."""
    from antq import fmt

    return f'[data-testid="stCaptionContainer"]:has-text("{fmt.date(scenarios.view(snapshot_id, {}).data_date)}")'


def _server_pid(base: str) -> int | None:
    """The PID of the server listening on base's port (tests/e2e.py yields only its URL)."""
    port = base.rsplit(":", 1)[1]
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                cmd = (d / "cmdline").read_bytes().split(b"\0")
                if b"--server.port" in cmd and cmd[cmd.index(b"--server.port") + 1] == port.encode() and b"serve" in cmd:
                    return int(d.name)
    return None


def _memory(pid: int) -> dict:
    out = {}
    with contextlib.suppress(OSError):
        for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
            k, _, v = ln.partition(":")
            if k in ("VmHWM", "VmRSS"):
                out[k] = int(v.split()[0]) * 1024
    return out


def bench_browser(snapshot_id: str, root: Path | None, servers: int = 3) -> dict:
    """`servers` fresh servers in turn, every page visited twice on each; each figure is the median over
    the servers, the peak memory the highest."""
    visits = scenarios.browser_visits(snapshot_id)
    runs = []
    for i in range(servers):
        if servers > 1:
            say(f"    server {i + 1}/{servers}:")
        runs.append(browser_once(snapshot_id, root, visits))
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


def browser_once(snapshot_id: str, root: Path | None, visits: list[tuple[str, str, bool]]) -> dict:
    """One fresh server (stopped at the end) and one browser: every visit, in both rounds."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.e2e import browser_page, streamlit_server

    drawn = drawn_selector(snapshot_id)
    rows = []
    env = {"ANTQ_SNAPSHOTS_DIR": str(root)} if root else {}
    with streamlit_server(env) as base:
        pid = _server_pid(base)
        boot = _memory(pid) if pid else {}
        with browser_page() as page:
            for rnd in ROUNDS:
                for label, path, has_map in visits:
                    rows.append({"page": label, "round": rnd, **_visit(page, base + path, has_map, drawn)})
                    r = rows[-1]
                    if r["error"]:
                        say(f"    {rnd:15s} {label:16s} FAILED: {r['error']}")
                        continue
                    say(f"    {rnd:15s} {label:16s} first map "
                        + (f"{r['first_map']:5.2f} s" if r["first_map"] is not None else "   – ")
                        + f", page drawn {r['drawn']:5.2f} s")
        peak = _memory(pid) if pid else {}
    return {"rows": rows, "rss_start": boot.get("VmRSS"), "peak_rss": peak.get("VmHWM"), "rss_end": peak.get("VmRSS")}


def _visit(page, url: str, has_map: bool, drawn: str) -> dict:
    page.goto("about:blank")
    first = done = error = None
    t0 = 0.0  # navigation start; after a sign-in, the click on its button
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_selector(f"{SIGNIN_FIELD}, {drawn}, .maplibregl-canvas", timeout=TIMEOUT_MS)
        if page.locator(NOT_FOUND).count():
            raise LookupError(PAGE_NOT_FOUND)
        t0 = sign_in_browser(page, TIMEOUT_MS) or 0.0
        if has_map:
            page.wait_for_function(BIG_MAP, timeout=TIMEOUT_MS)
            first = page.evaluate("performance.now()") / 1000 - t0
        page.wait_for_selector(drawn, timeout=TIMEOUT_MS)
        page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        done = page.evaluate("performance.now()") / 1000 - t0
        if page.locator('[data-testid="stException"]').count():
            error = "exception on the page"
    except Exception as e:  # a page another change broke, or a timeout
        error = PAGE_NOT_FOUND if page.locator(NOT_FOUND).count() else f"{type(e).__name__}: {str(e)[:200]}"
    return {"first_map": first, "drawn": done, "error": error, "signed_in": bool(t0)}
