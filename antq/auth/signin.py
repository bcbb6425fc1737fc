"""Sign-in on every page: the screen shown until someone signs in, the idle time-out, the sign-out
button, all recorded in the audit trail (antq/auth/audit.py).

Two methods, chosen by `method` in the accounts folder's settings.toml (antq/auth/accounts.py):
- "local" (default): name and password checked against the accounts of the state store (argon2id hashes). After a
  few failures of one name or one address, each next attempt must wait, twice as long each time.
- "oidc": the organisation's identity provider through Streamlit's `st.login` ([auth] in
  .streamlit/secrets.toml); the person's roles come from the account holding their e-mail.

Served by `python -m antq serve`, a person signs in on the server's own /signin page, which sets an
HttpOnly session cookie (antq/auth/sessions.py, antq/server/signin_routes.py): reload and new tabs stay
signed in, and every rerun checks the session in the state store (revoked, idle, past its age, the
account changed). Without that cookie (the app run by AppTest, or by plain `streamlit run`), the form
below signs in this tab only, as before.

dashboard.py asks `current()` first: the signed-in person's `Access` (kept in the session, where the
query layer reads it) or None, and then draws `screen()` instead of any page.
"""
from __future__ import annotations

import functools
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from antq.auth import access, accounts, audit, sessions
from antq.auth.attempt import attempt
from antq.i18n import t
from antq import store
from antq.store import StoreUnavailable

LAST_SEEN = "_antq_last_seen"
NOTICE = "_antq_signin_notice"
SID = "_antq_sid"          # the cookie session this tab runs under
ENDED = "_antq_ended"      # why the cookie session of this tab ended


def _settings() -> dict:
    """The sign-in settings; a broken settings.toml stops every page with its error (file, line, column),
    never falls back to something laxer."""
    try:
        return accounts.settings()
    except accounts.AccountError as e:
        st.error(str(e))
        st.stop()


def _store_needed(fn):
    """The state store out of reach: its message (which store, where, no password) and nothing else."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StoreUnavailable as e:
            st.error(str(e))
            st.stop()
    return run


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


def _address() -> str | None:
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context: no address to count
        return None
    return ip if isinstance(ip, str) and ip else None  # (AppTest has a stand-in object, not an address)


def _oidc_configured() -> bool:
    try:
        auth = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False
    return bool(auth) and bool(auth.get("client_id") or any(isinstance(v, dict) for v in auth.values()))


def _start(acct: accounts.Account, method: str, lang: str) -> None:
    a = access.of_account(acct, method)
    st.session_state[access.SESSION_KEY] = a
    st.session_state[LAST_SEEN] = time.time()
    st.session_state[access.IDLE_UNTIL] = time.time() + float(_settings()["idle_minutes"]) * 60
    audit.record("sign_in", a.user, method=method, roles=list(a.roles), address=_address())


def _cookie_sid() -> str | None:
    try:
        sid = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # noqa: BLE001 - no browser behind this session (AppTest, bare mode)
        return None
    return sid if isinstance(sid, str) and sid else None


def sign_out(event: str = "sign_out", lang: str | None = None) -> None:
    sid = st.session_state.get(SID)
    if sid:  # a cookie session: ended for every tab that holds it
        sessions.close(sid, "sign_out" if event == "sign_out" else event)
    a = st.session_state.pop(access.SESSION_KEY, None)
    # nothing of this person's session stays for whoever signs in next in this tab (briefing pack,
    # uploads, page controls): only the language
    for key in [k for k in st.session_state if k not in ("lang",)]:
        del st.session_state[key]
    if sid:
        st.session_state[ENDED] = event
    if a is not None:
        audit.record(event, a.user, method=a.method, address=_address(), session=sessions.tag(sid) if sid else None)
        if event == "session_expired":
            st.session_state[NOTICE] = t("signin_expired", lang or _lang(),
                                         m=f"{_settings()['idle_minutes']:g}")
    if a is not None and a.method == "oidc":  # the provider's cookie too, or the next run signs them in again
        st.logout()


def _attempt(username: str, password: str, lang: str) -> None:
    tried = attempt(username, password, _address())
    if tried.throttled:
        st.error(t("signin_wait", lang, s=f"{tried.wait_s:.0f}"))
        return
    if tried.account is None:
        st.error(t("signin_wrong", lang))
        if tried.wait_s > 0:
            st.warning(t("signin_wait", lang, s=f"{tried.wait_s:.0f}"))
        return
    _start(tried.account, "local", lang)
    st.rerun()


def _preload_map() -> None:
    """A ten-pixel, blank, tile-less map under the form: the browser loads plotly and starts MapLibre while the
    password is typed, so the first page's map after signing in does not wait for them."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Scattermap(lat=[16.0], lon=[106.0], mode="markers", hoverinfo="skip", marker=dict(opacity=0)))
    fig.update_layout(map=dict(style="white-bg", center=dict(lat=16.0, lon=106.0), zoom=4), height=10,
                      margin=dict(l=0, r=0, t=0, b=0), showlegend=False)
    st.plotly_chart(fig, key="signin_preload", config={"staticPlot": True, "displayModeBar": False})


