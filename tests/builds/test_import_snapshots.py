"""Importing reports into snapshots: nothing is written unless every file is valid, a good report
moves the figures by exactly its rows, importing twice changes nothing, a correction replaces the
rows it corrects, a write killed half-way leaves the active snapshot usable. Every test works in
its own snapshots folder holding the demo snapshot (tests.import_support.demo_root)."""
import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest

from antq.auth import audit

from antq.data import db, snapshot_diff, snapshots

from antq.ingest import importer as ingest, snapshot as ingest_snapshot, template
from tests.conftest import ROOT
from tests.import_support import SAMPLES, TODAY, demo_root, folder_hash, sample  # noqa: F401  (fixture)

BD_2024 = {"map": "2024", "province": "74", "date_from": dt.date(2024, 1, 1), "date_to": dt.date(2024, 12, 31)}
ADDITIVE = ["tips", "valuable_tips", "tips_with_case", "tips_with_solved_case", "cases", "cases_solved",
            "arrests", "guns", "primitive_weapons"]


def run(files, root, **kw):
    return ingest.run([sample(f) if isinstance(f, str) else f for f in files], root=root, today=TODAY, **kw)


def office_rows(name: str, sheet: str) -> list[tuple]:
    """The data rows of a sample sheet, read independently of the importer (rows 7.. up to the total)."""
    ws = openpyxl.load_workbook(SAMPLES / name, read_only=True)[sheet]
    rows = [r for r in ws.iter_rows(min_row=7, values_only=True) if r[0] is not None]
    return [r for r in rows if r[0] != "Tổng cộng"]


def report_funnel(name: str) -> dict:
    tips = office_rows(name, "Nguồn tin")
    cases = {r[1]: r for r in office_rows(name, "Vụ việc")}
    solved = {k: r for k, r in cases.items() if r[5]}
    linked = {r[8] for r in tips if r[7] == "Có" and r[8]}
    solved_linked = [solved[c] for c in linked if c in solved]
    n = lambda x: int(str(x).replace(".", ""))  # noqa: E731
    return {"tips": len(tips), "valuable_tips": sum(r[7] == "Có" for r in tips),
            "tips_with_case": sum(r[8] is not None for r in tips),
            "tips_with_solved_case": sum(r[8] in solved for r in tips), "cases": len(linked),
            "cases_solved": len(solved_linked), "arrests": sum(n(r[6]) for r in solved_linked),
            "guns": sum(n(r[7]) for r in solved_linked), "primitive_weapons": sum(n(r[8]) for r in solved_linked)}


def funnel(snapshot_dir, **p) -> dict:
    row = db.run("tip_funnel", snapshot_dir=snapshot_dir, **{**BD_2024, **p}).iloc[0]
    return {k: int(row[k]) for k in ADDITIVE}


# ---------------------------------------------------------------- nothing written unless all is valid

def _bomb() -> tuple[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (30 << 20))
    return "bom.xlsx", buf.getvalue()


BAD = [  # (files, kind expected, message fragment, (sheet, row, column) of one such problem or None)
    (["bd-2024-every-error.xlsx"], "commune_unknown", "Mã xã «99999» không có trên bản đồ", ("Nguồn tin", 8, "D «Mã xã»")),
    (["bd-2024-tips-cp1258.csv"], "encoding", "Windows-1258", ("", 2, "")),
    (["bd-2024-formulas.xlsx"], "formula", "công thức", ("Nguồn tin", 18, "B")),
    (["bd-2024-macro.xlsm"], "macro", "macro", None),
    ([_bomb()], "zip_bomb", "bom nén", None),
    ([("bd-2024-good.xlsx", (SAMPLES / "bd-2024-good.xlsx").read_bytes()), "bd-2024-formulas.xlsx"], "formula",
     "công thức", None),  # one bad file among good ones: nothing of the good one is written either
]


@pytest.mark.parametrize("files,kind,fragment,where", BAD, ids=["every-error", "cp1258", "formulas", "macro",
                                                                 "zip-bomb", "good+bad"])
