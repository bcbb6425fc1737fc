"""The dashboard's backend for the data layer's answer cache (antq/data/cache.py): st.cache_data.

The data layer does not import Streamlit; the dashboard calls `install()` once per run, right after
st.set_page_config, and from then on the query answers live in st.cache_data: shared by every session,
cleared with Streamlit's own controls (and `st.cache_data.clear()`), and computed once per key when two
sessions ask at the same moment (its lock per key). Connections stay in the data layer's in-process
cache: they are shared objects, not data to copy.

st.cache_data also answers on threads without a script-run context, such as the pool the pages answer
their questions on (antq/data/questions.py): a global-scope cache needs no session, its per-key lock
blocks plainly when the thread has no run to stop, and nothing is replayed since the cached function
draws nothing (streamlit/runtime/caching/cache_utils.py). Outside a running server (bare mode, AppTest)
it falls back to an in-memory store.
"""
from __future__ import annotations

from typing import Callable

import streamlit as st

from antq.data import cache


def backend(fn: Callable, max_entries: int):
    return st.cache_data(show_spinner=False, max_entries=max_entries)(fn)


def install() -> None:
    """Back the data layer's answers with st.cache_data (again on every run: nothing changes then)."""
    cache.use(backend)
