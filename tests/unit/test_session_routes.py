"""The server's sign-in and sign-out pages and the session gate (antq/server/signin_routes.py,
session_gate.py) over HTTP, without a browser: the routes and the gate mounted on a bare Starlette app
(Streamlit's own pages stand in as one HTML route), the real state store of the test session's accounts
folder. What a browser then does with the cookie is tested in tests/e2e/test_sessions_e2e.py."""
from __future__ import annotations

import re
import time

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from antq.auth import accounts, audit, sessions, sessions_store
from antq.server.headers import SecurityHeaders
from antq.server.session_gate import SessionGate, gated
from antq.server.signin_routes import ROUTES, safe_next
from apptest import password


async def a_page(request):
    return HTMLResponse("<html>the dashboard</html>")


@pytest.fixture()
def client(test_accounts):
    app = Starlette(routes=[*ROUTES, Route("/{path:path}", a_page)],
                    middleware=[Middleware(SecurityHeaders), Middleware(SessionGate)])
    accounts.clear_failures("leader")
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as c:
        yield c


def form_token(client) -> str:
    """The form as a browser gets it first: its token (the cookie comes with it)."""
    return re.search(r'name="form_token" value="([^"]+)"', client.get("/signin").text).group(1)


def sign_in(client, user="leader", secret=None, next_url="/tipoffs?map=2024", **kw):
    return client.post("/signin", data={"user": user, "password": secret or password(user), "next": next_url,
                                        "form_token": form_token(client)}, **kw)


def session_set_cookie(r) -> str:
    return next(c for c in r.headers.get_list("set-cookie") if c.startswith("antq_session="))


def test_a_page_without_a_session_goes_to_the_sign_in_page_with_its_link(client):
    r = client.get("/tipoffs?map=2024&province=74")
    assert r.status_code == 303 and r.headers["location"] == "/signin?next=%2Ftipoffs%3Fmap%3D2024%26province%3D74"
    form = client.get(r.headers["location"])
    assert form.status_code == 200 and 'aria-label="Tên đăng nhập"' in form.text and "/tipoffs?map=2024" in form.text
    assert form.headers["x-frame-options"] == "DENY" and form.headers["cache-control"] == "no-store"


