"""Write the sample provincial reports of tests/samples/ (committed; re-run to regenerate them).

    python scripts/make_samples.py [--out tests/samples]

Real-shaped, as offices make them: a title row above a two-row header with merged cells, an "STT"
column and a "(1) (2) (3)" numbering row, thousands written with dots ("1.616"), dates typed as
dd/mm/yyyy text, a "Tổng cộng" row at the bottom. Deterministic: the same bytes every run (fixed
seed, fixed zip timestamps).

  bd-2024-good.xlsx          Bình Dương (74), 2024: tips, cases, monthly activities (valid)
  bd-2024-tips-correction.xlsx  the same province and period, tips only, corrected (valid)
  hcm-2025h2-tips.csv        TP Hồ Chí Minh (79), 07–12/2025 on the 2025 map, UTF-8 with BOM, ";" (valid)
  bd-2024-tips-cp1258.csv    tips saved in Windows-1258 instead of UTF-8
  bd-2024-formulas.xlsx      a total row with =COUNTA(...) and a computed cell
  bd-2024-macro.xlsm         a macro workbook (vbaProject.bin)
  bd-2024-every-error.xlsx   every kind of error the importer names
(The zip bomb is built inside the tests: it must not be committed.)
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from antq.ingest import spec  # noqa: E402

SEED = 20240101
FIXED = (2024, 12, 31, 0, 0, 0)
CHANNELS = spec.column("tipoffs", "channel").allowed
CATEGORIES = spec.column("tipoffs", "category").allowed
TIP0, CASE0 = 7_424_000_001, 7_424_500_001


def stable(data: bytes) -> bytes:
    """The same workbook bytes every run: fixed part timestamps and document dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-12-31T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def communes(province: str, era: str) -> list[tuple[str, str]]:
    from antq.data import db
    c = db.run("data_province_communes", province=province)
    c = c[(c["map"] == era) & (c["province_code"] == province)]
    return list(zip(c["commune_code"], c["commune_name"]))


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters with their vowel mark precomposed
    (â, ê, ơ, ư…) and the tone as a combining mark after them."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for m in list(marks):
            joined = unicodedata.normalize("NFC", base + m)
            if len(joined) == 1:
                try:
                    joined.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base = joined
                marks.remove(m)
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def make_tips_cases(rng, places, start: dt.date, end: dt.date, n_tips: int, tip0=TIP0, case0=CASE0):
    days = (end - start).days + 1
    tips, cases = [], []
    case_no = 0
    i = 0
    while i < n_tips:
        code, name = places[rng.integers(len(places))]
        received = start + dt.timedelta(days=int(rng.integers(days)))
        category = CATEGORIES[rng.integers(len(CATEGORIES))]
        valuable = rng.random() < 0.45
        group = 1
        case_id = None
        if valuable and rng.random() < 0.5:
            case_id = case0 + case_no
            case_no += 1
            group = int(rng.integers(1, 4))
            opened = received + dt.timedelta(days=int(rng.integers(0, 4)))
            opened = min(opened, end)
            solved = opened + dt.timedelta(days=int(rng.integers(5, 150))) if rng.random() < 0.7 else None
            cases.append({"case_id": case_id, "commune_code": code, "commune_name": name, "category": category,
                          "opened_on": opened, "solved_on": solved,
                          "arrests": int(rng.integers(0, 6)) if solved else 0,
                          "guns": int(rng.random() < 0.05) if solved else 0,
                          "primitive_weapons": int(rng.integers(0, 4)) if solved else 0})
        for k in range(min(group, n_tips - i)):
            tips.append({"tip_id": tip0 + i, "received_on": received, "commune_code": code, "commune_name": name,
                         "channel": CHANNELS[rng.integers(len(CHANNELS))], "category": category,
                         "valuable": valuable or case_id is not None, "case_id": case_id})
            i += 1
    return tips, cases


