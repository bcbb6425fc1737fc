"""The checks of a provincial report, all at once, each naming file, sheet, row and column in
Vietnamese. Vectorised pandas over whole columns: every rule is a boolean mask over the rows.

`check_sheet` reads and checks one sheet's cells (types, blanks, negative counts, allowed values,
broken encoding, dates outside the report's period or in the future, commune codes unknown / of the
wrong map for the row's date / of another province, rules inside a row, duplicate keys inside the
sheet) and returns the rows in the snapshot's types. `check_links` checks what spans sheets and
files of one import (duplicate keys between them, a tip's case, a case solved or opened before its
first tip). Checks against the active snapshot (keys already there) live in antq.ingest.importer, which
knows which earlier report a correction replaces.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from antq.ingest import spec
from antq.ingest import values as val
from antq.ingest.report import Problem, Sheet

REFORM = pd.Timestamp(spec.REFORM)


@dataclass
class Context:
    """What a report is checked against."""
    province: str
    period_from: dt.date
    period_to: dt.date
    today: dt.date
    register: pd.DataFrame          # data_commune_register: admin_era, commune_code, commune_name, province_2024, province_2025
    province_names: dict            # province code -> name (either map)
    model_types: tuple = ()
    _lookup: dict = field(default_factory=dict, repr=False)

    def commune_index(self) -> pd.DataFrame:
        if "idx" not in self._lookup:
            self._lookup["idx"] = self.register.set_index(["admin_era", "commune_code"])
        return self._lookup["idx"]


def d(x) -> str:
    return pd.Timestamp(x).strftime("%d/%m/%Y") if pd.notna(x) else "–"


class Sink:
    """Collects problems of one sheet; `add` turns a row mask into one problem per row."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.items: list[Problem] = []

    def ref(self, column: str | None) -> str:
        if not column:
            return ""
        return self.sheet.columns.get(column) or f"«{spec.column(self.sheet.table, column).label}»"

    def add(self, mask: pd.Series, column: str | None, kind: str, message) -> None:
        rows = mask[mask.fillna(False).astype(bool)].index
        if not len(rows):
            return
        ref = self.ref(column)
        if callable(message):  # messages are built only for the rows that need one
            message = message()
        if isinstance(message, pd.Series):
            texts = message.reindex(rows).tolist()
        else:
            texts = [message] * len(rows)
        f, s = self.sheet.file, self.sheet.sheet
        self.items.extend(Problem(f, s, int(r), ref, m, kind) for r, m in zip(rows, texts))


def _raw(sheet: Sheet, name: str) -> pd.Series:
    if name in sheet.data.columns:
        return sheet.data[name]
    return pd.Series(None, index=sheet.data.index, dtype=object)


def _shown(raw: pd.Series) -> pd.Series:
    """A raw value as the officer typed it, for messages."""
    return raw.map(lambda x: x.strftime("%d/%m/%Y") if isinstance(x, (dt.date, dt.datetime)) else str(x).strip())


