"""A page's questions, declared once and answered together.

A feature module declares the questions of a view once, as a mapping of names to `Ask` (a named query
and its parameters); the page and the command-line export both hand that mapping to `answer`, which
starts every question at once on a small pool of threads shared by the process and returns `Answers`:
reading an answer waits for that question only, so the page draws its first figures while the others
are still being answered. DuckDB releases the GIL and `db.run` takes its own cursor per call, so two
questions really run side by side; the result cache's per-key lock means a question asked twice at
the same moment (two people on the same view) is computed once.

Each question runs with the rights of whoever declared it (antq/auth/access.py, captured when
`answer` is called): the query layer's checks are the same on a worker thread as on the page's. An
error is raised where the answer is read, as `db.run` would have raised it there.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd

from antq.auth import access
from antq.data import db

WORKERS = 2  # ANTQ_QUERY_WORKERS overrides it (0 = every question answered in turn where it is read)


@dataclass(frozen=True)
class Ask:
    """A named query (queries/<query>.sql) and the parameters it is asked with."""
    query: str
    params: dict = field(default_factory=dict)

    def run(self) -> pd.DataFrame:
        return db.run(self.query, **self.params)


def workers() -> int:
    try:
        return max(0, int(os.environ.get("ANTQ_QUERY_WORKERS", WORKERS)))
    except ValueError:
        return WORKERS


_pools: dict[int, ThreadPoolExecutor] = {}
_pool_lock = threading.Lock()


def _shared_pool(n: int) -> ThreadPoolExecutor:
    """One pool per process (per size: a test may change the setting), shared by every session, so the
    queries running at once stay bounded however many people open a page."""
    with _pool_lock:
        if n not in _pools:
            _pools[n] = ThreadPoolExecutor(max_workers=n, thread_name_prefix="antq-query")
        return _pools[n]


class Answers(Mapping):
    """The answers of a view's questions by name; reading one waits for it."""

    def __init__(self, questions: Mapping[str, Ask], who: access.Access, n: int):
        self._asks = dict(questions)
        self._who = who
        self._futures: dict[str, Future] = {}
        if n > 0:
            pool = _shared_pool(n)
            for name, ask in self._asks.items():
                self._futures[name] = pool.submit(access.bound(ask.run, who))

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._futures:
            return self._futures[name].result()
        ask = self._asks[name]  # KeyError: a question the view did not declare
        with access.acting_as(self._who):  # no pool: answered here, once, when first read
            self._futures[name] = Future()
            try:
                self._futures[name].set_result(ask.run())
            except Exception as e:  # noqa: BLE001 - kept, raised where it is read, as a worker's would be
                self._futures[name].set_exception(e)
        return self._futures[name].result()

    def __iter__(self):
        return iter(self._asks)

    def __len__(self) -> int:
        return len(self._asks)


def answer(questions: Mapping[str, Ask], only: tuple[str, ...] | None = None) -> Answers:
    """Start the questions (or `only` those named) and return their answers, read as they come."""
    chosen = {k: q for k, q in questions.items() if only is None or k in only}
    return Answers(chosen, access.current(), workers())
