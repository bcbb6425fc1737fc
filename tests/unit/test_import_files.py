"""Reading reports as offices make them, and refusing what must not be opened: the samples of
tests/samples (written by scripts/make_samples.py), zip bombs built here, and the value parsers."""
import datetime as dt
import io
import zipfile

import pandas as pd
import pytest

from antq.ingest import read as ingest_read, spec, values as val
from tests.import_support import SAMPLES, sample


def read(name):
    return ingest_read.read(*sample(name))


def test_office_workbook_title_row_merged_two_row_header_numbering_and_total_rows():
    rep = read("bd-2024-good.xlsx")
    assert not rep.problems
    by = {s.table: s for s in rep.sheets}
    assert set(by) == {"tipoffs", "cases", "activities"}
    tips = by["tipoffs"]
    # title rows 1-2, header rows 4-5 (merged), "(1) (2) …" in row 6: data from row 7, total row left out
    assert tips.header_row == 5 and tips.data.index[0] == 7 and len(tips.data) == 400
    assert tips.columns["tip_id"] == "B «Mã nguồn tin»" and tips.columns["commune_code"] == "D «Mã xã»"
    assert tips.data["received_on"].str.fullmatch(r"\d\d/\d\d/2024").all()  # dates typed as dd/mm/yyyy text
    cases = by["cases"]
    # "Số đối tượng bị bắt", "Súng", "Vũ khí thô sơ, hung khí" under a "Kết quả" header merged across them
    assert {"arrests", "guns", "primitive_weapons", "solved_on"} <= set(cases.columns)
    assert cases.columns["guns"] == "H «Súng»"
    assert rep.meta == {"province": "74", "period_from": "01/01/2024", "period_to": "31/12/2024"}
    assert any("dòng tổng cộng 407" in n for n in rep.notices)
    assert any("«Tên xã, phường»" in n for n in rep.notices)  # a column outside the template is named, then ignored


def test_dotted_thousands_and_text_dates_become_numbers_and_dates():
    rep = read("bd-2024-good.xlsx")
    acts = next(s for s in rep.sheets if s.table == "activities")
    raw = acts.data["families_committed"]
    dotted = raw[raw.map(lambda x: isinstance(x, str) and "." in x)]
    assert len(dotted) > 100
    values, bad = val.parse_int(dotted)
    assert not bad.any() and (values == dotted.str.replace(".", "").astype(int)).all()
    months, bad = val.parse_date(acts.data["month"], month=True)
    assert not bad.any() and set(months.dt.month) == set(range(1, 13)) and (months.dt.day == 1).all()


@pytest.mark.parametrize("raw,expected", [
    (1616, 1616), ("1616", 1616), ("1.616", 1616), ("1,616", 1616), ("1 616", 1616), (1616.0, 1616),
    ("2.350.000", 2_350_000), ("-3", -3), (None, None), ("", None)])
def test_integers_as_written(raw, expected):
    v, bad = val.parse_int(pd.Series([raw], dtype=object))
    assert not bad.iloc[0]
    assert (pd.isna(v.iloc[0]) if expected is None else v.iloc[0] == expected)


@pytest.mark.parametrize("raw", ["abc", "12,5", 12.5, "1.61", True, dt.datetime(2024, 1, 1)])
def test_what_is_not_an_integer(raw):
    assert val.parse_int(pd.Series([raw], dtype=object))[1].iloc[0]


@pytest.mark.parametrize("raw,month,expected", [
    ("05/03/2024", False, "2024-03-05"), ("5/3/2024", False, "2024-03-05"), ("05-03-2024", False, "2024-03-05"),
    ("2024-03-05", False, "2024-03-05"), (dt.datetime(2024, 3, 5), False, "2024-03-05"), (45356, False, "2024-03-05"),
    ("03/2024", True, "2024-03-01"), ("tháng 3/2024", True, "2024-03-01"), ("15/03/2024", True, "2024-03-01")])
def test_dates_as_written(raw, month, expected):
    v, bad = val.parse_date(pd.Series([raw], dtype=object), month=month)
    assert not bad.iloc[0] and v.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("raw", ["31/02/2024", "2024/13/01", "hôm qua", 12.5, "03/2024"])
def test_what_is_not_a_date(raw):
    assert val.parse_date(pd.Series([raw], dtype=object))[1].iloc[0]


