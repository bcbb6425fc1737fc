"""Import provincial reports: validate every file completely, then write ONE new snapshot (the active
snapshot plus the reports' rows) beside the old ones and activate it only once it is complete
(antq.ingest.snapshot writes it; antq.ingest.command is the command line).

The files of one import are checked together (a tip may name a case of another file) and land in
one snapshot. Province and period come from the caller, else from the template's sheet "Hướng dẫn"
(cells «Mã tỉnh», «Từ ngày», «Đến ngày»).

Rules kept here (the checks of cells and rows are in antq.ingest.validate):
- nothing is written unless every file is entirely valid; snapshots are never modified;
- a file already imported (same sha256 in the active snapshot's manifest `sources`) changes nothing;
- a report for the same province, period and table as an earlier one is a correction: the earlier
  report's rows (row keys recorded in `sources`) are replaced, the manifest records which and marks
  the earlier entry; a correction identical to what it replaces changes nothing;
- a key already in the active snapshot is a duplicate, except rows a correction replaces, and
  activities of a simulated base (one row per commune and month): a report's row supersedes the
  simulated row of the same commune and month (counted in the manifest as `superseded`);
- the new snapshot inherits `simulated` from its base: a demo plus real rows is still simulated.
Row keys: tip_id, case_id, site_id; activities (month, commune_code).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from antq import paths
from antq.data import snapshots
from antq.fmt import number as N
from antq.ingest import read as ingest_read, spec, validate as iv
from antq.ingest.report import Problem
from antq.ingest.snapshot import base_snapshot, write_snapshot


@dataclass
class Outcome:
    status: str                       # "invalid" | "unchanged" | "imported" | "checked"
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    base_id: str | None = None
    snapshot_id: str | None = None
    summary: list = field(default_factory=list)   # one dict per (file, table): rows, replaced, superseded
    activated: bool = False
    seconds: dict = field(default_factory=dict)

    def problem_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column,
                              "message": p.message, "kind": p.kind} for p in self.problems],
                            columns=["file", "sheet", "row", "column", "message", "kind"])


# ---------------------------------------------------------------- keys in the manifest

def runs(keys) -> list[list[int]]:
    """Sorted unique integer keys as [first, last] runs of consecutive values (compact in JSON)."""
    k = np.unique(np.asarray(keys, dtype="int64"))
    if not len(k):
        return []
    cut = np.flatnonzero(np.diff(k) != 1)
    return [[int(a), int(b)] for a, b in zip(np.r_[k[0], k[cut + 1]], np.r_[k[cut], k[-1]])]


def unruns(r: list) -> np.ndarray:
    return np.concatenate([np.arange(a, b + 1, dtype="int64") for a, b in r]) if r else np.array([], dtype="int64")


def content_sha(frame: pd.DataFrame) -> str:
    h = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False).to_numpy()
    return hashlib.sha256(h.tobytes()).hexdigest()


def live_reports(manifest: dict) -> list[dict]:
    return [s for s in manifest.get("sources", []) if s.get("kind") == "report"]


# ---------------------------------------------------------------- references

def _references(snapshot_dir: Path | None = None):
    """Commune register and province names, through the query layer (on the base snapshot's
    connection, which the app usually has open already)."""
    from antq.data import db
    reg = db.run("data_commune_register", snapshot_dir=snapshot_dir)
    names = {}
    for m in ("2024", "2025"):
        p = db.run("provinces_of_map", snapshot_dir=snapshot_dir, map=m)
        names.update({c: n for c, n in zip(p["province_code"], p["province_name"]) if c not in names or m == "2024"})
    return reg, names


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed, bad = iv.val.parse_date(pd.Series([value], dtype=object))
    return None if bad.iloc[0] or pd.isna(parsed.iloc[0]) else parsed.iloc[0].date()


def _code(value) -> str | None:
    if value is None:
        return None
    code, bad = iv.val.parse_code(pd.Series([value], dtype=object), 2)
    return None if bad.iloc[0] or pd.isna(code.iloc[0]) else str(code.iloc[0])


# ---------------------------------------------------------------- the import

def run(files: list[tuple[str, bytes]], *, province=None, period_from=None, period_to=None,
        root: Path | None = None, today: dt.date | None = None, activate: bool = True, write: bool = True,
        progress=None) -> Outcome:
    """Check `files` ((name, bytes) pairs) and, when all is valid and something changes, write and
    activate a new snapshot. Never raises on a bad file: the problems are in the outcome."""
    say = progress or (lambda *_: None)
    today = today or dt.date.today()
    root = Path(root) if root else paths.snapshots_dir()
    out = Outcome(status="invalid")
    t0 = time.perf_counter()
    base = base_snapshot(root)
    if base is not None and not snapshots.inspect(base.path).ok:  # full checksums of the base it copies from
        base = None
    if base is None:
        out.problems.append(Problem("", "", None, "", f"Chưa có bộ dữ liệu hợp lệ nào trong {root} để nhập thêm.", "base"))
        return out
    out.base_id = base.id
    seen = {s.get("sha256"): s for s in live_reports(base.manifest)}
    register, province_names = _references(base.path)
    model_types = tuple(pq.read_table(base.table_path("model_types"), columns=["model_type"])
                        .column(0).to_pylist())

    parts: list[tuple] = []   # (report, sheet, frame, ctx)
    batch_sha = set()
    for name, data in files:
        sha = hashlib.sha256(data).hexdigest()
        if sha in seen:  # known before anything is read
            s = seen[sha]
            out.notices.append(f"Tệp «{name}» đã được nhập lúc {str(s.get('imported_at', '?'))[:16].replace('T', ' ')} "
                               "(cùng mã sha256): không có gì thay đổi.")
            continue
        if sha in batch_sha:
            out.notices.append(f"Tệp «{name}» được chọn hai lần: chỉ nhập một lần.")
            continue
        batch_sha.add(sha)
        say(f"Đọc tệp {name} ({N(len(data) / 1e6, 1)} MB)…")
        rep = ingest_read.read(name, data)
        out.notices += rep.notices
        out.problems += rep.problems
        if rep.refused:
            continue
        prov = _code(province) if province else _code(rep.meta.get("province"))
        p_from = _date(period_from) if period_from else _date(rep.meta.get("period_from"))
        p_to = _date(period_to) if period_to else _date(rep.meta.get("period_to"))
        if not prov or prov not in province_names:
            out.problems.append(Problem(name, "", None, "", f"Thiếu hoặc sai mã tỉnh của báo cáo ({province or rep.meta.get('province')}): "
                                        "ghi «Mã tỉnh» ở trang «Hướng dẫn» của mẫu hoặc chọn tỉnh khi nhập.", "meta"))
        if not p_from or not p_to or p_from > p_to:
            out.problems.append(Problem(name, "", None, "", "Thiếu hoặc sai kỳ báo cáo: ghi «Từ ngày», «Đến ngày» "
                                        "(dd/mm/yyyy) ở trang «Hướng dẫn» của mẫu hoặc chọn khi nhập.", "meta"))
        if not rep.sheets:
            out.problems.append(Problem(name, "", None, "", "Tệp không có bảng số liệu nào theo mẫu.", "empty"))
        if any(p.file == name and p.kind == "meta" for p in out.problems):
            continue
        ctx = iv.Context(prov, p_from, p_to, today, register, province_names, model_types)
        say(f"Kiểm tra {name}: " + ", ".join(f"{s.sheet or spec.SHEETS[s.table]} {N(len(s.data))} dòng" for s in rep.sheets))
        for sheet in rep.sheets:
            frame, problems = iv.check_sheet(sheet, ctx)
            out.problems += problems
            parts.append((rep, sheet, frame, ctx))
    t1 = time.perf_counter()
    out.seconds["read_and_check"] = t1 - t0

    out.problems += iv.check_links([(s, f) for _, s, f, _ in parts], None,
                                   base_cases=lambda ids: _base_cases(base, ids))
    plan = _plan(base, parts, out)
    out.seconds["check_against_snapshot"] = time.perf_counter() - t1
    if out.problems:
        order = {n: i for i, (n, _) in enumerate(files)}
        sheets = {(s.file, s.sheet): i for i, (_, s, _, _) in enumerate(parts)}  # the workbook's own order
        out.problems.sort(key=lambda p: (order.get(p.file, -1), sheets.get((p.file, p.sheet), -1), p.row or 0))
        out.status = "invalid"
        return out
    if not plan["entries"]:
        out.status = "unchanged"
        return out
    if not write:
        out.status = "checked"
        return out
    t2 = time.perf_counter()
    out.snapshot_id = write_snapshot(base, plan, root, today, say)
    if activate:
        snapshots.set_active(out.snapshot_id, root)
        out.activated = True
    out.seconds["write"] = time.perf_counter() - t2
    out.seconds["derived"] = plan.get("derived_s", 0.0)  # part of the write
    out.status = "imported"
    return out


# The checks against the base snapshot ask DuckDB for the rows of the report's keys only (a semi-join
# on the parquet file: it reads the row groups whose key range can hold them), never the whole table,
# so checking a report does not grow with the snapshot (queries/ingest_*.sql, run uncached: a report
# is checked once, and its keys are no cache key worth hashing).

def _base_cases(base, ids) -> pd.DataFrame:
    """The base snapshot's cases among `ids` (case_id, opened_on, solved_on)."""
    from antq.data import db
    return db.execute_uncached("ingest_base_cases", snapshot_dir=base.path, case_ids=[int(i) for i in ids])


