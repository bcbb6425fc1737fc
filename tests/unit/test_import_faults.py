"""Workbooks as accidents and home-made exporters leave them: a stray formatted cell at Excel's last row
(the used range then reaches row 1,048,576) is no reason to refuse a 30-row report; malformed XML in
any part — a bare `&`, an entity declaration, a broken tag — is a Vietnamese message naming the file
and the sheet, never a traceback. Built here from tests/samples/bd-2024-good.xlsx by editing its XML."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from antq.ingest import read as ingest_read
from tests.import_support import SAMPLES

GOOD = (SAMPLES / "bd-2024-good.xlsx").read_bytes()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def first_sheet(files: dict[str, bytes]) -> str:
    return sorted(n for n in files if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[0]


def with_stray_cell(data: bytes) -> bytes:
    """Every sheet's used range reaching row 1,048,576: one empty, formatted cell at A1048576."""
    files = parts(data)
    for name in [n for n in files if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]:
        xml = files[name].decode("utf-8")
        xml = xml.replace("</sheetData>", '<row r="1048576"><c r="A1048576" s="0"/></row></sheetData>')
        xml = re.sub(r'<dimension ref="([A-Z]+\d+):[A-Z]+\d+"/>', r'<dimension ref="\1:Z1048576"/>', xml)
        files[name] = xml.encode("utf-8")
    return rezip(files)


def test_a_stray_cell_at_the_last_row_of_excel_is_accepted_as_the_report_it_is():
    good = ingest_read.read("bd-2024-good.xlsx", GOOD)
    stray = ingest_read.read("bd-2024-stray.xlsx", with_stray_cell(GOOD))
    assert not good.problems and not stray.problems, [p.message for p in stray.problems]
    assert [(s.sheet, s.table, len(s.data)) for s in stray.sheets] == [(s.sheet, s.table, len(s.data)) for s in good.sheets]
    assert all(s.data.equals(g.data) for s, g in zip(stray.sheets, good.sheets))


def test_the_row_limit_counts_rows_with_content(monkeypatch):
    monkeypatch.setattr(ingest_read, "MAX_ROWS", 5)
    rep = ingest_read.read("bd-2024-good.xlsx", GOOD)
    assert [p.kind for p in rep.problems][:1] == ["size"] and "dòng có số liệu" in rep.problems[0].message


@pytest.mark.parametrize("fault,expected", [
    (lambda xml: xml.replace("<sheetData>", "<sheetData><row r=\"1\"><c r=\"Z1\" t=\"inlineStr\"><is><t>A & B</t></is></c></row>", 1),
     "XML không hợp lệ"),
    (lambda xml: xml.replace("<sheetData>", "<sheetData><row", 1), "XML không hợp lệ"),
    (lambda xml: re.sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', xml, count=1), "DTD/ENTITY"),
], ids=["bare ampersand", "broken tag", "entity declaration"])
def test_malformed_xml_in_a_sheet_is_a_message_naming_file_and_sheet(fault, expected):
    files = parts(GOOD)
    name = first_sheet(files)
    files[name] = fault(files[name].decode("utf-8")).encode("utf-8")
    rep = ingest_read.read("tinh-bao-cao.xlsx", rezip(files))
    assert rep.problems and not rep.sheets
    p = rep.problems[0]
    assert expected in p.message and p.file == "tinh-bao-cao.xlsx" and p.kind == "format", p
    assert p.sheet or name in p.message, p


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "[Content_Types].xml",
                                  "xl/_rels/workbook.xml.rels"])
def test_malformed_xml_in_any_other_part_is_a_message_not_a_traceback(part):
    files = parts(GOOD)
    if part not in files:
        pytest.skip(f"the sample has no {part}")
    files[part] = files[part].replace(b">", b"> & ", 1)
    rep = ingest_read.read("tinh-bao-cao.xlsx", rezip(files))
    assert rep.problems and rep.problems[0].file == "tinh-bao-cao.xlsx", rep.problems
    assert rep.problems[0].kind in ("format", "macro"), rep.problems[0]
