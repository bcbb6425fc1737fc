"""What the bench does on each page, keyed by the page's slug in the app's registry (antq/view/pages.py).

The pages themselves (their scripts, their slugs, whether they have a chart) come from the registry;
this module adds only what the bench drives on each: the URL of its default view, its heaviest
interactions under AppTest (the first is the heaviest; `--quick` times only that one), and what the
browser opens. A registered page with a chart and no entry here stops the bench: a new page must be
measured, not skipped. A page without a chart (the accounts page) may be left out.

A URL is written as the app writes it: the shared part (`map`, `province`, `from`, `to`) is read into a
View by the app's own rules, strictly (a value the app would refuse stops the bench instead of being
measured as the default), and written back with `model.query_of` / `model.url_of`; a page's own
parameters must be ones its feature module reads (its URL_PARAMS).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from antq import paths
from antq.view import pages as registry

D = dt.date
WHOLE = {"from": "2013-01-01"}  # the whole history, up to the data date


@dataclass(frozen=True)
class Step:
    """One interaction: the URL of the view it starts from, and what it changes there."""
    label: str
    start: dict
    act: Callable


@dataclass(frozen=True)
class Visit:
    """One URL the browser opens; `has_map`: its time runs until the page's map is drawn."""
    label: str
    params: dict = field(default_factory=dict)
    has_map: bool = True


@dataclass(frozen=True)
class Scenario:
    default: dict
    steps: tuple[Step, ...]
    visits: tuple[Visit, ...]


def set_widget(kind: str, key: str, value, sidebar: bool = False) -> Callable:
    def act(at):
        root = at.sidebar if sidebar else at
        getattr(root, kind)(key=key).set_value(value)
    return act


def upload_report(at) -> None:
    sample = paths.ROOT / "tests" / "samples" / "bd-2024-tips-correction.xlsx"
    at.file_uploader[0].set_value((sample.name, sample.read_bytes(), "application/octet-stream"))


WHOLE_PERIOD = set_widget("date_input", "date_from", D(2013, 1, 1), sidebar=True)
THREE = {"provinces": "01,79,48"}

SCENARIOS = {
    "overview": Scenario({}, (
        Step("whole period 2013–2026 on map 2024", {"map": "2024"}, WHOLE_PERIOD),
        Step("scope → Hà Nội (communes)", {}, set_widget("selectbox", "province", "01", sidebar=True)),
    ), (Visit("overview"),)),
    "models": Scenario({}, (
        Step("national commune map, map 2024 (10,040 communes)", {"map": "2024"},
             set_widget("segmented_control", "models_level", "commune")),
        Step("model types → one type", {}, set_widget("multiselect", "models_types", ["camera_an_ninh"])),
        Step("time control → 31/12/2020", {}, set_widget("select_slider", "models_as_of", D(2020, 12, 31))),
    ), (Visit("models"),)),
    "tipoffs": Scenario({}, (
        Step("funnel: whole period 2013–2026, map 2024", {"map": "2024"}, WHOLE_PERIOD),
        Step("periods (vs last year), 2013–2026, map 2024", {"map": "2024", **WHOLE},
             set_widget("radio", "tipoffs_section", "periods")),
        Step("cohorts by month, 2013–2026, map 2024", {"map": "2024", **WHOLE},
             set_widget("radio", "tipoffs_section", "cohorts")),
        Step("where: national map, 2013–2026, map 2024", {"map": "2024", **WHOLE},
             set_widget("radio", "tipoffs_section", "where")),
    ), (Visit("tipoffs", has_map=False), Visit("tipoffs (where)", {"section": "where"}))),
    "festival": Scenario({}, (
        Step("scope → Thanh Hóa (547 communes, map 2024)", {"map": "2024"},
             set_widget("selectbox", "province", "38", sidebar=True)),
        Step("year → 2022", {}, set_widget("selectbox", "festival_year", 2022)),
    ), (Visit("festival"),)),
    "compare": Scenario(THREE, (
        Step("whole period 2013–2026", THREE, WHOLE_PERIOD),
        Step("figure → share solved (trend)", THREE, set_widget("selectbox", "compare_metric", "solved_share")),
    ), (Visit("compare", THREE),)),
    "data": Scenario({}, (
        Step("check an uploaded report (393 rows, no write)", {}, upload_report),
    ), (Visit("data", has_map=False),)),
}

