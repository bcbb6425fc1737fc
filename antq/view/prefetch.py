"""Run a page's independent queries two at a time (issue 10: cold pages over 500 ms).

A page asks its questions one after the other; on a cold cache it waits for the sum of them. DuckDB
releases the GIL and `db.run` takes its own cursor per call, so the same calls can run on two worker
threads while the page goes on drawing: `warm(calls)` starts them and returns at once. Each call is a
function that ends in `db.run` (the page's own query helper with its parameters, so the cache key is
the one the page will look up). When the page reaches a question:
  - already answered by a worker: it is a cache hit;
  - being answered by a worker: st.cache_data's lock for that key makes the page wait for that answer
    (never computed twice);
  - not started yet: the page computes it itself, and the worker later finds it cached.
So the answers are exactly those of the sequential page; only the waiting overlaps.

The workers carry the session's script-run context (Streamlit's `add_script_run_ctx`), so the query
layer sees who is signed in (antq/auth/access.py) and the session's caches, as on the page's own thread.
A call that fails is left for the page to repeat and report: nothing is raised here.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable

WORKERS = 2  # ANTQ_PREFETCH_WORKERS overrides it (0 = off: every question asked in turn by the page)
_log = logging.getLogger(__name__)


def _attach(ctx) -> None:
    """Pool initializer: the worker thread runs with the page's script-run context."""
    if ctx is not None:
        from streamlit.runtime.scriptrunner_utils.script_run_context import add_script_run_ctx

        add_script_run_ctx(threading.current_thread(), ctx)


def _quiet(call: Callable) -> None:
    try:
        call()
    except BaseException as e:  # noqa: BLE001 - the page repeats the call and reports it (or reruns, stops)
        _log.debug("prefetch: %s: %s", type(e).__name__, e)


def workers() -> int:
    try:
        return max(0, int(os.environ.get("ANTQ_PREFETCH_WORKERS", WORKERS)))
    except ValueError:
        return WORKERS


def warm(calls: Iterable[Callable], n: int | None = None) -> ThreadPoolExecutor | None:
    """Start `calls` on `n` threads (default `workers()`) and return at once (the pool, whose threads end
    when the calls are done). In order: put first what the page needs last, the page answers its first
    questions itself."""
    calls = list(calls)
    n = workers() if n is None else n
    if not calls or n < 1:
        return None
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="antq-prefetch",
                              initializer=_attach, initargs=(get_script_run_ctx(suppress_warning=True),))
    for call in calls:
        pool.submit(_quiet, call)
    pool.shutdown(wait=False)
    return pool


def warm_all(calls: Iterable[Callable], n: int | None = None) -> None:
    """Run `calls` on `n` threads (default `workers()`) and wait until all are done; errors are left for
    the page to meet again when it asks (and report as it would have)."""
    calls = list(calls)
    n = workers() if n is None else n
    if not calls or n < 1:
        return
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="antq-prefetch", initializer=_attach,
                            initargs=(get_script_run_ctx(suppress_warning=True),)) as pool:
        for call in calls:
            pool.submit(_quiet, call)


def together(calls: Iterable[Callable], n: int | None = None) -> list:
    """Run `calls` on `n` threads (default `workers()`; 0 = in turn, here) and wait for all; their results
    in order (the first error is raised here, on the page's thread)."""
    calls = list(calls)
    n = workers() if n is None else n
    if n < 1:
        return [c() for c in calls]
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="antq-prefetch", initializer=_attach,
                            initargs=(get_script_run_ctx(suppress_warning=True),)) as pool:
        futures = [pool.submit(c) for c in calls]
        return [f.result() for f in futures]
