"""Demo `model_types` and `model_sites`: how mass models (mô hình) start and spread, 2013-2026.

For each model type a contagion process runs month by month on the old (2024) commune map:
a commune takes a type up spontaneously at a small rate, faster when its neighbours have it
(the dominant path) or when its province pushes it (province factor), and only if it is
susceptible (a spatially smooth share of communes, larger in provinces that push the type).
This gives S-shaped national curves and spreading clusters on the map.

Sites and models: an adopting commune's first site replicates the model of an earlier-adopting
neighbour (or, failing one, of an earlier adopter in its province), else it starts a model of
its own (`is_origin`). Later sites of the commune follow at intervals; a small share start a new
model (Hà Nội innovates most: the seed reports 1,616 models there). Sites end after a random
life; only part are effective. `demo_calibrate` then makes the seed facts hold exactly, and
`finish_sites` numbers the sites, names them and re-places sites started on or after 1 July
2025 onto the new map.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from antq import paths
from antq.build.demo.world import END, REFORM, World, dates, day, era_codes, month_starts, stream

NO_END = np.iinfo(np.int32).max
MONTHS = month_starts()


def load_catalogue() -> pd.DataFrame:
    """data/reference/model_catalogue.csv: the model types, with their sources."""
    df = pd.read_csv(paths.REFERENCE / "model_catalogue.csv", dtype=str, keep_default_na=False)
    df["national"] = df["national"].str.lower().eq("true")
    return df


def model_types_table() -> pa.Table:
    cat = load_catalogue()
    return pa.table({c: pa.array(cat[c].tolist(), pa.bool_() if c == "national" else pa.string())
                     for c in ("model_type", "name_vi", "name_en", "group", "national")})


@dataclass(frozen=True)
class TypeParams:
    start: str          # first month anyone may take it up (YYYY-MM)
    seeds: int          # communes that start it in that month
    sigma: float        # spontaneous adoption hazard per commune-month
    kappa: float        # contagion hazard per month when every neighbour has it
    rho: float          # within-province hazard per month when the whole province has it
    ceiling: float      # share of communes that ever take it up (before province push)
    urban: float        # extra susceptibility of wards (Phường); < 1 favours rural communes
    sites: float        # mean sites per adopting commune of average size
    gap: float          # mean months between a commune's successive sites
    life: float         # mean site life in years
    new_share: float    # share of a commune's later sites that start a model of their own
    effective: float    # share of sites judged effective
    members: tuple[int, int]
    cameras: tuple[int, int] = (0, 0)


P = TypeParams
PARAMS: dict[str, TypeParams] = {
    "tu_quan_antt":             P("2013-01", 40, 3e-4, .060, .010, .78, 1.0, 4.6, 14, 30, .020, .62, (8, 30)),
    "to_an_ninh_nhan_dan":      P("2013-01", 30, 3e-4, .050, .010, .62, 1.0, 3.6, 16, 30, .015, .60, (5, 20)),
    "to_hoa_giai":              P("2013-01", 30, 3e-4, .050, .010, .62, 1.0, 2.8, 16, 35, .015, .60, (5, 15)),
    "to_lien_gia_tu_quan":      P("2014-06", 15, 2e-4, .045, .010, .40, 1.0, 3.0, 12, 25, .020, .55, (10, 40)),
    "ban_bao_ve_dan_pho":       P("2013-01", 10, 2e-4, .050, .010, .22, 4.0, 1.2, 24, 30, .020, .60, (5, 15)),
    "to_lien_gia_an_toan_pccc": P("2023-01", 60, 2e-3, .220, .050, .55, 1.5, 3.0, 4, 30, .010, .70, (10, 30)),
    "to_xe_om_tu_quan":         P("2014-01", 5, 1e-4, .035, .010, .10, 3.0, 1.3, 24, 12, .040, .50, (6, 25)),
    "clb_chu_nha_tro":          P("2013-06", 8, 1.5e-4, .040, .010, .15, 2.5, 2.0, 18, 15, .040, .55, (10, 40)),
    "clb_quan_ly_nguoi_than":   P("2014-01", 8, 1.5e-4, .035, .010, .18, 1.0, 1.2, 24, 15, .040, .50, (10, 30)),
    "clb_pctp":                 P("2013-01", 20, 3e-4, .050, .015, .55, 1.0, 1.3, 24, 20, .030, .60, (15, 40)),
    "doi_xung_kich_ctp":        P("2013-06", 6, 1e-4, .040, .010, .18, 1.0, 1.1, 30, 15, .030, .55, (20, 60)),
    "doi_thanh_nien_xung_kich": P("2013-01", 20, 3e-4, .050, .010, .50, 1.0, 1.6, 20, 20, .020, .55, (10, 30)),
    "hai_giam":                 P("2016-03", 0, 3e-5, .030, .005, .06, 1.5, 1.0, 30, 15, .060, .50, (10, 25)),
    "moc_khoa_an_toan":         P("2017-05", 0, 3e-5, .030, .005, .05, 2.0, 1.2, 30, 15, .060, .50, (10, 25)),
    "camera_an_ninh":           P("2014-01", 15, 2e-4, .050, .015, .62, 2.0, 2.2, 14, 25, .020, .65, (2, 8), (3, 30)),
    "dan_van_kheo":             P("2013-06", 20, 3e-4, .040, .010, .45, 1.0, 1.6, 24, 25, .050, .65, (5, 20)),
    "van_dong_ttatgt":          P("2013-06", 10, 2e-4, .040, .010, .30, 2.0, 1.4, 24, 20, .040, .55, (10, 30)),
}
# Named origins from the seed articles: (model type, province, commune name contains, month, model name)
NAMED_SEEDS = [
    ("hai_giam", "01", "Bạch Mai", "2016-03", "“Hai giảm”: giảm tình hình tội phạm, giảm tệ nạn ma túy"),
    ("moc_khoa_an_toan", "01", "Trung Liệt", "2017-05", "“Móc khóa an toàn”"),
    ("dan_van_kheo", "01", "Long Biên", "2014-03", "“Dân vận khéo” trong giải phóng mặt bằng"),
]
# Provinces pushing a type (factor on hazard, susceptibility and sites), besides the random push.
PUSH = {("74", "clb_pctp"): 3.0, ("74", "doi_xung_kich_ctp"): 4.0, ("74", "clb_chu_nha_tro"): 4.0,
        ("74", "clb_quan_ly_nguoi_than"): 4.0, ("74", "to_xe_om_tu_quan"): 5.0,
        ("01", "camera_an_ninh"): 0.4, ("01", "clb_pctp"): 0.2, ("01", "tu_quan_antt"): 0.7,
        ("27", "clb_pctp"): 2.5, ("27", "doi_thanh_nien_xung_kich"): 2.5, ("79", "camera_an_ninh"): 2.0,
        ("01", "to_an_ninh_nhan_dan"): 1.5, ("01", "to_hoa_giai"): 1.5, ("01", "dan_van_kheo"): 2.0,
        ("01", "ban_bao_ve_dan_pho"): 2.0, ("48", "camera_an_ninh"): 2.5, ("38", "to_an_ninh_nhan_dan"): 2.0}
INNOVATION = {"01": 8.0, "79": 2.5, "48": 2.0, "31": 1.8}
PILOT_CITIES = ("01", "31", "48", "79", "92")
MODEL_KEY_STRIDE = 100_000_000
SITES_FACTOR, NEW_FACTOR = 1.88, 1.0     # national scale: ~124,000 active sites, >4,300 effective models
SITE_DTYPES = {"type": np.int16, "c": np.int32, "start": np.int32, "end": np.int32, "model": np.int64,
               "origin": bool, "eff": bool, "members": np.int32, "cameras": np.int32}
SITE_COLUMNS = list(SITE_DTYPES)


def _month_index(ym: str) -> int:
    return int(np.searchsorted(MONTHS, day(ym + "-01")))


def _smooth(world: World, z: np.ndarray, times: int = 2) -> np.ndarray:
    src, dst = world.neighbours()
    deg = np.bincount(src, minlength=world.n24).clip(min=1)
    for _ in range(times):
        z = 0.4 * z + 0.6 * np.bincount(src, weights=z[dst], minlength=world.n24) / deg
    return (z - z.mean()) / (z.std() or 1.0)


def _adopt(world: World, tp: TypeParams, push: np.ndarray, seeds: list[tuple[int, int]],
           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Month of adoption of each old commune (-1 never) and the commune it copied (-1 none)."""
    n = world.n24
    src, dst = world.neighbours()
    deg = np.bincount(src, minlength=n).clip(min=1)
    urban = np.where(world.c24["commune_type"].to_numpy() == "Phường", np.log(tp.urban), 0.0)
    score = _smooth(world, rng.standard_normal(n)) + 0.8 * np.log(push) + urban
    susceptible = score > np.quantile(score, 1 - tp.ceiling)
    adopt = np.full(n, -1, dtype=np.int32)
    m0 = _month_index(tp.start)
    if tp.seeds:
        w = np.where(susceptible, push * world.c24["population"].to_numpy(), 0.0)
        k = min(tp.seeds, int((w > 0).sum()))
        adopt[rng.choice(n, size=k, replace=False, p=w / w.sum())] = m0
    for c, m in seeds:
        adopt[c], susceptible[c] = m, True
    prov_n = np.bincount(world.prov24).clip(min=1)
    for m in range(m0 + 1, len(MONTHS)):
        a = ((adopt >= 0) & (adopt < m)).astype(float)
        nb = np.bincount(src, weights=a[dst], minlength=n) / deg
        pa_ = (np.bincount(world.prov24, weights=a, minlength=len(prov_n)) / prov_n)[world.prov24]
        h = push * (tp.sigma + tp.kappa * nb + tp.rho * pa_)
        new = susceptible & (adopt < 0) & (rng.random(n) < h)
        adopt[new] = m
    # parent: an earlier-adopting neighbour (90 %), else an earlier adopter of the province (50 %)
    parent = np.full(n, -1, dtype=np.int64)
    e = (adopt[src] >= 0) & (adopt[dst] >= 0) & (adopt[dst] < adopt[src])
    es, ed = src[e], dst[e]
    order = np.lexsort((rng.random(es.size), es))
    es, ed = es[order], ed[order]
    first = np.r_[True, es[1:] != es[:-1]] if es.size else np.zeros(0, bool)
    take = rng.random(int(first.sum())) < 0.9
    parent[es[first][take]] = ed[first][take]
    named = np.zeros(n, bool)
    named[[c for c, _ in seeds]] = True
    pool = np.flatnonzero(adopt >= 0)
    pkey = world.prov24[pool].astype(np.int64) * 10_000 + adopt[pool]
    order = np.argsort(pkey, kind="stable")
    skey, sad = pkey[order], pool[order]
    adopters = np.flatnonzero((adopt >= 0) & (parent < 0) & ~named)
    key = world.prov24[adopters].astype(np.int64) * 10_000 + adopt[adopters]
    block = np.searchsorted(skey, world.prov24[adopters].astype(np.int64) * 10_000)
    earlier = np.searchsorted(skey, key) - block
    pick = block + np.floor(rng.random(adopters.size) * earlier).astype(np.int64)
    ok = (earlier > 0) & (rng.random(adopters.size) < 0.5)
    parent[adopters[ok]] = sad[pick[ok]]
    for c, _ in seeds:
        parent[c] = -1
    return adopt, parent