def make_activities(rng, places, year: int):
    rows = []
    for m in range(1, 13):
        for code, name in places:
            assessed = int(rng.integers(3, 12)) if m == 12 else 0
            rows.append({"month": dt.date(year, m, 1), "commune_code": code, "commune_name": name,
                         "propaganda_sessions": int(rng.integers(0, 6)), "propaganda_participants": int(rng.integers(0, 2500)),
                         "families_committed": int(rng.integers(200, 3200)), "students_committed": int(rng.integers(0, 400)),
                         "commendations_collective": int(rng.integers(0, 2)), "commendations_individual": int(rng.integers(0, 3)),
                         "safety_units_assessed": assessed, "safety_units_passed": int(rng.integers(0, assessed + 1)) if assessed else 0})
    return rows


# ---------------------------------------------------------------- government-style sheets

def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side
    thin = Side(style="thin")
    return Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True), Border(thin, thin, thin, thin)


def office_sheet(wb, title: str, heading: str, groups: list, rows: list[list], total: list | None = None,
                 formulas: bool = False):
    """A sheet as a provincial office lays it out.

    groups: one entry per column: ("label",) for a label spanning both header rows, or
    ("group", "label") for a sub-column under a group label merged across its columns."""
    from openpyxl.utils import get_column_letter as L
    bold, center, border = _styles()
    ws = wb.create_sheet(title)
    n = len(groups)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws.cell(1, 1, "CÔNG AN TỈNH BÌNH DƯƠNG" if "BD" in heading or "BÌNH DƯƠNG" in heading else "CÔNG AN").font = bold
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    ws.cell(2, 1, heading).font = bold
    ws.cell(2, 1).alignment = center
    # header rows 4-5
    j = 1
    while j <= n:
        g = groups[j - 1]
        if len(g) == 1:
            ws.merge_cells(start_row=4, start_column=j, end_row=5, end_column=j)
            ws.cell(4, j, g[0])
            j += 1
        else:
            k = j
            while k <= n and len(groups[k - 1]) == 2 and groups[k - 1][0] == g[0]:
                ws.cell(5, k, groups[k - 1][1])
                k += 1
            ws.merge_cells(start_row=4, start_column=j, end_row=4, end_column=k - 1)
            ws.cell(4, j, g[0])
            j = k
    for r in (4, 5):
        for c in range(1, n + 1):
            ws.cell(r, c).font, ws.cell(r, c).alignment, ws.cell(r, c).border = bold, center, border
    for c in range(1, n + 1):
        ws.cell(6, c, f"({c})").alignment = center
        ws.column_dimensions[L(c)].width = 16
    r = 7
    for row in rows:
        for c, v in enumerate(row, start=1):
            cell = ws.cell(r, c, v)
            if isinstance(v, dt.date):
                cell.number_format = "dd/mm/yyyy"
        r += 1
    if total is not None:
        for c, v in enumerate(total, start=1):
            ws.cell(r, c, v).font = bold
        if formulas:
            ws.cell(r, 2, f"=COUNTA(B7:B{r - 1})")
            ws.cell(r + 1, 2, "=1+1")
    return ws


TIP_GROUPS = [("STT",), ("Mã nguồn tin",), ("Ngày tiếp nhận",), ("Địa bàn", "Mã xã"), ("Địa bàn", "Tên xã, phường"),
              ("Kênh tiếp nhận",), ("Lĩnh vực",), ("Có giá trị",), ("Mã vụ việc",), ("Ghi chú",)]
CASE_GROUPS = [("STT",), ("Mã vụ việc",), ("Mã xã",), ("Lĩnh vực",), ("Ngày thụ lý",), ("Ngày điều tra, khám phá",),
               ("Kết quả", "Số đối tượng bị bắt"), ("Kết quả", "Súng"), ("Kết quả", "Vũ khí thô sơ, hung khí")]
