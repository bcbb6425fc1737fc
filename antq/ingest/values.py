"""Cell values as offices write them, read column by column (vectorised: a yearly report of 50,000
rows is parsed in well under a second).

Every parser takes a Series of raw cell values (what openpyxl returns: int, float, str, datetime,
bool, None; or the strings of a CSV) and returns (parsed values, mask of cells it could not read).
Blank cells give a missing value and are not marked bad: whether a blank is allowed is the caller's
rule. Accepted forms:
  integers  1616, "1616", "1.616" and "1,616" (thousands grouped by three), "1 616"; a float must be whole
  dates     Excel dates, "dd/mm/yyyy" (also with - or .), "yyyy-mm-dd", an Excel serial day number;
            a month column also takes "mm/yyyy" and "tháng mm/yyyy"
  booleans  Có/Không, x, true/false, 1/0, Đúng/Sai
  codes     digits, left-padded with zeros to their width (Excel drops the leading zero of 00004)
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from antq.ingest import spec
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_MOJIBAKE = re.compile(r"Ã|Â|Ă|Ä|Æ|Å|Ð|á»|áº|â€")
_NONE = type(None)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def _types(s: pd.Series) -> pd.Series:
    """The Python type of every cell; missing cells (None, NaN, NaT) count as NoneType."""
    t = s.map(type).to_numpy(dtype=object, copy=True)
    t[s.isna().to_numpy()] = _NONE
    return pd.Series(t, index=s.index)


def blank(s: pd.Series) -> pd.Series:
    """Cells left empty (None, NaN or only spaces)."""
    isstr = _types(s) == str
    out = s.isna()
    if isstr.any():
        out = out | (isstr & s.where(isstr, "x").astype(str).str.strip().eq(""))
    return out


def parse_int(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(pd.NA, index=s.index, dtype="Int64")
    bad = pd.Series(False, index=s.index)
    ty = _types(s)
    is_int = ty.isin([int, np.int64])
    if is_int.any():
        out[is_int] = s[is_int].astype("int64")
    is_float = ty.isin([float, np.float64])
    if is_float.any():
        f = s[is_float].astype(float)
        whole = f.notna() & (f == np.round(f))
        out[whole[whole].index] = f[whole].astype("int64")
        bad[(~whole & f.notna())[lambda m: m].index] = True
    is_str = ty == str
    if is_str.any():
        txt = s[is_str].astype(str).str.replace(_SPACES, "", regex=True)
        empty = txt.eq("")
        grouped = txt.str.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+") | txt.str.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+")
        clean = txt.where(~grouped, txt.str.replace(r"[.,]", "", regex=True))
        ok = clean.str.fullmatch(r"[-+]?\d{1,18}")
        out[ok[ok].index] = clean[ok].astype("int64")
        bad[(~ok & ~empty)[lambda m: m].index] = True
    other = ~(is_int | is_float | is_str) & s.notna()
    bad |= other
    return out, bad


def _from_parts(year, month, day) -> pd.Series:
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).astype("float64")
    return pd.to_datetime(parts, errors="coerce")


def parse_date(s: pd.Series, month: bool = False) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    bad = pd.Series(False, index=s.index)
    ty = _types(s)
    is_dt = ty.isin([dt.datetime, dt.date, pd.Timestamp])
    if is_dt.any():
        out[is_dt] = pd.to_datetime(s[is_dt].map(lambda d: dt.datetime(d.year, d.month, d.day)))
    is_num = ty.isin([int, float, np.int64, np.float64])
    if is_num.any():
        n = s[is_num].astype(float)
        serial = n.between(20000, 80000) & (n == np.round(n))
        out[serial[serial].index] = _EXCEL_EPOCH + pd.to_timedelta(n[serial], unit="D")
        bad[(~serial)[lambda m: m].index] = True
    is_str = ty == str
    if is_str.any():
        txt = s[is_str].astype(str).str.strip()
        empty = txt.eq("")
        dmy = txt.str.extract(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
        iso = txt.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
        year, mon, day = dmy[2].fillna(iso[0]), dmy[1].fillna(iso[1]), dmy[0].fillna(iso[2])
        if month:
            my = txt.str.lower().str.extract(r"^(?:th[áa]ng\s*|t)?(\d{1,2})\s*[/.-]\s*(\d{4})$")
            year, mon, day = year.fillna(my[1]), mon.fillna(my[0]), day.fillna(my[1].where(my[1].isna(), "1"))
        parsed = _from_parts(year, mon, day)
        out[is_str] = parsed
        bad[(parsed.isna() & ~empty)[lambda m: m].index] = True
    other = ~(is_dt | is_num | is_str) & s.notna()
    bad |= other
    if month:
        out = out.dt.to_period("M").dt.to_timestamp().where(out.notna())
    return out, bad


def parse_bool(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    bad = pd.Series(False, index=s.index)
    ty = _types(s)
    is_bool = ty.isin([bool, np.bool_])
    out[is_bool] = s[is_bool].astype(bool)
    rest = ~is_bool & s.notna()
    if rest.any():
        n = s[rest].map({u: spec.norm(u) for u in s[rest].unique()})
        t, f, e = n.isin(spec.BOOL_TRUE), n.isin(spec.BOOL_FALSE), n.eq("")
        out[t[t].index] = True
        out[f[f].index] = False
        bad[(~t & ~f & ~e)[lambda m: m].index] = True
    return out, bad


def parse_text(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text in NFC with spaces tidied; whole numbers become their digits (a model id typed as 12)."""
    out = pd.Series(pd.NA, index=s.index, dtype="string")
    bad = pd.Series(False, index=s.index)
    ty = _types(s)
    is_str = ty == str
    if is_str.any():
        txt = s[is_str].astype(str).map(lambda x: unicodedata.normalize("NFC", x))
        txt = txt.str.replace(_SPACES, " ", regex=True).str.strip()
        out[is_str] = txt.where(txt.ne(""))
    is_num = ty.isin([int, float, np.int64, np.float64])
    if is_num.any():
        n = s[is_num].astype(float)
        whole = n == np.round(n)
        out[whole[whole].index] = n[whole].astype("int64").astype(str)
        bad[(~whole)[lambda m: m].index] = True
    bad |= ~(is_str | is_num) & s.notna()
    return out, bad


