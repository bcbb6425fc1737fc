"""The one gate every file leaving the product passes (a page's download button, the briefing pack,
`python -m antq export`, the report): the person's right is checked (a refusal is audited), the file
is made only then, it carries its caption (title, period and scope, source, snapshot, data date, the
simulated-data line, time and user), a cell a spreadsheet would run as a formula is neutralised, and
one audit line records who took which file, how large, with its SHA-256. No Streamlit here: the pages
reach it through antq/view/ui.py, the command line directly.

What a screen shows can still be copied by hand or photographed: docs/security.md says what the gate
does and does not stop. The tables' own CSV button and the charts' camera button are switched off
(.streamlit/config.toml `client.disableDataExport`, ui.PLOTLY_CONFIG), so no file leaves around it.
"""
from __future__ import annotations

import hashlib
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from antq.auth import access, audit
from antq.figures import export, sheets, slides
from antq.figures.export import Caption
from antq.i18n import t

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
TABLES = ("csv", "xlsx")
FIGURES = ("png", "svg", "pdf", "pptx")


def table_bytes(df: pd.DataFrame, cap: Caption, kind: str) -> bytes:
    """A table as CSV or XLSX, captioned and neutralised (antq/figures/sheets.py)."""
    if kind == "csv":
        return sheets.csv_bytes(df, cap)
    if kind == "xlsx":
        return sheets.xlsx_bytes(df, cap)
    raise ValueError(f"not a table file: {kind!r}")


def figure_bytes(fig: go.Figure, cap: Caption, kind: str, size: str = "slide") -> bytes:
    """A figure with its caption as PNG, SVG, a PDF page or a PowerPoint slide."""
    if kind in ("png", "svg"):
        return export.image_bytes(export.captioned_figure(fig, cap, size), kind)
    if kind == "pdf":
        return slides.pdf_bytes([(fig, cap)], size)
    if kind == "pptx":
        return slides.pptx_bytes([(fig, cap)])
    raise ValueError(f"not a figure file: {kind!r}")


def release(make: Callable[[], bytes | str], *, file_name: str, what: str, who: access.Access | None = None,
            permission: str = "export", **details) -> bytes:
    """The file `make()` writes, for `who` (the person asking now by default), if their rights allow it;
    the export is audited. A refusal raises access.AccessDenied (Vietnamese) and is audited too."""
    who = who or access.current()
    if not who.can(permission):
        audit.record("access_denied", who.user, file=file_name, what=what, permission=permission)
        raise access.AccessDenied(t("gate_denied", "vi", file=file_name))
    out = make()
    if isinstance(out, str):
        out = out.encode("utf-8")
    audit.record("export", who.user, file=file_name, what=what, bytes=len(out),
                 sha256=hashlib.sha256(out).hexdigest(), **details)
    return out
