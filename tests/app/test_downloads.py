"""Every download the pages offer leaves through the gate (antq/figures/gate.py): each page is opened as
a person opens it, every download button it draws is recorded (its file is made as a click would make
it, with the clicker's rights), and each file is checked for its first cells (the caption's title, the
period and scope, the footer with the simulated-data line), for cells a spreadsheet would run as
formulas, and for its audit line. A formula typed as a user name on the sign-in form reaches the
administrator's audit CSV neutralised."""
from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from streamlit.delta_generator import DeltaGenerator

import streamlit
from antq.auth import audit
from antq.figures import sheets
from antq.view import pages as registry
from apptest import open_app, sign_in
from tests.conftest import ROOT

SAMPLES = ROOT / "tests" / "samples"
HYPERLINK = '=HYPERLINK("http://x.invalid","bấm")'
DDE_NAME = "=cmd|' /C calc'!A0.csv"  # an uploaded file's name, echoed in the list of problems
NO_CAPTION = {"data_tpl_dl": "the blank import template: a form to fill in, it carries no figures"}
NOT_FROM_THE_SNAPSHOT = {"admin_audit_csv"}  # the audit trail: real events, not the demo's figures


@pytest.fixture()
def recorded(monkeypatch):
    """Every download button drawn while the fixture lives: {key: (label, data, file_name, user)}."""
    seen: dict[str, tuple] = {}

    def record(self_or_label, *args, **kw):
        label = args[0] if isinstance(self_or_label, DeltaGenerator) else self_or_label
        data = args[1] if isinstance(self_or_label, DeltaGenerator) else args[0]
        seen[kw["key"]] = (label, data, kw["file_name"])
        return False

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(streamlit, "download_button", lambda *a, **kw: record(*a, **kw))
    return seen


def made(data, file_name: str, user: str):
    """The file a click makes, and the audit line the click leaves."""
    before = len(audit.read())
    out = data()
    after = audit.read()[before:]
    assert [(e["event"], e["file"], e["user"]) for e in after] == [("export", file_name, user)], after
    assert after[0]["bytes"] == len(out) and len(after[0]["sha256"]) == 64
    return out


def live(cell: str) -> bool:
    """A CSV cell a spreadsheet would run as a formula (a negative number is a number)."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell.startswith(sheets.DANGEROUS_PREFIXES)


def caption_cells(out: bytes, file_name: str) -> list[str]:
    """The first cells of a table file: title, period and scope, footer."""
    if file_name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"))))
        cells = [c for r in rows for c in r]
        assert not [c for c in cells if live(c)], file_name
        assert rows[3] == [], rows[:5]
        return [r[0] for r in rows[:3]]
    ws = openpyxl.load_workbook(io.BytesIO(out)).active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [x for x in values if x.startswith(sheets.DANGEROUS_PREFIXES)], file_name
    assert ws.cell(row=1, column=1).font.bold and ws.freeze_panes == "A6"
    return [ws.cell(row=r, column=1).value for r in (1, 2, 3)]


def check_page(recorded, user: str, at) -> dict:
    """Every recorded download of the page made and checked; returns {key: file bytes}."""
    files = {}
    assert recorded, "the page offers no download"
    for key, (label, data, file_name) in recorded.items():
        out = made(data, file_name, user)
        files[key] = out
        if key in NO_CAPTION:
            continue
        if file_name.endswith((".csv", ".xlsx")):
            title, sub, foot = caption_cells(out, file_name)
            assert title and sub and user in foot, (key, foot)
            if key not in NOT_FROM_THE_SNAPSHOT:
                assert "«demo»" in foot and "Dữ liệu mô phỏng" in foot, (key, foot)
        elif file_name.endswith(".svg"):
            text = out.decode("utf-8")
            assert "mô phỏng" in text and "demo" in text, key
    return files


@pytest.mark.parametrize("slug", [p.slug for p in registry.PAGES if p.has_chart])
def test_every_download_of_a_chart_page_is_captioned_neutralised_and_audited(built_data, recorded, slug):
    page = registry.get(slug)
    at = open_app({}, str(page.script.relative_to(ROOT)), user="briefing")
    assert not at.exception, at.exception
    keys = list(recorded)
    # images are rendered for the first chart only (a browser render each); every table file is made
    first_chart = next(k.rsplit("_", 2)[0] for k in keys if k.endswith("_svg_slide"))
    for k in [k for k in keys if k.endswith(("_png_slide", "_png_report", "_svg_report"))
              or (k.endswith("_svg_slide") and not k.startswith(first_chart))]:
        recorded.pop(k)
    files = check_page(recorded, "briefing", at)
    assert any(k.endswith("_csv") for k in files) and any(k.endswith("_xlsx") for k in files)


def test_the_briefing_pack_leaves_captioned_and_audited(built_data, recorded):
    from pptx import Presentation

    at = open_app({}, "antq/features/overview/page.py", user="briefing")
    tick = next(c for c in at.checkbox if c.key.endswith("_pack"))
    tick.check().run()
    assert {"pack_pptx", "pack_pdf"} <= set(recorded)
    label, data, file_name = recorded["pack_pptx"]
    prs = Presentation(io.BytesIO(made(data, file_name, "briefing")))
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert "Dữ liệu mô phỏng" in texts[-1] and "«demo»" in texts[-1]


def test_the_list_of_problems_of_an_upload_neutralises_the_cells_it_echoes(built_data, recorded):
    at = open_app({}, "antq/features/data/page.py", user="officer")
    lines = (SAMPLES / "hcm-2025h2-tips.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(";")
    cells[2] = HYPERLINK  # the commune code: echoed back in the list of problems
    bad = "\n".join([lines[0], ";".join(cells), *lines[2:]]).encode("utf-8-sig")
    at.file_uploader[0].set_value((DDE_NAME, bad, "text/csv")).run()
    at.selectbox(key="data_imp_province").set_value("79").run()
    at.date_input(key="data_imp_from").set_value(dt.date(2025, 7, 1)).run()
    at.date_input(key="data_imp_to").set_value(dt.date(2025, 12, 31)).run()
    assert not at.exception, at.exception
    files = check_page(recorded, "officer", at)
    rows = list(csv.reader(io.StringIO(files["data_problems_csv"].decode("utf-8-sig"))))
    assert HYPERLINK in " ".join(c for r in rows for c in r)  # echoed inside a message
    assert ["'" + DDE_NAME] == list({r[0] for r in rows[5:]})  # the file's name, first in every row, neutralised


def test_a_formula_typed_as_a_user_name_reaches_the_audit_csv_neutralised(built_data, recorded):
    from streamlit.testing.v1 import AppTest

    stranger = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    sign_in(stranger, HYPERLINK, secret="sai-mat-khau")
    typed = audit.read()[-1]["user"]
    assert typed.lower() == HYPERLINK.lower()  # recorded as typed (user names are kept in lower case)
    at = open_app({}, "antq/features/admin/page.py", user="admin")
    files = check_page(recorded, "admin", at)
    rows = list(csv.reader(io.StringIO(files["admin_audit_csv"].decode("utf-8-sig"))))
    assert ["'" + typed] in [[c for c in r if typed in c] for r in rows]
