"""Shared fixtures: the built boundary layers and demo snapshot (built once if missing), a folder of
hand-made snapshots for tests that need exact, worked-out answers, and the sign-in accounts every test
signs in with (one per role, in a folder of this test session: tests/apptest.py ACCOUNTS)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_data():
    """Boundary layers and the demo snapshot, as the setup command builds them."""
    from antq.build.demo import build as demo
    from antq.build.geo import build as geo_build
    from antq import paths
    geo_build.ensure_layers()
    demo.ensure_demo()
    return paths.snapshots_dir() / "demo"


@pytest.fixture()
def snapshots_root(tmp_path, monkeypatch):
    """An empty snapshots folder that the app and the query layer use for this test only."""
    root = tmp_path / "snapshots"
    root.mkdir()
    monkeypatch.setenv("ANTQ_SNAPSHOTS_DIR", str(root))
    return root


@pytest.fixture(scope="session", autouse=True)
def test_accounts(tmp_path_factory):
    """An accounts folder for the whole test session (the app, the servers the e2e tests start and the
    query layer read ANTQ_AUTH_DIR): one account per role, passwords in tests/apptest.py. Its state store
    is SQLite, or with ANTQ_TEST_STORE=postgresql a database of a PostgreSQL server of this session's
    own (tests/store/pg.py), stopped at its end."""
    from apptest import ACCOUNTS, password

    from antq.auth import accounts
    where = tmp_path_factory.mktemp("auth")
    server = None
    if os.environ.get("ANTQ_TEST_STORE", "sqlite") == "postgresql":
        from tests.store import pg
        try:
            server = pg.acquire()
        except RuntimeError as e:
            pytest.fail(str(e), pytrace=False)
        (where / accounts.SETTINGS).write_text(f'store = "postgresql"\nstore_dsn = "{server.new_database()}"\n',
                                               encoding="utf-8")
    before = os.environ.get("ANTQ_AUTH_DIR")
    os.environ["ANTQ_AUTH_DIR"] = str(where)
    try:
        for user, (roles, province) in ACCOUNTS.items():
            accounts.create(where, user, password(user), roles=roles, province=province, name=f"Thử {user}")
        yield where
    finally:
        if before is None:
            os.environ.pop("ANTQ_AUTH_DIR", None)
        else:
            os.environ["ANTQ_AUTH_DIR"] = before
        if server is not None:
            from antq import store
            store.forget(where)
            pg.release()
