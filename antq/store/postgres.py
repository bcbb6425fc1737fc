"""The state store in a PostgreSQL database, for several hosts serving the same people (settings.toml:
`store = "postgresql"`, `store_dsn = "postgresql://antq@db.host/antq"`, or the DSN in the environment
variable ANTQ_STORE_DSN, which keeps a password out of the file). psycopg 3 is imported only here, so a
SQLite installation needs nothing of it.

Every write but a session's one-row updates takes one transaction-level advisory lock
(`pg_advisory_xact_lock`), released by the commit: the audit trail's read-the-last-line-then-append
and the failed sign-in counts are done by one process of one host at a time. A few connections are
kept open per process and checked again after a while unused (a restarted server). A server that
cannot be reached is `StoreUnavailable`, whose message names the host, port, database and user,
never the password.
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from antq.store.base import SCHEMA_VERSION, TABLES, Db, Store, StoreUnavailable

LOCK_KEY = 0x616E7471_7374      # "antq" "st": the one advisory lock of the store's writers
CONNECT_TIMEOUT_S = 5
KEEP_CONNECTIONS = 4
CHECK_AFTER_S = 30.0

# the product only ever appends to the trail; this makes a change by hand fail loudly too
APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION antq_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$fn$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $fn$",
    "CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION antq_audit_append_only()",
    "CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION antq_audit_append_only()",
]


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise StoreUnavailable("PostgreSQL", "(settings.toml: store_dsn)",
                               "chưa cài gói psycopg trên máy này (pip install 'psycopg[binary]')") from None
    return psycopg


def describe(dsn: str) -> str:
    """Host, port, database and user of a DSN, in words; never its password."""
    try:
        from psycopg.conninfo import conninfo_to_dict
        p = conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001 - psycopg missing or a DSN it cannot read: say so, show none of it
        return "chuỗi kết nối store_dsn không đọc được"
    host = p.get("host") or p.get("hostaddr") or "localhost"
    return (f"máy chủ {host}, cổng {p.get('port') or 5432}, cơ sở dữ liệu {p.get('dbname') or p.get('user') or '(mặc định)'}, "
            f"người dùng {p.get('user') or '(mặc định)'}")


def scrub(text: str, dsn: str) -> str:
    """`text` without the DSN's password (nor the DSN itself), whatever the driver put in it."""
    import urllib.parse
    secrets = [dsn]
    try:
        from psycopg.conninfo import conninfo_to_dict
        pw = conninfo_to_dict(dsn).get("password")
    except Exception:  # noqa: BLE001
        pw = None
    if pw:
        secrets += [pw, urllib.parse.quote(pw, safe=""), urllib.parse.quote(pw)]
    for s in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(s, "***")
    return text


class _Db(Db):
    def __init__(self, conn):
        self.conn = conn

    def one(self, sql, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params or None).fetchone()

    def all(self, sql, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params or None).fetchall()

    def run(self, sql, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params or None).rowcount

    def many(self, sql, rows):
        with self.conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)


class PostgresStore(Store):
    backend = "postgresql"

    def __init__(self, where: Path, dsn: str):
        super().__init__(where)
        self.dsn = dsn
        self._idle: list[tuple[object, float]] = []  # connections kept open, with when they were last used
        self._idle_lock = threading.Lock()
        self._pid = os.getpid()

    def describe(self) -> str:
        return describe(self.dsn)

    def _unavailable(self, e: BaseException) -> StoreUnavailable:
        reason = " ".join(str(e).split()) or type(e).__name__
        return StoreUnavailable("PostgreSQL", self.describe(), scrub(reason, self.dsn))

    def _connect(self):
        psycopg = _psycopg()
        try:
            return psycopg.connect(self.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                   application_name="antq")
        except psycopg.Error as e:
            raise self._unavailable(e) from None

    def _take(self):
        psycopg = _psycopg()
        with self._idle_lock:
            if self._pid != os.getpid():  # a forked child: the parent's connections are not its own
                self._idle, self._pid = [], os.getpid()
            kept = self._idle.pop() if self._idle else None
        if kept is not None:
            conn, since = kept
            if time.monotonic() - since < CHECK_AFTER_S:
                return conn
            try:
                conn.execute("SELECT 1")
                return conn
            except psycopg.Error:
                self._drop(conn)
                self.close()  # a server that went away took the other kept ones with it
        return self._connect()

    def _give(self, conn) -> None:
        from psycopg.pq import TransactionStatus
        healthy = not conn.closed and not conn.broken and conn.info.transaction_status == TransactionStatus.IDLE
        with self._idle_lock:
            if healthy and len(self._idle) < KEEP_CONNECTIONS and self._pid == os.getpid():
                self._idle.append((conn, time.monotonic()))
                return
        self._drop(conn)

    @staticmethod
    def _drop(conn) -> None:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - already gone
            pass

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn, _ in idle:
            self._drop(conn)

    @contextmanager
    def _transaction(self, write: bool, lock: bool) -> Iterator[Db]:
        psycopg = _psycopg()
        conn = self._take()
        try:
            if not write:
                yield _Db(conn)
            else:
                with conn.transaction():
                    if lock:
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                    yield _Db(conn)
        except psycopg.OperationalError as e:
            self.close()
            raise self._unavailable(e) from None
        finally:
            self._give(conn)

    def _create_tables(self) -> None:
        with self._transaction(write=True, lock=True) as db:
            for sql in TABLES + APPEND_ONLY:
                db.run(sql)
            db.run("INSERT INTO meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO NOTHING",
                   (SCHEMA_VERSION,))
