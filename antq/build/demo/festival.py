"""Demo `festival_sites`: the August festival (Ngày hội toàn dân bảo vệ ANTQ), 2013-2026.

Each year every province holds one province-level site, (before 2025) one per district, and
many commune- and hamlet-level sites; about 5,000-6,000 of all sites nationally are showcase
sites (Ngày hội điểm), where party leaders attend. The number of sites grows with the years,
dips in 2020 and collapses in 2021 (COVID-19). Festivals from 2025 are held on the new map (34
provinces, no districts). Dates are in August, most around the 19th (traditional day of the
People's Police).

Calibrated: the 2022 national figures of the seed article (5,813 showcase sites and the leaders
by rank) through `seed_fact_checks.csv`, and Thanh Hóa's 4,517 sites of all levels in 2025
(`published_figures.csv`).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from antq.build.demo.calibrate import set_total, targets
from antq.build.demo.world import YEARS, World, codes, dates, day, era_codes, stream

LEVELS = ["Tỉnh", "Huyện", "Xã", "Thôn/Tổ dân phố"]
RATE = {2013: .55, 2014: .62, 2015: .70, 2016: .78, 2017: .85, 2018: .90, 2019: .95, 2020: .70, 2021: .30,
        2022: 1.0, 2023: 1.08, 2024: 1.14, 2025: 1.2, 2026: 1.22}       # all-level sites per 1,000 residents
PUBLISHED = {("38", 2025): 4517}       # Thanh Hóa, all levels (published_figures.csv, baothanhhoa.vn)
LEADERS = ["leaders_politburo", "leaders_secretariat", "leaders_cc_central", "leaders_cc_provincial_secretary",
           "leaders_province_standing", "leaders_district_standing"]
LEADER_MEAN = [3, 3, 22, 14, 290, 2700]
PARTICIPANTS = np.array([3000, 1500, 700, 250])
SCHEMA = pa.schema([("site_id", pa.int64()), ("year", pa.int32()), ("held_on", pa.date32()),
                    ("commune_code", pa.string()), ("admin_era", pa.string()), ("level", pa.string()),
                    ("showcase", pa.bool_())] + [("participants", pa.int32())] + [(c, pa.int32()) for c in LEADERS])


def _biggest(group: np.ndarray, pop: np.ndarray) -> np.ndarray:
    """For each group value (0..max), the index of its most populous member."""
    order = np.lexsort((-pop, group))
    g = group[order]
    first = np.r_[True, g[1:] != g[:-1]]
    out = np.full(int(group.max()) + 1, -1, dtype=np.int64)
    out[g[first]] = order[first]
    return out


def _year(world: World, y: int, scale: int, goals: dict, rng: np.random.Generator, fp: dict):
    new = y >= 2025
    cm = world.c25 if new else world.c24
    prov = world.prov25 if new else world.prov24
    pcodes = world.prov25_codes if new else world.prov24_codes
    pop = cm["population"].to_numpy()
    npv = len(pcodes)
    ppop = np.bincount(prov, weights=pop, minlength=npv)
    f = np.array([fp.get(c, 1.0) for c in pcodes])
    total = rng.poisson(ppop / 1000 * RATE[y] * f * scale)
    share = 1.0 if world.national else len(cm) / (3321 if new else 10040)
    showcase_n = int(goals.get("showcase_sites", rng.integers(5100, 5900) * share))
    ncomm = np.bincount(prov, minlength=npv)
    sc = rng.multinomial(showcase_n, ncomm / ncomm.sum())
    for (code, yy), n in PUBLISHED.items():
        if yy == y and code in pcodes:
            total[pcodes.index(code)] = n
    # province sites, district sites (old map), then commune / hamlet sites
    rows_c, rows_lvl, rows_show = [], [], []
    cap = _biggest(prov, pop)
    ok = cap >= 0
    rows_c.append(cap[ok]), rows_lvl.append(np.zeros(ok.sum(), np.int8)), rows_show.append(np.ones(ok.sum(), bool))
    sc = np.maximum(sc - ok, 0)
    total = np.maximum(total - ok, 0)
    if not new:
        dist = cm["district_code"].astype("category").cat.codes.to_numpy()
        dc = _biggest(dist, pop)
        dc = dc[dc >= 0]
        dc = dc[~np.isin(dc, cap)]
        show = rng.random(dc.size) < 0.7
        rows_c.append(dc), rows_lvl.append(np.ones(dc.size, np.int8)), rows_show.append(show)
        dp = prov[dc]
        sc = np.maximum(sc - np.bincount(dp, weights=show, minlength=npv).astype(int), 0)
        total = np.maximum(total - np.bincount(dp, minlength=npv), 0)
    total = np.maximum(total, sc)
    order = np.argsort(prov, kind="stable")
    bounds = np.searchsorted(prov[order], np.arange(npv + 1))
    for p in range(npv):
        members = order[bounds[p]:bounds[p + 1]]
        if members.size == 0 or total[p] == 0:
            continue
        w = pop[members] / pop[members].sum()
        c = members[np.minimum(np.searchsorted(np.cumsum(w), rng.random(int(total[p]))), members.size - 1)]
        show = np.zeros(c.size, bool)
        show[:sc[p]] = True
        lvl = np.where(rng.random(c.size) < np.where(show, 0.55, 0.12), 2, 3).astype(np.int8)
        rows_c.append(c), rows_lvl.append(lvl), rows_show.append(show)
    c, lvl, show = np.concatenate(rows_c), np.concatenate(rows_lvl), np.concatenate(rows_show)
    # dates: August, most between the 15th and the 21st, the 19th above all
    dw = np.ones(31)
    dw[14:21] += 6
    dw[18] += 10
    dd = rng.choice(31, size=c.size, p=dw / dw.sum()) + 1
    held = day(f"{y}-08-01") + dd - 1
    mult = np.where(show, 1.5, 1.0) * (0.3 if y == 2021 else 1.0)
    part = np.maximum(10, rng.lognormal(np.log(PARTICIPANTS[lvl] * mult), 0.45)).astype(np.int32)
    leaders = {}
    sidx = np.flatnonzero(show)
    for col, mean in zip(LEADERS, LEADER_MEAN):
        ramp = min(1.0, 0.6 + 0.05 * (y - 2013))
        n = int(goals[col]) if col in goals else int(rng.poisson(mean * ramp * share))
        if col == "leaders_district_standing" and new:
            n = 0                      # no districts after 1 July 2025
        v = np.zeros(c.size, np.int64)
        if n and sidx.size:
            if col in LEADERS[:4]:      # one each, at distinct showcase sites
                pool = sidx[lvl[sidx] != 3] if (lvl[sidx] != 3).sum() >= n else sidx
                if col == "leaders_cc_provincial_secretary":   # one province each
                    first = np.unique(prov[c[pool]], return_index=True)[1]
                    pool = pool[first] if first.size >= n else pool
                v[rng.choice(pool, size=min(n, pool.size), replace=False)] = 1
                if v.sum() < n:
                    v[sidx] += set_total(np.zeros(sidx.size), n - int(v.sum()), rng)
            else:
                v[sidx] = set_total(np.ones(sidx.size), n, rng)
        leaders[col] = v.astype(np.int32)
    order = np.lexsort((c, held))
    era_new = np.full(c.size, new)
    code, era = era_codes(world, c[order], era_new)
    cols = [pa.array(np.full(c.size, y, np.int32)), dates(held[order]), code, era,
            codes(np.array(LEVELS), lvl[order]), pa.array(show[order]), pa.array(part[order])]
    cols += [pa.array(leaders[k][order]) for k in LEADERS]
    return cols


def write_festival(world: World, path, scale: int = 1) -> int:
    """Generate every year and stream `festival_sites` to parquet; returns the row count."""
    import pyarrow.parquet as pq
    n = 0
    with pq.ParquetWriter(path, SCHEMA, compression="zstd") as fw:
        for tab in festival_years(world, scale):
            fw.write_table(tab, row_group_size=512_000)
            n += tab.num_rows
    return n


def festival_years(world: World, scale: int = 1):
    """Yield one `festival_sites` table per year."""
    rng0 = stream(world.seed, "festival/provinces")
    fp = {}
    for codes_ in (world.prov24_codes, world.prov25_codes):
        for code in codes_:
            fp.setdefault(code, float(np.exp(rng0.normal(0, 0.25))))
    fp.update({"12": 0.35, "11": 0.45})    # Lai Châu, Điện Biên hold few
    goals_by_year = {}
    for t in targets("festival_year_summary"):
        if not t.province and world.national:      # national figures only on a national build
            goals_by_year.setdefault(int(t.params["date_from"][:4]), {})[t.column] = t.expected
    start = 1
    for y in YEARS:
        cols = _year(world, y, scale, goals_by_year.get(y, {}), stream(world.seed, f"festival/{y}"), fp)
        n = len(cols[0])
        yield pa.table([pa.array(np.arange(start, start + n, dtype=np.int64))] + cols, schema=SCHEMA)
        start += n
