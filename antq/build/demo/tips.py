"""Demo `tipoffs` and `cases`: residents' tips, the cases they lead to, arrests and weapons.

Generated a year at a time (numpy, vectorised) and streamed to parquet, so memory stays bounded
at any `--scale`. Tips per commune-year are Poisson around population x a province rate x a
national trend; dates follow a daily profile (weekends low, a dip over Tết and a pre-Tết
crackdown peak, June drug-prevention month, August festival, COVID-19 lulls in 2020-04 and
2021-07..09). Channels shift over time (the VNeID app appears from mid-2023 and grows).

A share of tips is valuable; a share of valuable tips leads to a case. Tips of one commune and
category close in time are grouped into one case (several tips, one case). A case opens a few
days after its earliest tip and is solved after a log-normal delay (days to months, long tail),
or stays unsolved at the data date.

Planted for a leader to notice: Kon Tum's tips collapse in 2021; a commune of Đồng Nai spikes in
Sep-Oct 2019 (a pyramid-scheme wave); Lai Châu and Hà Giang lag; Bạc Liêu converts few tips;
Bình Phước receives far more tips per head than anyone. Bình Dương 2018 is calibrated to the
seed article (see `calibrate_funnel`).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from antq.build.demo.calibrate import Target, aim, set_total, targets
from antq.build.demo.world import END, REFORM, START, TET, YEARS, World, codes, dates, day, era_codes, stream

CHANNELS = ["Trực tiếp", "Điện thoại/đường dây nóng", "Hòm thư tố giác", "Qua tổ tự quản",
            "Mạng xã hội/thư điện tử", "Ứng dụng VNeID"]
CATEGORIES = ["Hình sự", "Ma túy", "Kinh tế", "Trật tự xã hội", "Môi trường", "Công nghệ cao"]
NATIONAL_2013 = 330_000            # tips received nationally in 2013; grows ~4 % a year
VALUABLE = np.array([.50, .40, .35, .55, .25, .45])            # by channel
LINK = np.array([.50, .60, .35, .45, .30, .30])                # valuable tip -> case, by category
SOLVE = np.array([.82, .93, .70, .90, .75, .45])               # case solved, by category
PRIMITIVE = np.array([.30, .15, .05, .25, .05, .02])           # mean primitive weapons per solved case
RATE = {"70": 4.0, "12": 0.45, "02": 0.55}                     # Bình Phước high; Lai Châu, Hà Giang lag
QUALITY = {"95": 0.55}                                          # Bạc Liêu: few valuable tips
LINK_PUSH = {"74": 1.7}
COLLAPSE = {("62", 2021): 0.3}                                  # Kon Tum
SPIKE = ("75", "2019-09-10", "2019-10-20", 2500)                # Đồng Nai: province, from, to, extra tips
TIP_SCHEMA = pa.schema([("tip_id", pa.int64()), ("received_on", pa.date32()), ("commune_code", pa.string()),
                        ("admin_era", pa.string()), ("channel", pa.string()), ("category", pa.string()),
                        ("valuable", pa.bool_()), ("case_id", pa.int64())])
CASE_SCHEMA = pa.schema([("case_id", pa.int64()), ("commune_code", pa.string()), ("admin_era", pa.string()),
                         ("category", pa.string()), ("opened_on", pa.date32()), ("solved_on", pa.date32()),
                         ("arrests", pa.int32()), ("guns", pa.int32()), ("primitive_weapons", pa.int32())])
NEVER = np.iinfo(np.int32).max
CHUNK = 1_200_000        # tips generated at once (a year, or a block of its provinces at large --scale)


def day_weights(y: int) -> tuple[np.ndarray, np.ndarray]:
    """Days of year y within the period and their relative tip intensity."""
    d = np.arange(max(START, day(f"{y}-01-01")), min(END, day(f"{y}-12-31")) + 1, dtype=np.int64)
    w = np.ones(d.size)
    dow = (d + 3) % 7                       # 0 = Monday
    w *= np.where(dow == 6, 0.6, np.where(dow == 5, 0.85, 1.0))
    tet = day(TET[y])
    w *= np.where((d >= tet - 2) & (d <= tet + 6), 0.3, np.where((d >= tet - 35) & (d < tet - 2), 1.3, 1.0))
    month = d.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12 + 1
    w *= np.where(month == 6, 1.1, 1.0) * np.where(month == 8, 1.1, 1.0)
    if y == 2020:
        w *= np.where(month == 4, 0.6, 1.0)
    if y == 2021:
        w *= np.where((month >= 7) & (month <= 9), 0.55, 1.0)
    return d, w


def channel_probs(d: np.ndarray) -> np.ndarray:
    t = (d - START) / 365.25 / 13.8                           # 0 in 2013 .. 1 in late 2026
    vneid = np.where(d >= day("2023-07-01"), 0.30 / (1 + np.exp(-((d - day("2024-09-01")) / 200))), 0)
    p = np.stack([.42 - .20 * t, .25 - .05 * t, .06 - .04 * t, .20 - .06 * t, .07 + .07 * t, vneid], axis=1)
    return p / p.sum(1, keepdims=True)


def category_probs(d: np.ndarray) -> np.ndarray:
    t = (d - START) / 365.25 / 13.8
    month = d.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12 + 1
    p = np.stack([.30 + 0 * t, .22 * np.where(month == 6, 1.6, 1.0), .12 + 0 * t, .24 + 0 * t,
                  .06 + 0 * t, .05 + .12 * t], axis=1)
    return p / p.sum(1, keepdims=True)


def draw(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One categorical draw per row of the probability matrix p."""
    return (rng.random(p.shape[0])[:, None] > np.cumsum(p, axis=1)[:, :-1]).sum(1).astype(np.int8)