ACT_GROUPS = [("STT",), ("Tháng",), ("Mã xã",), ("Tên xã",),
              ("Tuyên truyền", "Số buổi tuyên truyền"), ("Tuyên truyền", "Lượt người dự"),
              ("Ký cam kết", "Hộ gia đình ký cam kết"), ("Ký cam kết", "Học sinh, sinh viên ký cam kết"),
              ("Khen thưởng", "Tập thể"), ("Khen thưởng", "Cá nhân"),
              ("An toàn về ANTT", "Đơn vị được đánh giá"), ("An toàn về ANTT", "Đơn vị đạt chuẩn")]


def tip_rows(tips, text_dates=True):
    return [[i, t["tip_id"], t["received_on"].strftime("%d/%m/%Y") if text_dates else t["received_on"], t["commune_code"],
             t["commune_name"], t["channel"], t["category"], "Có" if t["valuable"] else "Không", t["case_id"], None]
            for i, t in enumerate(tips, start=1)]


def case_rows(cases):
    return [[i, c["case_id"], c["commune_code"], c["category"], c["opened_on"],
             c["solved_on"].strftime("%d/%m/%Y") if c["solved_on"] else None, c["arrests"], c["guns"], c["primitive_weapons"]]
            for i, c in enumerate(cases, start=1)]


def activity_rows(acts):
    out = []
    for i, a in enumerate(acts, start=1):
        big = lambda n: dotted(n) if n >= 1000 else n  # noqa: E731  (offices type 1.616 as text)
        out.append([i, a["month"].strftime("%m/%Y"), a["commune_code"], a["commune_name"], a["propaganda_sessions"],
                    big(a["propaganda_participants"]), big(a["families_committed"]), a["students_committed"],
                    a["commendations_collective"], a["commendations_individual"], a["safety_units_assessed"],
                    a["safety_units_passed"]])
    return out


def info_sheet(wb, province: str, name: str, start: str, end: str):
    ws = wb.active
    ws.title = "Thông tin chung"
    ws["A1"] = f"BÁO CÁO KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ — {name.upper()}"
    for r, (k, v) in enumerate((("Mã tỉnh", province), ("Từ ngày", start), ("Đến ngày", end),
                                ("Đơn vị báo cáo", f"Công an {name}")), start=3):
        ws.cell(r, 1, k)
        ws.cell(r, 2, v).number_format = "@"


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return stable(buf.getvalue())


