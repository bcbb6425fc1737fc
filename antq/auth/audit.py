"""The audit trail: sign-ins, failed sign-ins, sign-outs, exports, imports, snapshot switches and
account changes, one JSON line per event, kept in the accounts folder's state store (antq/store: a
SQLite file or PostgreSQL), shared by every process that serves the same people.

Append-only: lines are only ever appended, one process at a time (the store serialises appends across
processes and hosts), and each line carries the SHA-256 of the line before it, so any line edited,
removed or inserted later breaks the chain at that point, which `verify()` reports (the administrator's
page shows it). Nothing in the product changes or removes a line; the store's tables refuse it too.
The lines of an older `audit.jsonl` were moved into the store as they were, so they chain with the new.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from antq import store
from antq.auth import accounts
LOG = "audit.jsonl"  # the trail's file before the state store (moved into it on first start)
GENESIS = "0" * 64
EVENTS = ("sign_in", "sign_in_failed", "sign_in_refused", "sign_out", "session_expired", "session_refused", "export", "import",
          "snapshot_switch", "account_created", "account_changed", "access_denied")


def path(where: Path | None = None) -> Path:
    """Where the trail was kept before the state store (renamed audit.jsonl.migrated once moved)."""
    return (where or accounts.folder()) / LOG


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _lines(where: Path | None) -> list[str]:
    return store.for_folder(where or accounts.folder()).audit_lines()


def record(event: str, user: str | None, where: Path | None = None, **details) -> dict:
    """Append one event (who, what, when, from where) and return it."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    entry: dict = {}

    def line_after(last: str | None) -> str:
        # stamped once the store's lock is held, so the times follow the order of the chain
        entry.clear()
        entry.update({"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
                      "event": event, "user": user or "",
                      **{k: v for k, v in details.items() if v is not None},
                      "prev": _digest(last) if last is not None else GENESIS})
        return json.dumps(entry, ensure_ascii=False, default=str)

    store.for_folder(where or accounts.folder()).audit_append(line_after)
    return entry


def read(where: Path | None = None) -> list[dict]:
    return [json.loads(line) for line in _lines(where) if line.strip()]


@dataclass(frozen=True)
class Check:
    events: int
    ok: bool
    broken_at: int | None = None  # 1-based line number where the chain breaks


def verify(where: Path | None = None) -> Check:
    prev, n = GENESIS, 0
    for n, line in enumerate(_lines(where), 1):
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
