"""Where a session's time goes on the real server: `python -m bench.profile_server [N]`.

Starts `python -m antq serve` (bench/server.py), warms it with one person, then records it with
py-spy (a sampling profiler attached by PID, every thread, native frames off) while N people (default 5)
sign in one after another in headless Chromium and open different views. Prints the server's CPU
seconds per session and its memory after them, where the samples went by kind, and the functions that
took the most of them (inclusive and self); leaves the raw stacks in data/bench/profile-server.txt
(collapsed: one stack and its count a line). `python -m bench.profile_server report` reads them again.
`--gil`: only the samples of the thread holding the GIL (the Python work itself; without it, a thread
waiting for the GIL counts as busy, and C code that lets the GIL go, such as argon2 or zlib, shows).
Not part of `python -m bench`: a tool to look with, whose findings go to docs/benchmarks.md.
"""
from __future__ import annotations

import asyncio
import collections
import json
import os
import signal
import subprocess
import sys
import time

from bench.common import BENCH_DIR
from bench.load import WARM_UP, _dates, _round, views
from bench.load_person import CHROMIUM, CHROMIUM_ARGS, RECORDER
from bench.server import Server
from bench.procs import PAGE, cpu_seconds, scan, tree
from bench.signin import bench_account

OUT = BENCH_DIR / "profile-server.txt"
IDLE = ("Condition.wait", "polling_path_watcher.py:90", "futures/thread.py:81", "select (", "Event.wait",
        "poll (", "sleep (")


async def _run(n: int, gil: bool = False) -> None:
    from playwright.async_api import async_playwright

    from bench.browser import drawn_selector

    sid = "demo"
    server = Server(1, set(os.sched_getaffinity(0)))
    spy = None
    try:
        await asyncio.to_thread(server.wait)
        recorder, drawn = RECORDER % json.dumps(_dates(sid)), drawn_selector(sid)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                await _round(browser, server, server.base, [WARM_UP], 300_000, recorder, drawn)
                for v in views(sid, n):  # every view once, unrecorded: the recorded sessions meet warm caches
                    await _round(browser, server, server.base, [v], 300_000, recorder, drawn)
                pids = tree(scan(), server.proc.pid)
                spy = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "py-spy"), "record", "--pid",
                                        str(server.proc.pid), "--rate", "250", "--format", "raw", "--output", str(OUT),
                                        "--nonblocking", *(["--gil"] if gil else [])],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                time.sleep(1.0)
                before, totals = cpu_seconds(pids), []
                for v in views(sid, n):
                    r = await _round(browser, server, server.base, [v], 300_000, recorder, drawn)
                    totals.append(r["people"][0].get("total"))
                spent = cpu_seconds(pids) - before
                procs = scan()
                rss = sum(procs[p][3] for p in pids if p in procs) * PAGE / 2**20
            finally:
                await browser.close()
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(60)
        server.stop()
    print(f"{n} sessions one after another: server CPU {spent:.2f} s, {spent / n:.2f} s per session; "
          f"click to drawn: {', '.join(f'{t:.2f}' for t in totals if t)} s; server memory after them {rss:,.0f} MB")
    report()


KINDS = (  # the first whose marker is in a sample's stack names it
    ("queries not yet cached", "_handle_cache_miss"),
    ("websocket compression", "PerMessageDeflate"),
    ("password check", "argon2"),
    ("state store (sessions, audit)", "antq/store/"),
    ("page scripts", "ScriptRunner._run_script"),
    ("http: static files", "staticfiles.py"),
)
OTHER = "other: event loop, http, websocket"


def busy(path=OUT):
    """(frames, count) of every recorded stack but a waiting thread's (py-spy without a blocking attach
    cannot always tell those apart)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if stack and not any(x in frames[-1] for x in IDLE):
            yield frames, int(count)


def kind(frames: list[str]) -> str:
    stack = ";".join(frames)
    return next((name for name, mark in KINDS if mark in stack), OTHER)


def report(top: int = 45) -> None:
    incl, self_, kinds = collections.Counter(), collections.Counter(), collections.Counter()
    for frames, c in busy():
        kinds[kind(frames)] += c
        for f in set(frames):
            incl[f] += c
        self_[frames[-1]] += c
    total = sum(kinds.values())
    print(f"{total} busy samples")
    for name, c in kinds.most_common():
        print(f"  {c / total:6.1%}  {name}")
    print("inclusive:")
    for f, c in incl.most_common(top):
        print(f"  {c / total:6.1%}  {f[:150]}")
    print("self:")
    for f, c in self_.most_common(25):
        print(f"  {c / total:6.1%}  {f[:150]}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--gil"]
    if args and args[0] == "report":
        report()
    else:
        with bench_account():
            asyncio.run(_run(int(args[0]) if args else 5, gil="--gil" in sys.argv))
