"""The pages of the dashboard, in one registry: the navigation (dashboard.py), the command-line export,
the server's warm-up, the benchmark and the tests all read it.

Each page is a folder `antq/features/<slug>/`: `page.py` is the Streamlit script (thin: widgets, the
feature's questions, figures, st.*); a page with a main chart has `chart.py` whose
`main_chart(view, params)` builds it without Streamlit, so `python -m antq export "/<slug>?..."`
writes the figure the page shows for that URL.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from antq import paths


@dataclass(frozen=True)
class Page:
    slug: str              # the URL path: /<slug>
    title_key: str         # its title in antq/i18n.py
    permission: str        # what a person must be allowed to open it
    has_chart: bool = True  # a main chart the command-line export can write

    @property
    def script(self) -> Path:
        return paths.ROOT / "antq" / "features" / self.slug / "page.py"

    @property
    def chart_module(self) -> str:
        return f"antq.features.{self.slug}.chart"

    def chart(self):
        """The feature module with `main_chart(view, params)` and `URL_PARAMS`."""
        return importlib.import_module(self.chart_module)


PAGES = (
    Page("overview", "page_overview", "view"),
    Page("models", "page_models", "view"),
    Page("tipoffs", "page_tipoffs", "view"),
    Page("festival", "page_festival", "view"),
    Page("compare", "page_compare", "view"),
    Page("report", "page_report", "export", has_chart=False),
    Page("data", "page_data", "view", has_chart=False),
    Page("admin", "page_admin", "accounts", has_chart=False),
)


def get(slug: str) -> Page | None:
    return next((p for p in PAGES if p.slug == slug), None)


def chart_pages() -> tuple[Page, ...]:
    return tuple(p for p in PAGES if p.has_chart)
