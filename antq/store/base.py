"""What every state store does, whatever holds it: accounts, failed sign-ins, sessions and the audit
trail, as one set of methods over a few SQL statements both backends understand (SQLite and
PostgreSQL: `?` parameters, `ON CONFLICT`, `RETURNING`).

A backend (antq/store/sqlite.py, antq/store/postgres.py) supplies only what differs: how to connect,
its tables, and a transaction whose writes are serialised across every process that shares the store:
SQLite by `BEGIN IMMEDIATE` (one writer at a time for the whole file), PostgreSQL by a
transaction-level advisory lock (`pg_advisory_xact_lock`), taken by every write but the one-row
updates of a session, which need no order. The first use of a store in a process makes its tables and migrates the folder's old JSON files
(antq/store/migrate.py).
"""
from __future__ import annotations

import json
import secrets
import threading
from abc import ABC, abstractmethod
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

SESSION_FIELDS = ("id", "user", "method", "created", "last_seen", "revoked", "revoked_reason")


class StoreUnavailable(RuntimeError):
    """The state store cannot be reached or used; the message is Vietnamese, names the backend and
    where it is, and never holds a password. Nothing may be shown without the store."""

    def __init__(self, backend: str, where: str, reason: str):
        self.backend, self.where, self.reason = backend, where, reason
        super().__init__(
            f"Không truy cập được kho trạng thái đăng nhập ({backend}: {where}): {reason}. "
            "Không thể đăng nhập hay xem số liệu khi chưa có kho này; hãy báo quản trị hệ thống "
            "(cấu hình `store` trong settings.toml của thư mục tài khoản).")

    def __reduce__(self):  # (raised in another process: multiprocessing pickles it back)
        return type(self), (self.backend, self.where, self.reason)


class Db(ABC):
    """One connection inside a transaction: the three calls the store's statements need."""

    @abstractmethod
    def one(self, sql: str, params: tuple = ()) -> tuple | None: ...

    @abstractmethod
    def all(self, sql: str, params: tuple = ()) -> list[tuple]: ...

    @abstractmethod
    def run(self, sql: str, params: tuple = ()) -> int:
        """Execute; the number of rows changed."""

    @abstractmethod
    def many(self, sql: str, rows: list[tuple]) -> None:
        """Execute once per row of parameters (the migration's thousands of lines)."""


