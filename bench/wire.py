"""People without browsers: K people sign in at once and open a view each, speaking Streamlit's own
protocol to `python -m antq serve`, so the server's share of a page can be measured with no browser
drawing on the machine (bench/load.py's rounds run real Chromium, whose drawing fills the test side).

    python -m bench.wire [K ...]    (default: 1 5 10 20; one process; warm and cold caches; returning
                                     and new browsers; ANTQ_BENCH_SERVER_ROOT: another checkout's server)

Each person does what a browser does on the wire, and nothing else: GET /signin (the form and its
token), POST /signin (the password check; the session cookie), GET the page (the session gate;
Streamlit's page), the websocket /_stcore/stream with the cookie, and the first BackMsg a browser
sends (`rerun_script` with the view's query string and page, Vietnamese locale, Hanoi's time zone, no
cached messages: a new browser). The person's page is "served" at the ForwardMsg that ends the last
script run (`script_finished`, when no other run starts within SETTLE_S). A returning browser has
Streamlit's scripts cached (`/static/` may be kept a year) and fetches none; a new browser's person
first fetches, six at a time and accepting gzip, every `/static/` file a new Chromium fetched for the
sign-in screen and a page (`static_paths`, recorded once per run), before opening the websocket, and
the boundary layers its maps name (antq/figures/layers.py) as plotly.js does, when their chart arrives;
its page is served when the last of them is in, if that is later than the run's end.

Per round: each person's seconds from the POST to the page served (p50, p95, highest), the server's CPU
seconds over the round (every process of it, from /proc) per person, and its peak memory. What a
person's own browser adds on top (loading the app, drawing the page) is the browser's and does not
grow with K; bench/load.py measures it at K = 1.
"""
from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import time
import urllib.parse

from antq.figures.layers import URL_IN_JSON
from bench.common import say

SETTLE_S = 0.5
TIMEOUT_S = 300


def static_paths(base: str, view: dict) -> list[str]:
    """The `/static/` files a new Chromium fetches to show `view` (its sign-in screen and the page), in
    the order it asked for them: what a new browser's person fetches on the wire too."""
    from playwright.sync_api import sync_playwright

    from bench.browser import IDLE
    from bench.load_person import CHROMIUM, CHROMIUM_ARGS
    from bench.signin import SIGNIN_FIELD, sign_in_browser

    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: seen.append(urllib.parse.urlsplit(r.url).path)
                    if "/static/" in r.url else None)
            page.goto(base + view["url"])
            page.wait_for_selector(SIGNIN_FIELD, timeout=TIMEOUT_S * 1000)
            sign_in_browser(page, TIMEOUT_S * 1000)
            page.wait_for_selector(IDLE, timeout=TIMEOUT_S * 1000)
            page.wait_for_timeout(2000)
        finally:
            browser.close()
    return list(dict.fromkeys(seen))


async def _fetch_static(http, paths: list[str]) -> int:
    """Every path, six at a time (a browser's connections per host), as a browser asks: gzip accepted."""
    gate, total = asyncio.Semaphore(6), 0

    async def one(path):
        import httpx

        nonlocal total
        async with gate:
            for attempt in (1, 2):  # a browser asks again when a kept-alive connection was closed under it
                try:  # the bytes as sent, not inflated: this one process plays K browsers
                    async with http.stream("GET", path, headers={"Accept-Encoding": "gzip, deflate"}) as r:
                        async for chunk in r.aiter_raw():
                            total += len(chunk)
                    break
                except httpx.RemoteProtocolError:
                    if attempt == 2:
                        raise
    await asyncio.gather(*(one(p) for p in paths))
    return total


