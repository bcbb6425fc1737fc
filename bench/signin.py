"""The bench's own account, and signing in with it under AppTest and in Chromium.

Every page asks who is signed in, so a run makes a temporary accounts folder holding one account,
"bench" (a leader, and a data officer too: the Dữ liệu page's heaviest interaction checks an uploaded
report), and names it with ANTQ_AUTH_DIR for this process, the servers it starts and its child
process. The pages sign in through the form only when the form is shown.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

SIGNIN = {"user": "bench", "password": None}  # the password exists while a run lasts
SIGNIN_FIELD = 'input[aria-label="Tên đăng nhập"], input[aria-label="User name"]'
PASSWORD_ENV = "ANTQ_BENCH_PASSWORD"  # how the pages' child process learns the password


@contextlib.contextmanager
def bench_account():
    """A temporary accounts folder with the bench account in it, for the length of the block."""
    old = os.environ.get("ANTQ_AUTH_DIR")
    with tempfile.TemporaryDirectory(prefix="antq-bench-auth-") as folder:
        SIGNIN["password"] = f"Bench-{secrets.token_hex(8)}-Mk1"
        _create(Path(folder), SIGNIN["password"])
        os.environ["ANTQ_AUTH_DIR"] = folder
        try:
            yield folder
        finally:
            SIGNIN["password"] = None
            if old is None:
                os.environ.pop("ANTQ_AUTH_DIR", None)
            else:
                os.environ["ANTQ_AUTH_DIR"] = old


def _create(folder: Path, password: str) -> None:
    """The account, made by the code of the server the bench starts, in a process of that checkout: its
    password hash is what that server checks at every sign-in (another checkout's, when the bench
    measures one; bench/common.py SERVER_ROOT)."""
    import subprocess
    import sys

    from bench.common import SERVER_ROOT

    code = ("import sys; from pathlib import Path; from antq.auth import accounts; accounts.create(Path(sys.argv[1]), "
            "sys.argv[2], sys.argv[3], roles=['leader', 'data_officer'], name='Benchmark')")
    subprocess.run([sys.executable, "-c", code, str(folder), SIGNIN["user"], password], cwd=SERVER_ROOT, check=True)


def adopt_account() -> None:
    """In a child process: use the account its parent made (the folder comes with ANTQ_AUTH_DIR)."""
    SIGNIN["password"] = os.environ.get(PASSWORD_ENV) or None


def child_env() -> dict:
    """The environment of a child process that signs in as the bench account."""
    return {**os.environ, PASSWORD_ENV: SIGNIN["password"] or ""}


def sign_in_apptest(at) -> bool:
    """Fill and submit the sign-in form when the app shows it (True if it did)."""
    if not any(w.key == "signin_user" for w in at.text_input):
        return False
    if not SIGNIN["password"]:
        raise RuntimeError("the app asks to sign in but the bench has no account (run inside bench_account())")
    at.text_input(key="signin_user").input(SIGNIN["user"])
    at.text_input(key="signin_password").input(SIGNIN["password"])
    next(b for b in at.button if b.label in ("Đăng nhập", "Sign in")).click()
    at.run()
    if any(w.key == "signin_user" for w in at.text_input):
        raise RuntimeError("sign-in refused: " + " ".join(e.value for e in at.error))
    return True


def sign_in_browser(page, timeout_ms: int = 180_000) -> float | None:
    """If the page shows the sign-in form, sign in as the bench account; returns performance.now() (s)
    at the click, where the page's timing starts, or None when there was no form. The form may stay
    disabled while a busy server finishes its first run: the waits are as long as the page's."""
    if not page.locator(SIGNIN_FIELD).count():
        return None
    page.locator(SIGNIN_FIELD).fill(SIGNIN["user"], timeout=timeout_ms)
    page.locator('input[type="password"]').fill(SIGNIN["password"] or "", timeout=timeout_ms)
    button = page.get_by_role("button", name="Đăng nhập").or_(page.get_by_role("button", name="Sign in"))
    t0 = page.evaluate("performance.now()") / 1000
    button.click(timeout=timeout_ms)
    page.wait_for_selector(SIGNIN_FIELD, state="detached", timeout=timeout_ms)
    return t0
