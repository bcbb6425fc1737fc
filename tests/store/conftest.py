"""Fixtures of the state store's tests: every test runs once per backend (`backend`: SQLite, then the
test session's own PostgreSQL, tests/store/pg.py) in an accounts folder of its own (`where`) whose
settings.toml chooses that backend (PostgreSQL: a new database per test)."""
from __future__ import annotations

import pytest

from tests.store import pg


@pytest.fixture(scope="session")
def postgres():
    """The test session's PostgreSQL server; a missing installation fails (it is not skipped)."""
    try:
        server = pg.acquire()
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    try:
        yield server
    finally:
        pg.release()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture()
def new_folder(backend, tmp_path, request):
    """`new_folder(name)`: an accounts folder whose settings.toml chooses `backend` (PostgreSQL: a new
    database of the session's server)."""
    from antq import store

    made = []

    def make(name: str = "auth"):
        folder = tmp_path / name
        folder.mkdir()
        if backend == "postgresql":
            server = request.getfixturevalue("postgres")
            if not server.running:
                server.start()  # (a test that stopped it failed before starting it again)
            (folder / "settings.toml").write_text(f'store = "postgresql"\nstore_dsn = "{server.new_database()}"\n',
                                                  encoding="utf-8")
        made.append(folder)
        return folder

    yield make
    for folder in made:
        store.forget(folder)


@pytest.fixture()
def where(new_folder):
    """An accounts folder whose settings.toml chooses `backend`."""
    return new_folder()
