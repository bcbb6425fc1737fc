"""Seed-fact checks: does the active snapshot reproduce every figure of the seed articles?

`data/reference/seed_fact_checks.csv` names, for each row of `seed_facts.csv`, the query of
`queries/` that answers it, its parameters (JSON) and the output column holding the value;
`aggregate` is `one` (the query returns one row) or `each` (every returned row must match, as in
"98 % each year"). The same rows drive the demo generator's calibration, and the "Dữ liệu" page
shows this table for whatever snapshot is active.

Matching: an `exact` figure must be equal; "more than" / "approximately" figures must lie at or
just above the figure (figure <= value <= figure x 1.01).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from antq import paths
from antq.data.questions import Answers, Ask, answer

DATE_PARAMS = ("date_from", "date_to", "as_of")
TOLERANCE = 0.01


def load_checks() -> pd.DataFrame:
    facts = pd.read_csv(paths.REFERENCE / "seed_facts.csv", dtype=str, keep_default_na=False)
    checks = pd.read_csv(paths.REFERENCE / "seed_fact_checks.csv", dtype=str, keep_default_na=False)
    return facts.merge(checks, on="fact_id", how="left", validate="one_to_one")


def query_params(raw: str) -> dict:
    """The JSON parameters of a check, with dates as datetime.date."""
    params = json.loads(raw)
    for k in DATE_PARAMS:
        if isinstance(params.get(k), str):
            params[k] = dt.date.fromisoformat(params[k])
    return params


def matches(expected: float, qualifier: str, actual) -> bool:
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return False
    actual = float(actual)
    if qualifier.startswith("exact"):
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    return expected <= actual <= expected * (1 + TOLERANCE)


_CHECKED: OrderedDict = OrderedDict()  # fingerprint -> the check of a snapshot (a few snapshots at most)
_CHECKED_LOCK = threading.Lock()
_CHECKED_MAX = 8


def _check_queries() -> tuple[str, ...]:
    """The queries the checks name (read again when seed_fact_checks.csv changes)."""
    f = paths.REFERENCE / "seed_fact_checks.csv"
    return _queries_of(f.stat().st_mtime_ns if f.is_file() else 0)


@functools.lru_cache(maxsize=4)
def _queries_of(_stamp: int) -> tuple[str, ...]:
    return tuple(sorted(set(load_checks()["query"]) - {""}))


def _key(snapshot_dir) -> tuple | None:
    """The key a snapshot's check is kept under, or None when it is not kept: no snapshot, someone without
    the right to view figures, or a question of the check that is commune detail (antq/auth/access.py filters
    those per person; otherwise a check computed for one person is the same for everyone). The key holds
    what the check depends on: the snapshot (its folder and manifest), the boundary layers the queries
    place communes with (the query layer's connection key), the seed facts and their checks, and the SQL
    of the queries they name."""
    from antq.auth import access
    from antq.data import db
    if snapshot_dir is None or not access.current().can("view"):
        return None
    sqls = [db.load_sql(q) for q in _check_queries()]
    if any(access.detail_column(sql) for sql in sqls):
        return None
    folder = Path(snapshot_dir)
    h = hashlib.sha256()
    for f in (folder / "manifest.json", paths.REFERENCE / "seed_facts.csv", paths.REFERENCE / "seed_fact_checks.csv"):
        h.update(f.read_bytes() if f.is_file() else b"-")
    for sql in sqls:
        h.update(sql.encode())
    return (db.connection_key(folder), h.hexdigest())


def questions(snapshot_dir=None) -> dict[tuple[str, str], Ask]:
    """The questions the check asks, each once (37 facts, 22 distinct queries), keyed by (query, its
    JSON parameters) as the checks name them."""
    extra = {"snapshot_dir": snapshot_dir} if snapshot_dir is not None else {}
    return {(q, p): Ask(q, {**extra, **query_params(p)})
            for q, p in dict.fromkeys((r["query"], r["params"]) for r in load_checks().to_dict("records") if r.get("query"))}


def start_check(snapshot_dir) -> Answers | None:
    """Start answering the check's questions now (the Dữ liệu page does so as it opens, so they are
    answered while it draws the rest), or None when the check of this snapshot is kept already."""
    return None if seed_check_known(snapshot_dir) else answer(questions(snapshot_dir))


def seed_check(snapshot_dir, answers: Answers | None = None) -> pd.DataFrame:
    """`check_seed_facts` of a snapshot, computed once per snapshot in the process (snapshots never
    change; the check's questions are province and national figures). A check with a failed question is
    not kept (asked again next time), nor one computed for someone without the right to view."""
    key = _key(snapshot_dir)
    if key is None:
        return check_seed_facts(snapshot_dir=snapshot_dir, answers=answers)
    with _CHECKED_LOCK:
        if key in _CHECKED:
            _CHECKED.move_to_end(key)
            return _CHECKED[key].copy()
    out = check_seed_facts(snapshot_dir=snapshot_dir, answers=answers)
    if not out["metric"].str.contains("[lỗi:", regex=False).any():
        with _CHECKED_LOCK:
            _CHECKED[key] = out.copy()
            while len(_CHECKED) > _CHECKED_MAX:
                _CHECKED.popitem(last=False)
    return out


def seed_check_known(snapshot_dir) -> bool:
    """True when `seed_check` of this snapshot is kept already (its questions need not be asked)."""
    key = _key(snapshot_dir)
    if key is None:
        return False
    with _CHECKED_LOCK:
        return key in _CHECKED


def forget_checks() -> None:
    """Drop every kept check (tests; a process that rebuilt its boundary layers gets new keys anyway)."""
    with _CHECKED_LOCK:
        _CHECKED.clear()


def check_seed_facts(snapshot_dir=None, answers: Mapping | None = None) -> pd.DataFrame:
    """One row per seed fact: fact_id, scope, period, metric, expected, qualifier, actual, ok.

    `answers`: the answers of `questions(snapshot_dir)` when already started (else asked here).
    A fact without a check row, or whose query fails, is reported with ok=False and no value.
    """
    answers = answer(questions(snapshot_dir)) if answers is None else answers
    out = []
    for r in load_checks().to_dict("records"):
        expected = float(r["value"])
        actual, ok = None, False
        if r.get("query"):
            try:
                df = answers[(r["query"], r["params"])]
                col = df[r["column"]] if r["column"] in df.columns else pd.Series(dtype=float)
                if r.get("aggregate") == "each":
                    values = [float(v) for v in col]
                    ok = bool(values) and all(matches(expected, r["qualifier"], v) for v in values)
                    actual = min(values, key=lambda v: (abs(v - expected), v)) if ok else (
                        next((v for v in values if not matches(expected, r["qualifier"], v)), None))
                elif len(col) == 1:
                    actual = float(col.iloc[0])
                    ok = matches(expected, r["qualifier"], actual)
            except Exception as e:  # a failing query is a failed check, reported, not a crash
                actual, ok = None, False
                r["metric"] = f"{r['metric']} [lỗi: {e}]"
        out.append({"fact_id": r["fact_id"], "scope": r["scope"], "period": r["period"], "metric": r["metric"],
                    "expected": expected, "qualifier": r["qualifier"], "actual": actual, "ok": ok})
    return pd.DataFrame(out, columns=["fact_id", "scope", "period", "metric", "expected", "qualifier",
                                      "actual", "ok"])
