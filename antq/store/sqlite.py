"""The state store in one SQLite file, `state.sqlite3` in the accounts folder (mode 0600): the default,
with nothing to set up, shared by every process of this host (`python -m antq serve --replicas N`,
the command line). Not for a folder shared between hosts over the network: SQLite's locks and its
WAL's shared memory hold on one machine only; several hosts use PostgreSQL (antq/store/postgres.py).

WAL mode, so reading never waits for a writer. Every write transaction begins with `BEGIN IMMEDIATE`,
which takes the file's single write lock before its first read, so the read-then-write of an audit
append or a failed sign-in sees the true last state; a writer that finds the lock held waits for it
(the busy timeout) instead of failing. `synchronous = FULL`: a committed audit line is on disk.
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from antq.store.base import SCHEMA_VERSION, TABLES, Db, Store, StoreUnavailable

FILE = "state.sqlite3"
BUSY_TIMEOUT_S = 20.0

# the product only ever appends to the trail; these make a change by hand fail loudly too
APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]


class _Db(Db):
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def one(self, sql, params=()):
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def run(self, sql, params=()):
        return self.conn.execute(sql, params).rowcount

    def many(self, sql, rows):
        self.conn.executemany(sql, rows)


class SqliteStore(Store):
    backend = "sqlite"

    def __init__(self, where: Path):
        super().__init__(where)
        self.path = self.where / FILE

    def describe(self) -> str:
        return f"tệp {self.path}"

    def _unavailable(self, e: BaseException) -> StoreUnavailable:
        return StoreUnavailable("SQLite", self.describe(), str(e) or type(e).__name__)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            if not self.path.exists():
                self.where.mkdir(parents=True, exist_ok=True)
                os.chmod(self.where, 0o700)
                # made before SQLite opens it, so it is never readable by others (its -wal and -shm
                # files take the same mode)
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise self._unavailable(e) from None
        try:
            conn.execute("PRAGMA synchronous = FULL")
            yield conn
        except sqlite3.DatabaseError as e:
            if isinstance(e, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
                raise
            raise self._unavailable(e) from None
        finally:
            conn.close()

    @contextmanager
    def _transaction(self, write: bool, lock: bool) -> Iterator[Db]:
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _Db(conn)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _wal(conn: sqlite3.Connection) -> str:
        # Several processes opening a new file at once: switching it to WAL needs the file alone, and
        # SQLite answers "locked" at once rather than wait (two waiting for each other would never end).
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _create_tables(self) -> None:
        with self._connection() as conn:
            mode = self._wal(conn)
            if mode.lower() != "wal":
                raise self._unavailable(RuntimeError(f"không bật được chế độ WAL (journal_mode = {mode})"))
            conn.execute("BEGIN IMMEDIATE")
            for sql in TABLES + APPEND_ONLY:
                conn.execute(sql)
            conn.execute("INSERT INTO meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO NOTHING",
                         (SCHEMA_VERSION,))
            conn.execute("COMMIT")
