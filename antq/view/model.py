"""The view a page shows, and its URL: the one place where a URL becomes a `View` and a `View` becomes
the query string again.

A View is what every page reads: the snapshot, the period, the map, the scope and the language. The
URL names them `snapshot`, `from`, `to`, `map`, `province`, `lang` (stable, shared in links); the
queries bind the period as `$date_from`/`$date_to`, the names the View uses. A page's own parameters
(its controls) stay in the URL beside them and are read by the page's feature module.

`read(query, strict=...)` parses a query string by the same rules everywhere: the sidebar seeds its
widgets from it (strict=False: an unusable value falls back to its default and leaves a notice), the
command-line export and the benchmark read links with it (strict=True: an unusable value is a
`BadParam` naming the parameter). `query_of(view)` writes the shared part back; `url_of` the whole URL.

The facts derived from a view live here too: its data date, the level of the areas it draws, the
year of the safety assessment it reports, the same period a year earlier, and the parameters every
query may bind (`View.params`).
"""
from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass, field, replace
from typing import Callable

from antq.data import snapshots
from antq.data.snapshots import Snapshot
from antq.i18n import t

MAPS = ("2025", "2024")
DEFAULT_MAP = "2025"
OPEN_START = dt.date(2013, 1, 1)  # the first day a period may start
SHARED = ("snapshot", "from", "to", "map", "province", "lang")


class BadParam(ValueError):
    """A URL parameter whose value is not usable (the command line refuses it; a page falls back)."""

    def __init__(self, name: str, value: str, why: str = ""):
        self.name, self.value, self.why = name, value, why
        super().__init__(t("export_bad_param", "vi", name=name, value=str(value)[:60]) + (f" {why}" if why else ""))


def data_date_of(snapshot: Snapshot) -> dt.date:
    """The last day a snapshot's figures cover (its manifest's `data_date`; else the end of its period)."""
    m = snapshot.manifest
    return dt.date.fromisoformat(m.get("data_date") or (m.get("period") or {}).get("to") or dt.date.today().isoformat())


def period_start_of(snapshot: Snapshot) -> dt.date:
    """The first day a snapshot's figures cover (a comparison before it has no base)."""
    return dt.date.fromisoformat((snapshot.manifest.get("period") or {}).get("from") or OPEN_START.isoformat())


def default_period(data_date: dt.date) -> tuple[dt.date, dt.date]:
    """Year to date of the data, the period a leader asks about first."""
    return dt.date(data_date.year, 1, 1), data_date


def safety_year_for(date_to: dt.date) -> int:
    """The latest annual safety assessment (December) on or before the period's end."""
    return date_to.year if date_to >= dt.date(date_to.year, 12, 1) else date_to.year - 1


def minus_year(d: dt.date) -> dt.date:
    """The same day a year earlier (29 February falls back to the 28th)."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


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
        return data_date_of(self.snapshot)

    @property
    def level(self) -> str:
        """The areas the view draws: the provinces of the country, or the communes of its province."""
        return "commune" if self.province else "province"

    @property
    def safety_year(self) -> int:
        return safety_year_for(self.date_to)

    def params(self, **extra) -> dict:
        """The parameters every query may bind, plus a page's own (which may override them)."""
        return {"snapshot_dir": self.snapshot.path, "map": self.map, "province": self.province,
                "date_from": self.date_from, "date_to": self.date_to, **extra}

    def scope_name(self) -> str:
        return self.province_name or t("whole_country", self.lang)

    def last_year(self) -> tuple[dt.date, dt.date]:
        """The same period a year earlier."""
        return minus_year(self.date_from), minus_year(self.date_to)

    def has_last_year(self) -> bool:
        """Whether the snapshot covers the same period a year earlier (a change has a base)."""
        return self.last_year()[0] >= period_start_of(self.snapshot)

    def with_period(self, date_from: dt.date, date_to: dt.date) -> "View":
        return replace(self, date_from=date_from, date_to=date_to)


# ---------------------------------------------------------------- parse rules of the shared parameters

def parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        return None


def parse_lang(raw: str | None) -> str | None:
    return raw if raw in ("vi", "en") else None


def parse_choice(raw: str | None, options) -> str | None:
    return raw if raw in options else None


def parse_map(raw: str | None) -> str | None:
    return parse_choice(raw, MAPS)


def parse_day(raw: str | None, data_date: dt.date) -> dt.date | None:
    """A period bound: an ISO date from OPEN_START up to the snapshot's data date."""
    d = parse_date(raw)
    return d if d and OPEN_START <= d <= data_date else None


def read_params(raw: dict[str, str], spec: dict[str, tuple[Callable[[str], object], object]]) -> dict:
    """A page's own parameters from a query string: each parsed by its rule (None = unusable ->
    BadParam), absent ones at their default."""
    out = {}
    for name, (parse, default) in spec.items():
        value = raw.get(name)
        if value in (None, ""):
            out[name] = default
            continue
        parsed = parse(value)
        if parsed is None:
            raise BadParam(name, value)
        out[name] = parsed
    return out


