"""From the rows of one sheet (or CSV file) to a table: the header row found by matching known
Vietnamese or English column names (a title row above it, merged header cells over one or two rows,
a "(1) (2) (3)" numbering row and a "Tổng cộng" row are all handled), each data row kept by the row
number the officer sees, and the province and period a sheet of instructions names.
"""
from __future__ import annotations

import re

import pandas as pd

from antq.ingest import spec
from antq.ingest.report import Report, Sheet, col_letter, problem

HEADER_SCAN = 30  # rows searched for the header
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_TOTAL_ROW = {"tongcong", "cong", "tong", "tongso", "total"}
_META = {"province": {"matinh", "matinhthanhpho", "matinhthanh", "tinhthanhphoma", "province", "provincecode"},
         "period_from": {"tungay", "kybaocaotungay", "from", "periodfrom"},
         "period_to": {"denngay", "kybaocaodenngay", "to", "periodto"}}


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _header_grid(rows: list, merges: list) -> list[list]:
    """The first rows with every merged range filled with its top-left value."""
    top = [list(r) for r in rows[:HEADER_SCAN]]
    for c1, r1, c2, r2 in merges:
        if r1 > len(top):
            continue
        value = top[r1 - 1][c1 - 1] if c1 - 1 < len(top[r1 - 1]) else None
        for r in range(r1, min(r2, len(top)) + 1):
            row = top[r - 1]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if _blank(row[c - 1]):
                    row[c - 1] = value
    return top


def _score(table: str, row: list) -> int:
    return len({m for m in (spec.match_header(table, v) for v in row) if m})


def _find_header(grid: list[list], table: str | None) -> tuple[str | None, int, int]:
    """(table, header row index, score): the row naming the most columns of one table."""
    best = (None, -1, 0)
    for t in ([table] if table else spec.TABLES):
        for i, row in enumerate(grid):
            s = _score(t, row)
            # the lower row of a two-row header wins ties (it carries the sub-columns)
            if s > best[2] or (s == best[2] and s and t == best[0]):
                best = (t, i, s)
    return best


def _read_meta(rep: Report, rows: list) -> None:
    for row in rows[:60]:
        cells = list(row)
        for j, v in enumerate(cells):
            key = next((k for k, names in _META.items() if not _blank(v) and spec.norm(v) in names), None)
            if key and key not in rep.meta:
                value = next((x for x in cells[j + 1:] if not _blank(x)), None)
                if value is not None:
                    rep.meta[key] = value


def take_sheet(rep: Report, title: str, rows: list, merges: list, hint: str) -> None:
    table = spec.table_of_sheet(hint)
    grid = _header_grid(rows, merges)
    found, h, score = _find_header(grid, table)
    if table is None and score < 3:
        _read_meta(rep, rows)  # instructions, commune list, allowed values: not data
        if title:
            rep.notices.append(f"Trang «{title}» không phải bảng số liệu, bỏ qua.")
        else:
            rep.problems.append(problem(rep, "Không nhận ra bảng số liệu: dòng tiêu đề không có tên cột theo mẫu "
                                        "(ví dụ «Mã nguồn tin», «Ngày tiếp nhận», «Mã xã»).", "missing_column"))
        return
    table = found if table is None else table
    sheet_name = title
    if score == 0:
        rep.problems.append(problem(rep, f"Không tìm thấy dòng tiêu đề cột của bảng {spec.TABLE_NAMES_VI[table]} trong "
                                    f"{HEADER_SCAN} dòng đầu.", "missing_column", sheet_name))
        return
    width = max((len(r) for r in grid), default=0)
    below = h + 1 < len(grid) and _score(table, grid[h + 1]) >= 2  # the second line of a two-row header
    columns: dict[str, tuple[int, str]] = {}
    last_header = h
    for j in range(width):
        picked = None
        for i in (h, h - 1, h + 1):
            if not (0 <= i < len(grid) and j < len(grid[i])):
                continue
            if i != h and (j < len(grid[h]) and not _blank(grid[h][j]) or (i == h + 1 and not below)):
                continue  # the header row's own label stands; a row below counts only if it names columns
            name = spec.match_header(table, grid[i][j])
            if name:
                picked = (name, i, grid[i][j])
                break
        if picked is None:
            continue
        name, i, label = picked
        if name in columns:
            rep.problems.append(problem(rep, f"Cột «{spec.column(table, name).label}» xuất hiện hai lần "
                                        f"(cột {col_letter(columns[name][0] + 1)} và {col_letter(j + 1)}).",
                                        "duplicate_column", sheet_name, h + 1, col_letter(j + 1)))
            continue
        columns[name] = (j, f"{col_letter(j + 1)} «{str(label).strip()}»" if title else f"«{str(label).strip()}»")
        last_header = max(last_header, i)
    ignored = [str(v).strip() for j, v in enumerate(grid[h]) if not _blank(v) and j not in {p for p, _ in columns.values()}
               and spec.norm(v) not in ("stt", "tt", "ghichu", "sothutu")]
    if ignored:
        rep.notices.append(f"{'Trang «' + title + '»' if title else 'Tệp «' + rep.file + '»'}: bỏ qua cột không thuộc mẫu: "
                           + ", ".join(f"«{x}»" for x in ignored[:10]) + ".")
    start = last_header + 1
    body = rows[start:]
    positions = [p for p, _ in columns.values()]
    # a "(1) (2) (3)" numbering row under the header
    while body and _numbering(body[0], positions):
        body, start = body[1:], start + 1
    names = list(columns)
    records, numbers, skipped_totals = [], [], []
    for k, row in enumerate(body):
        values = [row[p] if p < len(row) else None for p in positions]
        if all(_blank(v) for v in values):
            continue
        first = next((v for v in row if not _blank(v)), None)
        if isinstance(first, str) and spec.norm(first) in _TOTAL_ROW:
            skipped_totals.append(start + k + 1)
            continue
        records.append(values)
        numbers.append(start + k + 1)
    where = f"Trang «{title}»" if title else f"Tệp «{rep.file}»"
    if not records:
        rep.notices.append(f"{where} ({spec.SHEETS[table]}) không có dòng số liệu nào, bỏ qua.")
        return
    for c in spec.columns()[table]:
        if c.required and c.name not in columns:
            rep.problems.append(problem(rep, f"Thiếu cột bắt buộc «{c.label}» ({c.name}).", "missing_column",
                                        sheet_name, last_header + 1, f"«{c.label}»"))
    if skipped_totals:
        rep.notices.append(f"{'Trang «' + title + '»' if title else 'Tệp'}: bỏ qua dòng tổng cộng "
                           + ", ".join(map(str, skipped_totals)) + ".")
    frame = pd.DataFrame(records, columns=names, index=pd.Index(numbers, name="row"), dtype=object)
    rep.sheets.append(Sheet(rep.file, sheet_name, table, h + 1, {n: columns[n][1] for n in names}, frame))


def _numbering(row, positions) -> bool:
    """A row numbering the columns under the header: (1) (2) (3)… or 1 2 3…, increasing."""
    vals = [row[p] for p in sorted(positions) if p < len(row) and not _blank(row[p])]
    if len(vals) < max(2, len(positions) // 2):
        return False
    if not all(isinstance(v, (int, str)) and not isinstance(v, bool) and _NUMBERING.match(str(v).strip()) for v in vals):
        return False
    nums = [int(re.sub(r"\D", "", str(v))) for v in vals]
    return all(b > a for a, b in zip(nums, nums[1:]))
