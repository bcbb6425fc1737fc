"""A map laid out again for a phone (antq/figures/narrow.py): pure, no Streamlit."""
import pandas as pd

from antq.figures import charts, narrow
from antq.features.overview import figures as co
from tests.unit.test_charts import GEO


def _map(title=None):
    df = pd.DataFrame({"code": ["01", "02", "03"], "name": ["Hà Nội", "Hải Phòng", "Đà Nẵng"], "v": [1616.0, 12.5, 3.0]})
    return charts.choropleth(df, GEO, code_col="code", name_col="name", value_col="v", title=title,
                             value_label="Tin báo tiếp nhận trên 1.000 dân trong kỳ đã chọn")


def test_the_map_takes_the_width_with_its_scale_under_it_and_the_country_in_view():
    desk = co.legend_beside(_map(), width_px=620)
    phone = narrow.for_phone(desk)
    assert tuple(phone.layout.map.domain.x) == (0, 1) and phone.layout.map.domain.y[0] == narrow.MAP_BOTTOM
    bar = phone.data[0].colorbar
    assert bar.orientation == "h" and bar.y + 0.05 < narrow.MAP_BOTTOM and bar.yanchor == "bottom"
    assert "<br>" in bar.title.text and max(len(x) for x in bar.title.text.split("<br>")) <= 44
    assert phone.layout.map.zoom == desk.layout.map.zoom - narrow.ZOOM_BACK
    assert desk.layout.map.domain.x[1] < 1 and desk.data[0].colorbar.orientation != "h"  # the page's own is kept


def test_a_long_title_wraps_and_makes_room():
    title = "Độ phủ mô hình theo tỉnh: mọi loại — Toàn quốc, tính đến 31/10/2026"
    fig = _map(title)
    phone = narrow.for_phone(fig)
    assert phone.layout.title.text.replace("<br>", " ") == title
    assert phone.layout.title.text == charts.wrap(title, narrow.PHONE_TITLE_CHARS)  # flows anew, not the column's lines
    assert all(len(x) <= 38 for x in phone.layout.title.text.split("<br>"))
    lines = phone.layout.title.text.count("<br>") + 1
    assert phone.layout.margin.t == 40 + charts.TITLE_LINE_PX * (lines - 1) >= fig.layout.margin.t


def test_a_map_title_is_wrapped_for_the_narrowest_column_with_room_above_the_map():
    title = "Điểm mô hình đang hoạt động theo xã: mọi loại — Toàn quốc, tính đến 31/10/2026"
    fig = _map(title)
    phone = narrow.for_phone(fig).layout.title.text
    assert phone == charts.wrap(title, narrow.PHONE_TITLE_CHARS)  # the column's break does not stay on a phone
    lines = fig.layout.title.text.split("<br>")
    assert " ".join(lines) == title and len(lines) == 2 and all(len(x) <= charts.TITLE_CHARS for x in lines)
    assert fig.layout.margin.t == 40 + charts.TITLE_LINE_PX
    assert _map("Toàn quốc").layout.margin.t == 40 and _map().layout.margin.t == 0
    assert narrow.wrap("") == "" and narrow.wrap("Toàn quốc") == "Toàn quốc"


def test_a_title_with_a_smaller_second_line_keeps_its_tags_whole():
    title = ("Tỷ lệ tin dẫn tới vụ đã phá theo tỉnh, thành<br><sup>Toàn quốc · 01/01/2026 – 31/10/2026 · "
             "Sau 1/7/2025 (34 tỉnh, thành)</sup>")
    for width in (charts.TITLE_CHARS, narrow.PHONE_TITLE_CHARS):
        lines = charts.wrap_title(title, width).split("<br>")
        small = [x for x in lines if x.startswith("<sup>")]
        assert all(x.endswith("</sup>") and x.count("<sup>") == 1 for x in small)
        assert " ".join(x.removeprefix("<sup>").removesuffix("</sup>") for x in lines) == title.replace("<br>", " ").replace(
            "<sup>", "").replace("</sup>", "")
        assert all(len(x) <= width for x in lines if not x.startswith("<sup>"))
    phone = narrow.for_phone(_map(title))
    assert phone.layout.title.text.count("<sup>") == phone.layout.title.text.count("</sup>") >= 2
