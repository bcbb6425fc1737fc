"""Where the project's files live, resolved from this file, never from the working directory."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
QUERIES = ROOT / "queries"


def geo_dir() -> Path:
    """Boundary layers; ANTQ_GEO_DIR overrides (tests build small layers elsewhere)."""
    return Path(os.environ.get("ANTQ_GEO_DIR", DATA / "geo"))


def snapshots_dir() -> Path:
    """Snapshots root; ANTQ_SNAPSHOTS_DIR overrides (tests use hand-made snapshots)."""
    return Path(os.environ.get("ANTQ_SNAPSHOTS_DIR", DATA / "snapshots"))