def _type_sites(world: World, t: int, tp: TypeParams, adopt: np.ndarray, parent: np.ndarray,
                push: np.ndarray, innov: np.ndarray, scale: int, rng: np.random.Generator) -> pd.DataFrame:
    ad = np.flatnonzero(adopt >= 0)
    if ad.size == 0:
        return pd.DataFrame({c: [] for c in SITE_COLUMNS}).astype(SITE_DTYPES)
    pop = world.c24["population"].to_numpy()
    size = np.clip((pop[ad] / np.median(pop)) ** 0.4, 0.4, 3.0) * np.clip(push[ad], 0.5, 3) ** 0.3
    k = 1 + rng.poisson(np.maximum(SITES_FACTOR * tp.sites * scale * size - 1, 0.05))
    c = np.repeat(ad, k)
    first = np.repeat(np.cumsum(k) - k, k)
    rank = np.arange(c.size) - first
    month = adopt[c]
    start0 = MONTHS[month] + rng.integers(0, 28, c.size)
    gaps = np.where(rank > 0, rng.exponential(tp.gap * 30.4 / scale, c.size), 0.0)
    start = start0 + np.round(_cumsum_by_group(gaps, first)).astype(np.int64)
    # a commune's first site replicates its root's model; later ones sometimes start their own
    root = np.where(parent >= 0, parent, np.arange(world.n24))
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    first_site = np.full(world.n24, -1, dtype=np.int64)
    first_site[ad] = np.cumsum(k) - k
    own = (rank > 0) & (rng.random(c.size) < np.clip(NEW_FACTOR * tp.new_share * innov[c] / scale, 0, 0.9))
    model = np.where(own, np.arange(c.size), first_site[root[c]])
    origin = model == np.arange(c.size)
    life = rng.exponential(tp.life * 365.25, c.size)
    end = np.where(start + life <= END, start + np.maximum(life, 30), NO_END)
    eff = rng.random(c.size) < np.clip(tp.effective + 0.2 * origin, 0, 0.97)
    keep = start <= END
    df = pd.DataFrame({"type": t, "c": c, "start": start, "end": end, "model": model, "origin": origin,
                       "eff": eff, "members": rng.integers(tp.members[0], tp.members[1] + 1, c.size),
                       "cameras": rng.integers(tp.cameras[0], tp.cameras[1] + 1, c.size) if tp.cameras[1] else 0})
    return df[keep]


