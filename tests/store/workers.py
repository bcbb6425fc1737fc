"""The other processes of the state store's tests, each a fresh interpreter with its own store, as a second
or third server would be: `run(fn, arglists)` starts one `python -m tests.store.workers` per list of
arguments, lets them all go at the same moment (each waits for a file once it is ready) and returns what
each function returned."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def append_events(where: str, name: str, n: int) -> int:
    from antq.auth import audit

    for i in range(n):
        audit.record("export", name, where=Path(where), file=f"{name}-{i}.png", n=i)
    return n


def fail_sign_in(where: str, user: str, address: str | None, times: int) -> int:
    from antq.auth import accounts

    n = 0
    for _ in range(times):
        n = accounts.record_failure(user, address, where=Path(where))
    return n


def first_start(where: str) -> int:
    """Open the store (moving the old files in) and add one event."""
    from antq.auth import accounts, audit

    audit.record("sign_in", "admin", where=Path(where), method="local")
    return len(accounts.list_accounts(Path(where)))


def new_session(where: str, user: str) -> str:
    from antq.auth import sessions_store

    return sessions_store.create(user, "local", where=Path(where))


def modules_after_use(where: str) -> list[str]:
    from antq.auth import accounts, audit

    accounts.list_accounts(Path(where))
    audit.record("export", "x", where=Path(where))
    return sorted(m for m in sys.modules if m.split(".")[0] == "psycopg")


def run(fn, arglists: list[tuple], timeout: float = 300) -> list:
    with tempfile.TemporaryDirectory() as gate:
        procs = [subprocess.Popen([sys.executable, "-m", "tests.store.workers", fn.__name__, gate, str(i),
                                   json.dumps(list(args))], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for i, args in enumerate(arglists)]
        try:
            deadline = time.monotonic() + 120
            while len(list(Path(gate).glob("ready-*"))) < len(procs):
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    break
                time.sleep(0.02)
            (Path(gate) / "go").touch()
            outs = [p.communicate(timeout=timeout) for p in procs]
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
    for p, (out, err) in zip(procs, outs):
        if p.returncode:
            raise RuntimeError(f"{fn.__name__} failed in another process ({p.returncode}):\n{err[-4000:]}")
    return [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]


if __name__ == "__main__":
    name, gate, index, args = sys.argv[1:5]
    import antq.auth.audit  # noqa: F401 - imported before the start, so the processes start writing together
    (Path(gate) / f"ready-{index}").touch()
    while not (Path(gate) / "go").exists():
        time.sleep(0.005)
    print(json.dumps(globals()[name](*json.loads(args))))
