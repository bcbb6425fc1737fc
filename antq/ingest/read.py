"""Reading a provincial report safely: limits first, then the cells, as government offices make them.

Refused before anything is opened: a file over MAX_BYTES; a workbook whose zip declares more than
MAX_UNCOMPRESSED bytes, more than MAX_MEMBERS parts, or a part that expands more than MAX_RATIO
times (a zip bomb; Python's zipfile never inflates a part beyond its declared size, so the declared
sizes bound the memory); macro workbooks (.xlsm/.xltm/.xlsb, or any vbaProject.bin part); old .xls
files. A workbook with a formula in any cell is refused: formulas are found in the sheet XML and
never evaluated (openpyxl is opened with data_only=False and only ever returns what is stored).

Then a workbook is read in read-only mode, and each sheet becomes a table of raw cell values indexed
by the row number the officer sees (antq.ingest.header finds its header). CSV files must be UTF-8;
another encoding (Windows-1258, latin-1) is reported with the lines it breaks, then decoded by its
best guess so that every other problem is reported in the same pass.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile

from antq.fmt import number as N
from antq.ingest.header import HEADER_SCAN, take_sheet
from antq.ingest.report import Report, col_index, problem

MAX_BYTES = 50 * 1024 * 1024          # a report file (xlsx or csv)
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # all parts of a workbook, inflated
MAX_RATIO = 200                       # inflated / compressed size of one part over 1 MB
MAX_MEMBERS = 2000
MAX_ROWS = 1_000_000                  # data rows in one sheet
MAX_LISTED = 200                      # cells listed for one kind of refusal (the count is always given)

MACRO_EXT = (".xlsm", ".xltm", ".xlsb", ".xlam")
WORKBOOK_EXT = (".xlsx", ".xltx")
TEXT_EXT = (".csv", ".txt")
_FORMULA = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f[\s>/]')
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
DTD_SCAN = 64 * 1024                  # bytes read from the start of each XML part to find a DTD
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def read(name: str, data: bytes) -> Report:
    """Read a report given its file name and bytes (the caller has checked the size of a path)."""
    rep = Report(file=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    low = name.lower()
    if len(data) > MAX_BYTES:
        rep.problems.append(problem(rep, f"Tệp nặng {N(len(data) / 1e6, 1)} MB, vượt giới hạn {MAX_BYTES // (1024 * 1024)} MB; "
                                    "hãy tách báo cáo thành nhiều tệp.", "size"))
        return rep
    if low.endswith(MACRO_EXT):
        rep.problems.append(problem(rep, "Tệp Excel có macro (.xlsm, .xlsb…) không được nhận vì lý do an toàn; "
                                    "hãy lưu lại thành .xlsx (Excel Workbook) không có macro.", "macro"))
        return rep
    if low.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        rep.problems.append(problem(rep, "Tệp Excel định dạng cũ (.xls) hoặc có đặt mật khẩu không đọc được; "
                                    "hãy lưu lại thành .xlsx không đặt mật khẩu.", "format"))
        return rep
    if low.endswith(WORKBOOK_EXT) or data[:4] == b"PK\x03\x04":
        _read_workbook(rep, data)
    elif low.endswith(TEXT_EXT):
        _read_csv(rep, data)
    else:
        rep.problems.append(problem(rep, "Chỉ nhận tệp .xlsx hoặc .csv (theo mẫu báo cáo).", "format"))
    return rep


# ---------------------------------------------------------------- workbooks

def _zip_limits(rep: Report, zf: zipfile.ZipFile) -> bool:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    ok = True
    if len(infos) > MAX_MEMBERS:
        rep.problems.append(problem(rep, f"Tệp .xlsx có {len(infos)} thành phần (tối đa {MAX_MEMBERS}): không được mở.", "zip_bomb"))
        ok = False
    if total > MAX_UNCOMPRESSED:
        rep.problems.append(problem(rep, f"Tệp .xlsx khi giải nén lên tới {N(total / 1e6)} MB (tối đa "
                                    f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB): nghi là «bom nén», không được mở.", "zip_bomb"))
        ok = False
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            rep.problems.append(problem(rep, f"Thành phần {i.filename} nén {N(i.file_size / max(i.compress_size, 1))} lần "
                                        f"(tối đa {MAX_RATIO} lần): nghi là «bom nén», không được mở.", "zip_bomb"))
            ok = False
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") or "/activex/" in n for n in names):
        rep.problems.append(problem(rep, "Tệp có macro (vbaProject.bin) dù mang đuôi .xlsx: không được nhận; "
                                    "hãy lưu lại thành .xlsx (Excel Workbook) không có macro.", "macro"))
        ok = False
    if ok and "[content_types].xml" in names:
        ctypes = zf.read(next(i for i in infos if i.filename.lower() == "[content_types].xml"))
        if b"macroEnabled" in ctypes or b"vbaProject" in ctypes:
            rep.problems.append(problem(rep, "Tệp khai báo nội dung có macro: không được nhận; hãy lưu lại thành .xlsx.", "macro"))
            ok = False
    if ok:
        ok = _no_dtd(rep, zf, infos)
    if ok and "xl/workbook.xml" not in names:
        rep.problems.append(problem(rep, "Tệp không phải bảng tính Excel .xlsx hợp lệ (thiếu xl/workbook.xml).", "format"))
        ok = False
    return ok


def _no_dtd(rep: Report, zf: zipfile.ZipFile, infos) -> bool:
    """No XML part may declare a DTD or entities: Excel never writes one, and an entity is how a file
    expands itself (billion laughs) or reaches outside (XXE). A DTD stands before the root element, so
    the first bytes of each part tell."""
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels", ".vml")):
            with zf.open(i) as fh:
                head = fh.read(DTD_SCAN)
            if _DTD.search(head):
                rep.problems.append(problem(rep, f"Thành phần {i.filename} của tệp khai báo DTD/ENTITY (tệp Excel thật "
                                            "không có): không được mở; hãy lưu lại tệp bằng Excel.", "format"))
                return False
    return True


def _sheet_rows(rep: Report, ws) -> list | None:
    """The rows of a sheet as the officer sees them (row n at index n - 1), up to its last row with
    content: a stray formatted cell far below (Excel's used range reaching row 1,048,576) adds no row.
    None when the sheet has more than MAX_ROWS rows with content or its XML is damaged."""
    rows, filled, last = [], 0, 0
    try:
        for values in ws.iter_rows(values_only=True):
            rows.append(values)
            if any(v is not None and v != "" for v in values):
                filled, last = filled + 1, len(rows)
                if filled > MAX_ROWS + HEADER_SCAN:
                    rep.problems.append(problem(rep, f"Trang tính có hơn {N(MAX_ROWS)} dòng có số liệu: hãy tách báo cáo.",
                                                "size", ws.title))
                    return None
    except Exception as e:  # a damaged sheet: the XML parser's error, whatever its type
        rep.problems.append(problem(rep, f"Trang tính «{ws.title}» bị hỏng, không đọc được (XML không hợp lệ: "
                                    f"{type(e).__name__}); hãy mở tệp bằng Excel và lưu lại.", "format", ws.title))
        return None
    del rows[last:]
    return rows


def _read_workbook(rep: Report, data: bytes) -> None:
    import openpyxl

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        rep.problems.append(problem(rep, "Tệp .xlsx bị hỏng, không mở được.", "format"))
        return
    with zf:
        if not _zip_limits(rep, zf):
            return
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        except Exception as e:  # openpyxl raises many types on a damaged workbook
            rep.problems.append(problem(rep, f"Tệp .xlsx bị hỏng, không mở được ({type(e).__name__}).", "format"))
            return
        try:
            sheets = []
            for ws in wb.worksheets:
                xml = zf.read(ws._worksheet_path.lstrip("/"))
                formulas = [(col, int(row)) for col, row in
                            ((c.decode(), r.decode()) for c, r in _FORMULA.findall(xml))]
                if formulas:
                    for col, row in formulas[:MAX_LISTED]:
                        rep.problems.append(problem(rep, "Ô có công thức: tệp có công thức không được nhận (công thức "
                                                    "không bao giờ được tính); hãy sao chép và «Dán giá trị».",
                                                    "formula", ws.title, row, col))
                    if len(formulas) > MAX_LISTED:
                        rep.problems.append(problem(rep, f"… và {N(len(formulas) - MAX_LISTED)} ô có công thức khác.",
                                                    "formula", ws.title))
                    continue
                merges = [(col_index(a.decode()), int(b), col_index((c or a).decode()), int(d or b))
                          for a, b, c, d in _MERGE.findall(xml)]
                ws.reset_dimensions()
                rows = _sheet_rows(rep, ws)
                if rows is not None:
                    sheets.append((ws.title, rows, merges))
        finally:
            wb.close()
    if rep.problems:
        return
    for title, rows, merges in sheets:
        take_sheet(rep, title, rows, merges, hint=title)


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
        rep.problems.append(problem(rep, f"Văn bản không phải mã UTF-8 (byte 0x{byte:02X}); tệp có vẻ được lưu bằng bảng mã "
                                    f"{label}. Hãy mở lại và lưu bằng «CSV UTF-8 (Comma delimited)».",
                                    "encoding", "", n))
    if len(bad) > MAX_LISTED:
        rep.problems.append(problem(rep, f"… và {N(len(bad) - MAX_LISTED)} dòng khác không phải mã UTF-8.", "encoding"))
    return text


def _read_csv(rep: Report, data: bytes) -> None:
    text = _decode(rep, data)
    head = text.splitlines()[:HEADER_SCAN]
    sep = max((";", ",", "\t"), key=lambda d: max((ln.count(d) for ln in head), default=0))
    rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    if len(rows) > MAX_ROWS + HEADER_SCAN:
        rep.problems.append(problem(rep, f"Tệp có hơn {N(MAX_ROWS)} dòng: hãy tách báo cáo.", "size"))
        return
    take_sheet(rep, "", rows, [], hint=rep.file.rsplit("/", 1)[-1].rsplit(".", 1)[0])
