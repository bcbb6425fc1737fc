"""Helpers for end-to-end tests: a real `python -m antq serve` on a free port and Debian's headless Chromium.
The fixtures that share them across tests are in tests/e2e/conftest.py."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, log_name: str, seconds: float = 60) -> None:
    """Until the server at `base` answers its health check (else an error pointing at its log)."""
    for _ in range(int(seconds * 2)):
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(base + "/_stcore/health", timeout=1).status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"the server did not start; see {log_name}")


@contextlib.contextmanager
def streamlit_server(env: dict | None = None, port: int | None = None, args: tuple = ()):
    """Start the dashboard, wait until it answers, yield its base URL, stop it by its PID."""
    port = port or free_port()
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w") if ARTIFACTS.mkdir(exist_ok=True) is None else None
    proc = subprocess.Popen(
        [sys.executable, "-m", "antq", "serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *args],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, log.name)
        yield base
    finally:
        stop_group(proc, 10)
        log.close()


def stop_group(proc: subprocess.Popen, seconds: float) -> None:
    """Stop a server started in a process group of its own (with all it started), by its PID."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def chromium():
    """Debian's headless Chromium, launched once (tests/e2e/conftest.py: once per test module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def new_page(browser, width: int = 1600, height: int = 1100):
    """A page in a fresh browser context (no cookies, no storage: a new visitor), closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextlib.contextmanager
def browser_page(width: int = 1600, height: int = 1100):
    """A page in a browser of its own (for scripts; the tests share a browser per module)."""
    with chromium() as browser, new_page(browser, width, height) as page:
        yield page


HEADER = ('[data-testid="stCaptionContainer"]:has-text("31/10/2026"), '
          '[data-testid="stCaptionContainer"]:has-text("2026-10-31")')
SIGNIN = 'input[aria-label="Tên đăng nhập"], input[aria-label="User name"]'


def sign_in(page, user: str = "leader", secret: str | None = None, timeout_ms: int = 90_000) -> None:
    """Type a name and password into the sign-in form and submit it, as a person does."""
    from apptest import password

    page.wait_for_selector(SIGNIN, timeout=timeout_ms)
    page.locator(SIGNIN).fill(user)
    page.locator('input[type="password"]').fill(password(user) if secret is None else secret)
    page.get_by_role("button", name="Đăng nhập").or_(page.get_by_role("button", name="Sign in")).click()
    # signed in (the sidebar's sign-out button or link) or refused (an error under the form: the server's
    # sign-in page, or the app's own form when it runs without the server's routes)
    page.wait_for_selector('[data-testid="stSidebar"] :is(button, a):has-text("Đăng xuất"), '
                           '[data-testid="stSidebar"] :is(button, a):has-text("Sign out"), '
                           '.signin-error, [data-testid="stAlertContentError"]', timeout=timeout_ms)
    refused = page.locator('.signin-error, [data-testid="stAlertContentError"]')
    if secret is None and refused.count():  # the right password refused: say why, not a later timeout
        raise AssertionError(f"{user} was refused: {refused.first.inner_text()}")


def wait_for_app(page, timeout_ms: int = 90_000, user: str = "leader") -> None:
    """Wait until a page has been drawn: its header (every page shows the data date) is there and
    the script is no longer running, twice in a row (a page may rerun once after the URL sync).
    A new browser session opens on the sign-in form: sign in as `user` first (tests/conftest.py's
    accounts), then the link's view is drawn."""
    page.wait_for_selector(f"{HEADER}, {SIGNIN}", timeout=timeout_ms)
    if page.locator(SIGNIN).count():
        sign_in(page, user, timeout_ms=timeout_ms)
    page.wait_for_selector(HEADER, timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
        page.wait_for_timeout(400)


# the boundary layers the page's maps name (antq/figures/layers.py) that plotly.js does not hold yet: it
# keeps each one it fetched in window.PlotlyGeoAssets, and drops the name again when the fetch failed
LAYERS_MISSING = """() => {
  const held = window.PlotlyGeoAssets || {}, missing = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot'))
    for (const tr of gd.data || [])
      if (typeof tr.geojson === 'string' && tr.geojson.startsWith('/_antq/layer/') && typeof held[tr.geojson] !== 'object')
        missing.push(tr.geojson);
  return missing;
}"""


def wait_for_map(page, timeout_ms: int = 90_000) -> None:
    """A map is drawn: MapLibre's canvas is there and every boundary layer its traces name has arrived."""
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas", timeout=timeout_ms)
    try:
        page.wait_for_function(f"() => ({LAYERS_MISSING})().length === 0", timeout=timeout_ms, polling=100)
    except Exception:
        raise AssertionError(f"boundary layers never arrived: {page.evaluate(LAYERS_MISSING)}") from None
    page.wait_for_timeout(1500)  # let MapLibre paint