def parse_choice(s: pd.Series, allowed: tuple) -> tuple[pd.Series, pd.Series]:
    """One of the allowed values, matched ignoring case, spacing and (when unambiguous) diacritics."""
    txt, bad = parse_text(s)
    exact = {unicodedata.normalize("NFC", a).casefold(): a for a in allowed}
    loose: dict[str, str | None] = {}
    for a in allowed:
        k = spec.norm(a)
        loose[k] = a if k not in loose else None
    uniq = txt.dropna().unique()
    mapping = {}
    for u in uniq:
        hit = exact.get(u.casefold()) or loose.get(spec.norm(u))
        mapping[u] = hit
    out = txt.map(mapping).astype("string")
    bad = bad | (txt.notna() & out.isna())
    return out, bad


def parse_code(s: pd.Series, width: int) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(pd.NA, index=s.index, dtype="string")
    bad = pd.Series(False, index=s.index)
    ty = _types(s)
    is_num = ty.isin([int, float, np.int64, np.float64])
    if is_num.any():
        n = s[is_num].astype(float)
        ok = (n == np.round(n)) & (n >= 0) & (n < 10 ** width)
        out[ok[ok].index] = n[ok].astype("int64").astype(str).str.zfill(width)
        bad[(~ok)[lambda m: m].index] = True
    is_str = ty == str
    if is_str.any():
        txt = s[is_str].astype(str).str.strip().str.lstrip("'")
        ok = txt.str.fullmatch(r"\d{1,%d}" % width)
        out[ok[ok].index] = txt[ok].str.zfill(width)
        bad[(~ok & txt.ne(""))[lambda m: m].index] = True
    bad |= ~(is_num | is_str) & s.notna()
    return out, bad


def parse_era(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    txt, bad = parse_text(s)
    ok = txt.isin(["2024", "2025"])
    return txt.where(ok), bad | (txt.notna() & ~ok.fillna(False).astype(bool))


def mojibake(s: pd.Series) -> pd.Series:
    """For text broken by a wrong encoding (UTF-8 read as Windows-1252/Latin-1: «Ma tÃºy»), the
    repaired text; missing elsewhere. Text with U+FFFD (bytes lost) is flagged with an empty repair."""
    vals = pd.Series(s.dropna().unique())
    fixes = {}
    for v in vals:
        if not isinstance(v, str):
            continue
        if "\ufffd" in v:
            fixes[v] = ""
        elif _MOJIBAKE.search(v):
            for enc in ("cp1252", "cp1258", "latin-1"):
                try:
                    fixed = v.encode(enc).decode("utf-8")
                except UnicodeError:
                    continue
                if fixed != v:
                    fixes[v] = unicodedata.normalize("NFC", fixed)
                    break
    if not fixes:
        return pd.Series(pd.NA, index=s.index, dtype="string")
    return s.map(fixes).astype("string")