# the maps the models page draws, for their sizes (the models page draws every kind of map)
MAPS_PAGE = "models"
MAP_VIEWS = [
    ("national provinces, map 2025 (34)", {"map": "2025"}),
    ("national provinces, map 2024 (63)", {"map": "2024"}),
    ("national communes, map 2025 (3,321)", {"map": "2025", "level": "commune"}),
    ("national communes, map 2024 (10,040)", {"map": "2024", "level": "commune"}),
    ("TP Hồ Chí Minh communes, map 2025 (168)", {"map": "2025", "province": "79"}),
    ("Hà Nội communes, map 2024 (526)", {"map": "2024", "province": "01"}),
]


def scenarios() -> list[tuple[registry.Page, Scenario]]:
    """Every registered page the bench measures, in the registry's order, with what it does there."""
    unknown = set(SCENARIOS) - {p.slug for p in registry.PAGES}
    if unknown:
        raise RuntimeError(f"bench/scenarios.py drives pages the registry does not have: {', '.join(sorted(unknown))}")
    out = []
    for page in registry.PAGES:
        s = SCENARIOS.get(page.slug)
        if s is None:
            if page.has_chart:
                raise RuntimeError(f"page '{page.slug}' ({page.script}) has a chart but bench/scenarios.py "
                                   "has no entry for it: add its default view and heaviest interactions")
            continue
        out.append((page, s))
    return out


def page(slug: str) -> registry.Page:
    found = registry.get(slug)
    if found is None:
        raise RuntimeError(f"no page '{slug}' in antq/view/pages.py")
    return found


def view(snapshot_id: str, params: dict):
    """The View of a bench URL's parameters, read strictly as the command-line export reads a link."""
    from antq.data import snapshots
    from antq.view import model

    # no checksums: the bench measures the snapshots, it does not audit them (the larger one is gigabytes)
    return model.read({"snapshot": snapshot_id, **{k: str(v) for k, v in params.items()}}, strict=True,
                      snapshot_list=snapshots.list_snapshots(checksums=False), province_names=_province_names)


def _province_names(snap, map_: str) -> dict[str, str]:
    """The provinces of a map, asked past the answer cache: the bench reads its URLs between timed runs,
    and must neither fill nor read the cache it is timing."""
    from antq.data import db

    df = db.execute_uncached("provinces_of_map", snapshot_dir=snap.path, map=map_)
    return dict(zip(df["province_code"], df["province_name"]))


def _page_params(slug: str, params: dict) -> dict:
    from antq.view import model

    own = model.page_params({k: str(v) for k, v in params.items()})
    p = page(slug)
    if own and p.has_chart:
        unread = set(own) - set(p.chart().URL_PARAMS)
        if unread:
            raise RuntimeError(f"/{slug} does not read the URL parameter(s) {', '.join(sorted(unread))}")
    return own


def query(slug: str, snapshot_id: str, params: dict) -> dict[str, str]:
    """The query string the app writes for a view of page `slug`: `params` are URL parameters, shared
    (`map`, `province`, `from`, `to`) and the page's own."""
    from antq.view import model

    return model.query_of(view(snapshot_id, params), _page_params(slug, params))


def url(slug: str, snapshot_id: str, params: dict) -> str:
    """The path and query string of a page's view, as a link to it reads."""
    from antq.view import model

    return model.url_of(slug, view(snapshot_id, params), _page_params(slug, params))


def browser_visits(snapshot_id: str) -> list[tuple[str, str, bool]]:
    """(label, path and query, has a map) of every URL the browser opens, in the registry's order."""
    return [(v.label, url(p.slug, snapshot_id, v.params), v.has_map) for p, s in scenarios() for v in s.visits]