def check_sheet(sheet: Sheet, ctx: Context) -> tuple[pd.DataFrame, list[Problem]]:
    sink = Sink(sheet)
    table = sheet.table
    out = pd.DataFrame(index=sheet.data.index)
    for c in spec.columns()[table]:
        raw = _raw(sheet, c.name)
        empty = val.blank(raw)
        if c.kind in ("id", "ref", "count", "year"):
            v, bad = val.parse_int(raw)
            what = {"id": "mã số (số nguyên dương)", "ref": "mã số (số nguyên dương)",
                    "count": "số nguyên không âm", "year": "năm (4 chữ số)"}[c.kind]
            sink.add(bad, c.name, "type", lambda: "«" + _shown(raw) + f"» không phải {what}.")
            if c.kind == "count":
                sink.add(v < 0, c.name, "negative", lambda: "Số âm (" + v.astype(str) + "): số đếm phải lớn hơn hoặc bằng 0.")
            elif c.kind in ("id", "ref"):
                sink.add(v <= 0, c.name, "type", lambda: "Mã " + v.astype(str) + " không hợp lệ: mã phải là số nguyên dương.")
        elif c.kind in ("date", "month"):
            v, bad = val.parse_date(raw, month=c.kind == "month")
            form = "tháng (mm/yyyy hoặc dd/mm/yyyy)" if c.kind == "month" else "ngày hợp lệ (dd/mm/yyyy)"
            sink.add(bad, c.name, "type", lambda: "«" + _shown(raw) + f"» không phải {form}.")
            sink.add(v > pd.Timestamp(ctx.today), c.name, "future",
                     lambda: "Ngày " + v.map(d) + f" ở tương lai (hôm nay là {d(ctx.today)}).")
        elif c.kind == "bool":
            v, bad = val.parse_bool(raw)
            sink.add(bad, c.name, "type", lambda: "«" + _shown(raw) + "» không phải Có/Không.")
        elif c.kind == "choice":
            allowed = ctx.model_types if c.name == "model_type" else c.allowed
            v, bad = val.parse_choice(raw, allowed)
            fix = val.mojibake(raw)
            shown_allowed = "; ".join(allowed) if len(allowed) <= 12 else "; ".join(allowed[:12]) + "…"
            sink.add(bad & fix.isna(), c.name, "allowed",
                     lambda: "«" + _shown(raw) + f"» không thuộc các giá trị cho phép ({shown_allowed}).")
            _encoding(sink, c.name, raw, fix)
        elif c.kind == "commune":
            v, bad = val.parse_code(raw, 5)
            sink.add(bad, c.name, "type", lambda: "Mã xã «" + _shown(raw) + "» không hợp lệ: mã xã gồm 5 chữ số.")
        elif c.kind == "era":
            v, bad = val.parse_era(raw)
            sink.add(bad, c.name, "type", lambda: "«" + _shown(raw) + "» không hợp lệ: bản đồ hành chính là 2024 hoặc 2025.")
        else:
            v, bad = val.parse_text(raw)
            sink.add(bad, c.name, "type", lambda: "«" + _shown(raw) + "» không phải văn bản.")
            _encoding(sink, c.name, raw, val.mojibake(raw))
        if c.required and c.name in sheet.data.columns:
            sink.add(empty, c.name, "empty", f"Ô trống ở cột bắt buộc «{c.label}».")
        out[c.name] = v

    _row_date_rules(sheet, ctx, out, sink)
    _commune_rules(sheet, ctx, out, sink)
    _table_rules(sheet, ctx, out, sink)
    _duplicates_inside(sheet, out, sink)
    return out, sink.items


def _encoding(sink: Sink, column: str, raw: pd.Series, fix: pd.Series) -> None:
    broken = fix.notna()
    if not broken.any():
        return
    msg = lambda: ("Văn bản sai bảng mã «" + _shown(raw) + "»" +
           fix.map(lambda f: f" (có lẽ là «{f}»)" if f else " (có ký tự bị mất)", na_action="ignore") +
           ": tệp đã bị lưu sai bảng mã; hãy lưu lại bằng UTF-8.")
    sink.add(broken, column, "encoding", msg)


def _row_date_rules(sheet: Sheet, ctx: Context, out: pd.DataFrame, sink: Sink) -> None:
    col = spec.ROW_DATE[sheet.table]
    when = out[col]
    start = pd.Timestamp(ctx.period_from)
    if sheet.table == "activities":
        start = start.to_period("M").to_timestamp()
    outside = (when < start) | (when > pd.Timestamp(ctx.period_to))
    sink.add(outside, col, "period", lambda: "Ngày " + when.map(d) +
             f" nằm ngoài kỳ báo cáo ({d(ctx.period_from)} – {d(ctx.period_to)}).")
    era = pd.Series(pd.NA, index=out.index, dtype="string")
    era[when.notna()] = (when[when.notna()] >= REFORM).map({True: "2025", False: "2024"})
    given = out["admin_era"]
    mismatch = given.notna() & era.notna() & (given != era)
    sink.add(mismatch, "admin_era", "era",
             lambda: "Bản đồ «" + given.astype(str) + "» không khớp với ngày " + when.map(d) +
             " (trước 01/07/2025 là bản đồ 2024, từ 01/07/2025 là bản đồ 2025).")
    out["admin_era"] = era