class Store(ABC):
    backend: str = ""          # "sqlite" or "postgresql"

    def __init__(self, where: Path):
        self.where = Path(where)
        self._ready_lock = threading.RLock()
        self._ready_thread: int | None = None
        self._is_ready = False

    # ---- what a backend supplies

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for messages (never a password)."""

    @abstractmethod
    def _create_tables(self) -> None: ...

    @abstractmethod
    def _transaction(self, write: bool, lock: bool) -> Iterator[Db]:
        """A context manager: a transaction, committed at its end, rolled back on an error. A `write`
        with `lock` runs alone: no other such transaction of any process overlaps it."""

    def close(self) -> None:
        """Let go of connections (a backend that keeps some)."""

    # ---- first use in this process: tables, then the folder's old files

    def _ready(self) -> None:
        if self._is_ready:
            return
        with self._ready_lock:
            if self._is_ready or self._ready_thread == threading.get_ident():
                return  # (the migration's own statements, on this thread)
            self._ready_thread = threading.get_ident()
            try:
                self._create_tables()
                from antq.store import migrate
                migrate.legacy_files(self)
                self._is_ready = True
            finally:
                self._ready_thread = None

    @contextmanager
    def _tx(self, write: bool = False, lock: bool = True) -> Iterator[Db]:
        self._ready()
        with self._transaction(write, write and lock) as db:
            yield db

    def ping(self) -> None:
        """Raise StoreUnavailable now if the store cannot be used."""
        with self._tx() as db:
            db.one("SELECT 1")

    # ---- accounts: one JSON document per name (the fields of antq/auth/accounts.py, kept whole)

    def accounts(self) -> dict[str, dict]:
        with self._tx() as db:
            return {u: json.loads(d) for u, d in db.all("SELECT username, data FROM accounts ORDER BY username")}

    def account(self, username: str) -> dict | None:
        with self._tx() as db:
            row = db.one("SELECT data FROM accounts WHERE username = ?", (username,))
        return json.loads(row[0]) if row else None

    def account_add(self, username: str, rec: dict) -> bool:
        """Add an account; False (and nothing changed) when the name is taken."""
        with self._tx(write=True) as db:
            return db.run("INSERT INTO accounts (username, data) VALUES (?, ?) ON CONFLICT (username) DO NOTHING",
                          (username, _dumps(rec))) == 1

    def account_change(self, username: str, change: Callable[[dict], dict]) -> dict | None:
        """Replace an account by `change(its record)` in one transaction (nobody changes it between the
        read and the write); None when there is no such account. An error raised by `change` leaves
        the account as it was."""
        with self._tx(write=True) as db:
            row = db.one("SELECT data FROM accounts WHERE username = ?", (username,))
            if row is None:
                return None
            new = change(json.loads(row[0]))
            db.run("UPDATE accounts SET data = ? WHERE username = ?", (_dumps(new), username))
            return new

    # ---- failed sign-ins: a count and the time of the last one, per key ("user:NAME", "addr:IP")

    def failures(self, keys: list[str]) -> dict[str, tuple[int, float]]:
        if not keys:
            return {}
        with self._tx() as db:
            rows = db.all(f"SELECT name, failures, last_failure FROM failures WHERE name IN ({', '.join('?' * len(keys))})",
                          tuple(keys))
        return {k: (int(n), float(t)) for k, n, t in rows}

    def failure_add(self, keys: list[str], now: float, window: float) -> int:
        """Count one failure for each key (a key whose last failure is `window` seconds old or more
        starts again from zero); the first key's count, this one included."""
        counts = []
        with self._tx(write=True) as db:
            db.run("DELETE FROM failures WHERE last_failure <= ?", (now - window,))
            for k in keys:
                counts.append(db.one(
                    "INSERT INTO failures (name, failures, last_failure) VALUES (?, 1, ?) ON CONFLICT (name) DO UPDATE "
                    "SET failures = failures.failures + 1, last_failure = excluded.last_failure RETURNING failures",
                    (k, now))[0])
        return int(counts[0])

    def failures_clear(self, key: str) -> None:
        with self._tx(write=True) as db:
            db.run("DELETE FROM failures WHERE name = ?", (key,))

    # ---- the audit trail: lines of text, numbered from 1, never changed

    def audit_append(self, build: Callable[[str | None], str]) -> str:
        """Append the line `build(the last line, or None)` returns, with no other line appended in
        between by any process (the chain of digests needs the true last line)."""
        with self._tx(write=True) as db:
            last = db.one("SELECT seq, line FROM audit ORDER BY seq DESC LIMIT 1")
            line = build(last[1] if last else None)
            db.run("INSERT INTO audit (seq, line) VALUES (?, ?)", ((last[0] + 1) if last else 1, line))
        return line

    def audit_lines(self) -> list[str]:
        with self._tx() as db:
            return [line for (line,) in db.all("SELECT line FROM audit ORDER BY seq")]

    # ---- sessions behind the browser's cookie (antq/auth/sessions.py)

    def session_create(self, user: str, method: str, now: float) -> str:
        sid = secrets.token_urlsafe(32)
        with self._tx(write=True, lock=False) as db:
            db.run("INSERT INTO sessions (id, username, method, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                   (sid, user, method, now, now))
        return sid

    def session_get(self, sid: str) -> dict | None:
        with self._tx() as db:
            row = db.one("SELECT id, username, method, created, last_seen, revoked, revoked_reason FROM sessions "
                         "WHERE id = ?", (sid,))
        return dict(zip(SESSION_FIELDS, row)) if row else None

    def session_touch(self, sid: str, now: float) -> None:
        with self._tx(write=True, lock=False) as db:
            db.run("UPDATE sessions SET last_seen = ? WHERE id = ?", (now, sid))

    def session_revoke(self, sid: str, reason: str, now: float) -> None:
        """End a session; one already ended keeps its first reason."""
        with self._tx(write=True, lock=False) as db:
            db.run("UPDATE sessions SET revoked = ?, revoked_reason = ? WHERE id = ? AND revoked IS NULL",
                   (now, reason, sid))

    def session_revoke_user(self, user: str, reason: str, now: float) -> int:
        with self._tx(write=True, lock=False) as db:
            return db.run("UPDATE sessions SET revoked = ?, revoked_reason = ? WHERE username = ? AND revoked IS NULL",
                          (now, reason, user))


def _dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True)


# the tables, in the SQL both backends take (types named as both accept them)
TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS accounts (username TEXT PRIMARY KEY, data TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS failures (name TEXT PRIMARY KEY, failures INTEGER NOT NULL, "
    "last_failure DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit (seq BIGINT PRIMARY KEY, line TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL, method TEXT NOT NULL, "
    "created DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL, revoked DOUBLE PRECISION, "
    "revoked_reason TEXT)",
    "CREATE INDEX IF NOT EXISTS sessions_of_user ON sessions (username)",
]
SCHEMA_VERSION = "1"
