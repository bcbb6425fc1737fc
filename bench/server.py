"""The dashboard server a bench section starts: `python -m antq serve` (with `--replicas N`, nginx in
front) on free ports, pinned to the cores it is given, waited for until /_stcore/health answers, and
stopped by PID and process group (the replicas and nginx, which run in sessions of their own, by
their PIDs), on failure too. Used by the load rounds (bench/load.py), the people without browsers
(bench/wire.py) and the profile of a session (bench/profile_server.py).
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.common import BENCH_DIR, SERVER_ROOT
from bench.procs import affinity, pin, scan, tree


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_ports(n: int) -> int:
    """A port with the n after it free too (the replicas listen on port+1…port+n)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + n < 65535 and all(_port_free(port + i) for i in range(1, n + 1)):
            return port
    raise RuntimeError("no free ports")


def healthy(base: str) -> bool:
    with contextlib.suppress(OSError):
        return urllib.request.urlopen(base + "/_stcore/health", timeout=1).status == 200
    return False


class Server:
    """`python -m antq serve` (with `--replicas N` when N > 1) on a free port, started on `cores`;
    `stop()` ends it and everything it started, by PID and process group."""

    def __init__(self, processes: int, cores: set[int]):
        self.processes, self.cores = processes, cores
        self.port = free_ports(processes)
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
            if healthy(self.base) and all(healthy(f"http://127.0.0.1:{p}") for p in self.ports):
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


def stop_leftovers() -> None:
    """Anything the browser left under this process (Playwright closes it; this is the net)."""
    procs = scan()
    for pid in tree(procs, os.getpid()) - {os.getpid()}:
        if procs[pid][4] != "node" and "chrom" in procs[pid][4]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
