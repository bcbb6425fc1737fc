"""The period choices of the quick controls atop the page (antq/view/quickbar.py)."""
import datetime as dt

from antq.view import quickbar

D = dt.date(2026, 10, 31)


def test_this_year_to_the_data_date_then_each_whole_year_back_to_2013():
    ps = quickbar.periods(D, (dt.date(2026, 1, 1), D))
    assert ps[0] == (dt.date(2026, 1, 1), D) and ps[1] == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert ps[-1] == (dt.date(2013, 1, 1), dt.date(2013, 12, 31)) and len(ps) == 14


def test_a_period_set_elsewhere_is_offered_first_so_the_control_shows_what_is_in_view():
    odd = (dt.date(2024, 3, 1), dt.date(2024, 9, 30))
    assert quickbar.periods(D, odd)[0] == odd
    assert quickbar.period_label(odd, D, "vi") == "01/03/2024 – 30/09/2024"


def test_labels_in_both_languages():
    assert quickbar.period_label((dt.date(2026, 1, 1), D), D, "vi") == "Năm 2026 (đến 31/10/2026)"
    assert quickbar.period_label((dt.date(2019, 1, 1), dt.date(2019, 12, 31)), D, "vi") == "Năm 2019"
    assert quickbar.period_label((dt.date(2019, 1, 1), dt.date(2019, 12, 31)), D, "en") == "Year 2019"