def good_workbook(tips, cases, acts) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    info_sheet(wb, "74", "Bình Dương", "01/01/2024", "31/12/2024")
    office_sheet(wb, "Nguồn tin", "BÁO CÁO NGUỒN TIN CỦA QUẦN CHÚNG NĂM 2024 — BÌNH DƯƠNG", TIP_GROUPS,
                 tip_rows(tips), total=["Tổng cộng", len(tips)])
    office_sheet(wb, "Vụ việc", "KẾT QUẢ ĐIỀU TRA, KHÁM PHÁ TỪ NGUỒN TIN NĂM 2024 — BÌNH DƯƠNG", CASE_GROUPS,
                 case_rows(cases), total=["Tổng cộng", len(cases), None, None, None, None,
                                          dotted(sum(c["arrests"] for c in cases))])
    office_sheet(wb, "Hoạt động", "KẾT QUẢ HOẠT ĐỘNG HẰNG THÁNG CỦA XÃ, PHƯỜNG NĂM 2024 — BÌNH DƯƠNG", ACT_GROUPS,
                 activity_rows(acts))
    return save(wb)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "tests" / "samples"))
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    bd = communes("74", "2024")
    tips, cases = make_tips_cases(rng, bd, dt.date(2024, 1, 1), dt.date(2024, 12, 31), 400)
    acts = make_activities(rng, bd, 2024)
    files: dict[str, bytes] = {"bd-2024-good.xlsx": good_workbook(tips, cases, acts)}

    # a correction of the tips: ten tips withdrawn, five categories corrected, three tips added
    from openpyxl import Workbook
    fixed = [dict(t) for t in tips if t["case_id"] is None][10:] + [t for t in tips if t["case_id"] is not None]
    for t in fixed[:5]:
        t["category"] = "Kinh tế"
    last = max(t["tip_id"] for t in tips)
    for k in range(3):
        code, name = bd[k]
        fixed.append({"tip_id": last + 1 + k, "received_on": dt.date(2024, 12, 20 + k), "commune_code": code,
                      "commune_name": name, "channel": CHANNELS[0], "category": CATEGORIES[0], "valuable": False,
                      "case_id": None})
    fixed.sort(key=lambda t: t["tip_id"])
    wb = Workbook()
    info_sheet(wb, "74", "Bình Dương", "01/01/2024", "31/12/2024")
    office_sheet(wb, "Nguồn tin", "BÁO CÁO NGUỒN TIN NĂM 2024 (BÁO CÁO SỬA ĐỔI) — BÌNH DƯƠNG", TIP_GROUPS,
                 tip_rows(fixed), total=["Tổng cộng", len(fixed)])
    files["bd-2024-tips-correction.xlsx"] = save(wb)

    # TP Hồ Chí Minh, second half of 2025 on the new map, as a UTF-8 CSV with ";" (Excel, Vietnamese locale)
    hcm = communes("79", "2025")
    htips, _ = make_tips_cases(np.random.default_rng(SEED + 1), hcm, dt.date(2025, 7, 1), dt.date(2025, 12, 31), 120,
                               tip0=7_925_000_001, case0=7_925_500_001)
    lines = ["Mã nguồn tin;Ngày tiếp nhận;Mã xã;Kênh tiếp nhận;Lĩnh vực;Có giá trị"]
    lines += [f"{t['tip_id']};{t['received_on']:%d/%m/%Y};{t['commune_code']};{t['channel']};{t['category']};"
              f"{'Có' if t['valuable'] else 'Không'}" for t in htips]
    files["hcm-2025h2-tips.csv"] = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")

    # the first tips of the good report saved in Windows-1258
    lines = ["Mã nguồn tin,Ngày tiếp nhận,Mã xã,Kênh tiếp nhận,Lĩnh vực,Có giá trị"]
    lines += [f"{t['tip_id'] + 90_000},{t['received_on']:%d/%m/%Y},{t['commune_code']},{t['channel']},{t['category']},"
              f"{'Có' if t['valuable'] and t['case_id'] is None else 'Không'}" for t in tips[:30]]
    files["bd-2024-tips-cp1258.csv"] = to_cp1258("\r\n".join(lines) + "\r\n")

    # formulas in the total row
    wb = Workbook()
    info_sheet(wb, "74", "Bình Dương", "01/01/2024", "31/12/2024")
    office_sheet(wb, "Nguồn tin", "BÁO CÁO NGUỒN TIN NĂM 2024 — BÌNH DƯƠNG", TIP_GROUPS,
                 tip_rows([t for t in tips[:20] if t["case_id"] is None]), total=["Tổng cộng", None], formulas=True)
    files["bd-2024-formulas.xlsx"] = save(wb)

    # a macro workbook: the good workbook with a VBA part and the macro-enabled content type
    src = zipfile.ZipFile(io.BytesIO(files["bd-2024-tips-correction.xlsx"]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
                    b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED), body, zipfile.ZIP_DEFLATED)
        dst.writestr(zipfile.ZipInfo("xl/vbaProject.bin", FIXED), b"\xd0\xcf\x11\xe0" + b"Sub AutoOpen()\x00" * 64)
    files["bd-2024-macro.xlsm"] = buf.getvalue()

    files["bd-2024-every-error.xlsx"] = every_error_workbook(bd)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(f"{out / name}  {len(data) / 1e3:.1f} kB")
    return 0


