"""The gate every file leaves through (antq/figures/gate.py) and the workbook as office software shows it
(antq/figures/sheets.py): the right checked before the file is made, a refusal and an export audited,
columns sized, a bold frozen header with filters, thousands and decimals as the page shows them, shares
as percentages, the raw value kept."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from antq.auth import access, audit
from antq.figures import gate, sheets
from antq.figures.export import Caption

CAP = Caption(title="Ngày hội theo tỉnh, thành — năm 2022", subtitle="Toàn quốc · Năm 2022 · Sau 1/7/2025",
              source="ngày hội", snapshot_id="demo", data_date=dt.date(2026, 10, 31), simulated=True,
              exported_at=dt.datetime(2026, 12, 2, 8, 30))
DF = pd.DataFrame({
    "Tỉnh, thành phố": ["Thành phố Hồ Chí Minh", "=cmd|' /C calc'!A0", "Hà Nội"],
    "Số điểm tổ chức": [12_345, 678, 1_616],
    "Điểm / 10.000 dân": [8.317125, 0.5, 12.25],
    "Tỷ lệ xã tổ chức": [0.9531, 0.125, 1.0],
    "Ngày": pd.to_datetime(["2022-08-19", "2022-08-20", None]),
})
WHO = access.Access(user="briefing", name="Thử briefing", roles=("briefing",), permissions=frozenset({"view", "export"}))
NOBODY = access.Access(user="officer", name="Thử officer", roles=("data_officer",), permissions=frozenset({"view", "import"}))


def sheet(df=DF):
    return openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(df, CAP))).active


def test_the_workbook_header_is_bold_frozen_filtered_and_every_column_wide_enough():
    ws = sheet()
    header = [c for c in ws[5]]
    assert [c.value for c in header] == list(DF.columns)
    assert all(c.font.bold for c in header) and ws.freeze_panes == "A6" and ws.auto_filter.ref == "A5:E8"
    for j, name in enumerate(DF.columns, start=1):
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width
        longest_word = max(len(w) for w in name.split())
        shown = max(len(str(x)) for x in DF.iloc[:, j - 1] if pd.notna(x))
        assert width >= longest_word + 2 and width >= min(shown, 58) + 2 or name == "Ngày", (name, width)


def test_numbers_show_thousands_the_page_decimals_and_percentages_with_the_raw_value_kept():
    ws = sheet()
    count, rate, share, day = (ws.cell(row=6, column=j) for j in (2, 3, 4, 5))
    assert (count.value, count.number_format) == (12_345, "#,##0")
    assert (rate.value, rate.number_format) == (8.317125, "#,##0.0")  # raw value, one decimal shown
    assert (share.value, share.number_format) == (0.9531, "0.0%")
    assert day.value == dt.datetime(2022, 8, 19) and day.number_format == "dd/mm/yyyy"
    assert ws.cell(row=8, column=5).value is None


def test_a_table_may_say_how_a_column_is_shown():
    df = DF.copy()
    df.attrs["formats"] = {"Điểm / 10.000 dân": "dec2", "Số điểm tổ chức": "text"}
    ws = sheet(df)
    assert ws.cell(row=6, column=3).number_format == "#,##0.00" and ws.cell(row=6, column=2).number_format == "General"


def test_dangerous_cells_are_neutralised_in_both_table_files():
    ws = sheet()
    assert ws.cell(row=7, column=1).value == "'=cmd|' /C calc'!A0" and ws.cell(row=7, column=1).data_type == "s"
    text = gate.table_bytes(DF, CAP, "csv").decode("utf-8-sig")
    assert "\n'=cmd|' /C calc'!A0," in text.replace('"', "")
    for bad in ("|x", "\nx", "@x", "+x", "-x", "=x", "\tx", "\rx"):
        assert sheets.neutralise(bad) == "'" + bad
    assert sheets.neutralise(-2) == -2 and sheets.neutralise("Hà Nội") == "Hà Nội"


def test_the_gate_makes_and_audits_a_file_for_a_person_with_the_right(test_accounts):
    before = len(audit.read())
    out = gate.release(lambda: gate.table_bytes(DF, CAP, "xlsx"), file_name="ngay-hoi.xlsx", what=CAP.title, who=WHO)
    entry, = audit.read()[before:]
    assert entry["event"] == "export" and entry["user"] == "briefing" and entry["file"] == "ngay-hoi.xlsx"
    assert entry["bytes"] == len(out) and len(entry["sha256"]) == 64 and entry["what"] == CAP.title


def test_the_gate_refuses_before_the_file_is_made_and_audits_the_refusal(test_accounts):
    made = []
    before = len(audit.read())
    with pytest.raises(access.AccessDenied, match="không có quyền"):
        gate.release(lambda: made.append(1) or b"x", file_name="ngay-hoi.csv", what="x", who=NOBODY)
    assert made == []
    entry, = audit.read()[before:]
    assert (entry["event"], entry["user"], entry["file"], entry["permission"]) == ("access_denied", "officer", "ngay-hoi.csv", "export")
