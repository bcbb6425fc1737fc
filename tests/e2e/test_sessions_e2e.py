"""Signed in once per browser (antq/auth/sessions.py, antq/server/signin_routes.py, session_gate.py), in
headless Chromium against the session's server: a link opens the server's sign-in page and, once signed
in, the view it asked for; reload and a new tab stay signed in; the cookie is HttpOnly and SameSite=Strict
and its id is new at each sign-in; signing out in one tab ends the other at its next click; a forged
cookie opens the sign-in page and is audited; an account disabled by the administrator is signed out at
its next click."""
from __future__ import annotations

import pytest

from antq.auth import accounts, audit
from apptest import password
from tests.e2e import ARTIFACTS, SIGNIN, sign_in, wait_for_app

ENDED = "text=Phiên làm việc đã kết thúc"


def session_cookie(context) -> dict:
    return next(c for c in context.cookies() if c["name"] == "antq_session")


def signed_in_page(open_page, server, path="/overview", user="leader"):
    page = open_page()
    page.goto(server + path)
    page.wait_for_selector(SIGNIN, timeout=90_000)
    assert "/signin?next=" in page.url and "DỮ LIỆU MÔ PHỎNG" not in page.inner_text("body")
    sign_in(page, user)
    wait_for_app(page)
    return page


def test_a_link_signs_in_once_and_reload_and_new_tabs_stay_signed_in(server, open_page):
    page = signed_in_page(open_page, server, "/tipoffs?section=periods&map=2024")
    assert "/tipoffs" in page.url and "section=periods" in page.url  # the view the link asked for
    cookie = session_cookie(page.context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40
    assert page.evaluate("document.cookie").find("antq_session") == -1  # the page's scripts cannot read it
    page.reload()
    wait_for_app(page)
    assert page.locator(SIGNIN).count() == 0 and "/tipoffs" in page.url
    other = page.context.new_page()  # a new tab of the same browser
    other.goto(server + "/festival?year=2022")
    wait_for_app(other)
    assert other.locator(SIGNIN).count() == 0 and "Ngày hội" in other.inner_text("body")
    other.screenshot(path=str(ARTIFACTS / "sessions-new-tab.png"))


def test_signing_out_in_one_tab_ends_the_other_and_the_next_id_is_new(server, open_page):
    page = signed_in_page(open_page, server)
    first = session_cookie(page.context)["value"]
    other = page.context.new_page()
    other.goto(server + "/compare")
    wait_for_app(other)
    page.locator('[data-testid="stSidebar"] a:has-text("Đăng xuất")').click()  # in this tab
    page.wait_for_selector(SIGNIN, timeout=60_000)
    assert "Bạn đã đăng xuất" in page.inner_text("body")
    assert not [c for c in page.context.cookies() if c["name"] == "antq_session" and c["value"]]
    other.locator('[data-testid="stSidebar"] label:has-text("Trước 1/7/2025")').click()  # the next click
    other.wait_for_selector(ENDED, timeout=60_000)
    assert "DỮ LIỆU MÔ PHỎNG" not in other.inner_text("body")
    other.screenshot(path=str(ARTIFACTS / "sessions-ended-other-tab.png"))
    sign_in(page, "leader")
    wait_for_app(page)
    assert session_cookie(page.context)["value"] != first


def test_a_forged_cookie_opens_the_sign_in_page_and_is_audited(server, open_page):
    page = open_page()
    page.context.add_cookies([{"name": "antq_session", "value": "forged-" + "x" * 40, "url": server}])
    before = len(audit.read())
    page.goto(server + "/overview")
    page.wait_for_selector(SIGNIN, timeout=60_000)
    refused = [e for e in audit.read()[before:] if e["event"] == "session_refused"]
    assert refused and refused[0]["reason"] == "unknown" and "forged" not in str(refused[0])
    assert not [c for c in page.context.cookies() if c["name"] == "antq_session" and c["value"]]


@pytest.fixture()
def temporary_account(test_accounts):
    accounts.create(None, "tamthoi", password("tamthoi"), roles=("leader",), name="Tạm thời")
    yield "tamthoi"
    accounts.update(None, "tamthoi", disabled=True)


def test_an_account_disabled_meanwhile_is_signed_out_at_its_next_click(server, open_page, temporary_account):
    page = signed_in_page(open_page, server, user=temporary_account)
    accounts.update(None, temporary_account, disabled=True)  # the administrator disables it
    page.locator('[data-testid="stSidebar"] label:has-text("Trước 1/7/2025")').click()
    page.wait_for_selector("text=Tài khoản đã bị khoá", timeout=60_000)
    page.reload()
    page.wait_for_selector(SIGNIN, timeout=60_000)  # and no page is served to that cookie any more