def every_error_workbook(bd) -> bytes:
    """One workbook with every kind of error (the tests look for each message). Its period is 2024–2025,
    so that a row of the second half of 2025 with an old commune code is wrong for its map only.
    (Every 2025 code is also a 2024 code, so an old-map row can only be caught by its province.)"""
    from openpyxl import Workbook
    from antq.data import db
    other = db.run("data_province_communes", province="01")
    hanoi = other[other["map"] == "2024"]["commune_code"].iloc[0]        # a commune of Hà Nội
    (c1, n1), (c2, n2) = bd[0], bd[1]
    wb = Workbook()
    info_sheet(wb, "74", "Bình Dương", "01/01/2024", "31/12/2025")
    T = 7_424_900_001
    tips = [  # STT, id, date, code, name, channel, category, valuable, case, note
        [1, T, "15/03/2024", c1, n1, "Trực tiếp", "Ma túy", "Có", 7_424_990_001, "hợp lệ"],
        [2, T + 1, "16/03/2024", "99999", "?", "Trực tiếp", "Ma túy", "Không", None, "mã xã không tồn tại"],
        [3, T + 2, "17/09/2025", c1, n1, "Trực tiếp", "Ma túy", "Không", None, "mã xã cũ sau 01/07/2025"],
        [4, T + 3, "18/03/2024", hanoi, "?", "Trực tiếp", "Ma túy", "Không", None, "xã của tỉnh khác"],
        [5, T + 4, "05/01/2026", c1, n1, "Trực tiếp", "Ma túy", "Không", None, "ngoài kỳ báo cáo"],
        [6, T + 5, "31/02/2024", c1, n1, "Trực tiếp", "Ma túy", "Không", None, "ngày không hợp lệ"],
        [7, T + 6, "20/03/2024", c1, n1, "Bồ câu đưa thư", "Ma túy", "Không", None, "kênh không cho phép"],
        [8, T + 6, "21/03/2024", c1, n1, "Trực tiếp", "Ma tÃºy", "có lẽ", None, "trùng mã, sai bảng mã, sai Có/Không"],
        [9, 1, "22/03/2024", c1, n1, "Trực tiếp", "Hình sự", "Không", None, "mã đã có trong bộ dữ liệu"],
        [10, T + 8, "23/03/2024", c1, n1, "Trực tiếp", "Hình sự", "Có", 7_424_999_999, "vụ việc không tồn tại"],
        [11, T + 9, "10/04/2024", c2, n2, "Trực tiếp", "Hình sự", "Có", 7_424_990_002, "phá án trước nguồn tin"],
        [12, "abc", "24/03/2024", c1, n1, "Trực tiếp", "Hình sự", "Không", None, "mã không phải số"],
    ]
    office_sheet(wb, "Nguồn tin", "BÁO CÁO NGUỒN TIN NĂM 2024 — BÌNH DƯƠNG (CÓ LỖI)", TIP_GROUPS, tips)
    cases = [  # STT, id, code, category, opened, solved, arrests, guns, weapons
        [1, 7_424_990_001, c1, "Ma túy", dt.date(2024, 3, 15), "10/03/2024", 2, 0, 1],       # solved before opened (and tip)
        [2, 7_424_990_002, c2, "Hình sự", dt.date(2024, 4, 1), "05/04/2024", -3, "hai", "1.616"],  # before its tip; negative; text
    ]
    office_sheet(wb, "Vụ việc", "KẾT QUẢ ĐIỀU TRA, KHÁM PHÁ NĂM 2024 (CÓ LỖI)",
                 [g for g in CASE_GROUPS if g != ("Lĩnh vực",)],
                 [[r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8]] for r in cases])  # «Lĩnh vực» left out
    acts = [[1, "03/2024", c1, n1, 2, "1.616", 300, 20, 0, 0, 0, 0],
            [2, "12/2024", c1, n1, 1, 100, 300, 20, 0, 0, 5, 7],                             # passed > assessed
            [3, "01/2027", c1, n1, 1, 100, 300, 20, 0, 0, 0, 0]]                             # in the future
    office_sheet(wb, "Hoạt động", "HOẠT ĐỘNG HẰNG THÁNG NĂM 2024 (CÓ LỖI)", ACT_GROUPS, acts)
    return save(wb)


if __name__ == "__main__":
    sys.exit(main())
