"""Server-side sessions behind a cookie the page cannot read: signing in creates a session in the state
store (random id, user, method, created, last seen, revoked) and the browser keeps only its id, in an
`HttpOnly`, `SameSite=Strict` cookie (`Secure` over TLS) set by the server's own sign-in route
(antq/server/signin_routes.py). Every page load (antq/server/session_gate.py) and every rerun of the
app (antq/auth/signin.py) checks the session here: unknown, revoked, idle or past its absolute age, or
its account disabled or without rights, it ends and the person signs in again. Reload and new tabs
send the same cookie, so they stay signed in; signing out revokes the session, so every tab holding
it ends at its next click. No Streamlit here.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from antq.auth import access, accounts, sessions_store

COOKIE = "antq_session"
REASONS = ("unknown", "revoked", "idle", "absolute", "account", "sign_out")  # why a session ends
TOUCH_EVERY_S = 15          # last_seen is written at most this often (every rerun would be a write)
ABSOLUTE_HOURS = 12         # default of settings.toml `absolute_hours`: a session ends this long after sign-in


@dataclass(frozen=True)
class Checked:
    access: access.Access | None
    reason: str             # "ok", or why the session ended: unknown, revoked, idle, absolute, account
    user: str = ""


def tag(sid: str) -> str:
    """How the audit trail names a session: a digest of its id (the id itself is a credential)."""
    return hashlib.sha256(sid.encode()).hexdigest()[:12]


def open_session(acct: accounts.Account, method: str, where: Path | None = None) -> str:
    """A new session for `acct` (a new id at every sign-in); its id, for the cookie."""
    return sessions_store.create(acct.username, method, where=where)


def check(sid: str | None, where: Path | None = None, now: float | None = None) -> Checked:
    """The person of session `sid` if it is still good; else why not (an ending session is revoked)."""
    if not sid or len(sid) > 128:
        return Checked(None, "unknown")
    rec = sessions_store.get(sid, where=where)
    if rec is None:
        return Checked(None, "unknown")
    if rec["revoked"]:
        return Checked(None, "revoked", rec["user"])
    now = time.time() if now is None else now
    s = accounts.settings(where)
    if now - rec["last_seen"] > float(s["idle_minutes"]) * 60:
        return _end(sid, "idle", rec, where, now)
    if now - rec["created"] > float(s.get("absolute_hours", ABSOLUTE_HOURS)) * 3600:
        return _end(sid, "absolute", rec, where, now)
    acct = accounts.get(rec["user"], where)
    if acct is None or acct.disabled or not acct.permissions:
        return _end(sid, "account", rec, where, now)
    if now - rec["last_seen"] > min(TOUCH_EVERY_S, float(s["idle_minutes"]) * 15):  # a quarter of the idle time
        sessions_store.touch(sid, where=where, now=now)
    return Checked(access.of_account(acct, rec["method"]), "ok", rec["user"])


def _end(sid: str, reason: str, rec: dict, where: Path | None, now: float) -> Checked:
    sessions_store.revoke(sid, reason, where=where, now=now)
    return Checked(None, reason, rec["user"])


def close(sid: str, reason: str = "sign_out", where: Path | None = None) -> None:
    """End a session for every tab that holds it."""
    sessions_store.revoke(sid, reason, where=where)


def set_cookie(sid: str, secure: bool) -> str:
    """The Set-Cookie header value of a new session: no Max-Age, so it ends with the browser too."""
    return f"{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")


def clear_cookie(secure: bool) -> str:
    return f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")
