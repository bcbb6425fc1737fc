"""Briefing packs: one 16:9 PowerPoint slide or one PDF page per captioned chart, the title, the period
and scope, and the footer (source, snapshot, data date, simulated data, time, user) as real text."""
from __future__ import annotations

import io
import textwrap

import plotly.graph_objects as go

from antq.figures.export import Caption, bare, captioned_figure, image_bytes


def pptx_bytes(items: list[tuple[go.Figure, Caption]]) -> bytes:
    """One 16:9 slide per chart: title, subtitle and footer as real text (sized and stacked by their
    length), the chart as an image filling the space between them."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in
    blank = prs.slide_layouts[6]
    left, width = 0.45, 12.43  # inches

    def height(text: str, pt: float, bold: bool = False) -> float:
        per_line = max(20, int(width * 72 / (pt * (0.64 if bold else 0.58))))
        return len(textwrap.wrap(text, per_line) or [""]) * pt * 1.25 / 72 + 0.1

    for fig, cap in items:
        slide = prs.slides.add_slide(blank)
        title_pt = 24 if len(cap.title) <= 62 else 20
        y = 0.2
        h = height(cap.title, title_pt, True)
        _textbox(slide, cap.title, Inches(left), Inches(y), Inches(width), Inches(h), Pt(title_pt), bold=True)
        y += h
        h = height(cap.subtitle, 14)
        _textbox(slide, cap.subtitle, Inches(left), Inches(y), Inches(width), Inches(h), Pt(14))
        y += h + 0.05
        foot_h = height(cap.footer(), 10)
        foot_y = 7.5 - 0.12 - foot_h
        room = max(1.0, foot_y - 0.05 - y)
        plain = bare(fig, cap, 900, int(900 * room / width))
        plain["layout"]["margin"] = {**(plain["layout"].get("margin") or {}), "t": 15, "b": 15}
        png = image_bytes(plain, "png")
        slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(y), width=Inches(width))
        _textbox(slide, cap.footer(), Inches(left), Inches(foot_y), Inches(width), Inches(foot_h), Pt(10))
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
    """One page per captioned chart (vector text and maps from kaleido), merged into one PDF."""
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