def _cumsum_by_group(x: np.ndarray, first: np.ndarray) -> np.ndarray:
    cs = np.cumsum(x)
    return cs - (cs[first] - x[first])


def _pilot_sites(world: World, t: int, scale: int, rng: np.random.Generator) -> pd.DataFrame:
    """'Công an phường điển hình, kiểu mẫu': 5 wards in 2022 (one per centrally-run city), then more."""
    wards = world.c24["commune_type"].to_numpy() == "Phường"
    pop = world.c24["population"].to_numpy()
    pilots = []
    for code in PILOT_CITIES:
        cand = np.flatnonzero((world.prov24 == world.province_index(code)) & wards)
        if cand.size:
            pilots.append(int(cand[np.argmax(pop[cand])]))
    start = [day("2022-03-15")] * len(pilots)
    cand = np.flatnonzero(wards & ~np.isin(np.arange(world.n24), pilots))
    extra = rng.choice(cand, size=min(cand.size, 60 * scale), replace=False, p=pop[cand] / pop[cand].sum()) \
        if cand.size else np.zeros(0, np.int64)
    c = np.r_[pilots, extra].astype(np.int64)
    s = np.r_[start, rng.integers(day("2023-03-01"), END - 30, extra.size)].astype(np.int64)
    n = c.size
    return pd.DataFrame({"type": t, "c": c, "start": s, "end": NO_END, "model": 0, "origin": np.arange(n) == 0,
                         "eff": rng.random(n) < 0.8, "members": rng.integers(15, 40, n), "cameras": 0})


