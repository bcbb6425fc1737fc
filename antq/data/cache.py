"""The data layer's caches, behind one small interface, so that it never imports Streamlit.

    @cache.memo(max_entries=2000)                  # answers: backed by the installed backend
    def _results(sql, params, key): ...
    @cache.memo(max_entries=4, kind="resource")    # shared objects (connections): always in-process
    def _connect(key): ...

A memoised function takes hashable positional arguments. Two threads asking for the same key compute it
once: the second waits for the first's answer. "data" answers are handed out as copies (a caller may
change its DataFrame without changing the cached one); "resource" values are shared as they are.

By default every cache lives in this process: a bounded LRU, what the command line, the tests and the
benchmark use. The dashboard backs the "data" caches with st.cache_data instead (antq/view/
cache_streamlit.py installs it with `use`), so Streamlit's own cache controls see them. A backend is
`backend(fn, max_entries) -> cached`, where `cached(*args)` answers and `cached.clear()` forgets.
"""
from __future__ import annotations

import copy
import functools
import threading
from collections import OrderedDict
from typing import Callable

KINDS = ("data", "resource")

_lock = threading.Lock()
_backend: Callable | None = None  # None: the in-process LRU
_memos: list["_Memo"] = []


class LRU:
    """A thread-safe, bounded, least-recently-used cache of `fn`'s answers, with a lock per key so
    that concurrent callers of one key compute it once; `copies` hands out copies of the answers."""

    def __init__(self, fn: Callable, max_entries: int, copies: bool = False):
        self._fn, self._max, self._copies = fn, max_entries, copies
        self._values: OrderedDict = OrderedDict()
        self._computing: dict = {}  # key -> [lock, callers holding or waiting for it]
        self._lock = threading.Lock()
        self._generation = 0  # a clear() during a computation: its answer is not kept

    def __call__(self, *args):
        found, value = self._get(args)
        if found:
            return self._out(value)
        with self._lock:
            entry = self._computing.setdefault(args, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                found, value = self._get(args)  # computed by the caller we waited for
                if not found:
                    generation = self._generation
                    value = self._fn(*args)
                    self._put(args, value, generation)
        finally:
            with self._lock:
                entry[1] -= 1
                if not entry[1] and self._computing.get(args) is entry:
                    del self._computing[args]
        return self._out(value)

    def _get(self, key) -> tuple[bool, object]:
        with self._lock:
            if key not in self._values:
                return False, None
            self._values.move_to_end(key)
            return True, self._values[key]

    def _put(self, key, value, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return
            self._values[key] = value
            while len(self._values) > self._max:
                self._values.popitem(last=False)

    def _out(self, value):
        return copy.deepcopy(value) if self._copies else value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._generation += 1


def in_process(fn: Callable, max_entries: int) -> LRU:
    """The default backend of "data" caches: answers kept in this process, handed out as copies."""
    return LRU(fn, max_entries, copies=True)


class _Memo:
    """A memoised function whose cache is built by the backend in use when it is first called after
    `use` (a new backend starts empty)."""

    def __init__(self, fn: Callable, max_entries: int, kind: str):
        self.fn, self.max_entries, self.kind = fn, max_entries, kind
        self._impl = None
        self._built_by = None
        functools.update_wrapper(self, fn)

    def _current(self):
        backend = _backend if self.kind == "data" else None
        impl = self._impl
        if impl is not None and self._built_by is backend:
            return impl
        with _lock:
            if self._impl is None or self._built_by is not backend:
                if self._impl is not None:
                    self._impl.clear()
                if backend is None:
                    self._impl = in_process(self.fn, self.max_entries) if self.kind == "data" \
                        else LRU(self.fn, self.max_entries)
                else:
                    self._impl = backend(self.fn, self.max_entries)
                self._built_by = backend
            return self._impl

    def __call__(self, *args):
        return self._current()(*args)

    def clear(self) -> None:
        impl = self._impl
        if impl is not None:
            impl.clear()


def memo(*, max_entries: int, kind: str = "data") -> Callable[[Callable], _Memo]:
    """Decorate a function whose answers are cached (see the module's docstring)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")

    def wrap(fn: Callable) -> _Memo:
        m = _Memo(fn, max_entries, kind)
        with _lock:
            _memos.append(m)
        return m
    return wrap


def use(backend: Callable | None) -> None:
    """Back the "data" caches with `backend` from now on (None: the in-process default). Calling it
    again with the same backend changes nothing, so an app may call it on every run."""
    global _backend
    _backend = backend


def clear(kind: str | None = None) -> None:
    """Forget every cached answer ("data"), every shared object ("resource"), or both (None)."""
    with _lock:
        memos = list(_memos)
    for m in memos:
        if kind is None or m.kind == kind:
            m.clear()
