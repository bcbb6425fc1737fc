"""The builds (boundary layers, the demo snapshot, imports writing snapshots) are left out of the fast lane:
every test in this folder carries the `slow` marker (`./test.sh fast` runs `pytest -m "not e2e and not slow"`)."""
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.slow)