def natural_sites(world: World, scale: int = 1) -> pd.DataFrame:
    """All sites before calibration, one row per site, on the old map (see SITE_COLUMNS)."""
    cat = load_catalogue()
    rng = stream(world.seed, "models")
    innov_p = np.exp(rng.normal(0, 0.4, len(world.prov24_codes)))
    for code, f in INNOVATION.items():
        if code in world.prov24_codes:
            innov_p[world.province_index(code)] = f
    innov = innov_p[world.prov24]
    names = world.c24["commune_name"].to_numpy()
    frames = []
    for t, mt in enumerate(cat["model_type"]):
        r = stream(world.seed, f"models/{mt}")
        if mt == "cong_an_phuong_kieu_mau":
            df = _pilot_sites(world, t, scale, r)
        else:
            tp = PARAMS[mt]
            push_p = np.exp(r.normal(0, 0.45, len(world.prov24_codes)))
            for (code, typ), f in PUSH.items():
                if typ == mt and code in world.prov24_codes:
                    push_p[world.province_index(code)] = f
            seeds = []
            for typ, code, name, ym, _ in NAMED_SEEDS:
                hit = np.flatnonzero((world.prov24 == world.province_index(code))
                                     & (np.char.find(names.astype(str), name) >= 0)) if typ == mt else []
                if len(hit):
                    seeds.append((int(hit[0]), _month_index(ym)))
            adopt, parent = _adopt(world, tp, push_p[world.prov24], seeds, r)
            df = _type_sites(world, t, tp, adopt, parent, push_p[world.prov24], innov, scale, r)
        # model keys: the row number of the model's first site within its type, made unique across types
        df["model"] = df["model"].to_numpy() + t * MODEL_KEY_STRIDE
        frames.append(df)
    sites = pd.concat(frames, ignore_index=True)
    sites = sites.astype(SITE_DTYPES)
    return sites.reset_index(drop=True)


