"""Property-based tests (hypothesis): arbitrary strings in every URL parameter of every page and in every
text input give no error page, no effect on the data (values are bound, never formatted into SQL) and,
for a provincial director, no commune of another province anywhere on the page."""
from __future__ import annotations

import re

import pytest
from apptest import ROOT, open_app, sign_in, signed_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from antq.auth import access, accounts

from antq.data import db, snapshots

pytestmark = pytest.mark.slow  # hypothesis runs every page dozens of times

PAGE_PARAMS = {
    "antq/features/overview/page.py": ("metric",),
    "antq/features/models/page.py": ("types", "as_of", "level", "sites", "focus"),
    "antq/features/tipoffs/page.py": ("section", "grain", "metric"),
    "antq/features/festival/page.py": ("year", "metric", "levels", "showcase", "commune"),
    "antq/features/compare/page.py": ("provinces", "peer", "norm", "metric", "inside"),
    "antq/features/data/page.py": ("cmp_a", "cmp_b"),
}
SHARED = ("snapshot", "from", "to", "map", "province", "lang")
NASTY = ["' OR '1'='1", "01'; DROP TABLE tipoffs; --", "$province", "../../../etc/passwd", "<script>alert(1)</script>",
         "2025-02-30", "9999-12-31", "0000-00-00", "01,79,48,,", "-1", "1e308", "NaN", "null", "🛡️", "\u202e40",
         "x" * 500, " 40 ", "40", "01", "74", "2024", "2025", "en", "commune", "25000", "40' --"]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
DIRECTOR_PROVINCE = "40"


def _codes() -> tuple[set, set]:
    register = db.run("data_commune_register", snapshot_dir=ROOT / "data" / "snapshots" / "demo")
    mine = db.run("data_province_communes", snapshot_dir=ROOT / "data" / "snapshots" / "demo", province=DIRECTOR_PROVINCE)
    return set(register["commune_code"]), set(mine["commune_code"])


def shown_communes(at, every: set) -> set:
    """Commune codes anywhere on the page: in the figures' JSON and in the tables."""
    found = set()
    for chart in at.get("plotly_chart"):
        found |= set(re.findall(r'"(\d{5})"', chart.proto.spec)) & every
    for df in at.dataframe:
        for col in df.value.columns:
            found |= set(df.value[col].astype(str)) & every
    return found


def data_untouched(snapshot_dir) -> bool:
    snap = snapshots.inspect(snapshot_dir)  # sha256 of every table against the manifest
    return snap.ok and len(db.run("provinces_of_map", snapshot_dir=snapshot_dir, map="2025")) == 34


@pytest.fixture(scope="module")
def codes(built_data):
    return _codes()


SLOW = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_arbitrary_url_parameters_as_a_director(built_data, codes, page):
    every, mine = codes
    names = SHARED + PAGE_PARAMS[page]

    @SLOW
    @given(st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=len(names)))
    def check(query):
        at = open_app(query, page, user="director")
        assert not at.exception, (query, at.exception)
        leaked = shown_communes(at, every) - mine
        assert not leaked, (query, sorted(leaked)[:5])
    check()
    assert data_untouched(built_data)


def test_arbitrary_url_parameters_as_a_leader_on_every_page(built_data):
    @SLOW
    @given(st.sampled_from(list(PAGE_PARAMS)), st.dictionaries(st.sampled_from(SHARED), values, min_size=1))
    def check(page, query):
        at = open_app(query, page, user="leader")
        assert not at.exception, (page, query, at.exception)
    check()
    assert data_untouched(built_data)


def test_arbitrary_sign_in_input_never_signs_in_nor_breaks(built_data):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()

    @settings(max_examples=40, deadline=None, derandomize=True)
    @given(st.one_of(st.sampled_from(NASTY), st.text(max_size=64)), st.one_of(st.sampled_from(NASTY), st.text(max_size=80)))
    def check(user, secret):
        sign_in(at, user, secret)
        assert not at.exception, (user, secret)
        assert not signed_in(at)
        assert at.error  # refused, in words
    check()


def test_arbitrary_account_fields_on_the_administrator_page(built_data):
    at = open_app(page="antq/features/admin/page.py", user="root")

    @settings(max_examples=15, deadline=None, derandomize=True)
    @given(values, values, values)
    def check(user, name, email):
        at.text_input(key="admin_new_user").input(user[:32])
        at.text_input(key="admin_new_name").input(name[:120])
        at.text_input(key="admin_new_email").input(email[:200])
        at.multiselect(key="admin_new_roles").set_value(["briefing"])
        next(b for b in at.button if b.label == "Tạo tài khoản").click()
        at.run()
        assert not at.exception, (user, name, email)
        assert at.error or at.success
        at.text_input(key="admin_audit_user").input(user[:64]).run()  # the trail's filter takes anything
        assert not at.exception
        at.text_input(key="admin_edit_name").input(name[:120])  # editing an account (the first listed)
        at.text_input(key="admin_edit_email").input(email[:200])
        next(b for b in at.button if b.label == "Lưu thay đổi").click()
        at.run()
        assert not at.exception and (at.error or at.success), (name, email)
    check()
    from antq import store
    assert all(accounts.USERNAME.match(u) for u in store.for_folder().accounts())


def test_a_director_never_gets_other_communes_from_any_query_parameters(built_data, codes):
    """Straight at the query layer: any province, commune or map value, the answer holds no commune
    outside the director's province (or the query is refused)."""
    every, mine = codes
    director = access.Access(user="director", name="GĐ", roles=("director",), permissions=frozenset({"view"}),
                             province=DIRECTOR_PROVINCE)
    detail = [n for n in db.query_names() if access.detail_column(db.load_sql(n))]

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(st.sampled_from(detail), st.one_of(st.none(), values), st.one_of(st.none(), values),
           st.sampled_from(["2024", "2025"]))
    def check(name, province, commune, the_map):
        params = {"map": the_map, "province": province, "commune": commune, "date_from": "2020-01-01", "date_to": "2025-12-31",
                  "as_of": "2025-06-30", "year": 2022, "model_types": [], "only_active": True, "limit": 50000,
                  "levels": ["xa"], "showcase_only": False, "level": "commune"}
        with access.acting_as(director):
            try:
                df = db.run(name, snapshot_dir=built_data, **params)
            except access.AccessDenied:
                return
            except db.QueryError:
                return  # a value of the wrong type for its column: refused by DuckDB as a bound parameter
        col = access.detail_column(db.load_sql(name))
        assert set(df[col].astype(str)) & every <= mine, name
    check()
    assert data_untouched(built_data)
