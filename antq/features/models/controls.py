"""The controls of the "Mô hình" page in its URL: the months the time control offers (month ends from
January 2013 to the data date), the parsers of the URL's values (anything unknown falls back to the
default), the steps of "play", and the chosen types in words. No Streamlit here.
"""
from __future__ import annotations

import calendar
import datetime as dt

from antq.i18n import t

FIRST_MONTH = dt.date(2013, 1, 31)


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def month_options(data_date: dt.date, first: dt.date = FIRST_MONTH) -> list[dt.date]:
    """Month ends from January 2013 to the data date (the last one is the data date itself)."""
    out, d = [], month_end(first)
    while d < data_date:
        out.append(d)
        d = month_end(d + dt.timedelta(days=1))
    out.append(data_date)
    return out


def as_of_for(d: dt.date, options: list[dt.date]) -> dt.date:
    """The option of the month of d (the end of that month, or the data date)."""
    return min(options[-1], max(options[0], month_end(d)))


def parse_month(raw: str | None, options: list[dt.date]) -> dt.date | None:
    """'2023-07' -> the option of July 2023; anything else (or outside the data) -> None."""
    try:
        y, m = (int(x) for x in (raw or "").split("-"))
        d = as_of_for(dt.date(y, m, 1), options)
    except (ValueError, TypeError):
        return None
    return d if (d.year, d.month) == (y, m) else None


def month_param(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def parse_types(raw: str | None, valid) -> list[str] | None:
    """'clb_pctp,camera_an_ninh' -> the list, in catalogue order; an unknown code -> None (the default)."""
    codes = [c for c in (raw or "").split(",") if c]
    valid = list(valid)
    if not codes or any(c not in valid for c in codes):
        return None
    return [c for c in valid if c in codes]


def parse_choice(raw: str | None, choices) -> str | None:
    return raw if raw in choices else None


def next_play_step(current: dt.date, options: list[dt.date]) -> dt.date | None:
    """The next frame of "play": the end of the next year (December), then the data date; None at the end."""
    later = [d for d in options if d > current and (d.month == 12 or d == options[-1])]
    return later[0] if later else None


def play_start(current: dt.date, options: list[dt.date]) -> dt.date:
    """Play from where the control is, or from the first December when it is at the end."""
    return [d for d in options if d.month == 12][0] if current >= options[-1] else current


def types_words(types: list[str], names: dict[str, str], lang: str) -> str:
    if not types:
        return t("models_types_every", lang)
    if len(types) <= 2:
        return ", ".join(names.get(c, c) for c in types)
    return t("models_types_n", lang, n=len(types))
