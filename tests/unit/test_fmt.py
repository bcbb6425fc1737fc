"""Vietnamese formatting helpers: numbers, percentages, dates, collation; English as the switch."""
import datetime as dt

import pytest

from antq import fmt, i18n
@pytest.mark.parametrize("value,vi,en", [
    (1616, "1.616", "1,616"), (0, "0", "0"), (1234567, "1.234.567", "1,234,567"), (None, "–", "–"),
    (float("nan"), "–", "–"), (-2500, "-2.500", "-2,500"),
])
def test_number(value, vi, en):
    assert fmt.number(value) == vi
    assert fmt.number(value, lang="en") == en


@pytest.mark.parametrize("value,vi,en", [
    (601143, "601,1 nghìn", "601.1 thousand"), (43382815, "43,4 triệu", "43.4 million"),
    (2_500_000_000, "2,5 tỷ", "2.5 billion"), (999, "999", "999"), (-1_260_000, "-1,3 triệu", "-1.3 million"),
    (None, "–", "–"),
])
def test_short_number(value, vi, en):
    assert fmt.short_number(value) == vi
    assert fmt.short_number(value, lang="en") == en


def test_headline_short_from_a_million_with_the_exact_value():
    assert fmt.headline(97126) == ("97.126", None)
    assert fmt.headline(43382815) == ("43,4 triệu", "43.382.815")
    assert fmt.headline(43382815, "en") == ("43.4 million", "43,382,815")
    assert fmt.headline(None) == ("–", None)


def test_decimals_and_percent():
    assert fmt.number(1234.56, 1) == "1.234,6"
    assert fmt.percent(0.125) == "12,5%"
    assert fmt.percent(0.125, lang="en") == "12.5%"
    assert fmt.percent(0.98, 0) == "98%"
    assert fmt.signed_percent(0.034) == "+3,4%"
    assert fmt.signed_percent(-0.5) == "−50,0%"


def test_dates():
    assert fmt.date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert fmt.date("2013-01-31") == "31/01/2013"
    assert fmt.date(dt.datetime(2026, 10, 31, 12, 5)) == "31/10/2026"
    assert fmt.date(dt.date(2025, 7, 1), lang="en") == "2025-07-01"
    assert fmt.month(dt.date(2019, 3, 1)) == "03/2019"


def test_vietnamese_collation():
    names = ["Đà Nẵng", "Hà Nội", "An Giang", "Bắc Ninh", "Bà Rịa - Vũng Tàu", "Cà Mau", "Ô Môn", "Ong",
             "Yên Bái", "Đắk Lắk", "Dương Minh Châu", "Huế", "Hòa Bình", "Hà Giang", "Ân Thi", "Âu Lâu"]
    assert fmt.sorted_names(names) == [
        "An Giang", "Ân Thi", "Âu Lâu", "Bà Rịa - Vũng Tàu", "Bắc Ninh", "Cà Mau", "Dương Minh Châu", "Đà Nẵng",
        "Đắk Lắk", "Hà Giang", "Hà Nội", "Hòa Bình", "Huế", "Ong", "Ô Môn", "Yên Bái"]
    assert fmt.sorted_names(["Bắc Ninh", "Bạch Long Vĩ", "Bà Rịa", "Ăn"]) == ["Ăn", "Bà Rịa", "Bạch Long Vĩ", "Bắc Ninh"]
    # tone marks order words that differ only by tone: none, huyền, sắc, hỏi, ngã, nặng
    assert fmt.sorted_names(["Ma", "Mạ", "Mã", "Mả", "Má", "Mà"]) == ["Ma", "Mà", "Má", "Mả", "Mã", "Mạ"]


def test_plotly_separators():
    assert fmt.plotly_separators("vi") == ",."
    assert fmt.plotly_separators("en") == ".,"


def test_every_text_has_both_languages():
    for key, pair in i18n.all_text().items():
        assert len(pair) == 2 and all(p.strip() for p in pair), key
    assert i18n.t("page_models") == "Mô hình"
    assert i18n.t("page_models", "en") == "Models"
    assert i18n.t("data_date", d="31/10/2026") == "Số liệu đến ngày 31/10/2026"
