"""The data behind a figure as a file: CSV and XLSX, the caption lines on top, every cell a spreadsheet
would run as a formula neutralised (OWASP CSV injection), and the workbook laid out as a briefing
officer pastes it (columns sized to their content, a bold frozen header with filters, thousands
separators, the decimals the page shows, shares as percentages), the raw value kept in every cell.

A table may say how a column is shown in `df.attrs["formats"]` ({column: "int" | "dec1" | "dec2" |
"pct1" | "date" | "text"}); otherwise the kind is read from the column: whole numbers as integers,
fractions between 0 and 1 in a column named as a share as percentages, other fractions with one decimal.
"""
from __future__ import annotations

import datetime as dt
import io
import math

import numpy as np
import pandas as pd

from antq.figures.export import Caption

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|")
EXCEL = {"int": "#,##0", "dec1": "#,##0.0", "dec2": "#,##0.00", "pct1": "0.0%", "date": "dd/mm/yyyy", "text": "@"}
SHARE_WORDS = ("tỷ lệ", "tỉ lệ", "share", "rate", "ratio", "%", "phần")
MAX_WIDTH, MIN_WIDTH = 60, 8


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe(df: pd.DataFrame) -> pd.DataFrame:
    """The table with its header and every text cell neutralised; numbers stay numbers."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out.isetitem(j, col.map(neutralise))
    return out


def csv_bytes(df: pd.DataFrame, cap: Caption) -> bytes:
    """UTF-8 with BOM (Excel then shows Vietnamese), the caption lines on top, then the table."""
    buf = io.StringIO()
    pd.DataFrame({0: [neutralise(x) for x in cap.lines()]}).to_csv(buf, index=False, header=False)
    buf.write("\n")  # a blank line between the caption and the table
    safe(df).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def column_kind(name, col: pd.Series) -> str | None:
    """How a column is shown: one of EXCEL's keys, or None (left as it comes: text, booleans)."""
    if pd.api.types.is_bool_dtype(col):
        return None
    if pd.api.types.is_datetime64_any_dtype(col):
        return "date"
    if pd.api.types.is_integer_dtype(col):
        return "int"
    if pd.api.types.is_float_dtype(col):
        x = col.dropna().to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        if not len(x) or np.all(x == np.round(x)):
            return "int"
        if any(w in str(name).lower() for w in SHARE_WORDS) and x.min() >= 0 and x.max() <= 1:
            return "pct1"
        return "dec2" if np.abs(x).max() < 1 else "dec1"
    values = col.dropna()
    if len(values) and all(isinstance(x, dt.date) for x in values.head(50)):
        return "date"
    return None


def _cell_value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (list, tuple, dict, set)):
        return str(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _shown_len(value, kind: str | None) -> int:
    if value is None:
        return 0
    if kind == "date":
        return 10
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind == "pct1":
            return len(f"{value * 100:.1f}%")
        decimals = {"dec1": 1, "dec2": 2}.get(kind or "", 0)
        return len(f"{value:,.{decimals}f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(df: pd.DataFrame, cap: Caption, sheet: str = "Dữ liệu") -> bytes:
    """An Excel workbook: caption lines on top (title in bold), a blank row, then the table with a bold
    frozen header and filters, columns sized to what they show, numbers formatted, raw values kept."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    table = safe(df)
    given = df.attrs.get("formats") or {}
    kinds = [given.get(orig) or column_kind(orig, table.iloc[:, j]) for j, orig in enumerate(df.columns)]
    rows = [[_cell_value(x) for x in row] for row in table.itertuples(index=False, name=None)]
    widths = []
    for j, name in enumerate(table.columns):
        longest = max([_shown_len(r[j], kinds[j]) for r in rows[:5000]] or [0])
        head = max((len(w) for w in str(name).split()), default=0)  # the header wraps at its spaces
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2, head + 2, min(len(str(name)), 24) + 2)))

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    wb.properties.title, wb.properties.creator = cap.title, cap.user or "ANTQ"
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    start = len(cap.lines()) + 2  # the header's row
    ws.freeze_panes = f"A{start + 1}"
    # printed as a page of a report: A4, every column on the page's width, the header on every page
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if sum(widths) > 95 else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = f"{start}:{start}"
    for i, line in enumerate(cap.lines()):
        cell = WriteOnlyCell(ws, value=neutralise(line))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=14) if i == 0 else Font(italic=i == 2, size=10 if i == 2 else 11)
        ws.append([cell])
    ws.append([])
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="E8EAF0")
    head_align = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.data_type, cell.font, cell.fill, cell.alignment = "s", head_font, head_fill, head_align
        header.append(cell)
    ws.append(header)
    fmts = [EXCEL.get(k) if k not in (None, "text") else None for k in kinds]
    for row in rows:
        out = []
        for value, f in zip(row, fmts):
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif f and value is not None:
                cell.number_format = f
            out.append(cell)
        ws.append(out)
    if len(table.columns):
        ws.auto_filter.ref = f"A{start}:{get_column_letter(len(table.columns))}{start + max(len(rows), 1)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
