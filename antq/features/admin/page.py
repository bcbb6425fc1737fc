"""Tài khoản & nhật ký (administrators only): the accounts with their roles, new accounts and password
resets (random passwords shown once), and the audit trail with its integrity check."""
import datetime as dt

import streamlit as st

from antq.auth import access, accounts, audit

from antq.view import ui
from antq.i18n import t

who = access.current()
L = st.session_state.get("lang", "vi")
if not who.can("accounts"):  # dashboard.py offers this page to administrators only; a direct run is refused too
    st.error(t("signin_no_view", L))
    st.stop()

st.title(t("admin_title", L))
s = accounts.settings()
st.caption(t("admin_method", L, m=s["method"], i=f"{s['idle_minutes']:g}"))
provinces = accounts.province_names()


def when(stamp: str) -> str:
    """An account's UTC time stamp as local dd/mm/yyyy hh:mm."""
    return dt.datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y %H:%M") if stamp else ""


def role_words(roles) -> str:
    return ", ".join(t(f"role_{r}", L) for r in roles)


def roles_and_province(prefix: str, roles=("leader",), province=None):
    picked = st.multiselect(t("admin_col_roles", L), accounts.ROLES, default=list(roles), key=f"{prefix}_roles",
                            format_func=lambda r: t(f"role_{r}", L))
    codes = [""] + sorted(provinces, key=lambda c: provinces[c])
    prov = st.selectbox(t("admin_col_province", L), codes, index=codes.index(province or ""), key=f"{prefix}_province",
                        format_func=lambda c: f"{c} · {provinces[c]}" if c else "—")
    return picked, prov or None


tab_list, tab_new, tab_audit = st.tabs([t("admin_tab_accounts", L), t("admin_tab_new", L), t("admin_tab_audit", L)])

with tab_list:
    people = accounts.list_accounts()
    st.dataframe([{t("admin_col_user", L): a.username, t("admin_col_name", L): a.name,
                   t("admin_col_roles", L): role_words(a.roles),
                   t("admin_col_province", L): provinces.get(a.province or "", ""),
                   t("admin_col_email", L): a.email or "", t("admin_col_disabled", L): a.disabled,
                   t("admin_col_created", L): when(a.created), t("admin_col_password_changed", L): when(a.password_changed)}
                  for a in people], hide_index=True, width="stretch", key="admin_accounts")
    pick = st.selectbox(t("admin_pick", L), [a.username for a in people], key="admin_pick")
    a = accounts.get(pick) if pick else None
    if a is not None:
        with st.form(f"admin_edit_{a.username}"):
            name = st.text_input(t("admin_col_name", L), a.name, key="admin_edit_name", max_chars=120)
            roles, prov = roles_and_province("admin_edit", a.roles, a.province)
            email = st.text_input(t("admin_col_email", L), a.email or "", key="admin_edit_email", max_chars=200)
            disabled = st.checkbox(t("admin_disable", L), a.disabled, key="admin_edit_disabled")
            reset = st.checkbox(t("admin_reset", L), key="admin_edit_reset")
            save = st.form_submit_button(t("admin_save", L), type="primary")
        if save:
            if a.username == who.user and (disabled or "admin" not in roles):
                st.error(t("admin_self_lock", L))
            else:
                password = accounts.random_password() if reset else None
                try:
                    accounts.update(None, a.username, roles=roles, province=prov, name=name, email=email,
                                    disabled=disabled, password=password)
                except accounts.AccountError as e:
                    st.error(str(e))
                else:
                    audit.record("account_changed", who.user, account=a.username, roles=roles, province=prov,
                                 disabled=disabled, password_reset=bool(reset))
                    st.success(t("admin_saved", L, u=a.username))
                    if password:
                        st.warning(t("admin_password_reset", L, u=a.username, p=password))

with tab_new:
    with st.form("admin_new", clear_on_submit=True):
        username = st.text_input(t("admin_col_user", L), key="admin_new_user", max_chars=32)
        name = st.text_input(t("admin_col_name", L), key="admin_new_name", max_chars=120)
        roles, prov = roles_and_province("admin_new")
        email = st.text_input(t("admin_col_email", L), key="admin_new_email", max_chars=200)
        create = st.form_submit_button(t("admin_create", L), type="primary")
    if create:
        password = accounts.random_password()
        try:
            made = accounts.create(None, username, password, roles=roles, province=prov, name=name or None,
                                   email=email or None)
        except accounts.AccountError as e:
            st.error(str(e))
        else:
            audit.record("account_created", who.user, account=made.username, roles=list(made.roles), province=prov)
            st.success(t("admin_created", L, u=made.username, p=password))

with tab_audit:
    check = audit.verify()
    if check.ok:
        st.success(t("admin_audit_ok", L, n=check.events))
    else:
        st.error(t("admin_audit_broken", L, line=check.broken_at))
    c1, c2 = st.columns(2)
    event = c1.selectbox(t("admin_filter_event", L), ["", *audit.EVENTS], key="admin_audit_event",
                         format_func=lambda e: t(f"event_{e}", L) if e else "—")
    user = c2.text_input(t("admin_filter_user", L), key="admin_audit_user", max_chars=64)
    trail = audit.table(event=event or None, user=user or None)
    shown = trail.assign(event=trail["event"].map(lambda e: t(f"event_{e}", L))).rename(columns={
        "time": t("admin_col_time", L), "event": t("admin_col_event", L), "user": t("admin_col_user", L),
        "details": t("admin_col_details", L)})
    st.dataframe(shown, hide_index=True, width="stretch", key="admin_audit_table")
    ui.table_download(t("admin_download", L), shown, v=None, lang=L, title=t("admin_tab_audit", L), key="admin_audit_csv",
                      file_name="nhat-ky-antq", permission="audit", period=t("admin_audit_whole", L),
                      source=t("admin_audit_source", L), filters=[t(f"event_{event}", L) if event else "", user])
