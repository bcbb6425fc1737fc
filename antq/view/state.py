"""The shared view state (snapshot, period, map, scope, language) and its URL form.

The query string is the source of truth for a shared link: on a session's first run the
widgets are seeded from it, and after every run the whole state is written back, so a copied
link reopens the same view. Pages register their own controls with `url_widget_state`.
Values from the URL are validated: anything unusable falls back to the default with a
Vietnamese notice, never an error page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from antq.i18n import t
from antq.data.snapshots import Snapshot

MAPS = ("2025", "2024")
URL_KEYS = ("snapshot", "from", "to", "map", "province", "lang")


@dataclass(frozen=True)
class View:
    """What every page reads: the chosen snapshot and the shared filters."""
    snapshot: Snapshot
    date_from: dt.date
    date_to: dt.date
    map: str
    province: str | None
    province_name: str | None
    lang: str
    notices: tuple[str, ...] = field(default=())

    @property
    def snapshot_dir(self):
        return self.snapshot.path

    @property
    def data_date(self) -> dt.date:
        return dt.date.fromisoformat(self.snapshot.manifest.get("data_date", "2026-10-31"))

    def params(self, **extra) -> dict:
        """The parameters every query may bind, plus a page's own."""
        return {"snapshot_dir": self.snapshot.path, "map": self.map, "province": self.province,
                "from": self.date_from, "to": self.date_to, **extra}

    def scope_name(self) -> str:
        return self.province_name or t("whole_country", self.lang)

    def last_year(self) -> tuple[dt.date, dt.date]:
        """The same period a year earlier (29 February falls back to the 28th)."""
        return _minus_year(self.date_from), _minus_year(self.date_to)


def _minus_year(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def default_period(data_date: dt.date) -> tuple[dt.date, dt.date]:
    """Year to date of the data, the period a leader asks about first."""
    return dt.date(data_date.year, 1, 1), data_date


def url_value(name: str) -> str | None:
    v = st.query_params.get(name)
    return v if v not in (None, "") else None


NOTICES = "_antq_notices"


def seed_from_url(key: str, name: str, parse, default) -> None:
    """Give widget `key` its first value from URL parameter `name` (once per session).

    A URL value that is present but unusable leaves a notice for the next page header to show
    (kept in the session, so a rerun before the page is drawn does not lose it)."""
    if key in st.session_state:
        return
    raw = url_value(name)
    value = parse(raw) if raw is not None else None
    st.session_state[key] = default if value is None else value
    if raw is not None and value is None:
        st.session_state.setdefault(NOTICES, []).append(
            t("bad_param", st.session_state.get("lang", "vi"), name=name, value=raw[:40]))


def pop_notices() -> list[str]:
    return st.session_state.pop(NOTICES, [])


def write_url(values: dict) -> None:
    """Write the view into the query string; None and empty values are left out."""
    clean = {k: str(v) for k, v in values.items() if v not in (None, "", [], ())}
    if dict(st.query_params) != clean:
        st.query_params.from_dict(clean)


def url_list(raw: str | None) -> list[str]:
    return [x for x in (raw or "").split(",") if x]