def _commune_rules(sheet: Sheet, ctx: Context, out: pd.DataFrame, sink: Sink) -> None:
    code, era = out["commune_code"], out["admin_era"]
    known = code.notna() & era.notna()
    if not known.any():
        return
    reg = ctx.commune_index()
    keys = pd.MultiIndex.from_arrays([era[known].astype(str), code[known].astype(str)])
    hit = reg.reindex(keys)
    hit.index = code[known].index
    missing = hit["commune_name"].isna()
    other = era[known].map({"2024": "2025", "2025": "2024"})
    on_other = pd.Series(
        pd.MultiIndex.from_arrays([other.astype(str), code[known].astype(str)]).isin(reg.index), index=hit.index)
    wrong_map = missing & on_other
    unknown = missing & ~on_other
    when = out[spec.ROW_DATE[sheet.table]]
    sink.add(unknown.reindex(out.index, fill_value=False), "commune_code", "commune_unknown",
             lambda: "Mã xã «" + code.astype(str) + "» không có trên bản đồ hành chính nào (xem trang «Mã xã» của mẫu).")
    sink.add(wrong_map.reindex(out.index, fill_value=False), "commune_code", "commune_era",
             lambda: "Mã xã «" + code.astype(str) + "» là mã của bản đồ " + other.reindex(out.index).astype(str) +
             " nhưng ngày của dòng là " + when.map(d) + ": dòng này phải dùng mã xã của bản đồ " +
             era.astype(str) + " (trước 01/07/2025 là bản đồ 2024, từ 01/07/2025 là bản đồ 2025).")
    found = ~missing
    inside = (hit["province_2024"] == ctx.province) | (hit["province_2025"] == ctx.province)
    elsewhere = (found & ~inside).reindex(out.index, fill_value=False)
    if elsewhere.any():
        h = hit.reindex(out.index)
        own = h["province_2024"].where(era == "2024", h["province_2025"])
        msg = lambda: ("Xã «" + h["commune_name"].astype(str) + "» (mã " + code.astype(str) + ") thuộc " +
               own.map(lambda p: f"{ctx.province_names.get(p, p)} (mã {p})") +
               f", không thuộc tỉnh của báo cáo ({ctx.province_names.get(ctx.province, ctx.province)}, mã {ctx.province}).")
        sink.add(elsewhere, "commune_code", "commune_province", msg)