async def person(base: str, view: dict, user: str, password: str, static: list[str] = ()) -> dict:
    import httpx

    url = urllib.parse.urlsplit(view["url"])
    out = {"view": view["label"], "error": None}
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, follow_redirects=False) as http:
        form = await http.get("/signin", params={"next": view["url"]})
        token = re.search(r'name="form_token" value="([^"]+)"', form.text).group(1)
        t0 = time.monotonic()
        r = await http.post("/signin", data={"next": view["url"], "lang": "vi", "form_token": token, "user": user,
                                             "password": password}, headers={"Origin": base})
        if r.status_code != 303:
            return {**out, "error": f"sign-in answered {r.status_code}"}
        page = await http.get(r.headers["location"])
        if page.status_code != 200:
            return {**out, "error": f"the page answered {page.status_code}"}
        out["signed_in"] = time.monotonic() - t0
        if static:  # a new browser: Streamlit's scripts before the websocket, as the page's own loading does
            out["static_bytes"] = await _fetch_static(http, list(static))
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        got = await _page(base, url, cookie, t0, http if static else None)
    if isinstance(got, str):
        return {**out, "error": got}
    finished, received, elements, layers_done, layer_bytes = got
    if finished is None:
        return {**out, "error": "no script run ended"}
    if not (elements.get("plotly_chart") or elements.get("dataframe")):
        return {**out, "error": f"neither a chart nor a table on the page (elements: {elements})"}
    if static:
        out["static_bytes"] += layer_bytes
    return {**out, "served": max(finished, layers_done), "bytes": received, "elements": elements}


async def _page(base: str, url, cookie: str, t0: float, http=None):
    """The websocket part of a person: (run ended, bytes received, elements by kind, maps' layers in,
    their bytes), or what went wrong. With `http` (a new browser) the boundary layers the maps name are
    fetched as a browser's plotly.js does, when their chart arrives; a returning browser has them."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    cs = msg.rerun_script
    cs.query_string, cs.page_name = url.query, url.path.strip("/")
    cs.context_info.timezone, cs.context_info.timezone_offset = "Asia/Ho_Chi_Minh", -420
    cs.context_info.locale, cs.context_info.url = "vi-VN", base + urllib.parse.urlunsplit(("", "", *url[2:]))
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    layers: dict[str, asyncio.Task] = {}
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, compression="deflate",
                                  additional_headers={"Cookie": cookie, "Origin": base}) as ws:
        await ws.send(msg.SerializeToString())
        finished, received, elements = None, 0, {}
        while True:
            try:
                data = await asyncio.wait_for(ws.recv(), SETTLE_S if finished else TIMEOUT_S)
            except asyncio.TimeoutError:
                break
            received += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if status == "FINISHED_SUCCESSFULLY":
                    finished = time.monotonic() - t0
                elif status == "FINISHED_WITH_COMPILE_ERROR":
                    return "the page failed to compile"
            elif kind == "delta":
                element = fm.delta.new_element.WhichOneof("type")
                if element == "exception":
                    return "an exception on the page"
                elements[element] = elements.get(element, 0) + 1
                if element == "text_input" and "signin" in fm.delta.new_element.text_input.id:
                    return "the page asked to sign in: the session cookie was not taken"
                if element == "plotly_chart" and http is not None:
                    for name in re.findall(URL_IN_JSON, fm.delta.new_element.plotly_chart.spec):
                        if name not in layers:
                            layers[name] = asyncio.create_task(_layer(http, name, t0))
            elif kind == "session_status_changed" and fm.session_status_changed.script_is_running:
                finished = None  # another run began (a rerun the page asked for): wait for its end
    done = await asyncio.gather(*layers.values())
    return finished, received, elements, max((t for t, _ in done), default=0.0), sum(n for _, n in done)


async def _layer(http, name: str, t0: float) -> tuple[float, int]:
    """A map's boundary layer as plotly.js fetches it: (seconds from t0 to its last byte, bytes as sent)."""
    total = 0
    async with http.stream("GET", f"/_antq/layer/{name}.json", headers={"Accept-Encoding": "gzip, deflate"}) as r:
        if r.status_code != 200:
            raise RuntimeError(f"layer {name} answered {r.status_code}")
        async for chunk in r.aiter_raw():
            total += len(chunk)
    return time.monotonic() - t0, total


async def _round(base: str, views: list[dict], user: str, password: str, static: list[str] = ()) -> list[dict]:
    async def one(v):
        try:
            return await person(base, v, user, password, static)
        except Exception as e:  # noqa: BLE001 - one person's failure is reported with the round, not raised
            return {"view": v["label"], "error": f"{type(e).__name__}: {e}"[:300]}
    return await asyncio.gather(*(one(v) for v in views))


