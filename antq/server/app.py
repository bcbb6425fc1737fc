"""The dashboard as Streamlit's own ASGI server serves it (st.App): dashboard.py as the script, the
sign-in and sign-out pages and the maps' boundary layers as routes (the sign-in pages set the session
cookie), the protective headers, the session gate and Streamlit's scripts sent compressed as middleware,
page errors shown as an id. `python -m antq serve` runs this module with `streamlit run`, which finds
`app` and serves it."""
from __future__ import annotations

from starlette.middleware import Middleware
from starlette.responses import FileResponse
import streamlit as st

from antq import paths
from antq.server.errors import on_script_error
from antq.server.headers import SecurityHeaders
from antq.server.layer_route import ROUTES as LAYER_ROUTES
from antq.server.session_gate import SessionGate
from antq.server.signin_routes import ROUTES
from antq.server.static_cache import CompressedStatic

# what Streamlit still reads from disk itself (fonts, images) in 1 MB chunks, not 64 KB: each chunk is a hop
# to a worker thread and back to the event loop
FileResponse.chunk_size = 1 << 20

# the headers wrap everything, the sign-in redirects included
MIDDLEWARE = [Middleware(SecurityHeaders), Middleware(SessionGate), Middleware(CompressedStatic)]
app = st.App(paths.ROOT / "dashboard.py", routes=ROUTES + LAYER_ROUTES, middleware=MIDDLEWARE,
             on_script_error=on_script_error)
