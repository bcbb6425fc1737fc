"""Protective headers on every HTTP response of the dashboard's server, as an ASGI middleware given to
Streamlit's own server (antq/server/app.py, st.App's `middleware`).

- A Content-Security-Policy that allows only the server's own origin, with what Streamlit's client
  itself needs: its inline styles (emotion), `blob:`/`data:` images and fonts, and same-origin
  websockets. No other site may frame the dashboard (`frame-ancestors 'none'`, `X-Frame-Options: DENY`).
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and a Permissions-Policy that
  turns off the camera, microphone and location.
- `Cache-Control: no-store` on everything but Streamlit's content-hashed static assets (scripts,
  styles, fonts): the page, the data it receives and every downloaded file stay out of the browser's
  and proxies' caches.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import streamlit

from antq.figures import layers


def inline_script_hashes(index: Path = Path(streamlit.__file__).parent / "static" / "index.html") -> list[str]:
    """CSP hashes of the inline scripts of Streamlit's own page (its bootstrap), so that those run and no
    other inline script does ('unsafe-inline' stays off)."""
    html = index.read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies if b.strip()]


CSP = "; ".join([
    "default-src 'self'",
    # Streamlit's bootstrap script by its hash; plotly.js compiles some of its drawing code at run time
    " ".join(["script-src 'self' 'unsafe-eval'", *inline_script_hashes()]),
    "style-src 'self' 'unsafe-inline'",        # Streamlit's components style themselves with inline <style>
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' data: blob:",          # the websocket, uploads and the maps' layers (same origin)
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
])
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Streamlit's static assets and the maps' boundary layers: their names carry a hash of their content
CACHEABLE = ("/static/", layers.PREFIX)


def cacheable(path: str) -> bool:
    return any(part in path for part in CACHEABLE) and not path.endswith((".html", "/"))


class SecurityHeaders:
    """Adds HEADERS to every HTTP response (replacing any of the same name) and `Cache-Control:
    no-store` to every response that is not a content-hashed asset."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        store = not cacheable(scope.get("path", ""))

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS} | ({b"cache-control", b"pragma", b"expires"} if store else set())
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                headers += HEADERS
                if store:
                    headers += [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_headers)
