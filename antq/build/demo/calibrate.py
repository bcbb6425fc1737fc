"""Calibration of the demo snapshot to the seed facts, driven by the product's own fact checks.

`data/reference/seed_fact_checks.csv` says, for every row of `seed_facts.csv`, which named query,
parameters and output column reproduce it. The generators read the same rows (`targets()`) and,
after generating naturally, adjust counts in exactly that place and period: they add, remove,
delay or retag rows, or re-spread a total over the rows that hold it. Nothing special-cases a
query: the dashboard computes the facts the way it computes anything else.

`aim()` chooses the value to hit: the figure itself when it is exact, else ("more than",
"approximately") the natural value if it already lies within [figure, figure x 1.004], or the
figure plus a small deterministic amount.

`SiteCalibrator` holds the model-site adjustments (coverage, site counts, members/cameras,
models implemented, effective models).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from antq import paths
from antq.build.demo.world import END, World, day, stream


@dataclass(frozen=True)
class Target:
    fact_id: str
    query: str
    params: dict
    column: str
    aggregate: str
    expected: float
    qualifier: str

    @property
    def province(self) -> str | None:
        return self.params.get("province") or None

    def date(self, key: str) -> int:
        return day(self.params[key])

    @property
    def exact(self) -> bool:
        return self.qualifier.startswith("exact")


def read_checks() -> pd.DataFrame:
    """seed_facts.csv joined to seed_fact_checks.csv (one row per fact)."""
    facts = pd.read_csv(paths.REFERENCE / "seed_facts.csv", dtype=str, keep_default_na=False)
    checks = pd.read_csv(paths.REFERENCE / "seed_fact_checks.csv", dtype=str, keep_default_na=False)
    return checks.merge(facts, on="fact_id", how="left", validate="one_to_one")


def targets(query: str | None = None) -> list[Target]:
    out = []
    for r in read_checks().to_dict("records"):
        if query and r["query"] != query:
            continue
        out.append(Target(r["fact_id"], r["query"], json.loads(r["params"]), r["column"],
                          r.get("aggregate") or "one", float(r["value"]), r["qualifier"]))
    return out


def aim(t: Target, natural: float, rng: np.random.Generator):
    """The value a calibrated table should give for target t (see the module docstring)."""
    if t.exact:
        return t.expected
    if t.expected <= natural <= t.expected * 1.004:
        return int(natural)
    return int(t.expected) + int(rng.integers(0, max(1, int(t.expected * 0.004))))


def set_total(values: np.ndarray, target: int, rng: np.random.Generator, floor: int = 0) -> np.ndarray:
    """Integers close to `values` (proportionally rescaled), each >= floor, summing to `target`."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        if target:
            raise ValueError(f"Không có dòng nào để phân bổ tổng {target}.")
        return v.astype(np.int64)
    if target < floor * v.size:
        raise ValueError(f"Tổng {target} nhỏ hơn mức tối thiểu {floor} x {v.size} dòng.")
    s = v.sum()
    new = np.floor(v * target / s) if s > 0 else np.zeros(v.size)
    new = np.maximum(new, floor).astype(np.int64)
    diff = int(target - new.sum())
    if diff > 0:
        new += rng.multinomial(diff, (v + 1) / (v + 1).sum())
    while diff < 0:
        cand = np.flatnonzero(new > floor)
        take = rng.choice(cand, size=min(-diff, cand.size), replace=False)
        new[take] -= 1
        diff += take.size
    return new


