"""A page's questions (antq/data/questions.py): answered together on a bounded shared pool, each with
the rights of whoever declared them, errors raised where an answer is read, the same answers in turn."""
import threading

import pandas as pd
import pytest

from antq.auth import access
from antq.data import questions
from antq.data.questions import Ask, answer


@pytest.fixture()
def fake_run(monkeypatch):
    """Ask.run that records its thread and the rights it ran with, instead of running SQL."""
    seen = []

    def run(self):
        if self.query == "boom":
            raise ValueError("hỏng")
        seen.append((self.query, threading.current_thread().name, access.current().user))
        return pd.DataFrame({"q": [self.query]})
    monkeypatch.setattr(Ask, "run", run)
    return seen


def test_answers_come_from_at_most_two_workers_with_the_askers_rights(fake_run, monkeypatch):
    monkeypatch.setenv("ANTQ_QUERY_WORKERS", "2")
    who = access.Access(user="chi", name="Chi", roles=("leader",), permissions=frozenset({"view"}))
    with access.acting_as(who):
        a = answer({f"n{i}": Ask(f"q{i}") for i in range(7)})
    assert [a[f"n{i}"]["q"].iloc[0] for i in range(7)] == [f"q{i}" for i in range(7)]
    threads = {t for _, t, _ in fake_run}
    assert all(t.startswith("antq-query") for t in threads) and 1 <= len(threads) <= 2
    assert {u for _, _, u in fake_run} == {"chi"}  # the worker ran with the rights captured at `answer`
    assert set(a) == {f"n{i}" for i in range(7)} and len(a) == 7


def test_only_starts_the_named_questions_and_an_error_is_raised_where_read(fake_run):
    a = answer({"x": Ask("x"), "bad": Ask("boom"), "y": Ask("y")}, only=("x", "bad"))
    assert a["x"]["q"].iloc[0] == "x"
    with pytest.raises(ValueError, match="hỏng"):
        a["bad"]
    with pytest.raises(KeyError):
        a["y"]  # not started: not one of the answers
    assert a.get("y") is None
    assert [q for q, _, _ in fake_run] == ["x"]


def test_zero_workers_answers_in_turn_on_the_readers_thread(fake_run, monkeypatch):
    monkeypatch.setenv("ANTQ_QUERY_WORKERS", "0")
    assert questions.workers() == 0
    a = answer({"x": Ask("x"), "y": Ask("y")})
    assert fake_run == []  # nothing asked before it is read
    a["y"], a["x"]
    assert [q for q, _, _ in fake_run] == ["y", "x"]
    assert {t for _, t, _ in fake_run} == {threading.current_thread().name}
    monkeypatch.setenv("ANTQ_QUERY_WORKERS", "x")
    assert questions.workers() == questions.WORKERS