def test_signing_in_sets_an_httponly_strict_cookie_and_opens_the_link(client):
    before = len(audit.read())
    r = sign_in(client)
    assert r.status_code == 303 and r.headers["location"] == "/tipoffs?map=2024"
    cookie = session_set_cookie(r)
    assert cookie.startswith("antq_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie and "Max-Age" not in cookie
    sid = cookie.split(";")[0].split("=", 1)[1]
    ok = client.get("/tipoffs?map=2024")
    assert ok.status_code == 200 and ok.text == "<html>the dashboard</html>"
    entry = [e for e in audit.read()[before:] if e["event"] == "sign_in"][-1]
    assert entry["user"] == "leader" and entry["session"] == sessions.tag(sid) and sid not in str(entry)
    again = sign_in(client)  # a new id at each sign-in
    assert session_set_cookie(again).split(";")[0] != cookie.split(";")[0]


def test_a_cookie_over_tls_is_secure(client):
    r = sign_in(client, next_url="/", headers={"x-forwarded-proto": "https"})
    assert "Secure" in session_set_cookie(r)


def test_a_post_without_the_form_token_of_this_site_is_refused(client):
    r = client.post("/signin", data={"user": "leader", "password": password("leader"), "next": "/", "form_token": "x"})
    assert r.status_code == 400 and not [c for c in r.headers.get_list("set-cookie") if c.startswith("antq_session=")]
    elsewhere = client.post("/signin", data={"user": "leader", "password": password("leader"), "form_token": form_token(client)},
                            headers={"origin": "http://x.invalid"})
    assert elsewhere.status_code == 403


def test_a_wrong_password_is_refused_and_counted(client):
    r = sign_in(client, secret="sai-mat-khau")
    assert r.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in r.text
    assert not [c for c in r.headers.get_list("set-cookie") if c.startswith("antq_session=")]
    assert audit.read()[-1]["event"] == "sign_in_failed"
    accounts.clear_failures("leader")


def test_signing_out_ends_the_session_for_every_holder_and_clears_the_cookie(client):
    sid = session_set_cookie(sign_in(client)).split(";")[0].split("=", 1)[1]
    r = client.get("/signout")
    assert r.status_code == 303 and r.headers["location"].startswith("/signin?ended=sign_out")
    assert "Max-Age=0" in r.headers["set-cookie"]
    assert sessions.check(sid).reason == "revoked"
    other = TestClient(client.app, cookies={"antq_session": sid}, follow_redirects=False)  # another tab's copy
    assert other.get("/overview").status_code == 303


def test_forged_idle_and_disabled_sessions_are_refused_and_audited(client, test_accounts):
    before = len(audit.read())
    forged = TestClient(client.app, cookies={"antq_session": "forged" * 8}, follow_redirects=False)
    r = forged.get("/overview")
    assert r.status_code == 303 and "ended=unknown" in r.headers["location"] and "Max-Age=0" in r.headers["set-cookie"]
    assert [e["reason"] for e in audit.read()[before:] if e["event"] == "session_refused"] == ["unknown"]
    acct = accounts.get("leader")
    sid = sessions.open_session(acct, "local")
    idle = float(accounts.settings()["idle_minutes"]) * 60
    assert sessions.check(sid, now=time.time() + idle + 5).reason == "idle"
    assert sessions.check(sid).reason == "revoked"  # ended for good
    accounts.create(None, "tamkhoa", password("tamkhoa"), roles=("leader",))
    sid = sessions.open_session(accounts.get("tamkhoa"), "local")
    assert sessions.check(sid).access is not None
    accounts.update(None, "tamkhoa", disabled=True)
    assert sessions.check(sid).reason == "account"
    sid = sessions.open_session(acct, "local")
    later = time.time() + (sessions.ABSOLUTE_HOURS + 1) * 3600
    sessions_store.touch(sid, now=later)  # in use all along, but signed in longer ago than the absolute limit
    assert sessions.check(sid, now=later).reason == "absolute"


@pytest.mark.parametrize("raw,expected", [
    ("/tipoffs?map=2024", "/tipoffs?map=2024"), ("https://x.invalid/a", "/"), ("//x.invalid/a", "/"),
    ("/\\x.invalid", "/"), ("javascript:alert(1)", "/"), ("", "/"), (None, "/"), ("/signin?next=/x", "/"),
])
def test_the_link_to_go_on_to_stays_on_this_server(raw, expected):
    assert safe_next(raw) == expected


def test_the_gate_lets_streamlit_own_files_data_and_websocket_through():
    def scope(path, method="GET", kind="http"):
        return {"type": kind, "method": method, "path": path}
    assert gated(scope("/")) and gated(scope("/overview")) and gated(scope("/festival"))
    for path in ("/_stcore/health", "/_stcore/stream", "/static/js/index.js", "/media/abc.csv", "/signin",
                 "/favicon.png", "/component/x/index.html"):
        assert not gated(scope(path)), path
    assert not gated(scope("/overview", "POST")) and not gated(scope("/_stcore/stream", kind="websocket"))


def test_the_store_unreachable_is_a_vietnamese_page_without_figures(client, monkeypatch):
    from antq.store import StoreUnavailable

    def down(*_a, **_k):
        raise StoreUnavailable("PostgreSQL", "db:5432/antq", "connection refused")
    monkeypatch.setattr(sessions, "check", down)
    r = TestClient(client.app, cookies={"antq_session": "x" * 43}, follow_redirects=False).get("/overview")
    assert r.status_code == 503 and "Tạm thời không dùng được" in r.text and "PostgreSQL" in r.text
    assert "the dashboard" not in r.text and r.headers["cache-control"] == "no-store"
