"""What a provincial report may contain: the five fact tables of the data contract a province fills
in, their columns with Vietnamese headers (the template's) and the other names a workbook may use,
the kind of every column (how it is read and checked), the row key and the date of a row.

Built from data/reference/data_contract.csv (types, required, allowed values), so the template, the
importer and the contract cannot drift apart. model_types (the national catalogue) and
commune_population (estimates made centrally) are reference tables: a province does not fill them;
the template lists the model types as allowed values.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from antq.data import contract
TABLES = ("tipoffs", "cases", "model_sites", "festival_sites", "activities")
SHEETS = {"tipoffs": "Nguồn tin", "cases": "Vụ việc", "model_sites": "Điểm mô hình",
          "festival_sites": "Ngày hội", "activities": "Hoạt động"}
SHEET_ALIASES = {"tipoffs": ("nguon tin", "tin bao", "tipoffs"), "cases": ("vu viec", "vu an", "cases"),
                 "model_sites": ("diem mo hinh", "mo hinh", "model sites", "model_sites"),
                 "festival_sites": ("ngay hoi", "festival", "festival_sites"),
                 "activities": ("hoat dong", "activities")}
TABLE_NAMES_VI = {"tipoffs": "nguồn tin", "cases": "vụ việc", "model_sites": "điểm mô hình",
                  "festival_sites": "điểm tổ chức Ngày hội", "activities": "hoạt động hằng tháng"}
KEYS = {"tipoffs": ("tip_id",), "cases": ("case_id",), "model_sites": ("site_id",),
        "festival_sites": ("site_id",), "activities": ("month", "commune_code")}
ROW_DATE = {"tipoffs": "received_on", "cases": "opened_on", "model_sites": "started_on",
            "festival_sites": "held_on", "activities": "month"}
REFORM = "2025-07-01"  # the 2025 map applies to rows dated from this day

# Template header (Vietnamese) and further names a province's own workbook may use for a column.
LABELS: dict[tuple[str, str], tuple[str, ...]] = {
    ("tipoffs", "tip_id"): ("Mã nguồn tin", "Mã tin báo", "Số hiệu nguồn tin"),
    ("tipoffs", "received_on"): ("Ngày tiếp nhận", "Ngày nhận", "Ngày tiếp nhận tin"),
    ("tipoffs", "channel"): ("Kênh tiếp nhận", "Hình thức tiếp nhận", "Kênh"),
    ("tipoffs", "category"): ("Lĩnh vực", "Loại tin"),
    ("tipoffs", "valuable"): ("Có giá trị", "Nguồn tin có giá trị", "Tin có giá trị"),
    ("tipoffs", "case_id"): ("Mã vụ việc", "Vụ việc liên quan", "Mã vụ án"),
    ("cases", "case_id"): ("Mã vụ việc", "Mã vụ án", "Số hiệu vụ việc"),
    ("cases", "category"): ("Lĩnh vực", "Loại vụ việc"),
    ("cases", "opened_on"): ("Ngày thụ lý", "Ngày tiếp nhận vụ việc"),
    ("cases", "solved_on"): ("Ngày phá án", "Ngày điều tra khám phá", "Ngày điều tra, khám phá", "Ngày khám phá"),
    ("cases", "arrests"): ("Số đối tượng bị bắt", "Số đối tượng", "Đối tượng bị bắt", "Bắt giữ (đối tượng)"),
    ("cases", "guns"): ("Số súng thu giữ", "Súng", "Súng thu giữ", "Số súng"),
    ("cases", "primitive_weapons"): ("Số vũ khí thô sơ", "Vũ khí thô sơ", "Vũ khí thô sơ, hung khí", "Số vũ khí thô sơ, hung khí"),
    ("model_sites", "site_id"): ("Mã điểm mô hình", "Mã điểm"),
    ("model_sites", "model_id"): ("Mã mô hình",),
    ("model_sites", "model_name"): ("Tên mô hình", "Tên mô hình ở địa phương"),
    ("model_sites", "is_origin"): ("Điểm khởi xướng", "Là điểm khởi xướng"),
    ("model_sites", "model_type"): ("Loại mô hình", "Mã loại mô hình"),
    ("model_sites", "started_on"): ("Ngày bắt đầu", "Ngày thành lập", "Ngày ra mắt"),
    ("model_sites", "ended_on"): ("Ngày dừng", "Ngày ngừng hoạt động"),
    ("model_sites", "effective"): ("Hoạt động hiệu quả", "Hiệu quả"),
    ("model_sites", "members"): ("Số thành viên", "Số hội viên", "Thành viên"),
    ("model_sites", "cameras"): ("Số camera", "Số camera an ninh", "Camera"),
    ("festival_sites", "site_id"): ("Mã điểm tổ chức", "Mã điểm"),
    ("festival_sites", "year"): ("Năm",),
    ("festival_sites", "held_on"): ("Ngày tổ chức",),
    ("festival_sites", "level"): ("Cấp tổ chức", "Cấp"),
    ("festival_sites", "showcase"): ("Ngày hội điểm", "Là Ngày hội điểm"),
    ("festival_sites", "participants"): ("Số người tham dự", "Số người dự", "Người tham dự"),
    ("festival_sites", "leaders_politburo"): ("Ủy viên Bộ Chính trị", "Ủy viên Bộ Chính trị dự"),
    ("festival_sites", "leaders_secretariat"): ("Ủy viên Ban Bí thư", "Ủy viên Ban Bí thư dự"),
    ("festival_sites", "leaders_cc_central"): ("Ủy viên TW (ban, bộ, ngành TW)",),
    ("festival_sites", "leaders_cc_provincial_secretary"): ("Ủy viên TW là Bí thư Tỉnh ủy, Thành ủy",),
    ("festival_sites", "leaders_province_standing"): ("Ủy viên BTV Tỉnh ủy, Thành ủy", "Ủy viên Ban Thường vụ Tỉnh ủy, Thành ủy"),
    ("festival_sites", "leaders_district_standing"): ("Ủy viên BTV Huyện ủy", "Ủy viên Ban Thường vụ Huyện ủy"),
    ("activities", "month"): ("Tháng", "Tháng báo cáo", "Kỳ báo cáo"),
    ("activities", "propaganda_sessions"): ("Số buổi tuyên truyền", "Buổi tuyên truyền"),
    ("activities", "propaganda_participants"): ("Lượt người dự tuyên truyền", "Lượt người dự", "Số lượt người dự"),
    ("activities", "families_committed"): ("Số hộ ký cam kết", "Số hộ gia đình ký cam kết", "Hộ gia đình ký cam kết"),
    ("activities", "students_committed"): ("Số học sinh, sinh viên ký cam kết", "Học sinh, sinh viên ký cam kết", "HSSV ký cam kết"),
    ("activities", "commendations_collective"): ("Tập thể được khen thưởng", "Khen thưởng tập thể", "Tập thể"),
    ("activities", "commendations_individual"): ("Cá nhân được khen thưởng", "Khen thưởng cá nhân", "Cá nhân"),
    ("activities", "safety_units_assessed"): ("Đơn vị được đánh giá An toàn ANTT", "Số đơn vị được đánh giá", "Đơn vị được đánh giá"),
    ("activities", "safety_units_passed"): ("Đơn vị đạt chuẩn An toàn ANTT", "Số đơn vị đạt chuẩn", "Đơn vị đạt chuẩn"),
}
COMMON_LABELS = {"commune_code": ("Mã xã", "Mã xã, phường", "Mã đơn vị hành chính cấp xã", "Mã ĐVHC xã"),
                 "admin_era": ("Bản đồ hành chính", "Bản đồ", "admin_era")}
BOOL_TRUE = {"co", "x", "true", "1", "dung", "yes", "y", "c"}
BOOL_FALSE = {"khong", "false", "0", "sai", "no", "n", "k"}

# Column kinds: how a value is read and checked.
#   id (positive integer), ref (an id of another table, optional), count (integer >= 0), year,
#   date, month (first day of a month), bool, text, choice (one of the allowed values),
#   commune (5-digit code), era ('2024' | '2025'; may be left out: the row's date decides it).
_ALLOWED_SPLIT = re.compile(r"\s*;\s*")


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    kind: str
    required: bool
    label: str                 # the template's Vietnamese header
    names: frozenset           # normalised names a header may use for it
    allowed: tuple = ()        # choice columns: the allowed values (model_type: filled from the snapshot)
    meaning_vi: str = ""
    arrow: str = "string"      # the snapshot's arrow type: int64, int32, date32, bool, string


def norm(text) -> str:
    """A header or value reduced for matching: no diacritics, lower case, letters and digits only."""
    s = unicodedata.normalize("NFC", str(text)).replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^a-z0-9]", "", unidecode(s).lower())


def _kind(table: str, name: str, ctype: str) -> str:
    if name == "commune_code":
        return "commune"
    if name == "admin_era":
        return "era"
    if name == "month":
        return "month"
    if name == "case_id" and table == "tipoffs":
        return "ref"
    if name in ("model_id", "model_name"):
        return "text"
    if name in ("channel", "category", "level", "model_type"):
        return "choice"
    if ctype == "BIGINT":
        return "id"
    if name == "year":
        return "year"
    return {"INTEGER": "count", "DATE": "date", "BOOLEAN": "bool"}.get(ctype, "text")


_ARROW = {"BIGINT": "int64", "INTEGER": "int32", "DATE": "date32", "BOOLEAN": "bool", "VARCHAR": "string"}
_OPTIONAL_IN_REPORT = {"admin_era", "year"}  # derived from the row's date when left out


@lru_cache(maxsize=1)
def columns() -> dict[str, tuple[Column, ...]]:
    """Each fact table's columns, in the contract's order."""
    spec = contract.columns()
    out: dict[str, list[Column]] = {t: [] for t in TABLES}
    for r in spec[spec["table"].isin(TABLES)].itertuples(index=False):
        table, name = r.table, r.column
        labels = LABELS.get((table, name)) or COMMON_LABELS.get(name) or (r.meaning_vi,)
        allowed: tuple = ()
        if name in ("channel", "category", "level"):
            source = r.allowed if not r.allowed.startswith("as ") else \
                spec[(spec["table"] == "tipoffs") & (spec["column"] == "category")]["allowed"].iloc[0]
            allowed = tuple(a for a in _ALLOWED_SPLIT.split(source) if a)
        names = frozenset(norm(x) for x in (*labels, name, r.meaning_vi, r.meaning_en) if x)
        out[table].append(Column(table, name, _kind(table, name, r.type),
                                 r.required == "yes" and name not in _OPTIONAL_IN_REPORT,
                                 labels[0], names, allowed, r.meaning_vi, _ARROW[r.type]))
    return {t: tuple(cols) for t, cols in out.items()}


def column(table: str, name: str) -> Column:
    return next(c for c in columns()[table] if c.name == name)


def table_of_sheet(sheet_name: str) -> str | None:
    """The table a sheet holds, by its name (template names and common variants)."""
    n = norm(sheet_name)
    for table, aliases in SHEET_ALIASES.items():
        if n == norm(SHEETS[table]) or any(n == norm(a) for a in aliases):
            return table
    return None


def match_header(table: str, cell) -> str | None:
    """The column of `table` a header cell names, or None."""
    if cell is None:
        return None
    n = norm(cell)
    if not n:
        return None
    for c in columns()[table]:
        if n in c.names:
            return c.name
    return None
