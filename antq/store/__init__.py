"""The state store: where sign-in state lives so that every process serving the same people sees the
same — accounts, sessions, failed sign-ins and the audit trail. One store per accounts folder, chosen
by that folder's settings.toml (antq/auth/accounts.py `settings()`):

- `store = "sqlite"` (default): the file `state.sqlite3` in the folder; nothing to set up; every process
  of one host (antq/store/sqlite.py).
- `store = "postgresql"` with `store_dsn` (or the environment variable ANTQ_STORE_DSN): a PostgreSQL
  database that several hosts share (antq/store/postgres.py, psycopg 3).

`for_folder(where)` is the store of a folder, kept per process and per folder (and per backend and DSN,
so a changed setting is followed). Its first use makes the tables and moves the folder's files of
before (accounts.json, attempts.json, audit.jsonl) into it (antq/store/migrate.py). A store that cannot
be reached raises `StoreUnavailable` (a Vietnamese message without any password): the sign-in screen
shows it and nothing else.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from antq.store.base import Store, StoreUnavailable

__all__ = ["Store", "StoreUnavailable", "for_folder", "forget"]

_STORES: dict[tuple, Store] = {}
_LOCK = threading.Lock()


def for_folder(where: Path | None = None) -> Store:
    """The state store of the accounts folder `where` (default: antq/auth/accounts.py `folder()`)."""
    from antq.auth import accounts

    where = Path(where or accounts.folder())
    s = accounts.settings(where)
    key = (os.getpid(), str(where.resolve()), s["store"], s["store_dsn"])
    store = _STORES.get(key)
    if store is None:
        with _LOCK:
            store = _STORES.get(key)
            if store is None:
                store = _STORES[key] = _open(where, s["store"], s["store_dsn"])
    return store


def _open(where: Path, backend: str, dsn: str) -> Store:
    if backend == "postgresql":
        from antq.store.postgres import PostgresStore
        return PostgresStore(where, dsn)
    from antq.store.sqlite import SqliteStore
    return SqliteStore(where)


def forget(where: Path | None = None) -> None:
    """Close and drop the stores kept for `where` (every folder when None): the next use opens them
    again, from their settings."""
    with _LOCK:
        keys = [k for k in _STORES if where is None or k[1] == str(Path(where).resolve())]
        stores = [_STORES.pop(k) for k in keys]
    for s in stores:
        s.close()
