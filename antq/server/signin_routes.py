"""The sign-in and sign-out pages served by Streamlit's own server (st.App routes), where an HTTP
response can set the session cookie the page's scripts cannot read (antq/auth/sessions.py).

GET /signin shows the form (Vietnamese; `?lang=en` in English) and POST /signin checks it as the app
always has (antq/auth/accounts.py: argon2id, a doubling wait after a few failures of one name or one
address, every outcome in the audit trail); on success a new session is created, its cookie set, and
the browser sent on to the link it asked for (`next`, a path of this server only). GET /signout ends
the session for every tab and clears the cookie. A form post from another site is refused: the form
carries a token that must match a SameSite=Strict cookie set with the form (a browser sends `Origin:
null` under `Referrer-Policy: no-referrer`, so the Origin alone cannot tell). Plain HTML, no script:
nothing for the Content-Security-Policy to allow.
"""
from __future__ import annotations

import html
import secrets
import urllib.parse

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from antq.auth import accounts, audit, sessions
from antq.auth.attempt import attempt
from antq.i18n import t

STYLE = """
body{font-family:"Source Sans Pro","DejaVu Sans",sans-serif;background:#f6f7fb;color:#262730;margin:0}
main{max-width:26rem;margin:8vh auto;padding:2rem 2rem 1.5rem;background:#fff;border:1px solid #e6e9ef;border-radius:.6rem}
h1{font-size:1.45rem;margin:0 0 .3rem}p.intro{color:#6b6f7b;margin:0 0 1.4rem}
label{display:block;font-size:.92rem;margin:.9rem 0 .3rem}
input{box-sizing:border-box;width:100%;padding:.6rem .7rem;font-size:1rem;border:1px solid #c9ccd6;border-radius:.4rem}
button{margin-top:1.3rem;width:100%;padding:.65rem;font-size:1rem;background:#b71c1c;color:#fff;border:0;border-radius:.4rem;cursor:pointer}
.signin-error{background:#fdecea;color:#8a1c1c;padding:.7rem .8rem;border-radius:.4rem;margin:.8rem 0}
.signin-note{background:#e8f0fe;color:#1b3a6b;padding:.7rem .8rem;border-radius:.4rem;margin:.8rem 0}
small{display:block;color:#6b6f7b;margin-top:1.2rem}a{color:#0b57d0}
"""


def safe_next(raw: str | None) -> str:
    """A path of this server to go on to (never another site: no scheme, no host, no `//`)."""
    raw = (raw or "/").strip()
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme or parts.netloc or not raw.startswith("/") or raw.startswith(("//", "/\\")):
        return "/"
    if raw.startswith(("/signin", "/signout")):
        return "/"
    return raw


def address(request: Request) -> str | None:
    """The person's address: the peer's, or the one our own nginx (on this host) passes on."""
    peer = request.client.host if request.client else None
    forwarded = request.headers.get("x-real-ip")
    return forwarded if forwarded and peer in ("127.0.0.1", "::1") else peer


def _lang(request: Request, form=None) -> str:
    lang = (form or {}).get("lang") or request.query_params.get("lang") or "vi"
    return "en" if lang == "en" else "vi"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


FORM_COOKIE = "antq_form"


def page(lang: str, next_url: str, *, error: str = "", note: str = "", user: str = "", status: int = 200,
         secure: bool = False) -> HTMLResponse:
    e = html.escape
    token = secrets.token_urlsafe(24)
    other = "en" if lang == "vi" else "vi"
    switch = f'/signin?{urllib.parse.urlencode({"next": next_url, "lang": other})}'
    body = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(t("app_title", lang))}</title>
