"""The accounts folder's files from before the state store — `accounts.json`, `attempts.json`,
`audit.jsonl` — moved into the store the first time a process opens it, then renamed with the suffix
`.migrated` and kept as a backup (never read again).

Accounts and failure counts are copied as they are (an account already in the store keeps the
store's version). The audit trail's lines are copied as text, byte for byte, numbered as in the file,
so each line's `prev` digest still chains and `audit.verify()` checks the old lines and the new ones
as one chain. This runs in one serialised write transaction: a second process starting at the same
moment finds the lines already there (the store's line N is the file's last line) and only renames.
A trail that cannot join the store's own (the store already holds other lines) is not merged; it is
renamed `audit.jsonl.unmigrated` and kept, and the server's log says so.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from antq.store.base import Store

ACCOUNTS, ATTEMPTS, AUDIT = "accounts.json", "attempts.json", "audit.jsonl"
log = logging.getLogger(__name__)


def legacy_files(store: Store) -> None:
    where = store.where
    if not any((where / name).is_file() for name in (ACCOUNTS, ATTEMPTS, AUDIT)):
        return
    renames: list[tuple[Path, str]] = []
    with store._tx(write=True) as db:
        # (checked again under the lock: another process may have moved them meanwhile)
        f = where / ACCOUNTS
        if (text := _text(f)) is not None:
            records = json.loads(text or "{}").get("accounts", {})
            kept = [u for u, rec in records.items()
                    if db.run("INSERT INTO accounts (username, data) VALUES (?, ?) ON CONFLICT (username) DO NOTHING",
                              (u, json.dumps(rec, ensure_ascii=False, sort_keys=True))) == 0
                    and json.loads(db.one("SELECT data FROM accounts WHERE username = ?", (u,))[0]) != rec]
            if kept:
                log.warning("migration of %s: accounts already in the state store kept as they are there: %s",
                            f, ", ".join(sorted(kept)))
            renames.append((f, ".migrated"))
        f = where / ATTEMPTS
        if (text := _text(f)) is not None:
            rows = [(k, int(r["failures"]), float(r["last"])) for k, r in json.loads(text or "{}").items()]
            db.many("INSERT INTO failures (name, failures, last_failure) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                    rows)
            renames.append((f, ".migrated"))
        f = where / AUDIT
        if (text := _text(f)) is not None:
            renames.append((f, _audit(db, f, text.splitlines())))
    for f, suffix in renames:
        _keep(f, suffix)
    if renames:
        log.info("state store %s: moved %s into it", store.describe(), ", ".join(f.name for f, _ in renames))


def _text(f: Path) -> str | None:
    """The file's text; None when it is not there, or no longer: a process starting at the same moment
    moves the files in, commits, then renames them outside the lock, so a file seen a moment ago may be
    gone when this process reads it under the lock (its content is then already in the store)."""
    try:
        return f.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None


def _audit(db, f: Path, lines: list[str]) -> str:
    if not lines:
        return ".migrated"
    last = db.one("SELECT seq FROM audit ORDER BY seq DESC LIMIT 1")
    if last is None:
        db.many("INSERT INTO audit (seq, line) VALUES (?, ?)", list(enumerate(lines, 1)))
        return ".migrated"
    if db.one("SELECT line FROM audit WHERE seq = ?", (len(lines),)) == (lines[-1],):
        return ".migrated"  # already moved (by a process that has not renamed the file yet)
    log.warning("%s not moved into the state store, which already holds another trail (%d lines); kept as %s",
                f, last[0], f.name + ".unmigrated")
    return ".unmigrated"


def _keep(f: Path, suffix: str) -> None:
    """Rename `f` with `suffix` (a free name: .migrated, .migrated.2, ...)."""
    target, n = f.with_name(f.name + suffix), 1
    while target.exists():
        n += 1
        target = f.with_name(f"{f.name}{suffix}.{n}")
    try:
        os.rename(f, target)
    except FileNotFoundError:
        pass  # renamed by another process starting at the same moment