def _present(base, table: str, keys: np.ndarray) -> np.ndarray:
    """The row keys (see antq.ingest.snapshot.arrow_keys) among `keys` that the base snapshot's table already holds."""
    if not len(keys):
        return np.array([], dtype="int64")
    from antq.data import db
    found = db.execute_uncached(f"ingest_present_{table}", snapshot_dir=base.path,
                                keys=[int(k) for k in np.unique(keys)])
    return found["key"].to_numpy(dtype="int64")


def _model_origins(base, frame: pd.DataFrame, sheet, problems: list) -> None:
    """A model new to the snapshot needs its origin site in the report."""
    from antq.data import db
    ids = sorted({str(m) for m in frame["model_id"].dropna()})
    known = set(db.execute_uncached("ingest_known_models", snapshot_dir=base.path, model_ids=ids)["model_id"]) if ids else set()
    new = frame[~frame["model_id"].isin(known) & frame["model_id"].notna()]
    has_origin = set(new.loc[new["is_origin"] == True, "model_id"])  # noqa: E712
    sink = iv.Sink(sheet)
    sink.add(frame["model_id"].isin(set(new["model_id"]) - has_origin), "model_id", "link",
             lambda: "Mô hình «" + frame["model_id"].astype(str) + "» chưa có trong bộ dữ liệu và không có điểm khởi xướng "
             "(«Điểm khởi xướng» = Có) trong báo cáo.")
    problems += sink.items


