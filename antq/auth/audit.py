"""The audit trail: sign-ins, failed sign-ins, sign-outs, exports, imports, snapshot switches and
account changes, one JSON line per event in `audit.jsonl` of the accounts folder (antq/auth/accounts.py).

Append-only: the file is only ever opened for appending, under a lock, and each line carries the
SHA-256 of the line before it, so any line edited, removed or inserted later breaks the chain at that
point, which `verify()` reports (the administrator's page shows it). Nothing in the product rewrites
or truncates the file.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from antq.auth import accounts
LOG = "audit.jsonl"
GENESIS = "0" * 64
EVENTS = ("sign_in", "sign_in_failed", "sign_in_refused", "sign_out", "session_expired", "export", "import",
          "snapshot_switch", "account_created", "account_changed", "access_denied")


def path(where: Path | None = None) -> Path:
    return (where or accounts.folder()) / LOG


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _last_line(fh) -> str | None:
    fh.seek(0, os.SEEK_END)
    end = fh.tell()
    if end == 0:
        return None
    pos, chunk = end, b""
    while pos > 0 and chunk.count(b"\n") < 2:
        step = min(4096, pos)
        pos -= step
        fh.seek(pos)
        chunk = fh.read(step) + chunk
    lines = chunk.rstrip(b"\n").split(b"\n")
    return lines[-1].decode("utf-8")


def record(event: str, user: str | None, where: Path | None = None, **details) -> dict:
    """Append one event (who, what, when, from where) and return it."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    p = path(where)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            last = _last_line(fh)
            entry = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
                     "event": event, "user": user or "",
                     **{k: v for k, v in details.items() if v is not None},
                     "prev": _digest(last) if last else GENESIS}
            fh.write((json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return entry


def read(where: Path | None = None) -> list[dict]:
    p = path(where)
    if not p.is_file():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class Check:
    events: int
    ok: bool
    broken_at: int | None = None  # 1-based line number where the chain breaks


def verify(where: Path | None = None) -> Check:
    p = path(where)
    if not p.is_file():
        return Check(0, True)
    prev, n = GENESIS, 0
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        try:
            ok = json.loads(line).get("prev") == prev
        except json.JSONDecodeError:
            ok = False
        if not ok:
            return Check(n, False, n)
        prev = _digest(line)
    return Check(n, True)


def table(where: Path | None = None, event: str | None = None, user: str | None = None):
    """The trail as a DataFrame, newest first, local time, details as one readable text column."""
    import pandas as pd

    rows = []
    for e in reversed(read(where)):
        if (event and e.get("event") != event) or (user and user.lower() not in str(e.get("user", "")).lower()):
            continue
        when = dt.datetime.fromisoformat(e["time"]).astimezone()
        details = {k: v for k, v in e.items() if k not in ("time", "event", "user", "prev")}
        rows.append({"time": when.strftime("%d/%m/%Y %H:%M:%S"), "event": e.get("event", ""), "user": e.get("user", ""),
                     "details": "; ".join(f"{k}={v}" for k, v in details.items())})
    return pd.DataFrame(rows, columns=["time", "event", "user", "details"])
