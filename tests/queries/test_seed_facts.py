"""The check of the published (seed) figures: every fact holds on the demo snapshot; the questions it asks
are the ones `facts.questions` declares, each once, with the same parameters; and a check
kept for a snapshot is the check itself, kept only when every question was answered."""
import pandas as pd

from antq.auth import access
from antq.data import db, facts


def test_the_seed_facts_hold_on_the_demo(built_data):
    checks = facts.check_seed_facts(snapshot_dir=built_data)
    assert len(checks) and all(checks["ok"]), checks[~checks["ok"]].to_string()


def test_the_declared_questions_are_those_of_the_check_each_once(monkeypatch):
    asked = []
    monkeypatch.setenv("ANTQ_QUERY_WORKERS", "0")  # answered where read: the order the check reads them
    monkeypatch.setattr(db, "run", lambda q, **p: asked.append((q, repr(sorted(p.items())))) or pd.DataFrame())
    facts.check_seed_facts()
    declared = facts.questions()
    assert len(facts.load_checks()) > len(declared) == len(asked)  # 37 facts, fewer distinct questions, each once
    assert sorted(asked) == sorted((a.query, repr(sorted(a.params.items()))) for a in declared.values())
    assert {a.params.get("snapshot_dir") for a in facts.questions("x").values()} == {"x"}  # passed on to each


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
