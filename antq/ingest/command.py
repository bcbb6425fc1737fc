"""The command line of an import:

    python -m antq import FILE [FILE...] [--province 74] [--period-from 2024-01-01 --period-to 2024-12-31]
                               [--check] [--no-activate]

Province and period come from the command, else from the template's sheet "Hướng dẫn". Prints every
problem (nothing is written then) or what the new snapshot holds, and records the import in the audit
trail like one from the page.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from antq.fmt import number as N
from antq.ingest import read as ingest_read, spec
from antq.ingest.importer import Outcome, run


def _print_outcome(o: Outcome, limit: int = 200) -> None:
    for n in o.notices:
        print(f"  · {n}")
    if o.problems:
        print(f"\nKHÔNG NHẬP: {N(len(o.problems))} lỗi (không có gì được ghi):")
        for p in o.problems[:limit]:
            print(f"  ✗ {p.text()}")
        if len(o.problems) > limit:
            print(f"  … và {N(len(o.problems) - limit)} lỗi khác.")
        kinds = pd.Series([p.kind for p in o.problems]).value_counts()
        print("  Theo loại: " + ", ".join(f"{k} {N(v)}" for k, v in kinds.items()))
        return
    for s in o.summary:
        extra = []
        if s["replaced"]:
            extra.append(f"thay {N(s['replaced'])} dòng của báo cáo «{s['correction_of']}»")
        if s["superseded"]:
            extra.append(f"thay {N(s['superseded'])} dòng mô phỏng cùng xã, cùng tháng")
        print(f"  {s['file']} · {spec.TABLE_NAMES_VI[s['table']]}: {N(s['rows'])} dòng"
              + (f" ({'; '.join(extra)})" if extra else ""))
    if o.status == "imported":
        print(f"\nĐã tạo bộ dữ liệu «{o.snapshot_id}» (từ «{o.base_id}»)"
              + (" và đặt làm bộ dữ liệu đang dùng." if o.activated else "; bộ dữ liệu đang dùng không đổi."))
    elif o.status == "checked":
        print("\nHợp lệ (chỉ kiểm tra, chưa ghi).")
    else:
        print(f"\nKhông có gì thay đổi: bộ dữ liệu đang dùng vẫn là «{o.base_id}».")
    steps = {"read_and_check": "đọc và kiểm tra", "check_against_snapshot": "đối chiếu bộ dữ liệu", "write": "ghi",
             "derived": "trong đó bảng tổng hợp"}
    print("Thời gian: " + ", ".join(f"{steps.get(k, k)} {N(v, 1)} s" for k, v in o.seconds.items()))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq import", description="Nhập báo cáo của tỉnh thành bộ dữ liệu mới.")
    ap.add_argument("files", nargs="+", help="tệp .xlsx hoặc .csv theo mẫu (python -m antq template)")
    ap.add_argument("--province", help="mã tỉnh của báo cáo (2 chữ số), nếu không ghi trong tệp")
    ap.add_argument("--period-from", help="kỳ báo cáo từ ngày (yyyy-mm-dd hoặc dd/mm/yyyy)")
    ap.add_argument("--period-to", help="kỳ báo cáo đến ngày")
    ap.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")
    ap.add_argument("--no-activate", action="store_true", help="ghi nhưng không đặt làm bộ dữ liệu đang dùng")
    a = ap.parse_args(argv)
    files = []
    for f in a.files:
        p = Path(f)
        if not p.is_file():
            print(f"Không tìm thấy tệp {f}.", file=sys.stderr)
            return 2
        if p.stat().st_size > ingest_read.MAX_BYTES:  # never read an oversized file into memory
            print(f"✗ Tệp «{p.name}» nặng {N(p.stat().st_size / 1e6, 1)} MB, vượt giới hạn "
                  f"{ingest_read.MAX_BYTES // (1024 * 1024)} MB: không nhập.")
            return 1
        files.append((p.name, p.read_bytes()))
    t0 = time.perf_counter()
    o = run(files, province=a.province, period_from=a.period_from, period_to=a.period_to,
            activate=not a.no_activate, write=not a.check, progress=lambda s: print(s, flush=True))
    _print_outcome(o)
    if not a.check:  # an import from the server's terminal, in the audit trail like one from the page
        from antq.auth import access, audit
        audit.record("import", access.current().user, files=[Path(f).name for f in a.files], status=o.status,
                     snapshot=getattr(o, "snapshot_id", None), base=getattr(o, "base_id", None),
                     problems=len(getattr(o, "problems", []) or []))
    print(f"Tổng: {N(time.perf_counter() - t0, 1)} s.")
    return 1 if o.status == "invalid" else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
