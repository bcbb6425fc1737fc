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


_SHORT = {"vi": ((1e9, "tỷ"), (1e6, "triệu"), (1e3, "nghìn")),
          "en": ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))}
SHORT_FROM = 1e6  # a headline figure from a million up is shown short (it must fit a phone's card)


def short_number(x, lang: str = "vi") -> str:
    """The short form of a large number: 601143 -> '601,1 nghìn', 43382815 -> '43,4 triệu' (vi);
    '43.4 million' (en). Below a thousand, the number itself."""
    if _is_missing(x):
        return "–"
    for size, word in _SHORT[lang if lang in _SHORT else "vi"]:
        if abs(float(x)) >= size:
            return f"{number(float(x) / size, 1, lang)} {word}"
    return number(x, 0, lang)


def headline(x, lang: str = "vi") -> tuple[str, str | None]:
    """A headline figure as shown on its card and its exact value for the hover (None when it is shown
    exactly): a million and more goes short, so the figure fits the narrowest card whole."""
    exact = number(x, 0, lang)
    if _is_missing(x) or abs(float(x)) < SHORT_FROM:
        return exact, None
    return short_number(x, lang), exact


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
