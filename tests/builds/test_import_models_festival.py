"""Model sites and festival sites through the template: a filled-in template is imported and the
figures move by exactly its rows; the rules of these two tables are named row by row."""
import datetime as dt
import io

import openpyxl
import pytest

from antq.data import db

from antq.ingest import importer as ingest, template
from tests.import_support import TODAY, demo_root  # noqa: F401  (fixture)

D = dt.datetime
P = {"map": "2024", "province": "74", "date_from": dt.date(2024, 1, 1), "date_to": dt.date(2024, 12, 31)}


def filled(models: list, festival: list) -> bytes:
    communes = db.run("data_province_communes", province="74")
    wb = openpyxl.load_workbook(io.BytesIO(template.build("74", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "Bình Dương",
                                                          communes=communes)))
    for row in models:
        wb["Điểm mô hình"].append(row)
    for row in festival:
        wb["Ngày hội"].append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


C1, C2 = "25741", "25744"  # two communes of Bình Dương on the 2024 map
MODELS = [  # site, model, name, origin, type, commune, era, started, ended, effective, members, cameras
    [7_424_800_001, "MH74-001", "Tổ tự quản ANTT khu phố 1", "Có", "tu_quan_antt", C1, None, "05/02/2024", None, "Có", 12, 0],
    [7_424_800_002, "MH74-001", "Tổ tự quản ANTT khu phố 2", "Không", "tu_quan_antt", C2, None, D(2024, 6, 1), None, "Không", 9, 0],
    [7_424_800_003, "MH74-002", "Camera an ninh ấp 3", "Có", "camera_an_ninh", C2, "2024", "01/09/2024", "01/11/2024", "Có", 5, "1.200"],
]
FESTIVAL = [  # site, year, held, commune, era, level, showcase, participants, six leader counts
    [7_424_700_001, 2024, "18/08/2024", C1, None, "Xã", "Có", "1.616", 0, 0, 1, 0, 2, 3],
    [7_424_700_002, None, D(2024, 8, 19), C2, None, "Thôn/Tổ dân phố", "Không", 350, 0, 0, 0, 0, 0, 1],
]


def test_model_and_festival_sites_move_the_figures_by_exactly_their_rows(demo_root):
    before_m = db.run("model_sites_started", snapshot_dir=demo_root / "demo", model_types=[], **P).iloc[0]
    before_f = db.run("festival_year_summary", snapshot_dir=demo_root / "demo", **P).set_index("year").loc[2024]
    o = ingest.run([("mau-74.xlsx", filled(MODELS, FESTIVAL))], root=demo_root, today=TODAY)
    assert o.status == "imported", [p.text() for p in o.problems[:5]]
    new = demo_root / o.snapshot_id
    after_m = db.run("model_sites_started", snapshot_dir=new, model_types=[], **P).iloc[0]
    after_f = db.run("festival_year_summary", snapshot_dir=new, **P).set_index("year").loc[2024]
    assert (after_m["sites"] - before_m["sites"], after_m["origins"] - before_m["origins"],
            after_m["models"] - before_m["models"]) == (3, 2, 2)
    assert after_f["sites"] - before_f["sites"] == 2 and after_f["showcase_sites"] - before_f["showcase_sites"] == 1
    assert after_f["participants"] - before_f["participants"] == 1616 + 350
    assert after_f["leaders_district_standing"] - before_f["leaders_district_standing"] == 4
    cams = db.run("model_communes_covered", snapshot_dir=new, as_of=dt.date(2024, 10, 1), model_types=["camera_an_ninh"],
                  map="2024", province="74").iloc[0]["cameras"]
    cams_before = db.run("model_communes_covered", snapshot_dir=demo_root / "demo", as_of=dt.date(2024, 10, 1),
                         model_types=["camera_an_ninh"], map="2024", province="74").iloc[0]["cameras"]
    assert cams - cams_before == 1200


@pytest.mark.parametrize("sheet,row,change,kind,column", [
    ("models", 0, {4: "mo_hinh_la"}, "allowed", "E"),                     # a model type not in the catalogue
    ("models", 2, {8: "01/08/2024"}, "order", "I"),                      # ended before it started
    ("models", 1, {3: "Có"}, "order", "D"),                              # two origins for one model
    ("models", 2, {3: "Không"}, "link", "B"),                            # a new model without its origin
    ("models", 0, {10: -2}, "negative", "K"),
    ("festival", 0, {2: "18/09/2024"}, "period", "C"),                   # not in August
    ("festival", 0, {1: 2023}, "order", "B"),                            # year differs from the date
    ("festival", 1, {0: 7_424_700_001}, "duplicate", "A"),
])
def test_rules_of_model_and_festival_sites(demo_root, sheet, row, change, kind, column):
    models, festival = [list(r) for r in MODELS], [list(r) for r in FESTIVAL]
    target = models if sheet == "models" else festival
    for i, v in change.items():
        target[row][i] = v
    o = ingest.run([("mau-74.xlsx", filled(models, festival))], root=demo_root, today=TODAY, write=False)
    assert o.status == "invalid"
    name = "Điểm mô hình" if sheet == "models" else "Ngày hội"
    assert (kind, name, row + 2, column) in {(p.kind, p.sheet, p.row, p.column.split(" ")[0]) for p in o.problems}, \
        [p.text() for p in o.problems]


def test_district_level_festival_after_the_reform(demo_root):
    festival = [[7_425_700_001, 2025, "18/08/2025", "26734", None, "Huyện", "Không", 100, 0, 0, 0, 0, 0, 0]]
    communes = db.run("data_province_communes", province="79")
    code = communes[communes["map"] == "2025"]["commune_code"].iloc[0]
    festival[0][3] = code
    wb = openpyxl.load_workbook(io.BytesIO(template.build("79", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "Hồ Chí Minh",
                                                          communes=communes)))
    wb["Ngày hội"].append(festival[0])
    buf = io.BytesIO()
    wb.save(buf)
    o = ingest.run([("mau-79.xlsx", buf.getvalue())], root=demo_root, today=TODAY, write=False)
    assert [(p.kind, p.row, p.column.split(" ")[0]) for p in o.problems] == [("allowed", 2, "F")]
    assert "không còn cấp huyện" in o.problems[0].message
