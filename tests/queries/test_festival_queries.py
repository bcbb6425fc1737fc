"""The festival queries on the demo snapshot: areas add up to the national totals of
festival_year_summary (the seed-fact query) on both maps, no data stays NULL, the site list agrees."""
import datetime as dt

import pytest

from antq.data import db
YEAR = {"date_from": dt.date(2013, 1, 1), "date_to": dt.date(2026, 10, 31)}


def summary(built_data, map_, province=None):
    return db.run("festival_year_summary", snapshot_dir=built_data, map=map_, province=province, **YEAR).set_index("year")


@pytest.mark.parametrize("year", [2021, 2022, 2025])
def test_areas_add_up_to_the_national_totals_on_both_maps(built_data, year):
    totals = {}
    for m, n_provinces in (("2024", 63), ("2025", 34)):
        df = db.run("festival_by_area", snapshot_dir=built_data, map=m, province=None, year=year)
        assert len(df) == n_provinces and df["area_code"].is_unique
        nat = summary(built_data, m).loc[year]
        assert df["sites"].sum() == nat["sites"] == df["national_sites"].iloc[0]
        assert df["showcase_sites"].sum() == nat["showcase_sites"]
        assert df["participants"].sum() == nat["participants"] == df["national_participants"].iloc[0]
        assert df["prev_sites"].sum() == summary(built_data, m).loc[year - 1, "sites"]
        assert df["population"].sum() == df["national_population"].iloc[0]
        totals[m] = df[["sites", "showcase_sites", "participants", "population", "communes_total",
                        "communes_held"]].sum().to_dict()
    assert totals["2024"] == totals["2025"]
    # communes are counted on the map the year was recorded on
    assert totals["2025"]["communes_total"] == (3321 if year >= 2025 else 10040)


def test_2022_showcase_sites_by_province_add_up_to_5813(built_data):
    df = db.run("festival_by_area", snapshot_dir=built_data, map="2024", province=None, year=2022)
    assert df["showcase_sites"].sum() == 5813


def test_communes_of_a_province_add_up_and_unplaceable_ones_stay_null(built_data):
    for m in ("2024", "2025"):
        df = db.run("festival_by_area", snapshot_dir=built_data, map=m, province="38", year=2022)
        assert df["sites"].sum() == summary(built_data, m, "38").loc[2022, "sites"]
    # 2025 was recorded on the new communes: on the old map only the old commune each lands on has data
    old = db.run("festival_by_area", snapshot_dir=built_data, map="2024", province="38", year=2025)
    assert old["sites"].isna().sum() > 300 and 0 < old["sites"].notna().sum() <= old["communes_total"].sum() == 166
    assert old["sites"].sum() == summary(built_data, "2024", "38").loc[2025, "sites"] == 4517  # Thanh Hóa 2025


def test_site_list_counts_what_the_map_counts(built_data):
    base = dict(snapshot_dir=built_data, map="2025", province="38", year=2022, commune=None, levels=[],
                showcase_only=False)
    full = db.run("festival_sites_list", **base, limit=None)
    assert len(full) == full["total_rows"].iloc[0] == summary(built_data, "2025", "38").loc[2022, "sites"]
    assert set(full["province_code"]) == {"38"}
    first = db.run("festival_sites_list", **base, limit=50)
    assert len(first) == 50 and first["total_rows"].iloc[0] == len(full)
    assert first["showcase"].iloc[0] and list(first["site_id"]) == list(full["site_id"][:50])
    showcase = db.run("festival_sites_list", **{**base, "showcase_only": True}, limit=None)
    assert len(showcase) == summary(built_data, "2025", "38").loc[2022, "showcase_sites"]
    xa = db.run("festival_sites_list", **{**base, "levels": ["Xã", "Tỉnh"]}, limit=None)
    assert set(xa["level"]) == {"Xã", "Tỉnh"} and len(xa) == full["level"].isin(["Xã", "Tỉnh"]).sum()
    one = full["commune_code"].iloc[0]
    commune = db.run("festival_sites_list", **{**base, "commune": one}, limit=None)
    assert set(commune["commune_code"]) == {one} and len(commune) == (full["commune_code"] == one).sum()
