"""The sessions of the state store (antq/store), for the cookie-session layer (antq/auth/sessions.py):
a session is a row — id (random, 256 bits), user, method, created, last_seen (epoch seconds),
revoked (None or when), revoked_reason — in the store of the accounts folder `where` (default: the
folder of antq/auth/accounts.py), so every process and every host that shares the store knows it.
`now` defaults to the time of the call.
"""
from __future__ import annotations

import time
from pathlib import Path

from antq import store


def _store(where: Path | None) -> store.Store:
    return store.for_folder(where)


def create(user: str, method: str, where: Path | None = None, now: float | None = None) -> str:
    """A new session of `user`; its id."""
    return _store(where).session_create(user, method, time.time() if now is None else now)


def get(sid: str, where: Path | None = None) -> dict | None:
    """{"id", "user", "method", "created", "last_seen", "revoked", "revoked_reason"}, or None if unknown."""
    return _store(where).session_get(sid)


def touch(sid: str, where: Path | None = None, now: float | None = None) -> None:
    _store(where).session_touch(sid, time.time() if now is None else now)


def revoke(sid: str, reason: str, where: Path | None = None, now: float | None = None) -> None:
    """End one session (one already ended keeps its first reason)."""
    _store(where).session_revoke(sid, reason, time.time() if now is None else now)


def revoke_user(user: str, reason: str, where: Path | None = None, now: float | None = None) -> int:
    """End every live session of `user`; how many there were."""
    return _store(where).session_revoke_user(user, reason, time.time() if now is None else now)
