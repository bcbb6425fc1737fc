"""A map laid out again for a phone's width (pure: figure in, figure out; no Streamlit).

A page's map is fitted for a desktop column: its view (centre, zoom) cuts the country at 350 px, and its
colour scale, standing on the right, covers a third of what is left. For a phone the map takes the whole
width, the view is pulled back so the country and both archipelagos stay in sight, the colour scale lies
under the map (inside the plot, above any source line at the foot) and a long title wraps.
"""
from __future__ import annotations

import plotly.graph_objects as go

MAP_BOTTOM = 0.24  # the share of the plot under the map, for the colour scale and its labels
ZOOM_BACK = 0.8    # a desktop column (about 480 px of map) to a phone's (about 330 px): 2^0.8 ≈ 1.7


def wrap(text: str, width: int = 38) -> str:
    """Break a title into lines of at most `width` characters at spaces (plotly's <br>)."""
    lines, cur = [], ""
    for w in str(text).replace("<br>", " ").split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return "<br>".join([*lines, cur] if cur else lines)


def for_phone(fig: go.Figure, height: int = 600) -> go.Figure:
    out = go.Figure(fig)
    lay = out.layout
    zoom = lay.map.zoom if lay.map.zoom is not None else 5
    title = lay.title.text if lay.title and lay.title.text else None
    top = (lay.margin.t or 0) + (18 * wrap(title).count("<br>") if title else 0)
    out.update_layout(height=height, map_zoom=zoom - ZOOM_BACK, map_domain=dict(x=[0, 1], y=[MAP_BOTTOM, 1]),
                      margin=dict(t=top, l=0, r=0),
                      legend=dict(orientation="h", x=0, xanchor="left", y=MAP_BOTTOM + 0.01, yanchor="bottom"))
    if title:
        out.update_layout(title_text=wrap(title))
    for tr in out.data:
        if tr.type == "choroplethmap" and tr.showscale is not False and tr.colorbar.ticktext:
            tr.colorbar.update(orientation="h", x=0.5, xanchor="center", y=0.02, yanchor="bottom", len=0.96,
                               thickness=10, title=dict(side="top", text=wrap(tr.colorbar.title.text or "", 44)))
    return out
