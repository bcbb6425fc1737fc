"""No page of the dashboard is sent to a browser without a good session: a page request (a GET of an
HTML page, not Streamlit's own files, data or websocket) without the session cookie, or with one that is
forged, revoked, idle or past its age, is sent to /signin with the link it asked for, the bad cookie
cleared and — when there was one — the refusal audited. Under the identity-provider method ("oidc")
the app's own sign-in screen does the work (Streamlit's st.login), so pages pass.

An ASGI middleware given to Streamlit's own server (antq/server/app.py). The app checks the session
again at every rerun (antq/auth/signin.py), so a session ended while a tab is open ends there too.
"""
from __future__ import annotations

import urllib.parse
from http.cookies import SimpleCookie

from antq.auth import accounts, audit, sessions
from antq.store import StoreUnavailable

PASS = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/auth/", "/signin", "/signout",
        "/favicon", "/manifest", "/robots.txt")
EVENT = {"unknown": "session_refused", "revoked": "session_refused", "account": "session_refused",
         "idle": "session_expired", "absolute": "session_expired"}


def gated(scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    path = scope.get("path", "/")
    return not path.startswith(PASS) and "." not in path.rsplit("/", 1)[-1]


def _cookie(scope) -> str | None:
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is no session
        return None
    morsel = jar.get(sessions.COOKIE)
    return morsel.value if morsel else None


def _header(scope, name: bytes) -> str:
    return next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == name), "")


async def _unavailable(send, message: str) -> None:
    import html

    body = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>ANTQ</title></head><body '
            'style="font-family:sans-serif;max-width:40rem;margin:10vh auto"><h1>Tạm thời không dùng được</h1>'
            f"<p>{html.escape(message)}</p><p>Hãy thử lại sau ít phút hoặc báo quản trị viên.</p></body></html>").encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"retry-after", b"30")]})
    await send({"type": "http.response.body", "body": body})


class SessionGate:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if not gated(scope):
            return await self.app(scope, receive, send)
        try:
            method = accounts.settings()["method"]
        except accounts.AccountError:
            method = "local"  # the app shows the broken settings file's error itself
        if method == "oidc":
            return await self.app(scope, receive, send)
        sid = _cookie(scope)
        try:
            checked = sessions.check(sid) if sid else None
        except StoreUnavailable as e:  # nothing is shown without the store: say so, in Vietnamese
            return await _unavailable(send, str(e))
        if checked is not None and checked.access is not None:
            return await self.app(scope, receive, send)
        path = scope.get("path", "/") + (("?" + scope["query_string"].decode("latin-1")) if scope.get("query_string") else "")
        query = {"next": path}
        if checked is not None:
            query["ended"] = checked.reason
            peer = (scope.get("client") or (None,))[0]
            audit.record(EVENT.get(checked.reason, "session_refused"), checked.user or "", reason=checked.reason,
                         session=sessions.tag(sid), address=peer, path=scope.get("path"))
        secure = scope.get("scheme") == "https" or _header(scope, b"x-forwarded-proto") == "https"
        headers = [(b"location", ("/signin?" + urllib.parse.urlencode(query)).encode("latin-1", "replace")),
                   (b"content-length", b"0")]
        if sid:
            headers.append((b"set-cookie", sessions.clear_cookie(secure).encode()))
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