<style>{STYLE}</style></head><body><main>
<h1>{e(t("app_title", lang))}</h1><p class="intro">{e(t("signin_intro", lang))}</p>
{f'<div class="signin-note" role="status">{e(note)}</div>' if note else ''}
{f'<div class="signin-error" role="alert">{e(error)}</div>' if error else ''}
<form method="post" action="/signin">
<input type="hidden" name="next" value="{e(next_url)}"><input type="hidden" name="lang" value="{lang}">
<input type="hidden" name="form_token" value="{token}">
<label for="user">{e(t("signin_user", lang))}</label>
<input id="user" name="user" aria-label="{e(t("signin_user", lang))}" maxlength="64" autocomplete="username" value="{e(user)}" autofocus required>
<label for="password">{e(t("signin_password", lang))}</label>
<input id="password" name="password" type="password" aria-label="{e(t("signin_password", lang))}" maxlength="256" autocomplete="current-password" required>
<button type="submit">{e(t("signin_button", lang))}</button></form>
<small>{e(t("signin_help", lang))} · <a href="{e(switch)}">{"English" if other == "en" else "Tiếng Việt"}</a></small>
</main></body></html>"""
    response = HTMLResponse(body, status_code=status)
    response.headers.append("set-cookie", f"{FORM_COOKIE}={token}; Path=/signin; HttpOnly; SameSite=Strict"
                            + ("; Secure" if secure else ""))
    return response


async def signin_form(request: Request) -> Response:
    lang = _lang(request)
    note = t(f"signin_ended_{request.query_params.get('ended')}", lang) if request.query_params.get("ended") in (
        "idle", "absolute", "revoked", "account", "sign_out", "unknown") else ""
    return page(lang, safe_next(request.query_params.get("next")), note=note, secure=_secure(request))


async def signin_post(request: Request) -> Response:
    origin = request.headers.get("origin")
    if origin and origin != "null" and urllib.parse.urlsplit(origin).netloc != request.headers.get("host"):
        return Response("cross-site sign-in refused", status_code=403)
    form = await request.form()
    lang, next_url, secure = _lang(request, form), safe_next(form.get("next")), _secure(request)
    token = request.cookies.get(FORM_COOKIE)
    if not token or not secrets.compare_digest(token, str(form.get("form_token") or "")):
        return page(lang, next_url, error=t("signin_form_stale", lang), status=400, secure=secure)
    user, password = str(form.get("user") or "")[:64], str(form.get("password") or "")[:256]
    where, addr = accounts.folder(), address(request)
    tried = attempt(user, password, addr, where)
    if tried.throttled:
        return page(lang, next_url, error=t("signin_wait", lang, s=f"{tried.wait_s:.0f}"), user=user, status=429,
                    secure=secure)
    acct = tried.account
    if acct is None:
        error = t("signin_wrong", lang) + (" " + t("signin_wait", lang, s=f"{tried.wait_s:.0f}") if tried.wait_s > 0 else "")
        return page(lang, next_url, error=error, user=user, status=401, secure=secure)
    sid = sessions.open_session(acct, "local", where)
    audit.record("sign_in", acct.username, method="local", roles=list(acct.roles), address=addr, session=sessions.tag(sid))
    sep = "&" if "?" in next_url else "?"
    target = next_url if lang == "vi" or "lang=" in next_url else f"{next_url}{sep}lang=en"
    response = RedirectResponse(target, status_code=303)
    response.headers.append("set-cookie", sessions.set_cookie(sid, secure))
    response.headers.append("set-cookie", f"{FORM_COOKIE}=; Path=/signin; Max-Age=0; HttpOnly; SameSite=Strict")
    return response


async def signout(request: Request) -> Response:
    sid = request.cookies.get(sessions.COOKIE)
    if sid:
        checked = sessions.check(sid)
        if checked.access is not None:
            sessions.close(sid, "sign_out")
            audit.record("sign_out", checked.user, method="local", address=address(request), session=sessions.tag(sid))
    response = RedirectResponse(f"/signin?ended=sign_out&lang={_lang(request)}", status_code=303)
    response.headers.append("set-cookie", sessions.clear_cookie(_secure(request)))
    return response


ROUTES = [Route("/signin", signin_form, methods=["GET"]), Route("/signin", signin_post, methods=["POST"]),
          Route("/signout", signout, methods=["GET"])]