class SiteCalibrator:
    """Adjust the natural model sites (old-map frame of demo_models) to the model targets."""

    def __init__(self, world: World, sites: pd.DataFrame, seed: int):
        from antq.build.demo import models as dm
        self.dm, self.w, self.s = dm, world, sites.reset_index(drop=True)
        self.rng = stream(seed, "calibrate/models")
        self.types = list(dm.load_catalogue()["model_type"])
        self.next_key = int(self.s["model"].max()) + 1
        self.src, self.dst = world.neighbours()

    # ------------------------------------------------------------ helpers
    def _mask(self, prov: str | None, types: list[str]) -> np.ndarray:
        m = np.ones(len(self.s), bool)
        if types:
            m &= np.isin(self.s["type"].to_numpy(), [self.types.index(t) for t in types])
        if prov:
            m &= self.w.prov24[self.s["c"].to_numpy()] == self.w.province_index(prov)
        return m

    def _active(self, m: np.ndarray, d: int) -> np.ndarray:
        return m & (self.s["start"].to_numpy() <= d) & (self.s["end"].to_numpy() > d)

    def _shift(self, rows: np.ndarray, delta: np.ndarray) -> None:
        """Move sites later by delta days (their end too); drop those pushed past the data date."""
        s = self.s
        st = s["start"].to_numpy().copy()
        en = s["end"].to_numpy().copy()
        st[rows] += delta
        moved_end = en[rows] != self.dm.NO_END
        en_rows = en[rows]
        en_rows[moved_end] += delta[moved_end]
        en_rows[en_rows > END] = self.dm.NO_END
        en[rows] = en_rows
        s["start"], s["end"] = st, en
        self.s = s[st <= END].reset_index(drop=True)

    def _add(self, communes: np.ndarray, types: np.ndarray, starts: np.ndarray, d: int) -> None:
        """New sites, each replicating the earliest model of its type in its commune or a neighbour."""
        s, rng = self.s, self.rng
        earliest = s.sort_values("start", kind="stable").drop_duplicates(["type", "c"])
        first = {(t, c): (st, m) for t, c, st, m in
                 zip(earliest["type"], earliest["c"], earliest["start"], earliest["model"])}
        models = []
        for c, t, st in zip(communes, types, starts):
            hit = first.get((t, c))
            if hit is None or hit[0] >= st:
                lo, hi = np.searchsorted(self.src, [c, c + 1])
                hit = next((first[(t, n)] for n in self.dst[lo:hi]
                            if (t, n) in first and first[(t, n)][0] < st), None)
            if hit is None or hit[0] >= st:
                models.append(self.next_key)
                first[(t, c)] = (st, self.next_key)
                self.next_key += 1
            else:
                models.append(hit[1])
        n = len(communes)
        params = [self.dm.PARAMS.get(self.types[t]) for t in types]
        life = rng.exponential(20 * 365.25, n)
        end = np.where((starts + life > d + 365) & (starts + life <= END), starts + life, self.dm.NO_END)
        eff = rng.random(n) < np.array([p.effective if p else 0.6 for p in params])
        mem = np.array([rng.integers(p.members[0], p.members[1] + 1) if p else 20 for p in params])
        cam = np.array([rng.integers(p.cameras[0], p.cameras[1] + 1) if p and p.cameras[1] else 0 for p in params])
        new = pd.DataFrame({"type": types, "c": communes, "start": starts, "end": end, "model": models,
                            "origin": False, "eff": eff, "members": mem, "cameras": cam})
        self.s = pd.concat([s, new.astype(s.dtypes.to_dict())], ignore_index=True)

    def _start_window(self, t: int, d: int, n: int) -> np.ndarray:
        p = self.dm.PARAMS.get(self.types[t])
        lo = max(day((p.start if p else "2013-01") + "-01"), d - 3 * 365)
        return self.rng.integers(lo, d + 1, n).astype(np.int32)

    # ------------------------------------------------------------ site-level targets
    def coverage(self, prov: str, types: list[str], d: int, target: int) -> None:
        """Communes of prov with an active site of the types at d == target."""
        m = self._mask(prov, types)
        act = self._active(m, d)
        c = self.s["c"].to_numpy()
        first = self.s[act].groupby("c")["start"].min().sort_values(kind="stable")
        diff = len(first) - target
        if diff > 0:   # the latest adopters take it up later instead
            rank = np.arange(1, len(first) + 1, dtype=float)
            chosen = self.rng.choice(first.index.to_numpy(), size=diff, replace=False, p=rank ** 2 / (rank ** 2).sum())
            rows = np.flatnonzero(m & np.isin(c, chosen) & (self.s["start"].to_numpy() <= d))
            per = pd.Series(d - first.reindex(chosen).to_numpy() + self.rng.integers(30, 540, chosen.size),
                            index=chosen)
            self._shift(rows, per.reindex(c[rows]).to_numpy().astype(np.int32))
        elif diff < 0:  # more communes take it up, neighbours of adopters first
            comm = self.w.communes_of(prov)
            cand = comm[~np.isin(comm, first.index.to_numpy())]
            had = np.zeros(self.w.n24, bool)
            had[first.index.to_numpy()] = True
            nb = np.bincount(self.src, weights=had[self.dst], minlength=self.w.n24)[cand]
            wts = 1 + 4 * (nb > 0)
            chosen = np.sort(self.rng.choice(cand, size=-diff, replace=False, p=wts / wts.sum()))
            t = np.full(chosen.size, self.types.index(types[0]), np.int16)
            self._add(chosen, t, self._start_window(int(t[0]), d, chosen.size), d)

    def count(self, prov: str, types: list[str], d: int, target: int) -> None:
        """Active sites of the types in prov at d == target."""
        act = np.flatnonzero(self._active(self._mask(prov, types), d))
        diff = act.size - target
        if diff > 0:   # some started later than reported
            origin = self.s["origin"].to_numpy()[act]
            w = (1 + 3 * ~origin) * (1 + np.argsort(np.argsort(self.s["start"].to_numpy()[act])))
            rows = self.rng.choice(act, size=diff, replace=False, p=w / w.sum())
            self._shift(rows, (d - self.s["start"].to_numpy()[rows] + self.rng.integers(30, 720, diff)).astype(np.int32))
        elif diff < 0:
            tix = np.array([self.types.index(t) for t in types])
            # new sites follow the national mix of these types at d
            nat = self.s["type"].to_numpy()[self._active(self._mask(None, types), d)]
            cnt = np.array([(nat == t).sum() for t in tix], float) + 1
            t = self.rng.choice(tix, size=-diff, p=cnt / cnt.sum()).astype(np.int16)
            comm = self.w.communes_of(prov)
            pop = self.w.c24["population"].to_numpy()[comm]
            c = self.rng.choice(comm, size=-diff, p=pop / pop.sum())
            starts = np.array([self._start_window(int(x), d, 1)[0] for x in t], np.int32)
            self._add(c, t, starts, d)

    def total(self, prov: str, types: list[str], d: int, column: str, target: int) -> None:
        """Sum of members/cameras over active sites of the types in prov at d == target."""
        act = np.flatnonzero(self._active(self._mask(prov, types), d))
        col = self.s[column].to_numpy().copy()
        col[act] = set_total(col[act], int(target), self.rng, floor=1)
        self.s[column] = col.astype(np.int32)

    # ------------------------------------------------------------ model-level targets
    def models(self, prov: str, d0: int, d1: int, target: int) -> None:
        """Models whose origin started in [d0, d1] in prov == target (merge or split models)."""
        s = self.dm.renormalise_origins(self.s)
        st, ty, mo = s["start"].to_numpy(), s["type"].to_numpy(), s["model"].to_numpy().copy()
        inprov = self._mask(prov, [])
        o = np.flatnonzero(s["origin"].to_numpy() & inprov & (st >= d0) & (st <= d1))
        diff = o.size - target
        if diff > 0:   # the latest of them turn out to be replicas of an earlier model of their type
            allo = np.flatnonzero(s["origin"].to_numpy())
            merged = np.zeros(len(s), bool)      # origin rows whose model was merged away
            protected = np.zeros(len(s), bool)   # origin rows that received a merge
            mapping = {}
            for x in self.rng.permutation(o):
                if len(mapping) == diff:
                    break
                if protected[x]:
                    continue
                cand = allo[(ty[allo] == ty[x]) & (st[allo] < st[x]) & ~merged[allo]]
                local = cand[inprov[cand]]
                pool = local if local.size else cand
                if pool.size == 0:
                    continue
                y = int(self.rng.choice(pool))
                mapping[mo[x]] = mo[y]
                merged[x], protected[y] = True, True
            s["model"] = pd.Series(mo).replace(mapping).to_numpy()
        elif diff < 0:  # some replicas are recognised as models of their own
            rep = np.flatnonzero(~s["origin"].to_numpy() & inprov & (st >= d0) & (st <= d1))
            rows = self.rng.choice(rep, size=-diff, replace=False)
            mo[rows] = np.arange(self.next_key, self.next_key + rows.size)
            self.next_key += rows.size
            s["model"] = mo
        self.s = self.dm.renormalise_origins(s)

    def effective(self, prov: str, d: int, target: int) -> None:
        """Models of prov whose origin is active and effective at d == target."""
        s = self.s
        o = np.flatnonzero(self._active(s["origin"].to_numpy() & self._mask(prov, []), d))
        eff = s["eff"].to_numpy().copy()
        diff = int(eff[o].sum()) - target
        pool = o[eff[o]] if diff > 0 else o[~eff[o]]
        rows = self.rng.choice(pool, size=abs(diff), replace=False)
        eff[rows] = diff < 0
        s["eff"] = eff

    def apply(self) -> pd.DataFrame:
        """Every model target of seed_fact_checks.csv, in a safe order; returns the sites."""
        ts = [t for t in targets() if t.query in ("model_communes_covered", "models_implemented", "models_effective")]
        rng = stream(self.w.seed, "calibrate/aim")
        step = {"communes_covered": 0, "sites": 1, "members": 2, "cameras": 2, "models_implemented": 3,
                "models_effective": 4}
        for t in sorted(ts, key=lambda t: step.get(t.column, 9)):
            prov, types = t.province, t.params.get("model_types") or []
            if prov and self.w.province_index(prov) < 0:
                continue
            if t.column == "communes_covered":
                self.coverage(prov, types, t.date("as_of"), int(t.expected))
            elif t.column == "sites":
                n = int(self._active(self._mask(prov, types), t.date("as_of")).sum())
                self.count(prov, types, t.date("as_of"), int(aim(t, n, rng)))
            elif t.column in ("members", "cameras"):
                act = self._active(self._mask(prov, types), t.date("as_of"))
                self.total(prov, types, t.date("as_of"), t.column,
                           int(aim(t, float(self.s[t.column].to_numpy()[act].sum()), rng)))
            elif t.column == "models_implemented":
                self.models(prov, t.date("date_from"), t.date("date_to"), int(t.expected))
            elif t.column == "models_effective":
                self.effective(prov, t.date("as_of"), int(t.expected))
        return self.dm.renormalise_origins(self.s)
