"""`python -m antq export`: a URL gives the figure the page shows for that URL (the page under AppTest
against the registry's function), files by extension, Vietnamese errors naming the parameter with a
non-zero exit; and the briefing pack collected across pages in one session (AppTest)."""
import base64
import io
import json
import subprocess
import sys

import numpy as np
import pytest
from apptest import open_app
from streamlit.testing.v1 import AppTest

from antq.cli import export as export_cli
from antq.figures import chart, pack
from antq.view import model, pages

from antq.figures import export
from tests.conftest import ROOT
from tests.unit.test_export_files import png_size

pytestmark = pytest.mark.usefixtures("built_data")

# URL -> (page script, key of its main chart)
CASES = {
    "/overview?from=2018-01-01&to=2018-12-31&map=2024&province=74&metric=valuable_share": ("overview", "overview_map"),
    "/overview?map=2025&metric=festival_participants&lang=en": ("overview", "overview_map"),
    "/models?types=camera_an_ninh,clb_pctp&as_of=2023-07&map=2024&level=commune": ("models", "models_map"),
    "/models?map=2024&province=01&as_of=2020-12": ("models", "models_map"),
    "/tipoffs?section=where&metric=solved_of_valuable&from=2018-01-01&to=2018-12-31": ("tipoffs", "tipoffs_map"),
    "/tipoffs?section=cohorts&grain=quarter&map=2024&province=74": ("tipoffs", "tipoffs_cohort_chart"),
    "/tipoffs?from=2018-01-01&to=2018-12-31&map=2024&province=74": ("tipoffs", "tipoffs_funnel_chart"),
    "/tipoffs?section=works&grain=year": ("tipoffs", "tipoffs_channel_chart"),
    "/festival?year=2022&metric=communes_share&map=2024": ("festival", "festival_map"),
    "/festival?year=2019&map=2025&province=38": ("festival", "festival_map"),
    "/compare?provinces=01,79,48&metric=coverage&norm=commune": ("compare", "compare_map"),
    "/compare?provinces=74&peer=region&map=2024&metric=tips": ("compare", "compare_map"),
}


def page_app(url: str) -> AppTest:
    """Open a shareable URL as a browser would: the query string set before the first run and again
    before switching to the page (AppTest's first run is on the default page)."""
    page, query = model.split_url(url)
    at = open_app(query, f"antq/features/{page}/page.py")
    assert not at.exception, at.exception
    return at


def array(a):
    """A plotly JSON array as a list (typed arrays decoded), NaN as None so that equal arrays compare equal."""
    if isinstance(a, dict) and "bdata" in a:
        a = np.frombuffer(base64.b64decode(a["bdata"]), dtype=a["dtype"]).tolist()
    if isinstance(a, (list, tuple)):
        return [None if isinstance(x, float) and x != x else array(x) if isinstance(x, (list, tuple)) else x for x in a]
    return a


def traces(spec: dict) -> list[dict]:
    keys = ("type", "name", "locations", "z", "x", "y", "text", "customdata", "geojson", "colorscale", "showlegend")
    return [{k: array(tr.get(k)) for k in keys if k in tr} for tr in spec["data"]]


@pytest.mark.parametrize("url", list(CASES))
def test_command_line_figure_is_the_page_figure_for_the_url(url):
    page, key = CASES[url]
    at = page_app(url)
    shown = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(shown) == 1, f"{key} not on the page"
    v, c = export_cli.chart_for_url(url)
    cli = json.loads(c.fig.to_json())
    assert traces(cli) == traces(shown[0])
    title = lambda s: ((s["layout"].get("title") or {}).get("text"))  # noqa: E731
    assert title(cli) == title(shown[0])
    assert len(traces(cli)[0].get("locations") or traces(cli)[0].get("y") or []) > 0
    # every parameter the page writes into its link is one the command line knows
    module = pages.get(page).chart()
    assert set(model.page_params(dict(at.query_params))) <= set(module.URL_PARAMS)
    # the view the command read is the one the page's sidebar built from the same URL
    assert (v.map, v.province or "", str(v.date_from), str(v.date_to), v.lang) == (
        at.sidebar.radio(key="map").value, at.sidebar.selectbox(key="province").value,
        str(at.sidebar.date_input(key="date_from").value), str(at.sidebar.date_input(key="date_to").value),
        at.session_state["lang"])


def test_page_controls_change_the_command_line_figure():
    a = traces(json.loads(export_cli.chart_for_url("/festival?year=2022&metric=sites_per_10k")[1].fig.to_json()))
    b = traces(json.loads(export_cli.chart_for_url("/festival?year=2022&metric=participants_per_1k")[1].fig.to_json()))
    c = traces(json.loads(export_cli.chart_for_url("/festival?year=2019&metric=participants_per_1k")[1].fig.to_json()))
    assert a != b != c
    f = export_cli.chart_for_url("/tipoffs?section=funnel")[1]
    w = export_cli.chart_for_url("/tipoffs?section=where")[1]
    assert f.fig.data[0].type == "funnel" and w.fig.data[0].type == "choroplethmap"


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "antq", "export", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_command_line_writes_the_captioned_png_and_says_what_it_did(tmp_path):
    out = tmp_path / "bd.png"
    r = run_cli("/overview?from=2018-01-01&to=2018-12-31&map=2024&province=74&metric=tips", "--out", str(out),
                "--size", "report")
    assert r.returncode == 0, r.stderr
    assert png_size(out.read_bytes()) == export.SIZES["report"]
    assert "[1/3]" in r.stdout and "[3/3] Xuất PNG 1500×900" in r.stdout and f"Đã ghi {out}" in r.stdout
    assert "Bình Dương · 01/01/2018 – 31/12/2018" in r.stdout
    assert "No runtime found" not in r.stderr


