"""The load section's tables in the terminal and its part of docs/benchmarks.md (bench/load.py measures)."""
from __future__ import annotations

from bench.common import write_between

LOAD_START, LOAD_END = "<!-- load:start -->", "<!-- load:end -->"
HEADING = "## Many people at once: the load benchmark (issues 19 and 22)"
TARGET_S = 10.0  # each person sees their page within this many seconds of the click (issue 22)


def _name(c: dict) -> str:
    n = c["processes"]
    who = "1 process" if n == 1 else f"{n} replicas + nginx"
    return f"{who}, " + ("pinned" if c["pin"] == "split" else "unpinned")


def _f(x, fmt="{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def table(res: dict) -> str:
    """One table per pinning: K down, each server configuration's figures across (one process beside the
    replicas): p50, p95, server CPU s per session, server peak memory, browser CPU s."""
    out = []
    for pin in dict.fromkeys(c["pin"] for c in res["configs"]):
        cs = [c for c in res["configs"] if c["pin"] == pin and c["rounds"]]
        if not cs:
            continue
        head = "| K | " + " | ".join(f"{_name(c)}: p50 s | p95 s | server CPU s / session | server peak MB | browser CPU s"
                                     for c in cs) + " |"
        lines = [head, "|---:|" + "---:|" * (5 * len(cs))]
        for k in res["ks"]:
            cells = []
            for c in cs:
                r = next((r for r in c["rounds"] if r["k"] == k), None)
                if r is None:
                    cells += ["–"] * 5
                    continue
                mark = " ✗" if r["p95"] is not None and r["p95"] > TARGET_S else ""
                p95 = _f(r["p95"]) + mark + (f" ({r['failed']} failed)" if r["failed"] else "")
                cells += [_f(r["p50"]), p95, _f(r["server_cpu_per_session"]),
                          _f((r["server_peak_rss"] or 0) / 2**20, "{:,.0f}"), _f(r["browser_cpu_s"], "{:.1f}")]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
        out.append("\n".join(lines))
    return "\n\n".join(out) if out else "(no configuration was measured)"


def where_table(res: dict) -> str:
    """Where each round's time went: the network's phases (medians), the server's part, the browser's
    share, the slowest person, the server floor, how busy each side was, and the other work."""
    lines = ["| configuration | K | sign-in | browser boot | server run | browser paint | server's part p50 / p95 "
             "| browser's share | slowest | server floor | server busy | browser busy | test side CPU s "
             "| other work CPU s | load average |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in res["configs"]:
        nb = len(c.get("browser_cores") or [1])
        ns = min(len(c.get("server_cores") or [1]), c["processes"])  # a process's Python: one core at a time
        for r in c["rounds"]:
            ph = r["phases"]
            test = r["browser_cpu_s"] + r["driver_cpu_s"] + r["bench_cpu_s"]
            share = "–" if r.get("browser_share") is None else f"{r['browser_share']:.0%}"
            lines.append(f"| {_name(c)} | {r['k']} | {_f(ph['net_signin'])} | {_f(ph['net_boot'])} | "
                         f"{_f(ph['net_server'])} | {_f(ph['net_paint'])} | {_f(r['server_part_p50'])} / "
                         f"{_f(r['server_part_p95'])} | {share} | {_f(r['max'])} | {r['server_cpu_s'] / ns:.1f} | "
                         f"{r['server_busy']:.0%} | {test / (r['window_s'] * nb):.0%} | {test:.1f} | "
                         f"{r['other_cpu_s']:.1f} | {r['load_start'][0]} → {r['load_end'][0]} |")
    return "\n".join(lines)


def render(res: dict, machine: dict, args: str) -> str:
    m = machine
    cs = res["configs"]
    pins = "; ".join(f"{_name(c)}: server on core {','.join(map(str, c.get('server_cores', [])))}, browser on core "
                     f"{','.join(map(str, c.get('browser_cores', [])))}" for c in cs if "server_cores" in c)
    failed = [f"{_name(c)}: {c['error']}" for c in cs if c.get("error")]
    lines = [f"Run: {m['date']} · `python -m bench {args}` · {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']} · "
             f"load average {' / '.join(map(str, res['load_start']))} (1 / 5 / 15 min) at the start of the section, "
             f"{' / '.join(map(str, res['load_end']))} at its end.",
             "",
             f"Chromium {' '.join(res['chromium_args'])}, viewport {res['viewport']['width']}×{res['viewport']['height']}, "
             f"one browser context per person, reduced motion; WebGL on (software). Pinning: {pins}. "
             + ("Warm: each round's views were opened once, one after another, before the round (their answers "
                "cached; every person's browser still new)." if res.get("warm_views") else
                "Cold: each person opens a view nobody opened before (their answers computed for them)."),
             "",
             "Seconds from the click on «Đăng nhập» to the page drawn (p50, p95 over the K people; ✗: p95 over "
             f"{TARGET_S:g} s); the server's CPU seconds (every process of it: the replicas and nginx too) during "
             "the round divided by K; the peak of its summed resident memory during the round; the CPU seconds "
             "of the browser (Chromium's processes) during the round.",
             "", table(res), "",
             "Where the time goes, cut where Chromium's network service saw it (medians over the round's people, "
             "s): sign-in = the click to the page's HTML received (password check, redirect, session gate); "
             "browser boot = to the first websocket message the page sends (Streamlit's JavaScript loaded and "
             "run); server run = to the last message the server sends before the page is drawn (the script runs "
             "and their figures); browser paint = to the page drawn. The server's part = sign-in + server run, per "
             "person; the browser's share = boot + paint over the people's summed times (when the browser is "
             "saturated it reads the server's messages late, and that wait lands in «server run»: then the share "
             "is a lower bound). The server floor is its CPU seconds in the round over the cores it can use, one "
             "per process (Python runs one thread at a time): the least the slowest person could wait whatever "
             "the browsers did; busy = each side's CPU seconds over its cores and the round's length (the test side: "
             "Chromium, Playwright's driver and the bench; other work on the machine took the rest).",
             "", where_table(res), ""]
    if failed:
        lines += ["Not measured: " + "; ".join(failed), ""]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    """Between the load section's own markers in docs/benchmarks.md."""
    write_between(text, LOAD_START, LOAD_END, HEADING)
