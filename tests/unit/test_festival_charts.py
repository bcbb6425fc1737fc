"""Pure builders of the "Ngày hội" page: formatting, rates, small-count statistics, flags, figures."""
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from antq.features.festival import figures as cf
from antq import fmt
def test_numbers_format_like_fmt_number():
    values = [0, 7, 1616, 2.5, 3.5, 1234567.891, -42, None, float("nan")]
    for lang in ("vi", "en"):
        for d in (0, 1, 2):
            assert list(cf.numbers(values, d, lang)) == [fmt.number(x, d, lang) for x in values]
    assert list(cf.signed([-751, 1245, 0, None])) == ["−751", "+1.245", "+0", "–"]


def test_default_year_follows_the_sidebar_end_year():
    years = [2013, 2014, 2022, 2026]
    assert cf.default_year(years, 2026) == 2026
    assert cf.default_year(years, 2023) == 2022
    assert cf.default_year(years, 2010) == 2026  # nothing before: the latest
    assert cf.default_year([], 2026) is None


def _areas(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = dict(area_code=[f"{i:02d}" for i in range(n)], area_name=[f"Nơi {i}" for i in range(n)],
                showcase_sites=[0] * n, participants=[100] * n, communes_total=[10] * n, communes_held=[10] * n,
                prev_showcase_sites=[0] * n, prev_participants=[100] * n, prev_communes_total=[10] * n,
                prev_communes_held=[10] * n)
    base.update(cols)
    return pd.DataFrame(base)


def test_rates_and_totals():
    df = cf.with_rates(_areas(sites=[10, 0, None], population=[10_000, 20_000, None], prev_sites=[5, 5, None],
                              prev_population=[10_000, 20_000, None], communes_held=[10, 0, None],
                              participants=[500, 0, None]))
    assert df["sites_per_10k"].tolist()[:2] == [10.0, 0.0] and math.isnan(df["sites_per_10k"].iloc[2])
    assert df["participants_per_1k"].tolist()[:2] == [50.0, 0.0]
    assert df["communes_share"].tolist()[:2] == [1.0, 0.0]
    tot = cf.totals(df)
    assert tot["sites"] == 10 and tot["population"] == 30_000 and tot["communes_share"] == pytest.approx(10 / 20)


def test_binomial_cdf_matches_the_sum_of_its_terms():
    n, p = 30, 0.3
    brute = [sum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k + 1)) for k in range(n + 1)]
    assert [cf.binom_cdf(k, n, p) for k in range(n + 1)] == pytest.approx(brute, rel=1e-9)
    assert cf.binom_cdf(-1, 10, 0.5) == 0.0 and cf.binom_cdf(10, 10, 0.5) == 1.0


def test_poisson_z_is_signed_and_finite_at_zero():
    z = cf.poisson_z([0, 5, 10, 20, 200], [10, 10, 10, 10, 100])
    assert np.all(np.isfinite(z))
    assert z[0] < z[1] < z[2] < z[3] and abs(z[2]) < 0.2 and z[4] > 5
    assert cf.overdispersion([0.1] * 20) == 1.0 and cf.overdispersion(list(range(-10, 11))) > 10


def test_few_for_size_flags_none_clear_and_small_counts():
    rng = np.random.default_rng(1)
    pop = rng.integers(50_000, 500_000, 60).astype(float)
    sites = rng.poisson(pop / 1e4)  # one site per 10,000 residents, by chance only
    sites[0], pop[0] = 0, 300_000          # held none
    sites[1], pop[1] = 100, 2_000_000      # 100 where about 200 are expected: clearly low
    sites[2], pop[2] = 1, 20_000           # 2 expected: a small count
    df = _areas(sites=sites, population=pop, prev_sites=sites, prev_population=pop)
    df["national_sites"], df["national_population"] = sites.sum(), pop.sum()
    few, phi = cf.few_for_size(df)
    flag = dict(zip(few["area_code"], few["flag"]))
    assert flag["00"] == "none" and flag["01"] == "clear"
    assert few.loc[few["area_code"] == "02", "small"].item()
    assert list(few["area_code"][:2]) == ["00", "01"]  # most worrying first
    assert phi >= 1
    assert (few["flag"] == "ok").sum() > 40  # chance alone does not flag most places


def test_fell_lists_only_falls_and_flags_those_beyond_the_national_change():
    rng = np.random.default_rng(2)
    pop = np.full(40, 100_000.0)
    prev = rng.poisson(100, 40)
    cur = rng.poisson(50, 40)  # the whole country halves
    cur[0], prev[0] = 5, 120   # fell far more than the country
    cur[1], prev[1] = 80, 60   # rose
    df = _areas(sites=cur, population=pop, prev_sites=prev, prev_population=pop, participants=cur * 100,
                prev_participants=prev * 100)
    df["national_sites"], df["national_population"] = cur.sum(), pop.sum()
    df["prev_national_sites"], df["prev_national_population"] = prev.sum(), pop.sum()
    falls, _ = cf.fell(df)
    assert (falls["sites"] < falls["prev_sites"]).all() and "01" not in set(falls["area_code"])
    assert falls.iloc[0]["area_code"] == "00" and falls.iloc[0]["flag"] == "clear"
    assert falls.iloc[0]["change"] == -115 and falls.iloc[0]["participants_change"] == -11_500
    assert (falls["flag"] == "fell").sum() > len(falls) / 2


