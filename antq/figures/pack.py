"""The briefing pack: the charts a person ticked on any page, as one PowerPoint (a slide per chart,
title and footer as text) or one PDF, with captions stamped at the time of the download."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import plotly.graph_objects as go

from antq.figures import export, slides


def figures(items: list[dict]) -> list[tuple[go.Figure, export.Caption]]:
    """Pack items (as antq/view/ui.py stores them) as (figure, caption), captions stamped now."""
    now = dt.datetime.now().replace(microsecond=0)
    return [(go.Figure(json.loads(it["figure"])),
             dataclasses.replace(export.Caption.from_dict(it["caption"]), exported_at=now)) for it in items]


def pptx(items: list[dict]) -> bytes:
    return slides.pptx_bytes(figures(items))


def pdf(items: list[dict]) -> bytes:
    return slides.pdf_bytes(figures(items))
