"""What reading a provincial report gives: the report (file, checksum, the province and period it
names), its tables as raw cell values (`Sheet`), and every `Problem` found, located by file, sheet,
row and column as the officer sees them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

BLOCKING = {"size", "zip_bomb", "macro", "formula", "format"}


@dataclass
class Problem:
    """One problem of a report, located as precisely as it can be (row/column may be empty)."""
    file: str
    sheet: str
    row: int | None
    column: str
    message: str
    kind: str

    def text(self) -> str:
        where = [f"Tệp «{self.file}»"]
        if self.sheet:
            where.append(f"trang «{self.sheet}»")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return ", ".join(where) + ": " + self.message


@dataclass
class Sheet:
    """One table of a report: raw values by contract column, indexed by the row number in the file."""
    file: str
    sheet: str            # the sheet's name ('' for a CSV file)
    table: str
    header_row: int
    columns: dict         # contract column -> "C «Mã xã»" (how problems name it)
    data: pd.DataFrame


@dataclass
class Report:
    file: str
    sha256: str
    size: int
    sheets: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)   # province, period_from, period_to read from the file

    @property
    def refused(self) -> bool:
        """Refused unopened or unread (limits, macros, formulas, not a workbook): its cells are not checked."""
        return any(p.kind in BLOCKING for p in self.problems)


def col_letter(i: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def problem(rep: Report, message: str, kind: str, sheet: str = "", row=None, column: str = "") -> Problem:
    return Problem(rep.file, sheet, row, column, message, kind)