def test_bad_input_is_named_and_leaves_every_snapshot_unchanged(demo_root, files, kind, fragment, where):
    before = folder_hash(demo_root)
    o = run(files, demo_root)
    assert o.status == "invalid" and o.snapshot_id is None
    hits = [p for p in o.problems if p.kind == kind and fragment in p.message]
    assert hits, [p.text() for p in o.problems[:10]]
    assert all(p.file for p in o.problems)
    if where:
        assert where in {(p.sheet, p.row, p.column) for p in hits}, [(p.sheet, p.row, p.column) for p in hits]
    assert folder_hash(demo_root) == before
    assert snapshots.active_id(demo_root) is None and [s.id for s in snapshots.list_snapshots(demo_root)] == ["demo"]


def test_every_kind_of_error_at_once_with_file_sheet_row_and_column(demo_root):
    o = run(["bd-2024-every-error.xlsx"], demo_root)
    found = {(p.kind, p.sheet, p.row, p.column.split(" ")[0]) for p in o.problems}
    expected = {
        ("commune_unknown", "Nguồn tin", 8, "D"),        # 99999
        ("commune_era", "Nguồn tin", 9, "D"),            # an old code on a row of 17/09/2025
        ("commune_province", "Nguồn tin", 10, "D"),      # a commune of Hà Nội
        ("period", "Nguồn tin", 11, "C"),                # 05/01/2026, outside 2024–2025
        ("type", "Nguồn tin", 12, "C"),                  # 31/02/2024
        ("allowed", "Nguồn tin", 13, "F"),               # a channel that does not exist
        ("duplicate", "Nguồn tin", 13, "B"), ("duplicate", "Nguồn tin", 14, "B"),
        ("encoding", "Nguồn tin", 14, "G"),              # «Ma tÃºy»
        ("type", "Nguồn tin", 14, "H"),                  # «có lẽ» is not Có/Không
        ("duplicate_snapshot", "Nguồn tin", 15, "B"),    # tip 1 is in the demo snapshot
        ("link", "Nguồn tin", 16, "I"),                  # a case that exists nowhere
        ("type", "Nguồn tin", 18, "B"),                  # «abc» as an id
        ("missing_column", "Vụ việc", 5, "«Lĩnh"),       # the cases sheet has no «Lĩnh vực»
        ("order", "Vụ việc", 7, "E"),                    # solved before opened, and before its tip
        ("order", "Vụ việc", 8, "D"),                    # opened before its first tip
        ("negative", "Vụ việc", 8, "F"), ("type", "Vụ việc", 8, "G"),
        ("order", "Hoạt động", 8, "L"),                  # passed > assessed
        ("future", "Hoạt động", 9, "B"), ("period", "Hoạt động", 9, "B"), ("commune_era", "Hoạt động", 9, "C"),
    }
    assert expected <= found, sorted(expected - found)
    texts = [p.text() for p in o.problems]
    assert "Tệp «bd-2024-every-error.xlsx», trang «Nguồn tin», dòng 8, cột D «Mã xã»: Mã xã «99999» không có trên bản đồ" \
        in "\n".join(texts)
    assert any("ở tương lai (hôm nay là 21/11/2026)" in x for x in texts)
    assert any("Ngày phá án 10/03/2024 trước ngày thụ lý 15/03/2024" in x for x in texts)
    assert any("trước ngày tiếp nhận nguồn tin đầu tiên của vụ (10/04/2024" in x for x in texts)
    # the valid rows raise nothing; "1.616" is a number
    assert not [p for p in o.problems if p.row == 7 and p.sheet == "Nguồn tin"]
    assert not [p for p in o.problems if p.sheet == "Vụ việc" and p.column.startswith("H")]


def test_province_and_period_are_required(demo_root):
    o = run(["hcm-2025h2-tips.csv"], demo_root)
    assert o.status == "invalid" and {p.kind for p in o.problems} == {"meta"}
    assert any("mã tỉnh" in p.message for p in o.problems) and any("kỳ báo cáo" in p.message for p in o.problems)


# ---------------------------------------------------------------- a good report, twice, corrected