def _summary() -> pd.DataFrame:
    return pd.DataFrame({"year": [2021, 2022], "sites": [29_226, 97_126], "showcase_sites": [5_846, 5_813],
                         "participants": [4_175_084, 36_739_873], "communes_holding": [1, 1],
                         "leaders_politburo": [3, 3], "leaders_secretariat": [3, 3], "leaders_cc_central": [23, 25],
                         "leaders_cc_provincial_secretary": [13, 15], "leaders_province_standing": [308, 313],
                         "leaders_district_standing": [2_705, 2_932]})


def test_leader_bars_stack_every_rank_with_readable_labels():
    fig = cf.leaders_bars(_summary(), ranks=cf.LEADERS_CENTRAL, selected=2022, lang="vi", title="x")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    # the legend carries the chosen year's counts, readable however thin a segment is
    assert [tr.name for tr in bars] == ["Ủy viên Bộ Chính trị — 2022: 3", "Ủy viên Ban Bí thư — 2022: 3",
                                        "Ủy viên TW Đảng (ban, bộ, ngành TW) — 2022: 25",
                                        "Ủy viên TW Đảng là Bí thư Tỉnh ủy, Thành ủy — 2022: 15"]
    assert [tr.y[1] for tr in bars] == [3, 3, 25, 15] and [tr.text[1] for tr in bars] == ["3", "3", "25", "15"]
    assert fig.layout.barmode == "stack" and fig.layout.separators == ",."
    assert fig.layout.annotations[0].text == "<b>46</b>" and fig.layout.annotations[0].x == 1  # the chosen year
    local = cf.leaders_bars(_summary(), ranks=cf.LEADERS_LOCAL, selected=2022, lang="vi", title="x")
    assert [tr.name for tr in local.data if tr.type == "bar"] == [
        "Ủy viên Ban Thường vụ Tỉnh ủy, Thành ủy — 2022: 313", "Ủy viên Ban Thường vụ Huyện ủy — 2022: 2.932"]


def test_sites_bars_split_showcase_from_the_rest():
    fig = cf.sites_bars(_summary(), selected=2022, lang="vi", title="x")
    showcase, other = fig.data
    assert list(showcase.y) == [5_846, 5_813] and list(other.y) == [29_226 - 5_846, 97_126 - 5_813]
    assert list(fig.data[0].marker.opacity) == [0.55, 1.0] and fig.data[0].name == "Ngày hội điểm — 2022: 5.813"
    assert fig.layout.annotations[0].text == "<b>97.126</b>"


def test_year_table_is_vietnamese():
    tab = cf.year_table(_summary(), 100_000_000, "vi")
    row = tab[tab["Năm"] == "2022"].iloc[0]
    assert row["Ngày hội điểm"] == "5.813" and row["Ủy viên Ban Thường vụ Huyện ủy"] == "2.932"
    assert row["Người tham dự / 1.000 dân"] == "367,4"


def test_share_bins_for_single_communes():
    assert cf.share_bins([0.0, 1.0, 1.0]).edges == (0.0, 0.5, 1.0)
    assert cf.share_bins([0.91, 0.95, 0.99, 1.0, 0.97, 0.93]).edges[-1] == 1.0


def test_sites_table_dates_and_levels():
    df = pd.DataFrame({"site_id": [7], "held_on": [dt.date(2022, 8, 19)], "level": ["Thôn/Tổ dân phố"],
                       "showcase": [True], "participants": [1616], "province_code": ["01"],
                       "province_name": ["Hà Nội"], "commune_code": ["00004"], "commune_name": ["Phường Ba Đình"],
                       "recorded_commune_code": ["00001"], "recorded_commune_name": ["Phường Phúc Xá"],
                       "admin_era": ["2024"], **{r: [0] for r in cf.LEADERS}})
    row = cf.sites_table(df, "vi").iloc[0]
    assert row["Ngày tổ chức"] == "19/08/2022" and row["Cấp"] == "Thôn, tổ dân phố"
    assert row["Người tham dự"] == "1.616" and row["Ngày hội điểm"] == "Có"
    assert row["Xã khi ghi nhận"] == "Phường Phúc Xá (00001, 2024)"
    assert cf.sites_table(df, "en").iloc[0]["Date held"] == "2022-08-19"
