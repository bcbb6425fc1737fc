"""Pages answer their declared questions on the shared pool with the session's rights, and show exactly
what they show when every question is answered in turn."""
import threading

import pytest
import streamlit as st

from antq.auth import access
from antq.data import facts, questions
from apptest import open_app


@pytest.fixture()
def server_rights():
    """As `python -m antq serve`: work outside a signed-in session gets no data (antq/auth/access.py)."""
    before = access._process
    access.set_process(access.NOBODY)
    yield
    access.set_process(before)


@pytest.mark.parametrize("page,query,user", [
    ("antq/features/overview/page.py", {}, "leader"),
    ("antq/features/overview/page.py", {"map": "2024", "province": "01", "from": "2018-01-01", "to": "2018-12-31"}, "leader"),
    ("antq/features/compare/page.py", {"provinces": "01,79,48"}, "leader"),
    ("antq/features/compare/page.py", {"provinces": "40,01"}, "director"),  # a director: commune detail of Nghệ An only
    ("antq/features/models/page.py", {"map": "2024", "level": "commune"}, "leader"),
    ("antq/features/models/page.py", {"province": "40"}, "director"),
    ("antq/features/festival/page.py", {"province": "40"}, "director"),
    ("antq/features/festival/page.py", {"map": "2024", "province": "38"}, "leader"),
    ("antq/features/tipoffs/page.py", {"section": "where", "province": "40"}, "director"),
    ("antq/features/data/page.py", {}, "officer"),
    ("antq/features/data/page.py", {}, "director"),
])
def test_questions_run_on_the_pool_with_the_session_rights(built_data, monkeypatch, server_rights, page, query, user):
    ran, failed = [], []
    real = questions.Ask.run

    def run(self):
        try:
            out = real(self)
        except BaseException as e:  # noqa: BLE001 - recorded, then raised where the page reads it
            failed.append(e)
            raise
        ran.append(threading.current_thread().name)
        return out
    monkeypatch.setattr(questions.Ask, "run", run)
    st.cache_data.clear()
    facts.forget_checks()  # the data page asks the published figures' check unless it is kept already
    at = open_app(query, page, user)
    assert not at.exception, at.exception
    assert ran and not failed, failed[:3]  # a worker without the session's rights would be refused
    assert any(n.startswith("antq-query") for n in ran)


def _shown(at) -> list:
    """What a page shows: every metric, table and chart figure."""
    return ([(m.label, m.value, m.delta) for m in at.metric] + [d.value.to_csv() for d in at.dataframe]
            + [c.proto.spec for c in at.get("plotly_chart")])


@pytest.mark.parametrize("page,query", [
    ("antq/features/overview/page.py", {"metric": "solved_share"}),
    ("antq/features/compare/page.py", {"provinces": "01,79", "metric": "solved_share", "inside": "79"}),
    ("antq/features/models/page.py", {"map": "2024", "level": "commune"}),                  # the national commune map
    ("antq/features/models/page.py", {"map": "2025", "province": "79", "types": "camera_an_ninh", "sites": "all"}),
    ("antq/features/festival/page.py", {"map": "2024", "province": "38"}),                  # Thanh Hóa's communes
    ("antq/features/festival/page.py", {"map": "2024", "province": "38", "year": "2022", "levels": "xa", "showcase": "1"}),
    ("antq/features/compare/page.py", {"provinces": "01,79,48", "from": "2013-01-01"}),     # the whole period
    ("antq/features/data/page.py", {}),                                                     # the seed-fact check
])
def test_the_page_shows_the_same_answered_together_or_in_turn(built_data, monkeypatch, page, query):
    shown = {}
    for n in ("0", "2"):
        monkeypatch.setenv("ANTQ_QUERY_WORKERS", n)
        st.cache_data.clear()
        at = open_app(query, page, "root" if page == "antq/features/data/page.py" else "leader")
        assert not at.exception, at.exception
        shown[n] = _shown(at)
    assert len(shown["2"]) > 3 and shown["0"] == shown["2"]
