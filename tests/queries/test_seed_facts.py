"""The check of the published (seed) figures: every fact holds on the demo snapshot; the questions it asks
are the ones `facts.seed_calls` lists for the workers, each once, with the same parameters; and a check
kept for a snapshot is the check itself, kept only when every question was answered."""
import pandas as pd

from antq.auth import access
from antq.data import db, facts


def test_the_seed_facts_hold_on_the_demo(built_data):
    checks = facts.check_seed_facts(snapshot_dir=built_data)
    assert len(checks) and all(checks["ok"]), checks[~checks["ok"]].to_string()


def test_seed_calls_are_the_questions_of_the_check_each_once():
    asked, prefetched = [], []
    facts.check_seed_facts(run=lambda q, **p: asked.append((q, repr(sorted(p.items())))) or pd.DataFrame())
    for call in facts.seed_calls(run=lambda q, **p: prefetched.append((q, repr(sorted(p.items())))),
                                 snapshot_dir=None):
        call()
    assert len(asked) == len(facts.load_checks()) > len(prefetched)  # 37 facts, fewer distinct questions
    assert sorted(set(asked)) == sorted(prefetched)  # the same questions, with the same parameters, each once
    with_dir = []
    for call in facts.seed_calls(run=lambda q, **p: with_dir.append(p.get("snapshot_dir")), snapshot_dir="x"):
        call()
    assert set(with_dir) == {"x"}  # as check_seed_facts(snapshot_dir=...) passes it on


def test_a_kept_check_is_the_check_and_only_kept_when_whole(built_data, monkeypatch):
    facts.forget_checks()
    fresh = facts.check_seed_facts(snapshot_dir=built_data)
    assert facts.seed_check(built_data).equals(fresh) and facts.seed_check_known(built_data)
    assert facts.seed_check(built_data).equals(fresh)  # from the kept copy (a copy: the page cannot change it)
    facts.forget_checks()
    before = access._process
    access.set_process(access.NOBODY)  # nobody signed in: every question refused, nothing kept
    try:
        refused = facts.seed_check(built_data)
        assert not refused["ok"].any() and not facts.seed_check_known(built_data)
    finally:
        access.set_process(before)
    real_run = db.run

    def flaky(name, **p):
        if name == "tip_funnel":
            raise db.QueryError("hỏng")
        return real_run(name, **p)
    monkeypatch.setattr(db, "run", flaky)
    failed = facts.seed_check(built_data)
    assert not failed["ok"].all() and not facts.seed_check_known(built_data)  # asked again next time
