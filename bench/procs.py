"""What the load section reads of the machine: every process's CPU ticks and memory from /proc, the
trees of the server and of the test's own side, a meter sampling them during a round, and pinning
processes to cores (bench/load.py; bench/profile_server.py reads CPU through `scan` too)."""
from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

SAMPLE_S = 0.2
CLK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def scan() -> dict[int, tuple]:
    """Every process: pid -> (ppid, utime + stime in ticks, start time, resident pages, comm)."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        head, _, rest = raw.rpartition(b")")
        f = rest.split()
        out[int(name)] = (int(f[1]), int(f[11]) + int(f[12]), int(f[19]), int(f[21]),
                          head.partition(b"(")[2].decode(errors="replace"))
    return out


def tree(procs: dict, root: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for pid, p in procs.items():
        kids.setdefault(p[0], []).append(pid)
    out, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in procs and pid not in out:
            out.add(pid)
            todo += kids.get(pid, [])
    return out


def cpu_seconds(pids) -> float:
    """The CPU seconds (utime + stime) the processes `pids` have used so far."""
    procs = scan()
    return sum(procs[p][1] for p in pids if p in procs) / CLK


def cpu_lines() -> dict[str, tuple[int, int]]:
    """/proc/stat: cpu, cpu0, cpu1… -> (busy ticks, all ticks)."""
    out = {}
    with open("/proc/stat") as fh:
        for ln in fh:
            if not ln.startswith("cpu"):
                break
            name, *v = ln.split()
            v = [int(x) for x in v]
            idle = v[3] + (v[4] if len(v) > 4 else 0)
            out[name] = (sum(v[:8]) - idle, sum(v[:8]))
    return out


def groups(procs: dict, server_root: int) -> dict[str, set[int]]:
    """The server (its process and everything under it), and the test's side: this process, Playwright's
    driver (node) and the browser (every other process under this one: Chromium's tree)."""
    server = tree(procs, server_root)
    me = os.getpid()
    test = tree(procs, me) - server - {me}
    driver = {p for p in test if procs[p][4] == "node"}
    return {"server": server, "browser": test - driver, "driver": driver, "bench": {me}}


class Meter:
    """CPU seconds and peak summed RSS of each group between start() and stop(), sampled every 0.2 s
    (a process that ends during the round keeps the CPU of its last sample)."""

    def __init__(self, server_root: int):
        self.root = server_root
        self.base: dict[str, dict] = {}
        self.last: dict[str, dict] = {}
        self.peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _take(self) -> None:
        procs = scan()
        for g, pids in groups(procs, self.root).items():
            last = self.last.setdefault(g, {})
            for pid in pids:
                last[(pid, procs[pid][2])] = procs[pid][1]
            self.peak[g] = max(self.peak.get(g, 0), sum(procs[p][3] for p in pids) * PAGE)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            with contextlib.suppress(Exception):
                self._take()

    def start(self) -> None:
        self._take()
        self.base = {g: dict(v) for g, v in self.last.items()}
        self.peak = {}
        self._take()
        self.cpu0, self.t0 = cpu_lines(), time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> dict:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self._take()
        wall = time.monotonic() - self.t0
        cpu1 = cpu_lines()
        out = {"window_s": wall, "cpu_s": {}, "peak_rss": dict(self.peak)}
        for g, last in self.last.items():
            base = self.base.get(g, {})
            out["cpu_s"][g] = sum(v - base.get(k, 0) for k, v in last.items()) / CLK
        out["core_busy"] = {name: (cpu1[name][0] - b) / max(1, cpu1[name][1] - a)
                            for name, (b, a) in self.cpu0.items() if name in cpu1}
        machine_s = (cpu1["cpu"][0] - self.cpu0["cpu"][0]) / CLK
        out["other_cpu_s"] = max(0.0, machine_s - sum(out["cpu_s"].values()))
        return out


def pin(pids, cores: set[int]) -> None:
    """Pin every thread of these processes (children inherit it; this catches threads already made)."""
    for pid in pids:
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(int(tid), cores)


def allowed(pids) -> list[str]:
    seen = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
                if ln.startswith("Cpus_allowed_list:"):
                    seen.add(ln.split(":", 1)[1].strip())
    return sorted(seen)


@contextlib.contextmanager
def affinity(cores: set[int]):
    """This thread on `cores` for the block: what it starts inherits them."""
    old = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        yield
    finally:
        os.sched_setaffinity(0, old)
