"""What a person sees when a page fails: a short Vietnamese message with an error id they can quote to
the administrator; the traceback goes to the server log under the same id, never to the browser
(.streamlit/config.toml `client.showErrorDetails = "none"` for anything that escapes this)."""
from __future__ import annotations

import datetime as dt
import logging
import secrets

LOG = logging.getLogger("antq.errors")
if not LOG.handlers:  # the server's log (its stderr), whatever Streamlit's logging configuration
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.propagate = False


def new_id() -> str:
    """An id short enough to read out on the phone, unique enough to find one line in the log."""
    return f"{dt.datetime.now():%Y%m%d}-{secrets.token_hex(3).upper()}"


def on_script_error(exc: Exception) -> bool:
    """st.App's `on_script_error`: log the traceback with an id, show the id; True = Streamlit shows nothing more."""
    import streamlit as st

    from antq.i18n import t

    error_id = new_id()
    LOG.error("page error %s", error_id, exc_info=exc)
    lang = st.session_state.get("lang", "vi") if st.runtime.exists() else "vi"
    st.error(t("error_shown", lang, id=error_id), icon=":material/error:")
    return True
