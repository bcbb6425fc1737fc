"""`python -m antq export "<page URL>" --out FILE [--size slide|report]`: a shareable view's main chart
as a file, without a browser session (a scheduled briefing).

The URL is read by the view model's rules (antq/view/model.py, strict: a value the page would not
accept is an error naming the parameter, exit code 2) and the page's main chart is built by the page's
own feature module (antq/view/pages.py), so the file holds the figure the page shows for that URL. The
file's extension chooses what is written:

  .png .svg      the captioned image at the chosen size (slide 1920×1080, report 1500×900)
  .pdf           the captioned chart as a vector PDF page
  .csv .xlsx     the data behind the chart, caption lines on top, formulas neutralised
  .pptx          a slide with title and footer as text
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from antq.auth import access
from antq.data import db, snapshots
from antq.figures import export, gate
from antq.figures.chart import Chart, caption, subtitle
from antq.i18n import t
from antq.view import model, pages
from antq.view.model import View

KINDS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".csv": "csv", ".xlsx": "xlsx", ".pptx": "pptx"}


class ExportError(Exception):
    """A request the command cannot serve; the message is Vietnamese and names what is wrong."""


def chart_for_url(url: str, notices: list[str] | None = None) -> tuple[View, Chart]:
    """The view a URL asks for and its page's main chart (ExportError naming what is unusable)."""
    slug, query = model.split_url(url)
    page = pages.get(slug)
    if page is None or not page.has_chart:
        raise ExportError(t("export_no_page", "vi", page=slug, pages=", ".join(f"/{p.slug}" for p in pages.chart_pages())))
    feature = page.chart()
    params = model.page_params(query)
    try:
        v = model.read(query, strict=True)
        if notices is not None:
            notices += list(v.notices)
            notices += [t("export_unused_param", "vi", name=k) for k in params if k not in feature.URL_PARAMS]
        return v, feature.main_chart(v, params)
    except model.BadParam as e:
        raise ExportError(str(e)) from None


def render(v: View, c: Chart, kind: str, size: str = "slide", user: str | None = None) -> bytes:
    cap = caption(v, c.title, c.filters, c.source, user=user, period=c.period)
    if kind in gate.TABLES:
        return gate.table_bytes(c.data, cap, kind)
    if kind in gate.FIGURES:
        return gate.figure_bytes(c.fig, cap, kind, size)
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
    progress("  " + subtitle(v, c.filters))
    progress(t("export_step_chart", "vi", title=c.title, s=f"{time.perf_counter() - t0:.1f}"))
    w, h = export.SIZES[size]
    what = f"{kind.upper()} {w}×{h}" if kind in ("png", "svg") else kind.upper()
    progress(t("export_step_write", "vi", what=what))
    try:
        payload = gate.release(lambda: render(v, c, kind, size), file_name=str(out), what=c.title, url=url)
    except access.AccessDenied as e:
        raise ExportError(str(e)) from None
    write_out(out, payload)
    progress(t("export_done", "vi", path=out, kb=f"{len(payload) / 1024:,.0f}".replace(",", "."),
               s=f"{time.perf_counter() - t0:.1f}"))
    return out


def write_out(out: Path, payload: bytes) -> None:
    """The file written whole or not at all (a scheduled run never leaves half a file behind)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(payload)
    tmp.replace(out)


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
