"""`python -m antq report "<view URL>" --out FILE.docx|FOLDER [--no-charts]`: the periodic report of a view
(any scope, map and period) as a Word file an officer edits and signs, for a person or a cron job.

The URL is read by the view model's strict rules (antq/view/model.py: a bad value is an error naming the
parameter); a period that ends after the snapshot's data date (or starts before its data) is refused, as
a report on it would understate the period. A folder as --out gets a file named after the view. Exit code
0 when written, 2 with a Vietnamese message otherwise. The file leaves through antq/figures/gate.py.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from antq.cli import export as export_cli
from antq.auth import access
from antq.data import db, snapshots
from antq.features.report import content, make
from antq.figures import gate
from antq.i18n import t
from antq.view import model


class ReportError(Exception):
    """A request the command cannot serve (Vietnamese message)."""


def report_url(url: str, out: Path, *, with_charts: bool = True, progress=print) -> Path:
    t0 = time.perf_counter()
    out = Path(out)
    _, query = model.split_url(url)
    try:
        v = model.read(query, strict=True)
    except model.BadParam as e:
        raise ReportError(_why(e, query)) from None
    if out.is_dir() or str(out).endswith(("/", "\\")):
        out = out / make.file_name(v)
    elif out.suffix.lower() != ".docx":
        raise ReportError(t("report_not_docx", "vi", out=out))
    progress(t("report_step", "vi", what=url))
    try:
        report = make.build(v)
        payload = gate.release(lambda: make.docx_bytes(v, with_charts=with_charts, report=report),
                               file_name=str(out), what=report.heading["subject"], url=url)
    except (content.Incomplete, access.AccessDenied) as e:
        raise ReportError(str(e)) from None
    export_cli.write_out(out, payload)
    progress(t("report_done", "vi", path=out, kb=f"{len(payload) / 1024:,.0f}".replace(",", "."),
               s=f"{time.perf_counter() - t0:.1f}"))
    return out


def _why(e: model.BadParam, query: dict[str, str]) -> str:
    """A period the view model refuses because it outruns the data is an incomplete period (for cron, the
    message says so); any other bad parameter keeps the model's message."""
    asked = {k: model.parse_date(query.get(k)) for k in ("from", "to")}
    if e.name not in asked or asked[e.name] is None:
        return str(e)
    base = model.read({k: x for k, x in query.items() if k not in asked}, strict=True)
    try:
        content.check_complete(base.with_period(asked["from"] or base.date_from, asked["to"] or base.date_to))
    except content.Incomplete as incomplete:
        return str(incomplete)
    return str(e)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq report", description=t("report_cli_help", "vi"))
    ap.add_argument("url", help=t("export_cli_url", "vi"))
    ap.add_argument("--out", required=True, type=Path, help=t("report_cli_out", "vi"))
    ap.add_argument("--no-charts", action="store_true")
    args = ap.parse_args(argv)
    try:
        report_url(args.url, args.out, with_charts=not args.no_charts)
    except (ReportError, db.QueryError, snapshots.SnapshotError) as e:
        print(t("report_failed", "vi", why=e), file=sys.stderr)
        return 2
    return 0
