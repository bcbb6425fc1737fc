"""Opening the dashboard under AppTest the way a person does: sign in through the form, then the link.

`open_app(query, page, user)` signs in as one of the test session's accounts (tests/conftest.py makes
them, one per role), with the query string of a shared link set before the first run (the sign-in form)
and again with the page chosen before signing in, so the signed-in run draws the linked page only.
"""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

# user name -> (roles, province of a director on the 2025 map)
ACCOUNTS = {
    "leader": (("leader",), None),
    "director": (("director",), "40"),      # Nghệ An
    "briefing": (("briefing",), None),
    "officer": (("data_officer",), None),
    "admin": (("admin",), None),
    "root": (("admin", "leader"), None),   # what setup makes on a first start
}


def password(user: str) -> str:
    return f"{user}-Mat-khau-thu-1"


def sign_in(at: AppTest, user: str = "leader", secret: str | None = None) -> AppTest:
    """Fill the sign-in form and submit it (the form must be on screen)."""
    at.text_input(key="signin_user").input(user)
    at.text_input(key="signin_password").input(password(user) if secret is None else secret)
    next(b for b in at.button if b.label in ("Đăng nhập", "Sign in")).click()
    return at.run()


def signed_in(at: AppTest) -> bool:
    return not any(i.key == "signin_user" for i in at.text_input)


def open_app(query: dict | None = None, page: str | None = None, user: str = "leader",
             timeout: float = 180) -> AppTest:
    """The dashboard signed in as `user`, on `page` ("antq/features/<name>/page.py", antq/view/pages.py) with
    the link's query string, as a person opens a shared link: the sign-in form, then the linked page itself
    (the first run registers every page, so the link's page is chosen before signing in and the default
    page is not drawn on the way)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.switch_page(page)
    sign_in(at, user)
    assert signed_in(at), [e.value for e in at.error]
    return at