def _table_rules(sheet: Sheet, ctx: Context, out: pd.DataFrame, sink: Sink) -> None:
    t = sheet.table
    if t == "tipoffs":
        sink.add(out["case_id"].notna() & (out["valuable"] == False), "valuable", "order",  # noqa: E712
                 "Nguồn tin dẫn tới vụ việc (có «Mã vụ việc») phải là nguồn tin có giá trị (Có).")
    elif t == "cases":
        sink.add(out["solved_on"] < out["opened_on"], "solved_on", "order",
                 lambda: "Ngày phá án " + out["solved_on"].map(d) + " trước ngày thụ lý " + out["opened_on"].map(d) + ".")
    elif t == "model_sites":
        sink.add(out["ended_on"] < out["started_on"], "ended_on", "order",
                 lambda: "Ngày dừng " + out["ended_on"].map(d) + " trước ngày bắt đầu " + out["started_on"].map(d) + ".")
        origins = out[out["is_origin"] == True].groupby("model_id").size()  # noqa: E712
        many = out["model_id"].isin(origins[origins > 1].index) & (out["is_origin"] == True)  # noqa: E712
        sink.add(many, "is_origin", "order", lambda: "Mô hình «" + out["model_id"].astype(str) +
                 "» có nhiều hơn một điểm khởi xướng: mỗi mô hình chỉ có một.")
    elif t == "festival_sites":
        held = out["held_on"]
        sink.add(held.notna() & (held.dt.month != 8), "held_on", "period",
                 lambda: "Ngày " + held.map(d) + " không thuộc tháng 8: Ngày hội tổ chức vào tháng 8 hằng năm.")
        sink.add(out["year"].notna() & held.notna() & (out["year"] != held.dt.year), "year", "order",
                 lambda: "Năm " + out["year"].astype(str) + " khác năm của ngày tổ chức " + held.map(d) + ".")
        out["year"] = out["year"].fillna(held.dt.year.astype("Int64"))
        sink.add((out["level"] == "Huyện") & (held >= REFORM), "level", "allowed",
                 "Cấp «Huyện» không còn từ ngày 01/07/2025 (không còn cấp huyện).")
    elif t == "activities":
        sink.add(out["safety_units_passed"] > out["safety_units_assessed"], "safety_units_passed", "order",
                 lambda: "Số đơn vị đạt chuẩn (" + out["safety_units_passed"].astype(str) + ") lớn hơn số đơn vị được đánh giá (" +
                 out["safety_units_assessed"].astype(str) + ").")


def key_frame(table: str, frame: pd.DataFrame) -> pd.Series:
    """The row key as one int64 (ids as they are; activities: month and commune packed)."""
    if table != "activities":
        return frame[spec.KEYS[table][0]].astype("Int64")
    m = frame["month"]
    month_no = (m.dt.year * 12 + m.dt.month - 1).astype("Int64")
    return month_no * 100_000 + pd.to_numeric(frame["commune_code"], errors="coerce").astype("Int64")


def key_text(table: str, key: int) -> str:
    if table != "activities":
        return str(key)
    month_no, commune = divmod(int(key), 100_000)
    y, m = divmod(month_no, 12)
    return f"tháng {m + 1:02d}/{y}, xã {commune:05d}"


def key_label(table: str) -> str:
    return {"tipoffs": "Mã nguồn tin", "cases": "Mã vụ việc", "model_sites": "Mã điểm mô hình",
            "festival_sites": "Mã điểm tổ chức", "activities": "Số liệu"}[table]


def _duplicates_inside(sheet: Sheet, out: pd.DataFrame, sink: Sink) -> None:
    key = key_frame(sheet.table, out)
    dup = key.notna() & key.duplicated(keep=False)
    if not dup.any():
        return
    rows = pd.Series(key[dup].index, index=key[dup].index)
    groups = rows.groupby(key[dup]).agg(lambda r: ", ".join(map(str, r)))
    msg = lambda: (key_label(sheet.table) + " " + key.map(lambda k: key_text(sheet.table, k) if pd.notna(k) else "") +
           " trùng nhau ở các dòng " + key.map(groups) + " của cùng trang tính.")
    sink.add(dup, spec.KEYS[sheet.table][0], "duplicate", msg)