class TipGenerator:
    def __init__(self, world: World, scale: int = 1):
        self.w, self.scale = world, scale
        rng = stream(world.seed, "tips/provinces")
        n = len(world.prov24_codes)
        self.rate = np.exp(rng.normal(0, 0.3, n))
        self.trend = rng.normal(0, 0.04, n)
        self.quality = np.exp(rng.normal(0, 0.15, n))
        self.link = np.exp(rng.normal(0, 0.15, n))
        for code, f in RATE.items():
            self._set(self.rate, code, f)
        for code, f in QUALITY.items():
            self._set(self.quality, code, f)
        for code, f in LINK_PUSH.items():
            self._set(self.link, code, f)
        pop = world.c24["population"].to_numpy()
        cw = pop * np.exp(rng.normal(0, 0.5, world.n24))
        self.cweight = cw * pop.sum() / cw.sum()
        self.national_pop = 100.3e6
        self.targets = [t for t in targets("tip_funnel") if t.province and world.province_index(t.province) >= 0]
        self.next_tip, self.next_case = 1, 1

    def _set(self, arr: np.ndarray, code: str, f: float) -> None:
        if code in self.w.prov24_codes:
            arr[self.w.province_index(code)] = f

    def year(self, y: int):
        """Yield (tips, cases) tables of year y, one pair per block of provinces (bounded memory)."""
        w = self.w
        d, dw = day_weights(y)
        p = w.prov24
        f = self.rate[p] * np.exp(self.trend[p] * (y - 2019))
        for (code, yy), k in COLLAPSE.items():
            if yy == y and code in w.prov24_codes:
                f = np.where(p == w.province_index(code), f * k, f)
        national = NATIONAL_2013 * 1.04 ** (y - 2013) * (1.12 if y >= 2024 else 1.0) * self.scale
        mu = national * dw.sum() / 365.0 * self.cweight / self.national_pop * f
        per_prov = np.bincount(p, weights=mu, minlength=len(w.prov24_codes))
        block = np.floor(np.cumsum(per_prov) / CHUNK).astype(int)      # provinces in code order, ~CHUNK tips each
        blocks = np.unique(block)
        for b in blocks:
            rng = stream(w.seed, f"tips/{y}" if blocks.size == 1 else f"tips/{y}/{b}")
            yield self._block(y, d, dw, np.where(block[p] == b, mu, 0.0), set(np.flatnonzero(block == b)), rng)

    def _block(self, y, d, dw, mu, provs: set, rng) -> tuple[pa.Table, pa.Table]:
        w = self.w
        p = w.prov24
        n = rng.poisson(mu)
        c = np.repeat(np.arange(w.n24), n)
        cum = np.cumsum(dw) / dw.sum()
        t = d[np.minimum(np.searchsorted(cum, rng.random(c.size)), d.size - 1)]
        spike = self._spike(y, rng) if w.province_index(SPIKE[0]) in provs else None
        is_spike = np.zeros(c.size, bool)
        if spike is not None:
            c, t = np.r_[c, spike[0]], np.r_[t, spike[1]]
            is_spike = np.r_[is_spike, np.ones(spike[0].size, bool)]
        order = np.lexsort((c, t))
        c, t, is_spike = c[order], t[order], is_spike[order]
        ch = draw(channel_probs(t), rng)
        cat = draw(category_probs(t), rng)
        cat[is_spike] = np.where(rng.random(int(is_spike.sum())) < 0.8, 2, cat[is_spike])
        val = rng.random(c.size) < np.clip(VALUABLE[ch] * self.quality[p[c]], 0, 0.95)
        link = val & (rng.random(c.size) < np.clip(LINK[cat] * self.link[p[c]], 0, 0.95))
        g = self._group(c, t, cat, link, rng)
        cases = self._cases(c, t, cat, g, rng)
        mine = [tg for tg in self.targets if w.province_index(tg.province) in provs]
        for tg in mine:
            if tg.date("date_from") <= day(f"{y}-12-31") and tg.date("date_to") >= day(f"{y}-01-01"):
                self._calibrate(tg, y, c, t, cat, val, g, cases, rng)
        for tg in mine:
            if day(f"{y}-12-31") < tg.date("date_from"):
                self._keep_out(tg, c, t, g, cases, rng)
        return self._tables(c, t, ch, cat, val, g, cases, rng)

    def _spike(self, y, rng):
        code, a, b, extra = SPIKE
        if y != int(a[:4]) or code not in self.w.prov24_codes:
            return None
        comm = self.w.communes_of(code)
        c0 = comm[np.argmax(self.w.c24["population"].to_numpy()[comm])]
        k = extra * self.scale
        return np.full(k, c0), rng.integers(day(a), day(b) + 1, k)

    @staticmethod
    def _group(c, t, cat, link, rng) -> np.ndarray:
        """Case index of each tip (-1 none): linked tips of a commune and category, close in time."""
        g = np.full(c.size, -1, dtype=np.int64)
        idx = np.flatnonzero(link)
        o = idx[np.lexsort((t[idx], cat[idx], c[idx]))]
        brk = np.ones(o.size, bool)
        if o.size > 1:
            same = (c[o][1:] == c[o][:-1]) & (cat[o][1:] == cat[o][:-1]) & (t[o][1:] - t[o][:-1] <= 45)
            brk[1:] = ~same | (rng.random(o.size - 1) < 0.62)
        g[o] = np.cumsum(brk) - 1
        return g

    def _cases(self, c, t, cat, g, rng) -> dict:
        k = int(g.max()) + 1 if g.size else 0
        linked = g >= 0
        first = np.full(k, NEVER, dtype=np.int64)
        np.minimum.at(first, g[linked], t[linked])
        ci = np.zeros(k, np.int64)
        ci[g[linked]] = c[linked]
        cc = np.zeros(k, np.int8)
        cc[g[linked]] = cat[linked]
        opened = np.minimum(first + rng.geometric(0.25, k) - 1, END)
        solved = rng.random(k) < SOLVE[cc]
        sday = opened + 1 + np.floor(rng.lognormal(np.log(25), 1.1, k)).astype(np.int64)
        sday = np.where(solved & (sday <= END), sday, NEVER)
        is_solved = sday != NEVER
        arrests = np.where(is_solved, 1 + rng.poisson(0.7 + 0.3 * (cc == 1), k), 0)
        guns = np.where(is_solved, (rng.random(k) < 0.01 * np.where(cc <= 1, 1.5, 0.5)).astype(int), 0)
        prim = np.where(is_solved, rng.poisson(PRIMITIVE[cc]), 0)
        return {"first": first, "c": ci, "cat": cc, "opened": opened, "solved": sday,
                "arrests": arrests, "guns": guns, "prim": prim}

    def _calibrate(self, tg: Target, y: int, c, t, cat, val, g, cases, rng) -> None:
        """Bình Dương 2018: every figure of the funnel, and its cases solved inside the period."""
        lo, hi = tg.date("date_from"), tg.date("date_to")
        pi = self.w.province_index(tg.province)
        inp = (self.w.prov24[c] == pi) & (t >= lo) & (t <= hi)
        crng = stream(self.w.seed, f"tips/calibrate/{tg.fact_id}")
        goals = {x.column: x for x in self.targets if x.province == tg.province and x.params == tg.params}
        if tg.column != "cases_solved":
            return
        mine = np.unique(g[inp & (g >= 0)])
        # solved inside the period, opened no later than its end
        op, sv = cases["opened"], cases["solved"]
        op[mine] = np.where(op[mine] > hi, cases["first"][mine], op[mine])
        late = mine[(sv[mine] != NEVER) & (sv[mine] > hi)]
        sv[late] = op[late] + np.floor(crng.random(late.size) * (hi - op[late] + 1)).astype(np.int64)
        solved = mine[sv[mine] != NEVER]
        want = int(tg.expected)
        if solved.size > want:            # unlink surplus cases: their tips stay valuable
            drop = crng.choice(solved, size=solved.size - want, replace=False)
            g[np.isin(g, drop)] = -1
            sv[drop] = NEVER
            solved = np.setdiff1d(solved, drop)
        elif solved.size < want:
            unsolved = np.setdiff1d(mine, solved)
            take = crng.choice(unsolved, size=min(unsolved.size, want - solved.size), replace=False)
            sv[take] = op[take] + np.floor(crng.random(take.size) * (hi - op[take] + 1)).astype(np.int64)
            solved = np.union1d(solved, take)
            short = want - solved.size
            if short > 0:                 # more single-tip cases from valuable, unlinked tips
                free = np.flatnonzero(inp & (g < 0) & (t <= hi - 1))
                free = free[np.argsort(~val[free], kind="stable")]
                pick = np.sort(crng.choice(free[:max(short, int(val[free].sum()))], size=short, replace=False))
                val[pick] = True
                new = np.arange(len(op), len(op) + short)
                g[pick] = new
                nop = np.minimum(t[pick] + crng.geometric(0.3, short) - 1, hi)
                for key, v in (("first", t[pick]), ("c", c[pick]), ("cat", cat[pick]), ("opened", nop),
                               ("solved", nop + np.floor(crng.random(short) * (hi - nop + 1)).astype(np.int64)),
                               ("arrests", np.ones(short, np.int64)), ("guns", np.zeros(short, np.int64)),
                               ("prim", np.zeros(short, np.int64))):
                    cases[key] = np.r_[cases[key], v]
                solved = np.union1d(solved, new)
        for col, key, floor in (("arrests", "arrests", 1), ("guns", "guns", 0), ("primitive_weapons", "prim", 0)):
            if col in goals:
                cases[key][solved] = set_total(cases[key][solved], int(goals[col].expected), crng, floor)
        unsolved_mine = np.setdiff1d(np.unique(g[inp & (g >= 0)]), solved)
        for key in ("arrests", "guns", "prim"):
            cases[key][unsolved_mine] = 0
        if "valuable_tips" in goals:
            v_goal = int(aim(goals["valuable_tips"], float(val[inp].sum()), crng))
            linked = inp & (g >= 0)
            excess = int(linked.sum()) - v_goal
            if excess > 0:                # too many tips tied to unsolved cases: unlink some of those cases
                un = crng.permutation(np.setdiff1d(np.unique(g[linked]), solved))
                size = np.bincount(g[linked], minlength=int(g.max()) + 1)[un]
                drop = un[:int(np.searchsorted(np.cumsum(size), excess)) + 1]
                g[np.isin(g, drop)] = -1
                linked = inp & (g >= 0)
            val[linked] = True
            diff = int(val[inp].sum()) - v_goal
            pool = np.flatnonzero(inp & ~linked & (val if diff > 0 else ~val))
            val[crng.choice(pool, size=abs(diff), replace=False)] = diff < 0

    def _keep_out(self, tg: Target, c, t, g, cases, rng) -> None:
        """Cases of earlier tips in the target province are not solved inside the target period."""
        if tg.column != "cases_solved":
            return
        lo, hi = tg.date("date_from"), tg.date("date_to")
        pi = self.w.province_index(tg.province)
        sv, op = cases["solved"], cases["opened"]
        k = np.unique(g[(g >= 0) & (self.w.prov24[c] == pi)])
        k = k[(sv[k] >= lo) & (sv[k] <= hi)]
        op[k] = np.minimum(op[k], lo - 1)
        sv[k] = op[k] + np.floor(rng.random(k.size) * (lo - op[k])).astype(np.int64)

    def _tables(self, c, t, ch, cat, val, g, cases, rng) -> tuple[pa.Table, pa.Table]:
        w = self.w
        used = np.unique(g[g >= 0])
        # case ids in order of opening
        order = used[np.lexsort((used, cases["opened"][used]))]
        cid = np.full(len(cases["opened"]), -1, dtype=np.int64)
        cid[order] = np.arange(self.next_case, self.next_case + order.size)
        self.next_case += order.size
        tip_new = t >= REFORM
        tidx = c.astype(np.int64).copy()
        tidx[tip_new] = w.to_new(c[tip_new], rng)
        code, era = era_codes(w, tidx, tip_new)
        case_of_tip = np.where(g >= 0, cid[np.maximum(g, 0)], -1)
        tips = pa.table([pa.array(np.arange(self.next_tip, self.next_tip + c.size, dtype=np.int64)), dates(t), code, era,
                         codes(np.array(CHANNELS), ch), codes(np.array(CATEGORIES), cat), pa.array(val),
                         pa.array(case_of_tip, mask=case_of_tip < 0)], schema=TIP_SCHEMA)
        self.next_tip += c.size
        op = cases["opened"][order]
        new = op >= REFORM
        # a case opened after the reform sits where its first tip was placed, else where the old commune went
        first_tip = np.full(len(cases["opened"]), -1, dtype=np.int64)
        lt = np.flatnonzero(g >= 0)
        first_tip[g[lt][::-1]] = lt[::-1]
        ft = first_tip[order]
        cidx = cases["c"][order].astype(np.int64).copy()
        placed = new & tip_new[ft]
        cidx[placed] = tidx[ft[placed]]
        moved = new & ~tip_new[ft]
        cidx[moved] = w.to_new(cidx[moved], rng)
        ccode, cera = era_codes(w, cidx, new)
        sv = cases["solved"][order]
        tab = pa.table([pa.array(cid[order]), ccode, cera, codes(np.array(CATEGORIES), cases["cat"][order]),
                        dates(op), dates(np.where(sv == NEVER, 0, sv), null=sv == NEVER),
                        pa.array(cases["arrests"][order].astype(np.int32)), pa.array(cases["guns"][order].astype(np.int32)),
                        pa.array(cases["prim"][order].astype(np.int32))], schema=CASE_SCHEMA)
        return tips, tab


def write_tips(world: World, tip_path, case_path, scale: int = 1, progress=print) -> tuple[int, int]:
    """Generate every year and stream `tipoffs` and `cases` to parquet; returns their row counts."""
    gen = TipGenerator(world, scale)
    nt = nc = 0
    with pq.ParquetWriter(tip_path, TIP_SCHEMA, compression="zstd") as tw, \
            pq.ParquetWriter(case_path, CASE_SCHEMA, compression="zstd") as cw:
        for y in YEARS:
            for tips, cases in gen.year(y):
                tw.write_table(tips, row_group_size=512_000)
                cw.write_table(cases, row_group_size=512_000)
                nt += tips.num_rows
                nc += cases.num_rows
    return nt, nc