def renormalise_origins(sites: pd.DataFrame) -> pd.DataFrame:
    """is_origin = the earliest site of each model (ties: lowest row)."""
    order = np.lexsort((np.arange(len(sites)), sites["start"].to_numpy(), sites["model"].to_numpy()))
    m = sites["model"].to_numpy()[order]
    first = np.r_[True, m[1:] != m[:-1]]
    origin = np.zeros(len(sites), bool)
    origin[order[first]] = True
    sites["origin"] = origin
    return sites


def finish_sites(world: World, sites: pd.DataFrame) -> pa.Table:
    """Number, name and re-place the calibrated sites; return the `model_sites` table."""
    cat = load_catalogue()
    rng = stream(world.seed, "models/finish")
    sites = renormalise_origins(sites)
    order = np.lexsort((sites["c"].to_numpy(), sites["type"].to_numpy(), sites["start"].to_numpy()))
    sites = sites.iloc[order].reset_index(drop=True)
    # model ids in order of their origin's start
    orig = sites.index[sites["origin"]].to_numpy()
    mid = pd.Series(np.arange(1, orig.size + 1), index=sites["model"].to_numpy()[orig])
    model_no = mid.reindex(sites["model"].to_numpy()).to_numpy()
    start, end = sites["start"].to_numpy(), sites["end"].to_numpy()
    new_era = start >= REFORM
    c = sites["c"].to_numpy().astype(np.int64)
    idx = c.copy()
    idx[new_era] = world.to_new(c[new_era], rng)
    code_col, era_col = era_codes(world, idx, new_era)
    # names: "<short name> <thôn|tổ dân phố> n, <commune>" or "<short name> <commune>"
    short = cat["short_vi"].to_numpy()[sites["type"].to_numpy()]
    level = cat["level"].to_numpy()[sites["type"].to_numpy()]
    named = {mt: label for mt, _, _, _, label in NAMED_SEEDS}
    cname = np.where(new_era, world.c25["commune_name"].to_numpy()[np.where(new_era, idx, 0)],
                     world.c24["commune_name"].to_numpy()[np.where(new_era, 0, idx)])
    ctype = world.c24["commune_type"].to_numpy()[c]
    unit = np.where(ctype == "Xã", "thôn", "tổ dân phố")
    num = rng.integers(1, 16, len(sites))
    mtypes = cat["model_type"].to_numpy()[sites["type"].to_numpy()]
    label = [named.get(mt, s) for mt, s in zip(mtypes, short)]
    names = [f"{lb} {u} {k}, {cn}" if lv == "unit" else f"{lb} {cn}"
             for lb, lv, u, k, cn in zip(label, level, unit, num, cname)]
    return pa.table({
        "site_id": pa.array(np.arange(1, len(sites) + 1, dtype=np.int64)),
        "model_id": pa.array([f"MH{n:06d}" for n in model_no], pa.string()),
        "model_name": pa.array(names, pa.string()),
        "is_origin": pa.array(sites["origin"].to_numpy()),
        "model_type": pa.array(mtypes.tolist(), pa.string()),
        "commune_code": code_col,
        "admin_era": era_col,
        "started_on": dates(start),
        "ended_on": dates(np.where(end == NO_END, 0, end), null=end == NO_END),
        "effective": pa.array(sites["eff"].to_numpy()),
        "members": pa.array(sites["members"].to_numpy().astype(np.int32)),
        "cameras": pa.array(sites["cameras"].to_numpy().astype(np.int32)),
    })
