"""One password sign-in attempt, as both sign-in forms make it (the server's /signin page,
antq/server/signin_routes.py, and the app's own form, antq/auth/signin.py): refused unchecked while
the name or address must wait after repeated failures, else the password checked, a failure counted,
a success clearing the name's count; every refusal in the audit trail (the caller audits the success,
with the session it opens)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from antq.auth import accounts, audit


@dataclass(frozen=True)
class Attempt:
    account: accounts.Account | None  # signed in as this account; None: refused
    throttled: bool = False           # refused without checking the password: `wait_s` still to wait
    wait_s: float = 0.0               # the wait now due (after this failure, or still left when throttled)


def attempt(username: str, password: str, address: str | None, where: Path | None = None) -> Attempt:
    wait = accounts.wait_seconds(username, address, where)
    if wait > 0:
        audit.record("sign_in_refused", accounts.normalise(username), reason="throttled", wait_s=round(wait, 1),
                     address=address)
        return Attempt(None, throttled=True, wait_s=wait)
    acct = accounts.verify(username, password, where)
    if acct is None or not acct.permissions:
        n = accounts.record_failure(username, address, where)
        audit.record("sign_in_failed", accounts.normalise(username), failures=n, address=address)
        return Attempt(None, wait_s=accounts.wait_seconds(username, address, where))
    accounts.clear_failures(username, where)
    return Attempt(acct)