def _plan(base, parts: list, out: Outcome) -> dict:
    """What the new snapshot changes: per (file, table) the rows to add, the keys they replace."""
    entries: dict[str, dict] = {}       # file sha -> source entry
    adds: dict[str, list] = {}          # table -> frames to append
    removes: dict[str, list] = {}       # table -> key arrays to drop from the base
    reports = live_reports(base.manifest)
    groups: dict[tuple, list] = {}
    for rep, sheet, frame, ctx in parts:
        groups.setdefault((rep.sha256, sheet.table), []).append((rep, sheet, frame, ctx))
    for (sha, table), items in groups.items():
        rep, _, _, ctx = items[0]
        frame = pd.concat([f for _, _, f, _ in items])
        keys = iv.key_frame(table, frame)
        if table == "model_sites":
            for _, sheet, f, _ in items:
                _model_origins(base, f, sheet, out.problems)
        period = {"from": ctx.period_from.isoformat(), "to": ctx.period_to.isoformat()}
        earlier = next((s for s in reversed(reports) if s.get("province") == ctx.province and s.get("period") == period
                        and table in s.get("tables", {}) and table not in s.get("replaced", {})), None)
        replaced = unruns(earlier["tables"][table]["keys"]) if earlier else np.array([], dtype="int64")
        clean = frame[[c.name for c in spec.columns()[table]]].sort_values(list(spec.KEYS[table]))
        digest = content_sha(clean)
        if earlier and earlier["tables"][table].get("content_sha256") == digest:
            out.notices.append(f"Tệp «{rep.file}», bảng {spec.TABLE_NAMES_VI[table]}: giống hệt báo cáo đã nhập "
                               f"«{earlier['file']}»: không có gì thay đổi.")
            continue
        # keys already in the snapshot
        present = np.setdiff1d(_present(base, table, keys.dropna().astype("int64").to_numpy()), replaced)
        superseded = np.array([], dtype="int64")
        if table == "activities" and len(present) and base.simulated:
            from_reports = np.concatenate([unruns(s["tables"][table]["keys"]) for s in reports
                                           if table in s.get("tables", {}) and table not in s.get("replaced", {})]
                                          or [np.array([], dtype="int64")])
            superseded = np.setdiff1d(present, from_reports)
            present = np.intersect1d(present, from_reports)
        clash = keys.isin(present).fillna(False).astype(bool)
        if clash.any():
            for _, sheet, f, _ in items:
                k = iv.key_frame(table, f)
                sink = iv.Sink(sheet)
                sink.add(k.isin(present).fillna(False).astype(bool), spec.KEYS[table][0], "duplicate_snapshot",
                         lambda: iv.key_label(table) + " " + k.map(lambda x: iv.key_text(table, x) if pd.notna(x) else "") +
                         f" đã có trong bộ dữ liệu đang dùng «{base.id}» (không phải báo cáo sửa đổi của cùng tỉnh và kỳ).")
                out.problems += sink.items
            continue
        if out.problems:
            continue  # nothing will be written: the remaining groups are only checked
        entry = entries.setdefault(sha, {
            "kind": "report", "file": rep.file, "sha256": sha, "bytes": rep.size, "province": ctx.province,
            "province_name": ctx.province_names.get(ctx.province, ""), "period": period, "tables": {},
            "replaces": [], "superseded": {}})
        entry["tables"][table] = {"rows": int(len(clean)), "sheets": sorted({s.sheet for _, s, _, _ in items}),
                                  "keys": runs(keys.astype("int64").to_numpy()), "content_sha256": digest}
        if earlier:
            entry["replaces"].append({"file": earlier["file"], "sha256": earlier["sha256"], "table": table,
                                      "rows": int(earlier["tables"][table]["rows"])})
        if len(superseded):
            entry["superseded"][table] = int(len(superseded))
        adds.setdefault(table, []).append(clean)
        gone = np.union1d(replaced, superseded)
        if len(gone):
            removes.setdefault(table, []).append(gone)
        out.summary.append({"file": rep.file, "table": table, "rows": int(len(clean)),
                            "replaced": int(len(replaced)), "superseded": int(len(superseded)),
                            "correction_of": earlier["file"] if earlier else None})
    return {"entries": entries, "adds": adds, "removes": removes}
