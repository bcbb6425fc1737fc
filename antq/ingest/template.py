"""The report template a provincial data officer fills in (XLSX, built with openpyxl).

    python -m antq template --province 74 [--period-from 2024-01-01 --period-to 2024-12-31] --out mau-74.xlsx

Sheets: «Hướng dẫn» (how to fill it in, the report's province and period in cells the importer reads,
every column with its meaning), one sheet per fact table of the data contract with Vietnamese
headers (dates formatted dd/mm/yyyy, codes as text, drop-down lists for allowed values),
«Giá trị cho phép» (allowed values, model types) and «Mã xã» (the commune codes the province may use
on both maps, from the `communes` view through queries/data_province_communes.sql). No formulas, no
macros: the importer refuses both.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from antq.ingest import read as ingest_read, spec
from antq.fmt import number as N

ALLOWED_SHEET = "Giá trị cho phép"
COMMUNE_SHEET = "Mã xã"
GUIDE_SHEET = "Hướng dẫn"
KIND_VI = {"id": "Số nguyên dương", "ref": "Số nguyên dương (để trống nếu không có)", "count": "Số nguyên ≥ 0",
           "year": "Năm (4 chữ số)", "date": "Ngày dd/mm/yyyy", "month": "Tháng: ngày 01/mm/yyyy hoặc mm/yyyy",
           "bool": "Có / Không", "text": "Văn bản", "choice": "Chọn trong danh sách", "commune": "Mã xã 5 chữ số (văn bản)",
           "era": "2024 hoặc 2025 (có thể để trống)"}
RULES = [
    "Mỗi trang tính là một bảng số liệu; giữ nguyên dòng tiêu đề (dòng 1). Có thể xóa trang không dùng.",
    "Ghi «Mã tỉnh», «Từ ngày», «Đến ngày» ở trên: kỳ báo cáo. Mọi ngày trong báo cáo phải nằm trong kỳ và không ở tương lai.",
    "Mã xã là 5 chữ số (giữ số 0 ở đầu). Dòng có ngày trước 01/07/2025 dùng mã xã bản đồ 2024 (63 tỉnh); "
    "từ 01/07/2025 dùng mã xã bản đồ 2025 (34 tỉnh). Xem trang «Mã xã».",
    "Cột «Bản đồ hành chính» có thể để trống: hệ thống tự xác định theo ngày của dòng.",
    "Số đếm là số nguyên không âm; có thể viết 1.616 (dấu chấm ngăn cách hàng nghìn). Ngày viết dd/mm/yyyy.",
    "Mã nguồn tin, mã vụ việc, mã điểm là duy nhất toàn quốc: nên bắt đầu bằng mã tỉnh (ví dụ 74…).",
    "Nguồn tin dẫn tới vụ việc ghi «Mã vụ việc» (vụ việc có ở trang «Vụ việc» hoặc đã báo cáo trước) và «Có giá trị» = Có.",
    "Không dùng công thức, macro, mật khẩu. Tệp tối đa "
    f"{ingest_read.MAX_BYTES // (1024 * 1024)} MB; có thể nộp thay bằng tệp CSV (UTF-8) cùng các cột.",
    "Báo cáo cùng tỉnh, cùng kỳ, cùng bảng với báo cáo đã nộp được coi là báo cáo sửa đổi: thay toàn bộ số liệu cũ của bảng đó.",
]


def province_communes(province: str):
    from antq.data import db
    return db.run("data_province_communes", province=province)


def model_types():
    import pandas as pd
    from antq import paths
    return pd.read_csv(paths.REFERENCE / "model_catalogue.csv", dtype=str)[["model_type", "name_vi"]]


def build(province: str, period_from: dt.date | None = None, period_to: dt.date | None = None,
          province_name: str = "", communes=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    communes = province_communes(province) if communes is None else communes
    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    wb = Workbook()
    g = wb.active
    g.title = GUIDE_SHEET
    g["A1"] = "MẪU BÁO CÁO SỐ LIỆU PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"
    g["A1"].font = Font(bold=True, size=13)
    meta = [("Mã tỉnh", province, province_name), ("Từ ngày", _d(period_from), ""), ("Đến ngày", _d(period_to), "")]
    for i, (label, value, note) in enumerate(meta, start=3):
        g.cell(i, 1, label).font = bold
        c = g.cell(i, 2, value)
        c.number_format = "@"
        c.fill = PatternFill("solid", fgColor="FFF2CC")
        g.cell(i, 3, note)
    r = 7
    g.cell(r, 1, "Cách điền").font = bold
    for i, rule in enumerate(RULES, start=1):
        g.cell(r + i, 1, f"{i}.")
        g.cell(r + i, 2, rule).alignment = Alignment(wrap_text=True)
    r += len(RULES) + 2
    for j, h in enumerate(("Trang tính", "Cột (tiêu đề)", "Tên trong hợp đồng dữ liệu", "Bắt buộc", "Cách ghi",
                           "Ý nghĩa", "Giá trị cho phép"), start=1):
        g.cell(r, j, h).font = bold
        g.cell(r, j).fill = head_fill
    for table in spec.TABLES:
        for c in spec.columns()[table]:
            r += 1
            allowed = "; ".join(c.allowed) if c.allowed else ("xem trang «Giá trị cho phép»" if c.name == "model_type" else "")
            for j, v in enumerate((spec.SHEETS[table], c.label, c.name, "Có" if c.required else "Không",
                                   KIND_VI[c.kind], c.meaning_vi, allowed), start=1):
                g.cell(r, j, v).alignment = wrap
    for col, width in zip("ABCDEFG", (16, 34, 30, 10, 26, 48, 40)):
        g.column_dimensions[col].width = width

    # allowed values
    a = wb.create_sheet(ALLOWED_SHEET)
    lists = [("Có giá trị / Có-Không", ("Có", "Không"))]
    for table, name in (("tipoffs", "channel"), ("tipoffs", "category"), ("festival_sites", "level")):
        col = spec.column(table, name)
        lists.append((col.label, col.allowed))
    mt = model_types()
    lists.append(("Loại mô hình (mã)", tuple(mt["model_type"])))
    ranges = {}
    for j, (title, values) in enumerate(lists, start=1):
        a.cell(1, j, title).font = bold
        for i, v in enumerate(values, start=2):
            a.cell(i, j, v)
        letter = get_column_letter(j)
        ranges[title] = f"'{ALLOWED_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        a.column_dimensions[letter].width = 30
    j = len(lists) + 1
    a.cell(1, j, "Tên loại mô hình").font = bold
    for i, v in enumerate(mt["name_vi"], start=2):
        a.cell(i, j, v)
    a.column_dimensions[get_column_letter(j)].width = 45

    # one sheet per table
    for table in spec.TABLES:
        ws = wb.create_sheet(spec.SHEETS[table])
        for j, c in enumerate(spec.columns()[table], start=1):
            cell = ws.cell(1, j, c.label)
            cell.font, cell.fill, cell.alignment = bold, head_fill, Alignment(wrap_text=True, vertical="center")
            cell.comment = Comment(f"{c.name}: {c.meaning_vi}. {KIND_VI[c.kind]}.", "ANTQ")
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(14, min(32, len(c.label) + 4))
            fmt = {"date": "dd/mm/yyyy", "month": "mm/yyyy", "commune": "@", "era": "@", "text": "@",
                   "count": "#,##0", "id": "0", "ref": "0"}.get(c.kind)
            if fmt:  # a column style: Excel gives it to every cell typed in the column
                ws.column_dimensions[letter].number_format = fmt
            source = {"bool": "Có giá trị / Có-Không", "choice": None}.get(c.kind, "")
            if c.kind == "choice":
                source = "Loại mô hình (mã)" if c.name == "model_type" else c.label
            if source:
                dv = DataValidation(type="list", formula1=ranges[source], allow_blank=not c.required,
                                    showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                                    error="Chọn một giá trị trong danh sách.")
                dv.add(f"{letter}2:{letter}50001")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 32

    # commune codes of the province on both maps
    m = wb.create_sheet(COMMUNE_SHEET)
    heads = ("Bản đồ", "Dùng cho ngày", "Mã xã", "Tên xã", "Loại", "Mã tỉnh", "Tên tỉnh")
    for j, h in enumerate(heads, start=1):
        m.cell(1, j, h).font = bold
        m.cell(1, j).fill = head_fill
    for i, row in enumerate(communes.itertuples(index=False), start=2):
        when = "trước 01/07/2025" if row.map == "2024" else "từ 01/07/2025"
        for j, v in enumerate((row.map, when, row.commune_code, row.commune_name, row.commune_type,
                               row.province_code, row.province_name), start=1):
            c = m.cell(i, j, v)
            c.number_format = "@"
    for col, width in zip("ABCDEFG", (8, 18, 10, 30, 12, 9, 22)):
        m.column_dimensions[col].width = width
    m.freeze_panes = "A2"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _d(x) -> str:
    return x.strftime("%d/%m/%Y") if x else ""


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq template", description="Tạo mẫu báo cáo (XLSX) cho một tỉnh.")
    ap.add_argument("--province", required=True, help="mã tỉnh (2 chữ số, bản đồ 2024 hoặc 2025)")
    ap.add_argument("--period-from", help="kỳ báo cáo từ ngày (yyyy-mm-dd)")
    ap.add_argument("--period-to", help="kỳ báo cáo đến ngày (yyyy-mm-dd)")
    ap.add_argument("--out", required=True, help="tệp .xlsx sẽ tạo")
    a = ap.parse_args(argv)
    from antq.data import db
    names = {}
    for mp in ("2025", "2024"):
        p = db.run("provinces_of_map", map=mp)
        names.update(dict(zip(p["province_code"], p["province_name"])))
    code = a.province.zfill(2)
    if code not in names:
        print(f"Mã tỉnh «{a.province}» không có trên bản đồ 2024 hay 2025.", file=sys.stderr)
        return 2
    pf = dt.date.fromisoformat(a.period_from) if a.period_from else None
    pt = dt.date.fromisoformat(a.period_to) if a.period_to else None
    data = build(code, pf, pt, names[code])
    Path(a.out).write_bytes(data)
    print(f"Đã tạo mẫu báo cáo {a.out} cho {names[code]} (mã {code}), {N(len(data) / 1e3)} kB.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