# ---------------------------------------------------------------- URL -> View -> URL

def choose_snapshot(asked: str | None, good: list[Snapshot], active: str | None) -> Snapshot | None:
    """The snapshot asked for if good, else the active one, else the newest good one."""
    ids = [s.id for s in good]
    chosen = asked if asked in ids else (active if active in ids else (ids[0] if ids else None))
    return next((s for s in good if s.id == chosen), None)


class _Reader:
    """Reads one shared parameter at a time: strict raises, lenient falls back with a notice."""

    def __init__(self, query: dict[str, str], strict: bool, lang: str):
        self.query, self.strict, self.lang, self.notices = query, strict, lang, []

    def get(self, name: str, parse, default, why: str = ""):
        raw = self.query.get(name)
        if raw in (None, ""):
            return default
        value = parse(raw)
        if value is not None:
            return value
        if self.strict:
            raise BadParam(name, raw, why)
        self.notices.append(t("bad_param", self.lang, name=name, value=str(raw)[:40]))
        return default


def read(query: dict[str, str], *, strict: bool, province_names: Callable[[Snapshot, str], dict[str, str]] | None = None,
         snapshot_list: list[Snapshot] | None = None) -> View:
    """The View a query string asks for. `province_names(snapshot, map)` gives the provinces of a map
    (code -> name; the data layer's provinces_of_map by default). Raises BadParam (strict) or
    snapshots.SnapshotError when no snapshot is usable; a period given backwards is swapped, with a notice."""
    lang = parse_lang(query.get("lang")) or "vi"
    r = _Reader(query, strict, lang)
    r.get("lang", parse_lang, "vi", "(vi | en)")
    all_snaps = snapshots.list_snapshots() if snapshot_list is None else snapshot_list
    good = [s for s in all_snaps if s.ok]
    r.notices += [t("bad_snapshot", lang, id=s.id, why=" ".join(s.problems)) for s in all_snaps if not s.ok]
    if not good:
        raise snapshots.SnapshotError(t("no_snapshot", lang, dir=snapshots.paths.snapshots_dir()))
    ids = [s.id for s in good]
    active = snapshots.active_id()
    if active and active not in ids:
        r.notices.append(t("fallback_snapshot", lang, id=ids[0]))
    asked = r.get("snapshot", lambda v: parse_choice(v, ids), None, t("export_known", "vi", values=", ".join(ids)))
    snap = choose_snapshot(asked, good, active)
    data_date = data_date_of(snap)
    d_from, d_to = default_period(data_date)
    why = t("export_date_range", "vi", a=OPEN_START.isoformat(), b=data_date.isoformat())
    date_from = r.get("from", lambda v: parse_day(v, data_date), d_from, why)
    date_to = r.get("to", lambda v: parse_day(v, data_date), d_to, why)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
        r.notices.append(t("period_swapped", lang))
    map_ = r.get("map", parse_map, DEFAULT_MAP, "(2025 | 2024)")
    names = (province_names or _province_names)(snap, map_)
    province = r.get("province", lambda v: parse_choice(v, names), None,
                     t("export_province_not_on_map", "vi", map=map_))
    return View(snapshot=snap, date_from=date_from, date_to=date_to, map=map_, province=province,
                province_name=names.get(province) if province else None, lang=lang, notices=tuple(r.notices))


def _province_names(snap: Snapshot, map_: str) -> dict[str, str]:
    from antq.data import db

    provinces = db.run("provinces_of_map", snapshot_dir=snap.path, map=map_)
    return dict(zip(provinces["province_code"], provinces["province_name"]))


def query_of(v: View, page_params: dict | None = None) -> dict[str, str]:
    """The query string of a view (defaults left out where the URL has always left them out), with a
    page's own parameters; None and empty values are dropped."""
    shared = {"snapshot": v.snapshot.id, "from": v.date_from.isoformat(), "to": v.date_to.isoformat(),
              "map": v.map, "province": v.province, "lang": "en" if v.lang == "en" else None}
    return {k: str(val) for k, val in {**shared, **(page_params or {})}.items() if val not in (None, "", [], ())}


def url_of(page: str, v: View, page_params: dict | None = None) -> str:
    return f"/{page}?" + urllib.parse.urlencode(query_of(v, page_params))


def split_url(url: str) -> tuple[str, dict[str, str]]:
    """'/overview?map=2024&province=74' (or a full http://host/overview?...) -> ('overview', {...});
    the last value of a repeated parameter wins, as in st.query_params."""
    parts = urllib.parse.urlsplit(url.strip())
    page = parts.path.strip("/").split("/")[-1] if parts.path.strip("/") else "overview"
    return ("overview" if page == "home" else page), dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))


def page_params(query: dict[str, str]) -> dict[str, str]:
    """The page's own parameters of a query string (everything but the shared ones)."""
    return {k: v for k, v in query.items() if k not in SHARED}