def test_booleans_codes_choices_and_broken_encoding():
    b, bad = val.parse_bool(pd.Series(["Có", "không", "x", "TRUE", 0, True, "có lẽ"], dtype=object))
    assert b.iloc[:6].tolist() == [True, False, True, True, False, True] and bad.tolist() == [False] * 6 + [True]
    c, bad = val.parse_code(pd.Series([4, "00004", "25741", 25741.0, "1234567", "ab"], dtype=object), 5)
    assert c.iloc[:4].tolist() == ["00004", "00004", "25741", "25741"] and bad.tolist() == [False] * 4 + [True, True]
    allowed = spec.column("tipoffs", "category").allowed
    ch, bad = val.parse_choice(pd.Series(["ma túy", "Ma tuy", " Hình  sự ", "Bom"], dtype=object), allowed)
    assert ch.iloc[:3].tolist() == ["Ma túy", "Ma túy", "Hình sự"] and bad.tolist() == [False, False, False, True]
    fix = val.mojibake(pd.Series(["Ma tÃºy", "Ma túy", "Trá»±c tiáº¿p", "ÂM"], dtype=object))
    assert fix.iloc[0] == "Ma túy" and pd.isna(fix.iloc[1]) and fix.iloc[2] == "Trực tiếp" and pd.isna(fix.iloc[3])


def test_csv_in_windows_1258_is_reported_line_by_line_then_read_by_its_best_guess():
    rep = read("bd-2024-tips-cp1258.csv")
    enc = [p for p in rep.problems if p.kind == "encoding"]
    assert enc and all("Windows-1258" in p.message and "UTF-8" in p.message and p.row for p in enc)
    assert rep.problems == enc  # nothing else is wrong with it
    tips = rep.sheets[0]
    assert tips.table == "tipoffs" and len(tips.data) == 30
    assert set(val.parse_choice(tips.data["category"], spec.column("tipoffs", "category").allowed)[0]) <= set(
        spec.column("tipoffs", "category").allowed)  # decoded as cp1258: the Vietnamese is intact


def test_utf8_csv_with_semicolons_and_bom():
    rep = read("hcm-2025h2-tips.csv")
    assert not rep.problems and rep.sheets[0].table == "tipoffs" and len(rep.sheets[0].data) == 120
    assert rep.sheets[0].data.index[0] == 2  # line numbers as the officer sees them


# ---------------------------------------------------------------- refused, never opened

def _bomb(total_mb: int, name="xl/worksheets/sheet1.xml") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open(name, "w", force_zip64=True) as f:
            chunk = b"0" * (1 << 20)
            for _ in range(total_mb):
                f.write(chunk)
    return buf.getvalue()


def test_zip_bomb_by_ratio():
    data = _bomb(20)
    assert len(data) < 200_000
    rep = ingest_read.read("bom.xlsx", data)
    assert [p.kind for p in rep.problems] == ["zip_bomb"] and "bom nén" in rep.problems[0].message
    assert not rep.sheets


def test_zip_bomb_by_total_size(monkeypatch):
    monkeypatch.setattr(ingest_read, "MAX_RATIO", 10**9)  # only the total is checked here
    rep = ingest_read.read("bom.xlsx", _bomb(ingest_read.MAX_UNCOMPRESSED // (1 << 20) + 20))
    assert any(p.kind == "zip_bomb" and "giải nén lên tới" in p.message for p in rep.problems)


def test_oversized_file(monkeypatch):
    monkeypatch.setattr(ingest_read, "MAX_BYTES", 10_000)
    rep = read("bd-2024-good.xlsx")
    assert [p.kind for p in rep.problems] == ["size"] and "vượt giới hạn" in rep.problems[0].message


def test_macros_by_extension_and_by_content():
    rep = read("bd-2024-macro.xlsm")
    assert [p.kind for p in rep.problems] == ["macro"]
    rep = ingest_read.read("renamed.xlsx", (SAMPLES / "bd-2024-macro.xlsm").read_bytes())
    assert [p.kind for p in rep.problems] == ["macro"] and "vbaProject.bin" in rep.problems[0].message


def test_formulas_are_refused_cell_by_cell_never_evaluated():
    rep = read("bd-2024-formulas.xlsx")
    cells = {(p.sheet, p.row, p.column) for p in rep.problems}
    assert {p.kind for p in rep.problems} == {"formula"} and not rep.sheets
    assert cells == {("Nguồn tin", 18, "B"), ("Nguồn tin", 19, "B")}
    assert all("công thức" in p.message for p in rep.problems)


@pytest.mark.parametrize("name,data,expected", [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "bị hỏng"),
    ("notes.docx", b"hello", "Chỉ nhận tệp .xlsx hoặc .csv"),
])
def test_other_files_refused(name, data, expected):
    rep = ingest_read.read(name, data)
    assert rep.refused and expected in rep.problems[0].message


def test_csv_without_known_columns():
    rep = ingest_read.read("x.csv", "a;b;c\n1;2;3\n".encode())
    assert rep.problems and rep.problems[0].kind == "missing_column" and "Mã nguồn tin" in rep.problems[0].message


def test_every_header_name_belongs_to_one_column_of_its_table():
    for table, cols in spec.columns().items():
        seen = {}
        for c in cols:
            for n in c.names:
                assert n not in seen, (table, n, seen.get(n), c.name)
                seen[n] = c.name
        assert spec.table_of_sheet(spec.SHEETS[table]) == table
