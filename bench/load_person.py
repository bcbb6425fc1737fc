"""One person of a load round (bench/load.py) in headless Chromium: a browser context of their own
lands on a view's link, is sent to the server's /signin page and types the bench account in
(`Person.land`); at the round's signal clicks «Đăng nhập» and waits for the page drawn as
tests/e2e.py waits for it (`Person.go`). Their time and its phases come from the page's own clock
(`RECORDER`, added to every document: the click, the script's states, the caption, the map) and from
Chromium's network service (`_network`: the sign-in, the browser's boot, the server's messages, the
paint), so neither a busy page thread nor Playwright's reporting moves them.
"""
from __future__ import annotations

import contextlib
import json
import time

from bench.browser import IDLE
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
BIG_MAP = "() => [...document.querySelectorAll('.maplibregl-canvas')].some(c => c.clientWidth > 200)"
NOT_FOUND = '[role="dialog"]:has-text("Page not found")'

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
