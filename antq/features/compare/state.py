"""State of "So sánh địa phương": the chosen provinces and peer group, their URL form
(`provinces=01,79,48`, `peer=region`), the clean-up when the map changes, and the map click
that adds or drops a province (a callback, like antq/view/ui.py's map click, but for this selection).
"""
from __future__ import annotations

import re

import streamlit as st

from antq.features.overview import comparison as cmp
KEY_PROVINCES = "compare_provinces"
KEY_PEER = "compare_peer"
KEY_MAP = "compare_map"
KEY_FULL = "_compare_full"
MAX_CHOSEN = 1 + cmp.MAX_OTHERS
PEERS = ("", *cmp.PEER_MODES)


def parse_codes(raw: str | None) -> list[str] | None:
    """'01,79,48' -> ['01', '79', '48'] (two-digit codes, no repeats, at most six); None if none usable."""
    seen: list[str] = []
    for c in (raw or "").split(","):
        c = c.strip()
        if re.fullmatch(r"\d{2}", c) and c not in seen:
            seen.append(c)
    return seen[:MAX_CHOSEN] or None


def parse_peer(raw: str | None) -> str | None:
    return raw if raw in cmp.PEER_MODES else None


def url_codes(codes: list[str]) -> str | None:
    return ",".join(codes) or None


def clicked_codes(event) -> list[str]:
    """Province codes of the points of a plotly selection event (map clicks)."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    return [p.get("location") for p in points if isinstance(p.get("location"), str) and len(p["location"]) == 2]


def toggle(chosen: list[str], code: str, max_n: int = MAX_CHOSEN) -> tuple[list[str], bool]:
    """Add a province to the choice or drop it; (new choice, True if it was full and nothing was added)."""
    if code in chosen:
        return [c for c in chosen if c != code], False
    if len(chosen) >= max_n:
        return list(chosen), True
    return [*chosen, code], False


def on_map_select(chart_key: str = KEY_MAP) -> None:
    """Map click callback (the page's map, or the same map full screen on a touch screen: `chart_key` is
    the one clicked): the province joins or leaves the comparison (a hand-made choice)."""
    codes = clicked_codes(st.session_state.get(chart_key))
    if not codes:
        return
    new, full = toggle(list(st.session_state.get(KEY_PROVINCES) or []), codes[0])
    st.session_state[KEY_FULL] = full
    st.session_state[KEY_PROVINCES] = new
    st.session_state[KEY_PEER] = ""


def on_pick() -> None:
    """A province added or dropped by hand: the choice is no longer a peer group."""
    st.session_state[KEY_PEER] = ""


def settle_codes(codes: list[str], mode: str, valid: set[str], carry, provinces) -> tuple[list[str], list[str]]:
    """Keep the codes of the current map (carrying a code of the other map across the 2025 reform where
    `carry(code)` knows its one province), then rebuild the peer group from the first province when a
    peer mode is on. Returns (chosen, dropped). No Streamlit: the command-line export reads links with it."""
    chosen, dropped = [], []
    for c in codes or []:
        c2 = c if c in valid else carry(c)
        if c2 in valid and c2 not in chosen:
            chosen.append(c2)
        elif c2 not in valid:
            dropped.append(c)
    if mode and chosen:
        chosen = cmp.peer_group(provinces, chosen[0], mode)
    return chosen[:MAX_CHOSEN], dropped


def settle(valid: set[str], carry, provinces) -> list[str]:
    """Before the widgets are drawn: the session's choice settled by `settle_codes`. Returns the codes
    that were dropped."""
    chosen, dropped = settle_codes(list(st.session_state.get(KEY_PROVINCES) or []), st.session_state.get(KEY_PEER) or "",
                                   valid, carry, provinces)
    st.session_state[KEY_PROVINCES] = chosen
    return dropped
