"""Serve the dashboard: `python -m antq serve [streamlit options]` (what setup.sh runs).

Streamlit treats a `pages/` folder beside the entry script as its legacy multipage mode until
the first `st.navigation` call of the process, so the first visitor of a freshly started server
who opens a page's URL (say /models) would get that page without the shared sidebar. Switching
the legacy mode off before the server starts removes that first-visit difference.
"""
from __future__ import annotations

import sys

from antq import paths


def main(args: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(paths.ROOT / "dashboard.py"), *args]
    return cli.main()
