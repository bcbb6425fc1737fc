"""The view's state in a Streamlit session: widgets seeded from the URL once, notices kept until the
page header shows them, and the query string written back after a run (antq/view/model.py has the
rules; this module only carries values between the URL and `st.session_state`)."""
from __future__ import annotations

import streamlit as st

from antq.i18n import t

NOTICES = "_antq_notices"


def url_value(name: str) -> str | None:
    v = st.query_params.get(name)
    return v if v not in (None, "") else None


def seed(key: str, value) -> None:
    """Give widget `key` its first value (once per session: afterwards the widget owns it)."""
    if key not in st.session_state:
        st.session_state[key] = value


def seed_from_url(key: str, name: str, parse, default) -> None:
    """Give widget `key` its first value from URL parameter `name` (once per session).

    A URL value that is present but unusable leaves a notice for the next page header to show
    (kept in the session, so a rerun before the page is drawn does not lose it)."""
    if key in st.session_state:
        return
    raw = url_value(name)
    value = parse(raw) if raw is not None else None
    st.session_state[key] = default if value is None else value
    if raw is not None and value is None:
        notice(t("bad_param", st.session_state.get("lang", "vi"), name=name, value=raw[:40]))


def notice(text: str) -> None:
    st.session_state.setdefault(NOTICES, []).append(text)


def pop_notices() -> list[str]:
    return st.session_state.pop(NOTICES, [])


def write_url(query: dict[str, str]) -> None:
    """Write a view's query string (antq/view/model.py `query_of`) into the browser's URL."""
    if dict(st.query_params) != query:
        st.query_params.from_dict(query)
