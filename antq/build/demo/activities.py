"""Demo `activities`: one row per commune and month of the movement's routine counts.

Old communes carry the months 2013-01 .. 2025-06, new communes 2025-07 .. 2026-10. Counts are
Poisson around commune population x a province factor x a seasonal profile:
- propaganda sessions (more in the Tết month, June, August) and their participants;
- families and pupils signing the commitment not to keep weapons, explosives, firecrackers or
  sky lanterns (families mostly before Tết, pupils at the start of the school year);
- commendations of collectives and individuals (year-end reviews in December, the festival in
  August);
- the annual "An toàn về ANTT" assessment: units assessed and units passing, in December rows
  only (0 in other months).

Calibrated through `seed_fact_checks.csv`: Bắc Ninh 2013-2018 totals and its 98 % pass share in
every year, Bình Dương 2018 commendations. `--scale` does not change this table: its grain is
fixed (one row per commune-month).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pyarrow as pa

from antq.build.demo.calibrate import aim, set_total, targets
from antq.build.demo.world import REFORM, World, dates, day, era_codes, month_starts, stream

COUNTS = ["propaganda_sessions", "propaganda_participants", "families_committed", "students_committed",
          "commendations_collective", "commendations_individual", "safety_units_assessed", "safety_units_passed"]


def _month_numbers(months: np.ndarray) -> np.ndarray:
    return months.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12 + 1


def _rates(world: World, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Monthly base rates of each old commune (before season and trend)."""
    pop = world.c24["population"].to_numpy()
    pf = np.exp(rng.normal(0, 0.25, len(world.prov24_codes)))[world.prov24]
    size = np.clip(pop / 10_000, 0.1, 20) * pf
    sessions = 0.15 * size ** 0.3
    return {"sessions": sessions, "participants": sessions * rng.lognormal(np.log(90), 0.3, world.n24),
            "families": size * 10_000 / 3.6 * 0.245 / 12, "students": size * 10_000 * 0.04 / 12,
            "collective": size ** 0.3 * 2.0 / 12, "individual": size ** 0.3 * 4.0 / 12,
            "assessed": 8 + 12 * size ** 0.5}


def _era_block(rates: dict, months: np.ndarray, rng: np.random.Generator) -> dict:
    """Counts of every commune (columns) and month (rows) from the communes' base rates."""
    k, n = months.size, rates["sessions"].size
    mn = _month_numbers(months)
    yrs = months.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    trend = (1 + 0.02 * (yrs - 2013))[:, None]

    def season(table: dict) -> np.ndarray:
        s = np.array([table.get(m, 1.0) for m in range(1, 13)])
        return (s / s.mean())[mn - 1][:, None]

    out = {}
    sessions = rng.poisson(rates["sessions"][None, :] * trend * season({1: 1.5, 2: 1.3, 6: 1.3, 8: 2.0}))
    out["propaganda_sessions"] = sessions
    out["propaganda_participants"] = rng.poisson(sessions * (rates["participants"] / rates["sessions"])[None, :])
    out["families_committed"] = rng.poisson(rates["families"][None, :] * trend
                                            * season({12: 4, 1: 4, 8: 1.5, 7: 0.5, 3: 0.5, 4: 0.5, 5: 0.5}))
    out["students_committed"] = rng.poisson(rates["students"][None, :] * trend * season({9: 5, 10: 2, 12: 2}))
    praise = season({12: 7, 8: 3, 1: 1.5})
    out["commendations_collective"] = rng.poisson(rates["collective"][None, :] * praise)
    out["commendations_individual"] = rng.poisson(rates["individual"][None, :] * praise)
    dec = (mn == 12)[:, None]
    assessed = rng.poisson(np.broadcast_to(rates["assessed"][None, :], (k, n))) * dec
    share = np.clip(rng.normal(0.90 + 0.004 * (yrs[:, None] - 2013), 0.04, (k, n)), 0.5, 1.0)
    out["safety_units_assessed"] = assessed
    out["safety_units_passed"] = rng.binomial(assessed, share)
    return out


def _calibrate(world: World, months: np.ndarray, data: dict, rng: np.random.Generator) -> None:
    """Bắc Ninh 2013-2018, Bình Dương 2018 totals; pass shares of every year where a target asks."""
    order = {c: i for i, c in enumerate(COUNTS)}
    for t in sorted(targets("activities_totals"), key=lambda t: order.get(t.column, 99)):
        p = world.province_index(t.province) if t.province else -1
        if t.province and p < 0:
            continue
        rows = (months >= t.date("date_from")) & (months <= t.date("date_to"))
        cols = (world.prov24 == p) if t.province else np.ones(world.n24, bool)
        block = data[t.column][np.ix_(rows, cols)]
        if t.column == "propaganda_participants":      # only rows with sessions, at least one each
            sessions = data["propaganda_sessions"][np.ix_(rows, cols)]
            has = sessions > 0
            vals = np.zeros_like(block)
            vals[has] = set_total(np.maximum(block[has], sessions[has]), int(aim(t, float(block.sum()), rng)),
                                  rng, floor=1)
            block = vals
        else:
            block = set_total(block.ravel(), int(aim(t, float(block.sum()), rng)), rng).reshape(block.shape)
        data[t.column][np.ix_(rows, cols)] = block
    for t in targets("safety_share_by_year"):
        p = world.province_index(t.province) if t.province else -1
        if t.province and p < 0:
            continue
        frac = Fraction(t.expected).limit_denominator(1000)
        cols = np.flatnonzero((world.prov24 == p) if t.province else np.ones(world.n24, bool))
        for y in range(int(t.params["date_from"][:4]), int(t.params["date_to"][:4]) + 1):
            r = int(np.flatnonzero(months == day(f"{y}-12-01"))[0])
            a = data["safety_units_assessed"][r, cols]
            extra = (-int(a.sum())) % frac.denominator
            a = a + rng.multinomial(extra, np.ones(cols.size) / cols.size)
            fails_goal = int(a.sum()) - int(a.sum()) * frac.numerator // frac.denominator
            fails = set_total(a - data["safety_units_passed"][r, cols], fails_goal, rng)
            over = fails - a
            while (over > 0).any():      # never more failures than units assessed
                spill = int(over[over > 0].sum())
                fails = np.minimum(fails, a)
                room = np.flatnonzero(fails < a)
                fails[room] += rng.multinomial(spill, np.ones(room.size) / room.size)
                over = fails - a
            data["safety_units_assessed"][r, cols] = a
            data["safety_units_passed"][r, cols] = a - fails


def activities_table(world: World) -> pa.Table:
    rng = stream(world.seed, "activities")
    months = month_starts()
    old_m, new_m = months[months < REFORM], months[months >= REFORM]
    rates = _rates(world, rng)
    old = _era_block(rates, old_m, rng)
    _calibrate(world, old_m, old, stream(world.seed, "activities/calibrate"))
    # new communes: the sum of the rates of the old communes they were made of (no jump at the reform)
    new = _era_block({k: world.to_new_totals(v) for k, v in rates.items()}, new_m, rng)
    parts = []
    for m, data, is_new, n in ((old_m, old, False, world.n24), (new_m, new, True, world.n25)):
        k = m.size
        idx = np.tile(np.arange(n), k)
        code, era = era_codes(world, idx, np.full(idx.size, is_new))
        cols = {"month": dates(np.repeat(m, n)), "commune_code": code, "admin_era": era}
        cols.update({c: pa.array(data[c].ravel().astype(np.int32)) for c in COUNTS})
        parts.append(pa.table(cols))
    return pa.concat_tables(parts)