def test_good_report_moves_the_figures_by_exactly_its_rows(demo_root, built_data):
    before = funnel(built_data)
    other_before = funnel(built_data, province="01")
    demo_hash = folder_hash(demo_root / "demo")
    o = run(["bd-2024-good.xlsx"], demo_root)
    assert o.status == "imported", [p.text() for p in o.problems[:5]]
    new = demo_root / o.snapshot_id
    assert snapshots.active_id(demo_root) == o.snapshot_id and snapshots.inspect(new).ok
    after = funnel(new)
    expected = report_funnel("bd-2024-good.xlsx")
    assert expected["tips"] == 400 and expected["cases"] > 0
    assert {k: after[k] - before[k] for k in ADDITIVE} == expected
    assert funnel(new, province="01") == other_before
    # activities: one row per commune and month; the report's rows replace the simulated ones of Bình Dương 2024
    acts = office_rows("bd-2024-good.xlsx", "Hoạt động")
    totals = db.run("activities_totals", snapshot_dir=new, **BD_2024).iloc[0]
    n = lambda x: int(str(x).replace(".", ""))  # noqa: E731
    assert int(totals["families_committed"]) == sum(n(r[6]) for r in acts)
    assert int(totals["propaganda_participants"]) == sum(n(r[5]) for r in acts)
    assert int(totals["months"]) == 12
    m = json.loads((new / "manifest.json").read_text())
    assert m["kind"] == "ingest" and m["simulated"] is True and m["base"] == "demo"
    src = m["sources"][-1]
    assert src["file"] == "bd-2024-good.xlsx" and src["province"] == "74" and src["superseded"] == {"activities": 1092}
    assert src["tables"]["tipoffs"]["rows"] == 400 and src["tables"]["tipoffs"]["keys"] == [[7424000001, 7424000400]]
    assert m["tables"]["tipoffs"]["rows"] == json.loads((built_data / "manifest.json").read_text())["tables"]["tipoffs"]["rows"] + 400
    assert folder_hash(demo_root / "demo") == demo_hash  # the old snapshot is kept as it was


