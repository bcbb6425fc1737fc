"""Vietnamese formatting: numbers (1.616; 12,5%), dates (dd/mm/yyyy) and the sort order of place names.

English formatting (1,616; 12.5%) is the same functions with lang="en".
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd

_VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Vietnamese collation: base letters in the alphabet's order (ă, â after a; đ after d; ê after e;
# ô, ơ after o; ư after u), then tone marks in the conventional order: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306": "(", "\u0302": "^", "\u031b": "'"}  # breve, circumflex, horn


def _is_missing(x) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # arrays and other non-scalars are not "missing"
        return False


def number(x, decimals: int = 0, lang: str = "vi") -> str:
    """1616 -> '1.616' (vi) or '1,616' (en); None/NaN -> '–'."""
    if _is_missing(x):
        return "–"
    s = f"{float(x):,.{decimals}f}" if decimals else f"{round(float(x)):,}"
    if lang == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def percent(x, decimals: int = 1, lang: str = "vi") -> str:
    """0.125 -> '12,5%' (vi) or '12.5%' (en)."""
    if _is_missing(x):
        return "–"
    return number(float(x) * 100, decimals, lang) + "%"


def signed_percent(x, decimals: int = 1, lang: str = "vi") -> str:
    """A change: 0.125 -> '+12,5%', -0.03 -> '−3,0%'."""
    if _is_missing(x):
        return "–"
    s = percent(abs(x), decimals, lang)
    return ("+" if x > 0 else "−" if x < 0 else "±") + s


def date(d, lang: str = "vi") -> str:
    """A date as dd/mm/yyyy (vi) or yyyy-mm-dd (en)."""
    if _is_missing(d):
        return "–"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    if isinstance(d, dt.datetime):
        d = d.date()
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def month(d, lang: str = "vi") -> str:
    """A month as mm/yyyy."""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return d.strftime("%m/%Y") if lang == "vi" else d.strftime("%Y-%m")


def plotly_separators(lang: str = "vi") -> str:
    """Plotly's `separators` layout value: decimal then thousands."""
    return ",." if lang == "vi" else ".,"


def sort_key(name: str) -> tuple:
    """A key that sorts Vietnamese place names as a Vietnamese reader expects
    (An Giang < Bà Rịa < Bắc Ninh < Cà Mau < Đà Nẵng < Hà Nội < Ô Môn)."""
    letters, tones = [], []
    for ch in unicodedata.normalize("NFD", (name or "").lower()):
        if ch in _TONES:
            tones[-1] = _TONES[ch] if tones else 0
            continue
        if ch in _LETTER_MARKS and letters:
            base = letters[-1]
            letters[-1] = {"a(": "ă", "a^": "â", "e^": "ê", "o^": "ô", "o'": "ơ", "u'": "ư"}.get(
                base + _LETTER_MARKS[ch], base)
            continue
        if unicodedata.combining(ch):
            continue
        letters.append(ch)
        tones.append(0)
    ranks = tuple(_VI_ALPHABET.index(c) + 100 if c in _VI_ALPHABET else ord(c) for c in letters)
    return ranks, tuple(tones)


def sorted_names(names) -> list:
    return sorted(names, key=sort_key)
