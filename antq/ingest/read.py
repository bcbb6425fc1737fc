"""Reading a provincial report safely: limits first, then the cells, as government offices make them.

Refused before anything is opened: a file over MAX_BYTES; a workbook whose zip declares more than
MAX_UNCOMPRESSED bytes, more than MAX_MEMBERS parts, or a part that expands more than MAX_RATIO
times (a zip bomb; Python's zipfile never inflates a part beyond its declared size, so the declared
sizes bound the memory); macro workbooks (.xlsm/.xltm/.xlsb, or any vbaProject.bin part); old .xls
files. A workbook with a formula in any cell is refused: formulas are found in the sheet XML and
never evaluated (openpyxl is opened with data_only=False and only ever returns what is stored).

Then a workbook is read in read-only mode: the header row is found by matching known Vietnamese or
English column names (a title row above it, merged header cells over one or two rows, a "(1) (2)
(3)" numbering row and a "Tổng cộng" row are all handled), and each sheet becomes a table of raw
cell values indexed by the row number the officer sees. CSV files must be UTF-8; another encoding
(Windows-1258, latin-1) is reported with the lines it breaks, then decoded by its best guess so
that every other problem is reported in the same pass.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from antq.ingest import spec
from antq.fmt import number as N

MAX_BYTES = 50 * 1024 * 1024          # a report file (xlsx or csv)
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # all parts of a workbook, inflated
MAX_RATIO = 200                       # inflated / compressed size of one part over 1 MB
MAX_MEMBERS = 2000
MAX_ROWS = 1_000_000                  # data rows in one sheet
BLOCKING = {"size", "zip_bomb", "macro", "formula", "format"}
HEADER_SCAN = 30                      # rows searched for the header
MAX_LISTED = 200                      # cells listed for one kind of refusal (the count is always given)

MACRO_EXT = (".xlsm", ".xltm", ".xlsb", ".xlam")
WORKBOOK_EXT = (".xlsx", ".xltx")
TEXT_EXT = (".csv", ".txt")
_FORMULA = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f[\s>/]')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_TOTAL_ROW = {"tongcong", "cong", "tong", "tongso", "total"}
_META = {"province": {"matinh", "matinhthanhpho", "matinhthanh", "tinhthanhphoma", "province", "provincecode"},
         "period_from": {"tungay", "kybaocaotungay", "from", "periodfrom"},
         "period_to": {"denngay", "kybaocaodenngay", "to", "periodto"}}


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


def read(name: str, data: bytes) -> Report:
    """Read a report given its file name and bytes (the caller has checked the size of a path)."""
    rep = Report(file=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    low = name.lower()
    if len(data) > MAX_BYTES:
        rep.problems.append(_p(rep, f"Tệp nặng {N(len(data) / 1e6, 1)} MB, vượt giới hạn {MAX_BYTES // (1024 * 1024)} MB; "
                                    "hãy tách báo cáo thành nhiều tệp.", "size"))
        return rep
    if low.endswith(MACRO_EXT):
        rep.problems.append(_p(rep, "Tệp Excel có macro (.xlsm, .xlsb…) không được nhận vì lý do an toàn; "
                                    "hãy lưu lại thành .xlsx (Excel Workbook) không có macro.", "macro"))
        return rep
    if low.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        rep.problems.append(_p(rep, "Tệp Excel định dạng cũ (.xls) hoặc có đặt mật khẩu không đọc được; "
                                    "hãy lưu lại thành .xlsx không đặt mật khẩu.", "format"))
        return rep
    if low.endswith(WORKBOOK_EXT) or data[:4] == b"PK\x03\x04":
        _read_workbook(rep, data)
    elif low.endswith(TEXT_EXT):
        _read_csv(rep, data)
    else:
        rep.problems.append(_p(rep, "Chỉ nhận tệp .xlsx hoặc .csv (theo mẫu báo cáo).", "format"))
    return rep


def _p(rep: Report, message: str, kind: str, sheet: str = "", row=None, column: str = "") -> Problem:
    return Problem(rep.file, sheet, row, column, message, kind)


# ---------------------------------------------------------------- workbooks

def _zip_limits(rep: Report, zf: zipfile.ZipFile) -> bool:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    ok = True
    if len(infos) > MAX_MEMBERS:
        rep.problems.append(_p(rep, f"Tệp .xlsx có {len(infos)} thành phần (tối đa {MAX_MEMBERS}): không được mở.", "zip_bomb"))
        ok = False
    if total > MAX_UNCOMPRESSED:
        rep.problems.append(_p(rep, f"Tệp .xlsx khi giải nén lên tới {N(total / 1e6)} MB (tối đa "
                                    f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB): nghi là «bom nén», không được mở.", "zip_bomb"))
        ok = False
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            rep.problems.append(_p(rep, f"Thành phần {i.filename} nén {N(i.file_size / max(i.compress_size, 1))} lần "
                                        f"(tối đa {MAX_RATIO} lần): nghi là «bom nén», không được mở.", "zip_bomb"))
            ok = False
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") or "/activex/" in n for n in names):
        rep.problems.append(_p(rep, "Tệp có macro (vbaProject.bin) dù mang đuôi .xlsx: không được nhận; "
                                    "hãy lưu lại thành .xlsx (Excel Workbook) không có macro.", "macro"))
        ok = False
    if ok and "[content_types].xml" in names:
        ctypes = zf.read(next(i for i in infos if i.filename.lower() == "[content_types].xml"))
        if b"macroEnabled" in ctypes or b"vbaProject" in ctypes:
            rep.problems.append(_p(rep, "Tệp khai báo nội dung có macro: không được nhận; hãy lưu lại thành .xlsx.", "macro"))
            ok = False
    if ok and "xl/workbook.xml" not in names:
        rep.problems.append(_p(rep, "Tệp không phải bảng tính Excel .xlsx hợp lệ (thiếu xl/workbook.xml).", "format"))
        ok = False
    return ok


def _read_workbook(rep: Report, data: bytes) -> None:
    import openpyxl

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        rep.problems.append(_p(rep, "Tệp .xlsx bị hỏng, không mở được.", "format"))
        return
    with zf:
        if not _zip_limits(rep, zf):
            return
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        except Exception as e:  # openpyxl raises many types on a damaged workbook
            rep.problems.append(_p(rep, f"Tệp .xlsx bị hỏng, không mở được ({type(e).__name__}).", "format"))
            return
        try:
            sheets = []
            for ws in wb.worksheets:
                xml = zf.read(ws._worksheet_path.lstrip("/"))
                formulas = [(col, int(row)) for col, row in
                            ((c.decode(), r.decode()) for c, r in _FORMULA.findall(xml))]
                if formulas:
                    for col, row in formulas[:MAX_LISTED]:
                        rep.problems.append(_p(rep, "Ô có công thức: tệp có công thức không được nhận (công thức "
                                                    "không bao giờ được tính); hãy sao chép và «Dán giá trị».",
                                               "formula", ws.title, row, col))
                    if len(formulas) > MAX_LISTED:
                        rep.problems.append(_p(rep, f"… và {N(len(formulas) - MAX_LISTED)} ô có công thức khác.",
                                               "formula", ws.title))
                    continue
                merges = [(col_index(a.decode()), int(b), col_index((c or a).decode()), int(d or b))
                          for a, b, c, d in _MERGE.findall(xml)]
                ws.reset_dimensions()
                rows = []
                for values in ws.iter_rows(values_only=True):
                    rows.append(values)
                    if len(rows) > MAX_ROWS + HEADER_SCAN:
                        rep.problems.append(_p(rep, f"Trang tính có hơn {N(MAX_ROWS)} dòng: hãy tách báo cáo.",
                                               "size", ws.title))
                        break
                sheets.append((ws.title, rows, merges))
        finally:
            wb.close()
    if rep.problems:
        return
    for title, rows, merges in sheets:
        _take_sheet(rep, title, rows, merges, hint=title)


# ---------------------------------------------------------------- CSV

def _vietnamese(text: str) -> int:
    return sum(1 for ch in text if ch in "ăâđêôơưĂÂĐÊÔƠƯ" or unicodedata.combining(ch)
               or "\u1ea0" <= ch <= "\u1ef9")


def _decode(rep: Report, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    bad = []
    for n, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            bad.append((n, line[e.start]))
    guesses = []
    for enc, label in (("cp1258", "Windows-1258 (cp1258)"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = unicodedata.normalize("NFC", data.decode(enc))
        except UnicodeDecodeError:
            continue
        guesses.append((_vietnamese(text), label, text))
    score, label, text = max(guesses, key=lambda g: g[0])
    for n, byte in bad[:MAX_LISTED]:
        rep.problems.append(_p(rep, f"Văn bản không phải mã UTF-8 (byte 0x{byte:02X}); tệp có vẻ được lưu bằng bảng mã "
                                    f"{label}. Hãy mở lại và lưu bằng «CSV UTF-8 (Comma delimited)».",
                               "encoding", "", n))
    if len(bad) > MAX_LISTED:
        rep.problems.append(_p(rep, f"… và {N(len(bad) - MAX_LISTED)} dòng khác không phải mã UTF-8.", "encoding"))
    return text


def _read_csv(rep: Report, data: bytes) -> None:
    text = _decode(rep, data)
    head = text.splitlines()[:HEADER_SCAN]
    sep = max((";", ",", "\t"), key=lambda d: max((ln.count(d) for ln in head), default=0))
    rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    if len(rows) > MAX_ROWS + HEADER_SCAN:
        rep.problems.append(_p(rep, f"Tệp có hơn {N(MAX_ROWS)} dòng: hãy tách báo cáo.", "size"))
        return
    _take_sheet(rep, "", rows, [], hint=rep.file.rsplit("/", 1)[-1].rsplit(".", 1)[0])


# ---------------------------------------------------------------- header and rows

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


def _take_sheet(rep: Report, title: str, rows: list, merges: list, hint: str) -> None:
    table = spec.table_of_sheet(hint)
    grid = _header_grid(rows, merges)
    found, h, score = _find_header(grid, table)
    if table is None and score < 3:
        _read_meta(rep, rows)  # instructions, commune list, allowed values: not data
        if title:
            rep.notices.append(f"Trang «{title}» không phải bảng số liệu, bỏ qua.")
        else:
            rep.problems.append(_p(rep, "Không nhận ra bảng số liệu: dòng tiêu đề không có tên cột theo mẫu "
                                        "(ví dụ «Mã nguồn tin», «Ngày tiếp nhận», «Mã xã»).", "missing_column"))
        return
    table = found if table is None else table
    sheet_name = title
    if score == 0:
        rep.problems.append(_p(rep, f"Không tìm thấy dòng tiêu đề cột của bảng {spec.TABLE_NAMES_VI[table]} trong "
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
            rep.problems.append(_p(rep, f"Cột «{spec.column(table, name).label}» xuất hiện hai lần "
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
            rep.problems.append(_p(rep, f"Thiếu cột bắt buộc «{c.label}» ({c.name}).", "missing_column",
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