def _screen_header(lang: str) -> None:
    st.title(t("app_title", lang))
    st.caption(t("signin_intro", lang))
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice)


def _local_screen(lang: str) -> None:
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        _screen_header(lang)
        with st.form("signin", enter_to_submit=True):
            user = st.text_input(t("signin_user", lang), key="signin_user", max_chars=64)
            password = st.text_input(t("signin_password", lang), key="signin_password", type="password",
                                     max_chars=256)
            submitted = st.form_submit_button(t("signin_button", lang), type="primary")
        if submitted:
            _attempt(user, password, lang)
        st.caption(t("signin_help", lang))
    _preload_map()


def _oidc_screen(lang: str) -> None:
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        _screen_header(lang)
        if not _oidc_configured():
            st.error(t("signin_oidc_missing", lang))
            return
        user = st.user
        if user.get("is_logged_in"):
            email = str(user.get("email") or "")
            acct = accounts.by_email(email)
            if acct is None or acct.disabled or not acct.permissions:
                audit.record("sign_in_refused", email, method="oidc", reason="no account", address=_address())
                st.error(t("signin_oidc_unknown", lang, email=email))
                st.button(t("signin_signout", lang), on_click=st.logout, key="signin_oidc_logout")
                return
            _start(acct, "oidc", lang)
            st.rerun()
        st.button(t("signin_oidc_button", lang), on_click=st.login, type="primary", key="signin_oidc")
    _preload_map()


def _current_account(a: access.Access) -> accounts.Account | None:
    acct = accounts.get(a.user) if a.method != "oidc" else accounts.by_email(st.user.get("email") or "")
    return acct if acct is not None and not acct.disabled and acct.permissions else None


