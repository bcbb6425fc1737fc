"""Briefing-ready exports: captioned images (PNG, SVG), the data behind a chart (CSV, XLSX), and
briefing packs (PPTX, PDF). Pure functions of a figure, a table and a `Caption`; no Streamlit.

Images are rendered by kaleido with Debian's Chromium, one browser kept for the process (the
first image pays the start, the next ones about half a second), with plotly.js from the plotly
package and no MathJax: nothing is fetched from the network.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from antq import fmt
from antq.i18n import t

SIZES = {
    "slide": (1920, 1080),   # a 16:9 PowerPoint slide at full HD
    "report": (1500, 900),   # half a portrait A4 page of a Word report (16 x 9.6 cm at 240 dpi)
}
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHROMIUM = "/usr/bin/chromium"
_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


@dataclass(frozen=True)
class Caption:
    """What every exported chart carries, in the interface language."""
    title: str
    subtitle: str                       # period, scope, map and filters in words
    source: str
    snapshot_id: str
    data_date: dt.date
    simulated: bool
    lang: str = "vi"
    user: str | None = None
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    def footer(self) -> str:
        parts = [t("source_footer", self.lang, src=self.source, id=self.snapshot_id,
                   d=fmt.date(self.data_date, self.lang))]
        if self.simulated:
            parts.append(t("export_simulated", self.lang))
        stamp = f"{fmt.date(self.exported_at, self.lang)} {self.exported_at:%H:%M}"
        parts.append(t("export_time", self.lang, at=stamp) + (f" · {self.user}" if self.user else ""))
        return " · ".join(parts)

    def lines(self) -> list[str]:
        return [self.title, self.subtitle, self.footer()]


def captioned_figure(fig: go.Figure, cap: Caption, size: str = "slide") -> go.Figure:
    """A copy of `fig` at an export size with the title, subtitle and footer drawn into it."""
    width, height = SIZES[size]
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    scale = width / 1920
    top, bottom = int(150 * scale), int(70 * scale)
    out.update_layout(
        width=width, height=height, title=None, font=dict(family=FONT, size=int(18 * scale) or 12),
        margin=dict(l=int(40 * scale), r=int(40 * scale), t=top, b=bottom), paper_bgcolor="white",
    )
    out.add_annotation(text=f"<b>{_html(cap.title)}</b>", x=0, y=1, xref="paper", yref="paper", yshift=top - 20 * scale,
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=int(40 * scale), color="#1a1a1a"))
    out.add_annotation(text=_html(cap.subtitle), x=0, y=1, xref="paper", yref="paper", yshift=top - 80 * scale,
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=int(24 * scale), color="#444"))
    out.add_annotation(text=_html(cap.footer()), x=0, y=0, xref="paper", yref="paper", yshift=-bottom + 10 * scale,
                       xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=int(17 * scale), color="#555"))
    return out


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ensure_renderer() -> None:
    """Start one kaleido browser for the process, with local plotly.js and no MathJax."""
    global _kaleido_started
    with _KALEIDO_LOCK:
        if _kaleido_started:
            return
        import kaleido
        import plotly

        if Path(CHROMIUM).exists():
            os.environ.setdefault("BROWSER_PATH", CHROMIUM)
        plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        kaleido.start_sync_server(plotlyjs=str(plotly_js), mathjax=False, silence_warnings=True)
        _kaleido_started = True


def image_bytes(fig: go.Figure, fmt_: str = "png") -> bytes:
    """Render a (captioned) figure to PNG, SVG or PDF bytes at its own width and height."""
    import warnings

    _ensure_renderer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plotly warns that kaleido options are ignored with a server
        return fig.to_image(format=fmt_, width=fig.layout.width, height=fig.layout.height)


def neutralise(value):
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise)
    return out


def csv_bytes(df: pd.DataFrame, cap: Caption) -> bytes:
    """UTF-8 with BOM (Excel then shows Vietnamese), the caption lines on top, then the table."""
    buf = io.StringIO()
    head = pd.DataFrame({0: [neutralise(x) for x in cap.lines()] + [""]})
    head.to_csv(buf, index=False, header=False)
    _safe(df).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, cap: Caption, sheet: str = "Dữ liệu") -> bytes:
    """An Excel workbook: caption lines on top (title in bold), a blank row, then the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for i, line in enumerate(cap.lines(), start=1):
        cell = ws.cell(row=i, column=1, value=neutralise(line))
        cell.data_type = "s"
        if i == 1:
            cell.font = Font(bold=True, size=14)
    start = len(cap.lines()) + 2
    safe = _safe(df)
    for j, col in enumerate(safe.columns, start=1):
        ws.cell(row=start, column=j, value=col).font = Font(bold=True)
    for i, row in enumerate(safe.itertuples(index=False), start=start + 1):
        for j, value in enumerate(row, start=1):
            if pd.isna(value) if not isinstance(value, (list, tuple)) else False:
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pptx_bytes(items: list[tuple[go.Figure, Caption]]) -> bytes:
    """One 16:9 slide per chart: title and footer as real text, the chart as an image."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in
    blank = prs.slide_layouts[6]
    for fig, cap in items:
        slide = prs.slides.add_slide(blank)
        _textbox(slide, cap.title, Emu(400000), Emu(200000), Emu(11400000), Emu(600000), Pt(28), bold=True)
        _textbox(slide, cap.subtitle, Emu(400000), Emu(780000), Emu(11400000), Emu(400000), Pt(16))
        plain = copy.deepcopy(fig)
        plain.update_layout(width=1800, height=860, title=None, margin=dict(l=30, r=30, t=30, b=30),
                            font=dict(family=FONT, size=16))
        png = image_bytes(plain, "png")
        slide.shapes.add_picture(io.BytesIO(png), Emu(400000), Emu(1230000), width=Emu(11400000))
        _textbox(slide, cap.footer(), Emu(400000), Emu(6350000), Emu(11400000), Emu(400000), Pt(11))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _textbox(slide, text, left, top, width, height, size, bold=False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = size
    run.font.bold = bold
    run.font.name = "DejaVu Sans"
    return box


def pdf_bytes(items: list[tuple[go.Figure, Caption]], size: str = "slide") -> bytes:
    """One page per captioned chart (vector text from kaleido), merged into one PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for fig, cap in items:
        page = image_bytes(captioned_figure(fig, cap, size), "pdf")
        for p in PdfReader(io.BytesIO(page)).pages:
            writer.add_page(p)
    writer.add_metadata({"/Title": items[0][1].title if items else "ANTQ"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
