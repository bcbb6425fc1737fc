"""Fixtures of the end-to-end tests: one dashboard server for the whole session, one Chromium per test
module, and a fresh browser context (a new visitor: no cookies, no session) for each page a test opens.

- `server`: `python -m antq serve` with the session's settings (tests/conftest.py: the demo snapshot,
  the test accounts), started at the first test that asks for it and stopped by its process group at the
  end of the session. Tests that need other settings (another snapshots folder, a first start, a short
  idle time, an OpenID provider) start their own with tests/e2e.py `streamlit_server`.
- `browser`: Debian's headless Chromium, launched once per module.
- `open_page(width, height)`: a page in a new context of that browser, closed after the test.

Every test in this folder carries the `e2e` marker (`pytest -m "not e2e"` leaves them out)."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tests.e2e import chromium, new_page, streamlit_server

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def server(built_data, test_accounts):
    """The base URL of the dashboard served with the session's settings."""
    with streamlit_server() as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture()
def open_page(browser):
    """open_page(width, height) -> a page of a fresh context; every context is closed after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda width=1600, height=1100: stack.enter_context(new_page(browser, width, height))