@pytest.mark.parametrize("args,name", [
    (["/overview?map=1999"], "map"),
    (["/overview?from=2013-13-45"], "from"),
    (["/overview?province=zz"], "province"),
    (["/overview?metric=bogus"], "metric"),
    (["/festival?year=1990"], "year"),
    (["/models?types=camera_an_ninh,khong_co"], "types"),
    (["/tipoffs?section=nowhere"], "section"),
    (["/compare?norm=per_head"], "norm"),
    (["/overview?snapshot=../../etc"], "snapshot"),
])
def test_bad_values_are_refused_naming_the_parameter(tmp_path, args, name):
    out = tmp_path / "x.png"
    r = run_cli(*args, "--out", str(out))
    assert r.returncode == 2 and not out.exists()
    assert f"Không xuất được: Tham số «{name}=" in r.stderr and "không hợp lệ" in r.stderr


def test_a_parameter_the_page_does_not_use_is_reported(tmp_path):
    notices = []
    export_cli.chart_for_url("/festival?year=2022&metric=sites_per_10k&section=where", notices)
    assert notices == ["Tham số «section» không được trang này dùng; bỏ qua."]


def test_unknown_page_and_extension_are_refused(tmp_path):
    r = run_cli("/data", "--out", str(tmp_path / "x.png"))
    assert r.returncode == 2 and "Trang «/data» không có biểu đồ" in r.stderr
    r = run_cli("/overview", "--out", str(tmp_path / "x.docx"))
    assert r.returncode == 2 and "đuôi tệp" in r.stderr


def test_files_by_extension(tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader
    import openpyxl
    import pandas as pd

    url = "/festival?year=2022&map=2024&province=74"
    _, c = export_cli.chart_for_url(url)
    quiet = dict(progress=lambda *_: None)
    csv = export_cli.export_url(url, tmp_path / "a.csv", **quiet).read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", skiprows=4)
    assert len(back) == len(c.data) and "Phường Phú Cường" in set(back.iloc[:, 1])
    ws = openpyxl.load_workbook(export_cli.export_url(url, tmp_path / "a.xlsx", **quiet)).active
    assert ws.cell(row=1, column=1).value == c.title and ws.max_row == 5 + len(c.data)
    prs = Presentation(str(export_cli.export_url(url, tmp_path / "a.pptx", **quiet)))
    assert len(prs.slides) == 1 and c.title in [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame]
    assert len(PdfReader(str(export_cli.export_url(url, tmp_path / "a.pdf", **quiet))).pages) == 1
    svg = export_cli.export_url(url, tmp_path / "a.svg", **quiet).read_bytes()
    assert b"<svg" in svg[:200] and "Bình Dương".encode() in svg


def test_a_link_is_read_by_the_sidebar_rules():
    v = model.read({"from": "2019-12-31", "to": "2019-01-01", "map": "2024", "province": "74"}, strict=True)
    assert (str(v.date_from), str(v.date_to)) == ("2019-01-01", "2019-12-31")  # swapped, as the sidebar does
    assert v.province_name == "Bình Dương" and v.snapshot.id == "demo" and v.lang == "vi"
    d = model.read({}, strict=True)
    assert (str(d.date_from), str(d.date_to), d.map, d.province) == ("2026-01-01", "2026-10-31", "2025", None)
    with pytest.raises(model.BadParam, match="to=2026-11-01"):
        model.read({"to": "2026-11-01"}, strict=True)  # after the data date


# ---------------------------------------------------------------- the pack in a session

def sidebar_text(at) -> str:
    return " ".join([m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption]).replace("**", "")


def test_pack_collects_ticked_charts_across_pages_and_clears():
    at = page_app("/overview?map=2024&province=74")
    assert "Gói báo cáo · 0 biểu đồ" in sidebar_text(at)
    at.checkbox(key="overview_map_pack").check().run()
    assert "Gói báo cáo · 1 biểu đồ" in sidebar_text(at)
    at.switch_page("antq/features/festival/page.py").run()
    at.checkbox(key="festival_chart_sites_pack").check().run()
    assert not at.exception
    text = sidebar_text(at)
    assert "Gói báo cáo · 2 biểu đồ" in text and "1. Tổng quan phong trào: " in text and "2. Ngày hội toàn dân" in text
    assert {"pack_pptx", "pack_pdf"} <= {b.key for b in at.sidebar.get("download_button")}
    items = list(at.session_state[views_pack_key()].values())
    assert [i["page"] for i in items] == ["Tổng quan phong trào", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"]
    assert "Bình Dương" in items[0]["caption"]["subtitle"] and len(items[1]["data"]) > 0
    from pptx import Presentation

    prs = Presentation(io.BytesIO(pack.pptx(items)))
    assert [s.shapes[0].text_frame.text for s in prs.slides] == [i["title"] for i in items]
    # back on the first page the tick is still there; clear empties the pack and unticks it
    at.switch_page("antq/features/overview/page.py").run()
    assert at.checkbox(key="overview_map_pack").value is True
    at.sidebar.button(key="pack_clear").click().run()
    assert "Gói báo cáo · 0 biểu đồ" in sidebar_text(at) and at.checkbox(key="overview_map_pack").value is False


def test_a_tick_holds_the_view_it_was_given():
    at = page_app("/festival?year=2022")
    at.checkbox(key="festival_map_pack").check().run()
    at.selectbox(key="festival_year").set_value(2019).run()
    assert at.checkbox(key="festival_map_pack").value is False  # another view of the chart is not in the pack
    assert "1 biểu đồ" in sidebar_text(at)
    items = list(at.session_state[views_pack_key()].values())
    assert "2022" in items[0]["title"]


def views_pack_key() -> str:
    from antq.view import ui
    return ui.PACK
