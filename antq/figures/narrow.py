"""A map laid out again for a phone's width (pure: figure in, figure out; no Streamlit).

A page's map is fitted for a column of a tablet or a desk (charts.MAP_FIT_PX): its view (centre, zoom)
cuts the country at a phone's width, and its colour scale, across the top, takes a third of the height
left. For a phone the map takes the whole
width, the view is pulled back so the country and both archipelagos stay in sight, the colour scale lies
under the map (inside the plot, above any source line at the foot) and a long title wraps.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go

from antq.figures import charts

MAP_BOTTOM = 0.24  # the share of the plot under the map, for the colour scale and its labels
PHONE_MAP_PX = 340  # the map's width on a phone
ZOOM_BACK = math.log2(charts.MAP_FIT_PX / PHONE_MAP_PX)  # from the view fitted for a column to a phone's


wrap = charts.wrap
PHONE_TITLE_CHARS = 38


def for_phone(fig: go.Figure, height: int = 600) -> go.Figure:
    out = go.Figure(fig)
    lay = out.layout
    zoom = lay.map.zoom if lay.map.zoom is not None else 5
    title = lay.title.text if lay.title and lay.title.text else None
    phone_title = charts.wrap_title(title, PHONE_TITLE_CHARS) if title else None
    top = (lay.margin.t or 0) + (charts.TITLE_LINE_PX * (phone_title.count("<br>") - title.count("<br>")) if title else 0)
    out.update_layout(height=height, map_zoom=zoom - ZOOM_BACK, map_domain=dict(x=[0, 1], y=[MAP_BOTTOM, 1]),
                      margin=dict(t=top, l=0, r=0),
                      legend=dict(orientation="h", x=0, xanchor="left", y=MAP_BOTTOM + 0.01, yanchor="bottom"))
    if title:
        out.update_layout(title_text=phone_title)
    for tr in out.data:
        if tr.type == "choroplethmap" and tr.showscale is not False and tr.colorbar.ticktext:
            # left-aligned and short of the right edge: the slanted labels run down to the right of their
            # bins, and plotly drops one that would leave the plot
            tr.colorbar.update(orientation="h", x=0.02, xanchor="left", y=0.02, yanchor="bottom", lenmode="fraction",
                               len=0.74, thickness=10, tickangle=None,
                               title=dict(side="top", text=wrap(tr.colorbar.title.text or "", 44)))
    return out