def bench_wire(snapshot_id: str, ks: list[int], warm: bool, new_browsers: bool = False) -> dict:
    """One server process on the first core, the people (this process) on the others; rounds of K
    people; with `warm`, each round's views are opened once before it, one person after another; with
    `new_browsers`, each person also fetches the Streamlit files a new Chromium fetched (`static_paths`)."""
    from bench.load import WARM_UP, views
    from bench.server import Server
    from bench.procs import Meter
    from bench.signin import SIGNIN

    vs = views(snapshot_id, sum(ks) + 1)
    cores = sorted(os.sched_getaffinity(0))
    server = Server(1, {cores[0]})
    if len(cores) > 1:
        os.sched_setaffinity(0, set(cores[1:]))
    rounds = []
    try:
        server.wait()
        asyncio.run(_round(server.base, [{**WARM_UP}], SIGNIN["user"], SIGNIN["password"]))
        static = static_paths(server.base, WARM_UP) if new_browsers else []
        at = 1
        for k in ks:
            mine = vs[at:at + k]
            at += k
            if warm:
                for v in mine:
                    asyncio.run(_round(server.base, [v], SIGNIN["user"], SIGNIN["password"]))
            meter = Meter(server.proc.pid)  # the server's processes and this one (the people), from /proc
            meter.start()
            people = asyncio.run(_round(server.base, mine, SIGNIN["user"], SIGNIN["password"], static))
            used = meter.stop()
            cpu, peak, wall = used["cpu_s"]["server"], used["peak_rss"]["server"], used["window_s"]
            served = sorted(p["served"] for p in people if not p["error"])
            r = {"k": k, "people": people, "cpu_s": cpu, "wall_s": wall, "peak_rss": peak,
                 "client_busy": used["cpu_s"]["bench"] / wall,
                 "failed": sum(1 for p in people if p["error"]),
                 "p50": statistics.median(served) if served else None,
                 "p95": served[min(len(served) - 1, int(round(0.95 * (len(served) - 1))))] if served else None,
                 "max": served[-1] if served else None}
            rounds.append(r)
            failed = next((p["error"] for p in people if p["error"]), None)
            say(f"    K={k:2d} {'warm' if warm else 'cold'}{', new browsers' if static else ''}: served p50 {r['p50']:.2f} s, "
                f"p95 {r['p95']:.2f} s, highest {r['max']:.2f} s; server {cpu:.2f} CPU s in all, {cpu / k:.2f} per "
                f"person; peak {peak / 2**20:,.0f} MB; the people's own core {r['client_busy']:.0%} busy"
                + (f"; {r['failed']} failed: {failed}" if failed else ""))
            time.sleep(2)
    finally:
        server.stop()
    return {"warm": warm, "new_browsers": bool(static), "static_files": len(static), "rounds": rounds}


def table(runs: list[dict]) -> str:
    lines = ["| caches, browsers | K | served p50 s | p95 s | highest s | server CPU s, all | per person | peak MB "
             "| the people's core busy |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in runs:
        name = ("warm" if run["warm"] else "cold") + (", new" if run.get("new_browsers") else ", returning")
        for r in run["rounds"]:
            if r["p50"] is None:
                lines.append(f"| {name} | {r['k']} | failed | | | | | | |")
                continue
            lines.append(f"| {name} | {r['k']} | {r['p50']:.2f} | {r['p95']:.2f} | "
                         f"{r['max']:.2f} | {r['cpu_s']:.2f} | {r['cpu_s'] / r['k']:.2f} | {r['peak_rss'] / 2**20:,.0f} "
                         f"| {r['client_busy']:.0%} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import json

    from bench.common import BENCH_DIR, SERVER_ROOT
    from bench.signin import bench_account

    ks = [int(x) for x in sys.argv[1:]] or [1, 5, 10, 20]
    with bench_account():
        runs = [bench_wire("demo", ks, warm, new) for new in (False, True) for warm in (True, False)]
    say(f"server: {SERVER_ROOT}")
    say(table(runs))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / f"wire-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(
        {"server_root": str(SERVER_ROOT), "runs": runs}, indent=1, default=str))