def check_links(parts: list[tuple[Sheet, pd.DataFrame]], ctx: Context, base_cases=None) -> list[Problem]:
    """Checks across the sheets and files of one import.

    parts: (sheet, checked rows) pairs. base_cases: a function returning the active snapshot's
    cases (case_id, opened_on, solved_on) for some ids (a tip may name a case reported earlier)."""
    problems: list[Problem] = []
    by_table: dict[str, list] = {}
    for sheet, frame in parts:
        by_table.setdefault(sheet.table, []).append((sheet, frame))
    # the same key in two sheets or files of one import
    for table, items in by_table.items():
        if len(items) < 2:
            continue
        keys = pd.concat([pd.DataFrame({"key": key_frame(table, f), "n": i, "row": f.index})
                          for i, (_, f) in enumerate(items)], ignore_index=True).dropna(subset=["key"])
        spread = keys.groupby("key")["n"].transform("nunique") > 1
        for r in keys[spread].itertuples(index=False):
            sheet = items[r.n][0]
            others = keys[(keys["key"] == r.key) & (keys["n"] != r.n)].iloc[0]
            o = items[int(others["n"])][0]
            where = f"tệp «{o.file}»" + (f", trang «{o.sheet}»" if o.sheet else "") + f", dòng {int(others['row'])}"
            problems.append(Problem(sheet.file, sheet.sheet, int(r.row), Sink(sheet).ref(spec.KEYS[table][0]),
                                    f"{key_label(table)} {key_text(table, r.key)} trùng với {where}.", "duplicate"))
    tips = by_table.get("tipoffs", [])
    cases = by_table.get("cases", [])
    case_rows = pd.concat([f.assign(part=i) for i, (_, f) in enumerate(cases)]) if cases else None
    if tips:
        linked = pd.concat([f[["case_id", "received_on", "tip_id"]].assign(part=i, srow=f.index)
                            for i, (_, f) in enumerate(tips)], ignore_index=True).dropna(subset=["case_id"])
        reported = set(case_rows["case_id"].dropna().astype("int64")) if case_rows is not None else set()
        elsewhere = sorted(set(linked["case_id"].astype("int64")) - reported)
        earlier = base_cases(elsewhere) if (base_cases and elsewhere) else pd.DataFrame(columns=["case_id", "solved_on"])
        known = reported | set(earlier["case_id"].astype("int64"))
        for r in linked[~linked["case_id"].astype("int64").isin(known)].itertuples(index=False):
            sheet = tips[r.part][0]
            problems.append(Problem(sheet.file, sheet.sheet, int(r.srow), Sink(sheet).ref("case_id"),
                                    f"Mã vụ việc {int(r.case_id)} không có trong báo cáo (trang «Vụ việc») "
                                    "cũng như trong bộ dữ liệu đang dùng.", "link"))
        # a tip received after the (earlier reported) case it led to was solved
        if len(earlier):
            late = linked.merge(earlier.assign(case_id=earlier["case_id"].astype("int64")),
                                left_on=linked["case_id"].astype("int64"), right_on="case_id", how="inner",
                                suffixes=("", "_c"))
            late = late[pd.to_datetime(late["solved_on"]) < late["received_on"]]
            for r in late.itertuples(index=False):
                sheet = tips[r.part][0]
                problems.append(Problem(sheet.file, sheet.sheet, int(r.srow), Sink(sheet).ref("received_on"),
                                        f"Nguồn tin tiếp nhận ngày {d(r.received_on)}, sau ngày phá án {d(r.solved_on)} "
                                        f"của vụ việc {int(r.case_id)}.", "order"))
        if case_rows is not None and len(linked):
            first = linked.sort_values("received_on").groupby(linked["case_id"].astype("int64")).first()
            c = case_rows.dropna(subset=["case_id"])
            joined = c.join(first[["received_on", "tip_id"]], on=c["case_id"].astype("int64"))
            for col, name in (("solved_on", "Ngày phá án"), ("opened_on", "Ngày thụ lý")):
                bad = joined[joined[col] < joined["received_on"]]
                for row, r in bad.iterrows():
                    sheet = cases[int(r["part"])][0]
                    problems.append(Problem(
                        sheet.file, sheet.sheet, int(row), Sink(sheet).ref(col),
                        f"{name} {d(r[col])} trước ngày tiếp nhận nguồn tin đầu tiên của vụ "
                        f"({d(r['received_on'])}, mã nguồn tin {int(r['tip_id'])}).", "order"))
    return problems
