"""Shared fixtures: the built boundary layers and demo snapshot (built once if missing), and
a folder of hand-made snapshots for tests that need exact, worked-out answers."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_data():
    """Boundary layers and the demo snapshot, as the setup command builds them."""
    from antq import demo, geo_build, paths

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
