"""Briefings without a browser session, and the briefing pack.

`python -m antq export "<page URL path and query string>" --out FILE [--size slide|report]` reads a
shareable view as the sidebar and the page would (the same parse rules; a bad value is an error that
names the parameter instead of a fallback), builds the page's main chart with the page's own function
(antq/views_<page>.py) and writes the captioned image, or the data, or a one-slide/one-page pack,
by the file's extension:

  .png .svg      the captioned image at the chosen size (slide 1920×1080, report 1500×900)
  .pdf           the captioned chart as a vector PDF page
  .csv .xlsx     the data behind the chart, caption lines on top, formulas neutralised
  .pptx          a slide with title and footer as text

The pack (ticked charts of a session) becomes one PPTX or one PDF with `pack_pptx` / `pack_pdf`.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import json
import sys
import time
import urllib.parse
from pathlib import Path

import plotly.graph_objects as go

from antq.auth import access, audit

from antq.data import db, snapshots

from antq.figures import export

from antq.view import views
from antq.i18n import t
from antq.view.state import View, default_period

# URL path -> the module whose main_chart(view, params) builds the page's main chart
PAGES = {"overview": "antq.features.overview.chart", "models": "antq.features.models.chart", "tipoffs": "antq.features.tipoffs.chart",
         "festival": "antq.features.festival.chart", "compare": "antq.features.compare.chart"}
SHARED = ("snapshot", "from", "to", "map", "province", "lang")
KINDS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".csv": "csv", ".xlsx": "xlsx", ".pptx": "pptx"}


class ExportError(Exception):
    """A request the command cannot serve; the message is Vietnamese and names what is wrong."""


# ---------------------------------------------------------------- a URL as the sidebar reads it

def split_url(url: str) -> tuple[str, dict[str, str]]:
    """'/overview?map=2024&province=74' (or a full http://host/overview?...) -> ('overview', {...})."""
    parts = urllib.parse.urlsplit(url.strip())
    page = parts.path.strip("/").split("/")[-1] if parts.path.strip("/") else "overview"
    if page == "home":
        page = "overview"
    query = {}
    for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        query[k] = v  # the last value wins, as in st.query_params
    return page, query


def view_from_query(query: dict[str, str], *, notices: list[str] | None = None) -> View:
    """The View the sidebar would build from this query string (antq/view/sidebar.py's rules from
    antq/view/views.py), except that an unusable value is refused (ExportError naming the parameter)
    instead of falling back with a notice. A period given backwards is swapped, as the sidebar does."""
    notices = notices if notices is not None else []

    def bad(name: str, why: str = "") -> ExportError:
        return ExportError(t("export_bad_param", "vi", name=name, value=str(query.get(name, ""))[:60]) + (f" {why}" if why else ""))

    lang = query.get("lang") or "vi"
    if views.parse_lang(lang) is None:
        raise bad("lang", "(vi | en)")
    good = [s for s in snapshots.list_snapshots() if s.ok]
    if not good:
        raise ExportError(t("no_snapshot", "vi", dir=snapshots.paths.snapshots_dir()))
    ids = [s.id for s in good]
    active = snapshots.active_id()
    snap_id = query.get("snapshot") or (active if active in ids else ids[0])
    if views.parse_choice(snap_id, ids) is None:
        raise bad("snapshot", t("export_known", "vi", values=", ".join(ids)))
    snap = next(s for s in good if s.id == snap_id)
    data_date = dt.date.fromisoformat(snap.manifest.get("data_date", dt.date.today().isoformat()))
    d_from, d_to = default_period(data_date)
    days = {}
    for name, default in (("from", d_from), ("to", d_to)):
        raw = query.get(name)
        days[name] = default if not raw else views.parse_day(raw, data_date)
        if days[name] is None:
            raise bad(name, t("export_date_range", "vi", a=views.OPEN_START.isoformat(), b=data_date.isoformat()))
    if days["from"] > days["to"]:
        days["from"], days["to"] = days["to"], days["from"]
        notices.append(t("period_swapped", "vi"))
    map_ = query.get("map") or "2025"
    if views.parse_map(map_) is None:
        raise bad("map", "(2025 | 2024)")
    provinces = db.run("provinces_of_map", snapshot_dir=snap.path, map=map_)
    names = dict(zip(provinces["province_code"], provinces["province_name"]))
    province = query.get("province") or None
    if province is not None and views.parse_choice(province, names) is None:
        raise bad("province", t("export_province_not_on_map", "vi", map=map_))
    return View(snapshot=snap, date_from=days["from"], date_to=days["to"], map=map_, province=province,
                province_name=names.get(province) if province else None, lang=lang)


def main_chart(page: str, v: View, params: dict[str, str]) -> views.Chart:
    """The page's main chart for a view and the page's own URL parameters (views.BadParam if one is unusable)."""
    if page not in PAGES:
        raise ExportError(t("export_no_page", "vi", page=page, pages=", ".join(f"/{p}" for p in PAGES)))
    return importlib.import_module(PAGES[page]).main_chart(v, params)


def chart_for_url(url: str, notices: list[str] | None = None) -> tuple[View, views.Chart]:
    page, query = split_url(url)
    if page not in PAGES:
        raise ExportError(t("export_no_page", "vi", page=page, pages=", ".join(f"/{p}" for p in PAGES)))
    v = view_from_query(query, notices=notices)
    params = {k: val for k, val in query.items() if k not in SHARED}
    known = getattr(importlib.import_module(PAGES[page]), "URL_PARAMS", ())
    if notices is not None:
        notices += [t("export_unused_param", "vi", name=k) for k in params if k not in known]
    try:
        return v, main_chart(page, v, params)
    except views.BadParam as e:
        raise ExportError(str(e)) from None


# ---------------------------------------------------------------- writing a file

def render(v: View, c: views.Chart, kind: str, size: str = "slide", user: str | None = None) -> bytes:
    cap = views.caption(v, c.title, c.filters, c.source, user=user)
    if kind in ("png", "svg"):
        return export.image_bytes(export.captioned_figure(c.fig, cap, size), kind)
    if kind == "pdf":
        return export.pdf_bytes([(c.fig, cap)], size)
    if kind == "pptx":
        return export.pptx_bytes([(c.fig, cap)])
    if kind == "csv":
        return export.csv_bytes(c.data, cap)
    if kind == "xlsx":
        return export.xlsx_bytes(c.data, cap)
    raise ExportError(t("export_bad_kind", "vi", kind=kind, kinds=", ".join(KINDS)))


def export_url(url: str, out: Path, size: str = "slide", progress=print) -> Path:
    out = Path(out)
    kind = KINDS.get(out.suffix.lower())
    if kind is None:
        raise ExportError(t("export_bad_kind", "vi", kind=out.suffix or out.name, kinds=", ".join(KINDS)))
    if size not in export.SIZES:
        raise ExportError(t("export_bad_size", "vi", size=size))
    t0 = time.perf_counter()
    progress(t("export_step_view", "vi", url=url))
    notices: list[str] = []
    v, c = chart_for_url(url, notices)
    for n in notices:
        progress("  " + n)
    progress("  " + views.subtitle(v, c.filters))
    progress(t("export_step_chart", "vi", title=c.title, s=f"{time.perf_counter() - t0:.1f}"))
    w, h = export.SIZES[size]
    what = f"{kind.upper()} {w}×{h}" if kind in ("png", "svg") else kind.upper()
    progress(t("export_step_write", "vi", what=what))
    payload = render(v, c, kind, size)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(payload)
    tmp.replace(out)
    audit.record("export", access.current().user, file=str(out), what=c.title, url=url, bytes=len(payload))
    progress(t("export_done", "vi", path=out, kb=f"{len(payload) / 1024:,.0f}".replace(",", "."),
               s=f"{time.perf_counter() - t0:.1f}"))
    return out


# ---------------------------------------------------------------- the briefing pack

def pack_figures(items: list[dict]) -> list[tuple[go.Figure, export.Caption]]:
    """Pack items (as antq/view/ui.py stores them) as (figure, caption), captions stamped now."""
    now = dt.datetime.now().replace(microsecond=0)
    return [(go.Figure(json.loads(it["figure"])),
             dataclasses.replace(export.Caption.from_dict(it["caption"]), exported_at=now)) for it in items]


def pack_pptx(items: list[dict]) -> bytes:
    return export.pptx_bytes(pack_figures(items))


def pack_pdf(items: list[dict]) -> bytes:
    return export.pdf_bytes(pack_figures(items))


# ---------------------------------------------------------------- command line

def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq export", description=t("export_cli_help", "vi"))
    ap.add_argument("url", help=t("export_cli_url", "vi"))
    ap.add_argument("--out", required=True, type=Path, help=t("export_cli_out", "vi"))
    ap.add_argument("--size", choices=tuple(export.SIZES), default="slide", help=t("export_cli_size", "vi"))
    args = ap.parse_args(argv)
    try:
        export_url(args.url, args.out, args.size)
    except (ExportError, db.QueryError, snapshots.SnapshotError) as e:
        print(t("export_failed", "vi", why=e), file=sys.stderr)
        return 2
    return 0