def test_importing_the_same_file_twice_changes_nothing(demo_root):
    first = run(["bd-2024-good.xlsx"], demo_root)
    assert first.status == "imported"
    before = folder_hash(demo_root)
    again = run(["bd-2024-good.xlsx"], demo_root)
    assert again.status == "unchanged" and not again.problems and any("đã được nhập" in n for n in again.notices)
    # the same rows under another file name: a "correction" identical to what it corrects
    renamed = ("bao-cao-gui-lai.xlsx", (SAMPLES / "bd-2024-good.xlsx").read_bytes() + b"")
    data = bytearray(renamed[1])
    z = zipfile.ZipFile(io.BytesIO(bytes(data)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:  # same cells, other bytes
        for info in z.infolist():
            out.writestr(info.filename, z.read(info.filename))
    assert buf.getvalue() != renamed[1]
    same = run([("bao-cao-gui-lai.xlsx", buf.getvalue())], demo_root)
    assert same.status == "unchanged", [p.text() for p in same.problems[:5]]
    assert folder_hash(demo_root) == before


def test_a_correction_replaces_the_rows_of_the_report_it_corrects(demo_root, built_data):
    first = run(["bd-2024-good.xlsx"], demo_root)
    fix = run(["bd-2024-tips-correction.xlsx"], demo_root)
    assert fix.status == "imported", [p.text() for p in fix.problems[:5]]
    new = demo_root / fix.snapshot_id
    corrected = office_rows("bd-2024-tips-correction.xlsx", "Nguồn tin")
    assert funnel(new)["tips"] == funnel(built_data)["tips"] + len(corrected) == funnel(built_data)["tips"] + 393
    con_ids = set(pd.read_parquet(new / "tipoffs.parquet", columns=["tip_id"], filters=[("tip_id", ">", 7_000_000_000)])["tip_id"])
    assert con_ids == {r[1] for r in corrected}
    assert funnel(new)["cases"] == funnel(demo_root / first.snapshot_id)["cases"]  # cases untouched
    m = json.loads((new / "manifest.json").read_text())
    old, latest = m["sources"][-2], m["sources"][-1]
    assert latest["replaces"] == [{"file": "bd-2024-good.xlsx", "sha256": old["sha256"], "table": "tipoffs", "rows": 400}]
    assert old["replaced"]["tipoffs"]["by"] == "bd-2024-tips-correction.xlsx" and "cases" in old["tables"]
    # the comparison of the two snapshots sees exactly that
    diff = snapshot_diff.compare(demo_root / first.snapshot_id, new, db.run("data_commune_register"), "2024")
    good = {r[1]: r for r in office_rows("bd-2024-good.xlsx", "Nguồn tin")}
    fixed = {r[1]: r for r in corrected}
    changed = sum(1 for k in good.keys() & fixed.keys() if good[k][2:9] != fixed[k][2:9])
    assert diff.to_dict("records") == [{"table": "tipoffs", "province_code": "74", "added": len(fixed.keys() - good.keys()),
                                        "removed": len(good.keys() - fixed.keys()), "changed": changed}]
    assert (len(fixed.keys() - good.keys()), len(good.keys() - fixed.keys())) == (3, 10)


def test_same_ids_in_another_period_are_duplicates_not_a_correction(demo_root):
    run(["bd-2024-good.xlsx"], demo_root)
    before = folder_hash(demo_root)
    o = run(["bd-2024-tips-correction.xlsx"], demo_root, period_from="2024-01-01", period_to="2025-01-31")
    assert o.status == "invalid" and {p.kind for p in o.problems} == {"duplicate_snapshot"}
    assert len(o.problems) == 390 and "đã có trong bộ dữ liệu đang dùng" in o.problems[0].message
    assert folder_hash(demo_root) == before


def test_csv_report_on_the_2025_map(demo_root):
    o = run(["hcm-2025h2-tips.csv"], demo_root, province="79", period_from="2025-07-01", period_to="2025-12-31")
    assert o.status == "imported", [p.text() for p in o.problems[:5]]
    p = {"map": "2025", "province": "79", "date_from": dt.date(2025, 7, 1), "date_to": dt.date(2025, 12, 31)}
    before = db.run("tip_funnel", snapshot_dir=demo_root / "demo", **p).iloc[0]["tips"]
    assert db.run("tip_funnel", snapshot_dir=demo_root / o.snapshot_id, **p).iloc[0]["tips"] == before + 120


# ---------------------------------------------------------------- a write killed half-way

def test_a_write_that_fails_half_way_leaves_the_active_snapshot(demo_root, monkeypatch):
    snapshots.set_active("demo", demo_root)
    before = folder_hash(demo_root)
    real = ingest_snapshot._rewrite
    calls = []

    def failing(table, *a, **k):
        calls.append(table)
        real(table, *a, **k)
        if len(calls) == 2:
            raise OSError("Không còn chỗ trống trên đĩa")  # the second rewritten table fails
    monkeypatch.setattr(ingest_snapshot, "_rewrite", failing)
    with pytest.raises(OSError):
        run(["bd-2024-good.xlsx"], demo_root)
    assert folder_hash(demo_root) == before  # the half-written folder is gone
    assert snapshots.active_id(demo_root) == "demo"
    assert db.run("tip_funnel", snapshot_dir=demo_root / "demo", **BD_2024).iloc[0]["tips"] > 0


def test_a_process_killed_half_way_leaves_no_half_snapshot_visible(demo_root, monkeypatch):
    """A kill (no clean-up at all) leaves a hidden temporary folder that nothing lists or activates."""
    snapshots.set_active("demo", demo_root)

    class Killed(BaseException):
        pass

    def killed(table, src, dst, plan, say):
        dst.write_bytes(b"PAR1 half")  # a partial file, then the process dies
        raise Killed()
    monkeypatch.setattr(ingest_snapshot, "_rewrite", killed)
    monkeypatch.setattr(snapshots.shutil, "rmtree", lambda *a, **k: None)  # no clean-up after a kill
    with pytest.raises(Killed):
        run(["bd-2024-good.xlsx"], demo_root)
    monkeypatch.undo()
    leftovers = [p.name for p in demo_root.iterdir() if p.name.startswith(".tmp-")]
    assert leftovers and not (demo_root / leftovers[0] / "manifest.json").exists()
    assert [s.id for s in snapshots.list_snapshots(demo_root)] == ["demo"] and snapshots.active_id(demo_root) == "demo"
    assert ingest_snapshot.base_snapshot(demo_root).id == "demo"
    again = run(["bd-2024-good.xlsx"], demo_root)  # a later import works beside the leftover
    assert again.status == "imported" and snapshots.active_id(demo_root) == again.snapshot_id


def test_activation_comes_last(demo_root, monkeypatch):
    snapshots.set_active("demo", demo_root)
    monkeypatch.setattr(snapshots, "set_active", lambda *a, **k: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError):
        run(["bd-2024-good.xlsx"], demo_root)
    monkeypatch.undo()
    assert snapshots.active_id(demo_root) == "demo"  # the complete new snapshot exists, but is not active
    assert len([s for s in snapshots.list_snapshots(demo_root) if s.ok]) == 2


# ---------------------------------------------------------------- template and command line

def test_template_round_trip(demo_root):
    data = template.build("74", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "Bình Dương")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Hướng dẫn", "Giá trị cho phép", "Nguồn tin", "Vụ việc", "Điểm mô hình", "Ngày hội",
                             "Hoạt động", "Mã xã"]
    assert [c.value for c in wb["Nguồn tin"][1]] == ["Mã nguồn tin", "Ngày tiếp nhận", "Mã xã", "Bản đồ hành chính",
                                                    "Kênh tiếp nhận", "Lĩnh vực", "Có giá trị", "Mã vụ việc"]
    codes = [(r[0], r[2]) for r in wb["Mã xã"].iter_rows(min_row=2, values_only=True)]
    expected = db.run("data_province_communes", province="74")
    assert len(codes) == len(expected) and {m for m, _ in codes} == {"2024", "2025"}
    assert sum(m == "2024" for m, _ in codes) == 91  # Bình Dương's 91 communes of the old map
    assert wb["Nguồn tin"].data_validations.dataValidation  # drop-down lists of allowed values
    # an officer fills it in: two tips, typed as text the way Excel users do
    ws = wb["Nguồn tin"]
    c1 = codes[0][1]
    ws.append([7_424_777_001, "02/03/2024", c1, None, "Trực tiếp", "Ma túy", "Có", None])
    ws.append([7_424_777_002, dt.datetime(2024, 3, 3), c1, "2024", "Ứng dụng VNeID", "Kinh tế", "Không", None])
    buf = io.BytesIO()
    wb.save(buf)
    o = run([("mau-74-da-dien.xlsx", buf.getvalue())], demo_root)  # province and period read from «Hướng dẫn»
    assert o.status == "imported", [p.text() for p in o.problems[:5]]
    assert o.summary == [{"file": "mau-74-da-dien.xlsx", "table": "tipoffs", "rows": 2, "replaced": 0,
                          "superseded": 0, "correction_of": None}]


def _cli(args, root):
    env = {"ANTQ_SNAPSHOTS_DIR": str(root), "PATH": "/usr/bin:/bin", "ANTQ_AUTH_DIR": os.environ["ANTQ_AUTH_DIR"]}
    return subprocess.run([sys.executable, "-m", "antq", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def test_command_line(demo_root, tmp_path):
    bad = _cli(["import", str(SAMPLES / "bd-2024-formulas.xlsx")], demo_root)
    assert bad.returncode == 1 and "KHÔNG NHẬP" in bad.stdout and "dòng 18, cột B" in bad.stdout
    good = _cli(["import", str(SAMPLES / "bd-2024-good.xlsx")], demo_root)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Đã tạo bộ dữ liệu «ingest-" in good.stdout and "400 dòng" in good.stdout
    assert "WARNING" not in good.stderr
    imports = [e for e in audit.read() if e["event"] == "import"]  # in the audit trail, under the operator
    assert imports[-1]["status"] == "imported" and imports[-1]["files"] == ["bd-2024-good.xlsx"]
    assert imports[-1]["user"].startswith("cli:")
    out = tmp_path / "mau.xlsx"
    tpl = _cli(["template", "--province", "74", "--out", str(out)], demo_root)
    assert tpl.returncode == 0 and openpyxl.load_workbook(out).sheetnames[0] == "Hướng dẫn"
