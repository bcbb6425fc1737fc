"""The dashboard as Streamlit's own ASGI server serves it (st.App): dashboard.py as the script, the
protective headers as middleware, page errors shown as an id. `python -m antq serve` runs this module
with `streamlit run`, which finds `app` and serves it."""
from __future__ import annotations

from starlette.middleware import Middleware
import streamlit as st

from antq import paths
from antq.server.errors import on_script_error
from antq.server.headers import SecurityHeaders

app = st.App(paths.ROOT / "dashboard.py", middleware=[Middleware(SecurityHeaders)], on_script_error=on_script_error)
