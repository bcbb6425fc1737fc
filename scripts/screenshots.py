"""Serve the dashboard, open pages in headless Chromium and save screenshots (for README and review).

Usage: python scripts/screenshots.py [URL-path-with-query ...]   (default: every page)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e import ARTIFACTS, browser_page, streamlit_server, wait_for_app, wait_for_map  # noqa: E402

DEFAULT = ["/overview", "/models", "/tipoffs", "/festival", "/compare", "/data"]


def main(paths):
    with streamlit_server() as base, browser_page(height=3000) as page:
        for p in paths:
            page.goto(base + p)
            wait_for_app(page)
            if page.locator(".js-plotly-plot").count():
                try:
                    wait_for_map(page, 30_000)
                except Exception:  # a page without a map among its charts
                    page.wait_for_timeout(2000)
            name = p.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-")[:80] or "root"
            out = ARTIFACTS / f"shot-{name}.png"
            page.screenshot(path=str(out), full_page=True)
            print(out, page.locator('[data-testid="stException"]').count(), "exceptions")


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT)