def session_access() -> access.Access | None:
    """The person signed in to the session whose script this thread runs (NOBODY when nobody is, or
    when the session has been idle past its time-out: it ends at its next full run), None on a thread
    that runs no script (installed into antq/auth/access.py by the dashboard)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    if time.time() > st.session_state.get(access.IDLE_UNTIL, float("inf")):
        return access.NOBODY
    return st.session_state.get(access.SESSION_KEY) or access.NOBODY


def _from_cookie(sid: str) -> access.Access | None:
    """The person of the cookie session, checked in the store at every rerun; None once it has ended."""
    checked = sessions.check(sid)
    if checked.access is None:
        a = st.session_state.get(access.SESSION_KEY)
        for key in [k for k in st.session_state if k not in ("lang",)]:
            del st.session_state[key]
        st.session_state[ENDED] = checked.reason
        if a is not None and checked.reason in ("idle", "absolute"):
            audit.record("session_expired", a.user, method=a.method, reason=checked.reason, session=sessions.tag(sid))
        return None
    if st.session_state.get(SID) != sid:
        st.session_state[SID] = sid
    st.session_state[access.SESSION_KEY] = checked.access
    st.session_state[LAST_SEEN] = time.time()
    st.session_state[access.IDLE_UNTIL] = time.time() + float(_settings()["idle_minutes"]) * 60
    return checked.access


@_store_needed
def current() -> access.Access | None:
    """The signed-in person of this session, or None (an idle session or an account disabled, or
    whose roles were removed, since signing in is signed out here, with the reason recorded)."""
    lang = _lang()
    sid = _cookie_sid()
    if sid and _settings()["method"] == "local":
        return _from_cookie(sid)
    idle = float(_settings()["idle_minutes"]) * 60
    a = st.session_state.get(access.SESSION_KEY)
    if a is None:
        return None
    if time.time() - st.session_state.get(LAST_SEEN, 0) > idle:
        sign_out("session_expired", lang)
        return None
    acct = _current_account(a)  # changes made by an administrator apply at the next click
    if acct is None:
        sign_out("sign_out", lang)
        return None
    a = access.of_account(acct, a.method)
    st.session_state[access.SESSION_KEY] = a
    st.session_state[LAST_SEEN] = time.time()
    st.session_state[access.IDLE_UNTIL] = time.time() + idle
    return a


def _same_tab_link(label: str, href: str, primary: bool = False) -> str:
    """A link drawn as a button that opens in this tab (st.link_button opens a new one): the server's
    sign-in and sign-out pages replace the app in the tab, as a person expects."""
    import html

    colours = "background:#b71c1c;color:#fff;border-color:#b71c1c" if primary else "color:inherit;border-color:#d5d7de"
    return (f'<a href="{html.escape(href)}" target="_self" class="antq-session-link" style="display:block;text-align:center;'
            f'padding:.45rem .8rem;border:1px solid;border-radius:.5rem;text-decoration:none;{colours}">'
            f"{html.escape(label)}</a>")


def _ended_screen(lang: str) -> None:
    """A cookie session that ended while this tab was open: why, and the way back to the sign-in page
    (which keeps the link of this view)."""
    import urllib.parse

    reason = st.session_state.get(ENDED, "revoked")
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        st.title(t("app_title", lang))
        st.info(t(f"signin_ended_{reason}", lang) if reason in sessions.REASONS else t("signin_ended_revoked", lang))
        query = urllib.parse.urlencode(st.query_params.to_dict())
        target = (urllib.parse.urlsplit(st.context.url or "/").path or "/") + (f"?{query}" if query else "")
        st.markdown(_same_tab_link(t("signin_again", lang), "/signin?" + urllib.parse.urlencode({"next": target, "lang": lang}),
                                   primary=True), unsafe_allow_html=True)


@_store_needed
def screen() -> None:
    """The sign-in screen of the configured method (the link asked for stays in the address bar and
    opens once signed in); for a tab whose cookie session ended, the way back to the sign-in page."""
    store.for_folder().ping()  # out of reach: its message, not a form that cannot work
    if _cookie_sid() and _settings()["method"] == "local":
        _ended_screen(_lang())
        return
    (_oidc_screen if _settings()["method"] == "oidc" else _local_screen)(_lang())


def _idle_watch(idle: float) -> None:
    """Sign an idle session out even if nobody touches the page again (it would otherwise keep
    showing the figures): a small fragment checks every while and reruns the app once time is up."""
    every = max(5.0, min(60.0, idle / 4))

    @st.fragment(run_every=every)
    def watch():
        if time.time() - st.session_state.get(LAST_SEEN, time.time()) > idle:
            st.rerun(scope="app")

    with st.sidebar:
        watch()


def account_box(a: access.Access, lang: str) -> None:
    """Who is signed in, their roles, and the sign-out button (top of the sidebar)."""
    roles = ", ".join(t(f"role_{r}", lang) for r in a.roles)
    where = (f" · {t('signin_province', lang, p=accounts.province_names().get(a.province, a.province))}"
             if a.commune_province else "")
    st.sidebar.markdown(f":small[{t('signin_as', lang)} **{a.name}** ({a.user})  \n:gray[{roles}{where}]]")
    if st.session_state.get(SID):  # the server's sign-out: ends the session in every tab, clears the cookie
        st.sidebar.markdown(_same_tab_link(t("signin_signout", lang), "/signout?lang=" + lang), unsafe_allow_html=True)
    else:
        st.sidebar.button(t("signin_signout", lang), key="signout", on_click=sign_out, width="stretch")
    _idle_watch(float(_settings()["idle_minutes"]) * 60)
