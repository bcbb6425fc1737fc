"""The simulated world behind the demo snapshot: communes of both maps, population, borders, time.

Everything the demo generators share is read here from the boundary layers in `data/geo/`
(`paths.geo_dir()`) and the reference CSVs, and held as numpy arrays indexed by position:
old communes (2024 map, 63 provinces) are `0..n24-1`, new communes (2025 map, 34 provinces)
`0..n25-1`. Generators simulate on the old map, where the whole 2013-2025 history lives, and
re-place every row dated on or after the reform day (1 July 2025) onto a new commune through
the crosswalk (`World.to_new`), so that a row's `admin_era` always matches its date.

Days are int32 counts since 1970-01-01 (numpy-friendly, and what arrow's date32 stores).
Random numbers come from `stream(seed, name)`: one independent, named generator per component,
so changing one generator never shifts the draws of another.
"""
from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from antq import paths
EPOCH = dt.date(1970, 1, 1)


def day(s: str | dt.date) -> int:
    """ISO date (or date) -> int day number."""
    d = dt.date.fromisoformat(s) if isinstance(s, str) else s
    return (d - EPOCH).days


def to_date(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


START = day("2013-01-01")
END = day("2026-10-31")          # the data date
REFORM = day("2025-07-01")       # first day recorded on the 2025 map
YEARS = list(range(2013, 2027))
# Lunar New Year (Tết Nguyên đán), first day, for the seasonality of tips and activities.
TET = {2013: "2013-02-10", 2014: "2014-01-31", 2015: "2015-02-19", 2016: "2016-02-08",
       2017: "2017-01-28", 2018: "2018-02-16", 2019: "2019-02-05", 2020: "2020-01-25",
       2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
       2025: "2025-01-29", 2026: "2026-02-17"}


def month_starts(first: str = "2013-01-01", last: str = "2026-10-01") -> np.ndarray:
    """Day numbers of the first day of each month from `first` to `last` inclusive."""
    out, d = [], dt.date.fromisoformat(first)
    stop = dt.date.fromisoformat(last)
    while d <= stop:
        out.append(day(d))
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return np.array(out, dtype=np.int32)


def stream(seed: int, name: str) -> np.random.Generator:
    """A deterministic random generator for one named component."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), zlib.crc32(name.encode())]))


TYPE_DENSITY = {"Phường": 3.5, "Thị trấn": 1.8, "Xã": 1.0, "Đặc khu": 0.4, "Huyện đảo": 0.4}


@dataclass
class World:
    """Communes of both maps as arrays; see the module docstring."""
    c24: pd.DataFrame            # commune_code, commune_name, commune_type, district_code, province_code, area_km2, population
    c25: pd.DataFrame            # commune_code, commune_name, commune_type, province_code, area_km2, population
    prov24: np.ndarray           # province index of each old commune
    prov25: np.ndarray           # province index of each new commune
    prov24_codes: list[str]
    prov25_codes: list[str]
    x_old: np.ndarray            # crosswalk rows, sorted by old commune
    x_new: np.ndarray
    x_cum: np.ndarray            # old index + cumulative weight within the old commune, for weighted draws
    primary: np.ndarray          # old index -> new index of its primary link
    x_w: np.ndarray              # crosswalk area weight of each row (an old commune's rows sum to 1)
    edges: tuple[np.ndarray, np.ndarray] = field(default=None)  # both directions, old map
    seed: int = 0
    provinces: tuple[str, ...] = ()     # non-empty: a small build restricted to these old provinces

    @property
    def national(self) -> bool:
        return not self.provinces

    @property
    def n24(self) -> int:
        return len(self.c24)

    @property
    def n25(self) -> int:
        return len(self.c25)

    def province_index(self, code: str, era: str = "2024") -> int:
        codes = self.prov24_codes if era == "2024" else self.prov25_codes
        return codes.index(code) if code in codes else -1

    def communes_of(self, code: str, era: str = "2024") -> np.ndarray:
        p = self.province_index(code, era)
        return np.flatnonzero((self.prov24 if era == "2024" else self.prov25) == p)

    def to_new(self, old_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Place rows of old communes on new communes, drawn by the crosswalk's area weights."""
        old_idx = np.asarray(old_idx)
        if old_idx.size == 0:
            return old_idx.astype(np.int32)
        u = rng.random(old_idx.size) * 0.999999 + 1e-7
        pos = np.searchsorted(self.x_cum, old_idx + u, side="left")
        pos = np.minimum(pos, len(self.x_new) - 1)
        ok = self.x_old[pos] == old_idx
        out = np.where(ok, self.x_new[pos], self.primary[old_idx])
        return out.astype(np.int32)

    def to_new_totals(self, per_old: np.ndarray) -> np.ndarray:
        """Quantities of old communes summed onto new communes by the crosswalk's area weights."""
        return np.bincount(self.x_new, weights=self.x_w * np.asarray(per_old, float)[self.x_old], minlength=self.n25)

    def neighbours(self) -> tuple[np.ndarray, np.ndarray]:
        if self.edges is None:
            self.edges = adjacency(self)
        return self.edges


def _read_geo(name: str, columns: list[str]) -> pd.DataFrame:
    f = paths.geo_dir() / name
    if not f.is_file():
        raise FileNotFoundError(f"Thiếu lớp ranh giới {f}. Chạy trước: python -m antq.build.geo.build")
    have = pq.read_schema(f).names
    return pq.read_table(f, columns=[c for c in columns if c in have]).to_pandas()


def _population(communes: pd.DataFrame, prov_pop: dict[str, float]) -> np.ndarray:
    """Province population spread over its communes by area^0.3 x a density factor of the commune type."""
    w = np.power(communes["area_km2"].fillna(10.0).clip(lower=0.2).to_numpy(float), 0.3)
    w *= communes["commune_type"].map(TYPE_DENSITY).fillna(1.0).to_numpy(float)
    df = pd.DataFrame({"p": communes["province_code"].to_numpy(), "w": w})
    share = w / df.groupby("p")["w"].transform("sum").to_numpy()
    tot = df["p"].map(prov_pop).astype(float)
    tot = tot.fillna(float(np.nanmean(list(prov_pop.values())) if prov_pop else 1e6)).to_numpy()
    return share * tot


def load_world(seed: int = 0, provinces: list[str] | None = None) -> World:
    """Read the boundary layers (attributes only) and the reference population into a World.

    provinces: restrict to these old-map province codes (small builds for tests and benchmarks).
    """
    c24 = _read_geo("communes_2024.parquet", ["commune_code", "commune_name", "commune_type",
                                               "district_code", "province_code", "area_km2"])
    c25 = _read_geo("communes_2025.parquet", ["commune_code", "commune_name", "commune_type",
                                               "province_code", "area_km2"])
    xw = _read_geo("crosswalk_2024_2025.parquet", ["commune_code_2024", "commune_code_2025", "weight"])
    for df in (c24, c25):
        df["commune_type"] = df["commune_type"].fillna("Xã")
        if "district_code" not in df:
            df["district_code"] = df["province_code"]
    if provinces:
        c24 = c24[c24["province_code"].isin(provinces)]
        xw = xw[xw["commune_code_2024"].isin(c24["commune_code"])]
        c25 = c25[c25["commune_code"].isin(xw["commune_code_2025"])]
    c24 = c24.sort_values("commune_code", kind="stable").reset_index(drop=True)
    c25 = c25.sort_values("commune_code", kind="stable").reset_index(drop=True)
    ref24 = pd.read_csv(paths.REFERENCE / "provinces_2024.csv", dtype={"province_code": str})
    # GSO 2023 average population; where the reference lacks it, the 2019 census grown by 4.5 %
    pop = ref24["population_2023_gso_avg"].astype(float).fillna(ref24["population_2019_census"].astype(float) * 1.045)
    pop24 = dict(zip(ref24["province_code"], pop))
    c24["population"] = _population(c24, pop24)

    idx24 = pd.Series(np.arange(len(c24)), index=c24["commune_code"])
    idx25 = pd.Series(np.arange(len(c25)), index=c25["commune_code"])
    xw = xw[xw["commune_code_2024"].isin(idx24.index) & xw["commune_code_2025"].isin(idx25.index)].copy()
    xw["o"] = idx24.reindex(xw["commune_code_2024"]).to_numpy()
    xw["n"] = idx25.reindex(xw["commune_code_2025"]).to_numpy()
    xw["weight"] = xw["weight"].astype(float).clip(lower=0)
    tot = xw.groupby("o")["weight"].transform("sum")
    xw["weight"] = np.where(tot > 0, xw["weight"] / tot.where(tot > 0, 1), 1.0)
    xw = xw.sort_values(["o", "weight", "n"], ascending=[True, False, True], kind="stable")
    x_old = xw["o"].to_numpy(np.int64)
    x_new = xw["n"].to_numpy(np.int64)
    x_cum = x_old + xw.groupby("o")["weight"].cumsum().clip(upper=1.0).to_numpy()
    primary = np.full(len(c24), -1, dtype=np.int64)
    first = ~pd.Series(x_old).duplicated().to_numpy()
    primary[x_old[first]] = x_new[first]
    if (primary < 0).any():  # an old commune without a crosswalk row: nearest by code order in its province
        missing = np.flatnonzero(primary < 0)
        raise ValueError(f"Bảng chuyển đổi thiếu {missing.size} xã cũ, ví dụ {c24['commune_code'].iloc[missing[0]]}.")
    c25["population"] = np.bincount(x_new, weights=xw["weight"].to_numpy() * c24["population"].to_numpy()[x_old],
                                    minlength=len(c25))

    prov24_codes = sorted(c24["province_code"].unique())
    prov25_codes = sorted(c25["province_code"].unique())
    return World(
        c24=c24, c25=c25,
        prov24=c24["province_code"].map({c: i for i, c in enumerate(prov24_codes)}).to_numpy(np.int32),
        prov25=c25["province_code"].map({c: i for i, c in enumerate(prov25_codes)}).to_numpy(np.int32),
        prov24_codes=prov24_codes, prov25_codes=prov25_codes,
        x_old=x_old, x_new=x_new, x_cum=x_cum, primary=primary, x_w=xw["weight"].to_numpy(), seed=seed, provinces=tuple(provinces or ()))


_ADJ_CACHE: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def adjacency(world: World) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of old communes sharing a border (both directions), from the 2024 layer's polygons.

    Computed once per run (cached on the layer's path, modification time and commune list).
    """
    import geopandas as gpd

    from antq.build.geo import adjacency as adj
    f = paths.geo_dir() / "communes_2024.parquet"
    key = (str(f), f.stat().st_mtime, tuple(world.c24["commune_code"]))
    if key not in _ADJ_CACHE:
        g = gpd.read_parquet(f, columns=["commune_code", "geometry"])
        g = g.set_index("commune_code").reindex(world.c24["commune_code"])
        _ADJ_CACHE[key] = adj.pairs(g.geometry.to_numpy())
    return _ADJ_CACHE[key]


# ---------------------------------------------------------------- arrow helpers
def codes(values: np.ndarray, idx: np.ndarray) -> pa.Array:
    """Strings values[idx] as a plain arrow string array (built through a dictionary, fast)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(idx, dtype=np.int32)),
                                          pa.array(list(values), pa.string())).cast(pa.string())


def dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), mask=null).cast(pa.date32())


def era_codes(world: World, idx: np.ndarray, era_new: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """commune_code and admin_era columns for rows on the old (era_new False) or new map."""
    both = np.concatenate([world.c24["commune_code"].to_numpy(), world.c25["commune_code"].to_numpy()])
    pos = np.where(era_new, np.asarray(idx) + world.n24, idx)
    return codes(both, pos), codes(np.array(["2024", "2025"]), era_new.astype(np.int32))


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6
