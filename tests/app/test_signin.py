"""Sign-in, roles and the audit trail under AppTest and against the query layer: nobody sees a page
without signing in, a wrong password fails, failures slow the next attempts down, idle sessions end,
each role gets its pages and only its data (whatever the URL says), and every event is in the trail."""
from __future__ import annotations

import json
import time

import pandas as pd
import pytest
from apptest import ROOT, open_app, password, sign_in, signed_in
from streamlit.testing.v1 import AppTest

from antq.auth import access, accounts, audit, signin

from antq.data import db

from antq.figures import chart
from antq.view import pages

PAGES = [str(p.script.relative_to(ROOT)) for p in pages.PAGES if p.permission == "view"]  # the registry's


def events(kind: str, user: str | None = None) -> list[dict]:
    return [e for e in audit.read() if e["event"] == kind and (user is None or e["user"] == user)]


def page_titles(at) -> set[str]:
    return {t.value for t in at.title}


@pytest.mark.parametrize("page", PAGES)
def test_no_page_without_signing_in(built_data, page):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception
    assert not signed_in(at)
    charts = [c for c in at.get("plotly_chart") if not c.proto.id.endswith("signin_preload")]  # the empty preload map
    assert not at.metric and not at.dataframe and not charts and not at.sidebar.selectbox
    assert "DỮ LIỆU MÔ PHỎNG" not in " ".join(w.value for w in at.warning)


def test_a_wrong_password_fails_and_is_recorded(built_data):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    n = len(events("sign_in_failed", "briefing"))
    sign_in(at, "briefing", "not-the-password")
    assert not signed_in(at)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in [e.value for e in at.error]
    assert len(events("sign_in_failed", "briefing")) == n + 1
    accounts.clear_failures("briefing")
    sign_in(at, "briefing")
    assert signed_in(at) and events("sign_in", "briefing")


def test_an_unknown_name_fails_like_a_wrong_password(built_data):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    sign_in(at, "nobody-here", "whatever-password")
    assert not signed_in(at) and "Tên đăng nhập hoặc mật khẩu không đúng." in [e.value for e in at.error]


def test_repeated_failures_make_the_next_attempt_wait(built_data, test_accounts, monkeypatch):
    accounts.create(test_accounts, "slow", password("slow"), roles=("leader",))
    free = accounts.settings()["free_failures"]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    for _ in range(free):
        sign_in(at, "slow", "wrong-password-1")
    assert any("lần thử tiếp theo sau" in w.value for w in at.warning)
    sign_in(at, "slow")  # the right password, too early: refused without being checked
    assert not signed_in(at)
    assert any("Đăng nhập sai nhiều lần" in e.value for e in at.error)
    assert events("sign_in_refused", "slow")[-1]["reason"] == "throttled"
    wait = accounts.wait_seconds("slow")
    assert 0 < wait <= accounts.settings()["first_wait_seconds"]
    later = time.time() + wait + 1
    monkeypatch.setattr(accounts.time, "time", lambda: later)
    sign_in(at, "slow")
    assert signed_in(at)


def test_the_wait_doubles_and_is_capped():
    s = dict(accounts.DEFAULT_SETTINGS)
    waits = [accounts._wait_for(n, s) for n in range(1, 12)]
    assert waits[:3] == [0, 0, 5] and waits[3:6] == [10, 20, 40] and waits[-1] == s["max_wait_seconds"]


def test_an_idle_session_ends(built_data):
    at = open_app(user="briefing")
    at.session_state[signin.LAST_SEEN] = time.time() - accounts.settings()["idle_minutes"] * 60 - 5
    at.run()
    assert not signed_in(at)
    assert any("không thao tác" in i.value for i in at.info)
    assert events("session_expired", "briefing")


def test_a_disabled_account_is_signed_out_at_its_next_click(built_data, test_accounts):
    accounts.create(test_accounts, "temp", password("temp"), roles=("leader",))
    at = open_app(user="temp")
    accounts.update(test_accounts, "temp", disabled=True)
    at.run()
    assert not signed_in(at)
    sign_in(at, "temp")
    assert not signed_in(at)


def test_sign_out(built_data):
    at = open_app(user="briefing")
    at.sidebar.button(key="signout").click().run()
    assert not signed_in(at)
    assert events("sign_out", "briefing")


# ---- roles through the pages

@pytest.mark.parametrize("user", ["leader", "briefing", "officer", "director"])
def test_every_page_runs_for_every_viewing_role(built_data, user):
    for page in PAGES:
        at = open_app(page=page, user=user)
        assert not at.exception, (user, page, at.exception)
        assert "DỮ LIỆU MÔ PHỎNG" in " ".join(w.value for w in at.warning)


def test_exports_are_offered_to_those_who_may_export(built_data):
    for user, may in (("leader", True), ("briefing", True), ("director", True), ("officer", False)):
        at = open_app(page="antq/features/tipoffs/page.py", user=user)
        keys = [b.key for b in at.get("download_button")]
        assert bool(keys) is may, user
        assert bool([b for b in at.sidebar.get("download_button")] or at.sidebar.markdown and any(
            "Gói báo cáo" in m.value for m in at.sidebar.markdown)) is may, user


def test_only_a_data_officer_imports_or_switches(built_data):
    officer = open_app(page="antq/features/data/page.py", user="officer")
    assert officer.get("file_uploader") and any(b.key == "data_switch_btn" for b in officer.button)
    for user in ("leader", "briefing", "director"):
        at = open_app(page="antq/features/data/page.py", user=user)
        assert not at.get("file_uploader") and not any(b.key == "data_switch_btn" for b in at.button), user
        assert any("Chỉ cán bộ dữ liệu" in c.value for c in [*at.caption, *at.info]), user


def test_the_administrator_page_is_for_administrators_only(built_data):
    admin = open_app(user="admin")  # administration only: no figures, the accounts page
    assert not admin.exception
    assert "Tài khoản và nhật ký kiểm tra" in page_titles(admin)
    assert not admin.metric and not admin.sidebar.selectbox
    for user in ("leader", "director", "briefing", "officer"):
        at = open_app(user=user)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("antq/features/admin/page.py")  # not among their pages: a link to /admin opens their first page


def test_an_administrator_creates_an_account_that_can_sign_in(built_data):
    at = open_app(page="antq/features/admin/page.py", user="root")
    at.text_input(key="admin_new_user").input("canbo.moi")
    at.text_input(key="admin_new_name").input("Cán bộ Mới")
    at.multiselect(key="admin_new_roles").set_value(["briefing"])
    next(b for b in at.button if b.label == "Tạo tài khoản").click()
    at.run()
    made = [s.value for s in at.success if "Đã tạo tài khoản canbo.moi" in s.value]
    assert made
    secret = made[0].split(": ")[-1].strip()
    assert accounts.verify("canbo.moi", secret).roles == ("briefing",)
    assert events("account_created", "root")[-1]["account"] == "canbo.moi"
    fresh = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    sign_in(fresh, "canbo.moi", secret)
    assert signed_in(fresh)


def test_the_audit_page_lists_events_and_checks_the_chain(built_data):
    open_app(user="leader")
    at = open_app(page="antq/features/admin/page.py", user="root")
    table = next(d.value for d in at.dataframe if "Sự kiện" in d.value.columns)
    assert {"sign_in"} <= {e["event"] for e in audit.read()}
    assert "Đăng nhập" in set(table.iloc[:, 1]) and "leader" in set(table.iloc[:, 2])
    assert any("Chuỗi nhật ký nguyên vẹn" in s.value for s in at.success)


# ---- roles in the query layer, whatever the page asked

DIRECTOR = access.Access(user="director", name="GĐ", roles=("director",), permissions=frozenset({"view", "export"}),
                         province="40")
Q = {"date_from": "2024-01-01", "date_to": "2024-12-31"}  # the period, as db.run binds it


def test_a_director_gets_no_other_province_in_detail(built_data):
    with access.acting_as(DIRECTOR):
        with pytest.raises(access.AccessDenied):
            db.run("tips_by_area", snapshot_dir=built_data, map="2025", province="01", **Q)
        with pytest.raises(access.AccessDenied):
            db.run("overview_tips_by_area", snapshot_dir=built_data, map="2024", province="01", **Q)
        own = db.run("tips_by_area", snapshot_dir=built_data, map="2025", province="40", **Q)
        national = db.run("tips_by_area", snapshot_dir=built_data, map="2025", province=None, **Q)
        communes = db.run("tipoffs_commune_population", snapshot_dir=built_data, map="2025", province=None)
        old = db.run("tipoffs_commune_population", snapshot_dir=built_data, map="2024", province=None)
        sites = db.run("models_sites_list", snapshot_dir=built_data, map="2025", province=None, model_types=[],
                       as_of="2025-07-01", only_active=True, limit=None, **Q)
        totals = db.run("tip_funnel", snapshot_dir=built_data, map="2025", province="01", **Q)  # province level: fine
    leader_communes = db.run("tipoffs_commune_population", snapshot_dir=built_data, map="2025", province=None)
    c25 = db.run("data_province_communes", snapshot_dir=built_data, province="40")
    mine25 = set(c25.loc[c25["map"] == "2025", "commune_code"])
    mine24 = set(c25.loc[c25["map"] == "2024", "commune_code"])
    assert len(own) == len(mine25) and set(own["area_code"]) == mine25
    assert len(national) == 34  # every province, at province level
    assert set(communes["area_code"]) == mine25 and len(leader_communes) == 3321
    assert set(old["area_code"]) <= mine24 and len(old) > 100
    assert len(sites) and set(sites["commune_code"]) <= mine25
    assert int(totals["tips"].iloc[0]) > 0
    denied = events("access_denied", "director")
    assert denied and denied[-1]["params"]["province"] == "01"


def test_nobody_gets_nothing_in_a_session(built_data):
    with access.acting_as(access.NOBODY), pytest.raises(access.AccessDenied):
        db.run("provinces_of_map", snapshot_dir=built_data, map="2025")


@pytest.mark.slow  # runs every variant of every query
def test_every_query_with_commune_rows_declares_its_detail_column(built_data):
    """A query whose rows may be communes must say which column holds them, or a director would see
    other provinces' communes: checked on the answers, not trusted from the headers."""
    import datetime as dt

    from bench import queries as bench
    communes = set(db.run("data_commune_register", snapshot_dir=built_data)["commune_code"])
    for name in db.query_names():
        if name in ("data_commune_register", "data_province_communes", "access_scope") or name.startswith("ingest_"):
            continue  # the public register of communes, the rule's own query, the importer's key checks
        column = access.detail_column(db.load_sql(name))
        for _, params in bench.query_variants(name, dt.date(2026, 10, 31), True):
            df = db.execute_uncached(name, snapshot_dir=built_data, **params)
            holding = [c for c in df.columns if (df[c].dtype == object or pd.api.types.is_string_dtype(df[c]))
                       and df[c].isin(communes).any()]
            assert set(holding) <= {column, "recorded_commune_code"}, (name, holding)
        if column:
            assert "map" in db.parameters_of(db.load_sql(name)), name


def test_exports_carry_who_and_when(built_data):
    v = views_view(built_data)
    with access.acting_as(DIRECTOR):
        footer = chart.caption(v, "Tiêu đề").footer()
    assert "người xuất: GĐ (director)" in footer and "Xuất lúc" in footer


def views_view(snapshot_dir):
    import datetime as dt

    from antq.data import snapshots
    from antq.view.model import View

    return View(snapshot=snapshots.inspect(snapshot_dir), date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 10, 31),
                map="2025", province=None, province_name=None, lang="vi")


def test_the_audit_trail_is_a_chain_that_shows_tampering(tmp_path):
    import sqlite3

    for i in range(5):
        audit.record("export", f"u{i}", where=tmp_path, file=f"f{i}.png")
    assert audit.verify(tmp_path) == audit.Check(5, True)
    # someone with the store's file in hand (antq/store/sqlite.py), who removes its append-only guard
    db = sqlite3.connect(tmp_path / "state.sqlite3", isolation_level=None)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")
    edited = json.loads(db.execute("SELECT line FROM audit WHERE seq = 3").fetchone()[0])
    edited["user"] = "someone-else"
    db.execute("UPDATE audit SET line = ? WHERE seq = 3", (json.dumps(edited, ensure_ascii=False),))
    assert audit.verify(tmp_path) == audit.Check(4, False, 4)  # the line after the edited one no longer chains
    db.execute("DELETE FROM audit WHERE seq = 2")
    db.close()
    assert not audit.verify(tmp_path).ok


def test_passwords_are_stored_hashed(test_accounts):
    from antq import store

    raw = json.dumps(store.for_folder(test_accounts).accounts(), ensure_ascii=False)
    assert password("leader") not in raw and "$argon2id$" in raw


def test_first_start_makes_one_administrator(tmp_path):
    made = accounts.bootstrap(tmp_path)
    assert made is not None and made[0] == "admin" and len(made[1]) >= 16
    assert accounts.verify("admin", made[1], tmp_path).roles == ("admin", "leader")
    assert accounts.bootstrap(tmp_path) is None  # only once
    assert (tmp_path / accounts.SETTINGS).is_file()


def test_account_rules(tmp_path):
    with pytest.raises(accounts.AccountError, match="mã tỉnh"):
        accounts.create(tmp_path, "gd", "a-long-password", roles=("director",))
    with pytest.raises(accounts.AccountError, match="ít nhất"):
        accounts.create(tmp_path, "ngan", "short", roles=("leader",))
    with pytest.raises(accounts.AccountError, match="không hợp lệ"):
        accounts.create(tmp_path, "X'; DROP", "a-long-password", roles=("leader",))
    accounts.create(tmp_path, "gd", "a-long-password", roles=("director",), province="40")
    with pytest.raises(accounts.AccountError, match="đã có"):
        accounts.create(tmp_path, "GD", "another-password", roles=("leader",))


def test_a_command_line_export_names_its_operator_and_is_audited(built_data, tmp_path):
    from antq.cli import export as export_cli
    out = export_cli.export_url("/festival?year=2022&map=2025", tmp_path / "ngay-hoi.csv", progress=lambda *_: None)
    head = out.read_text(encoding="utf-8-sig").splitlines()[:3]
    assert any("người xuất: cli:" in line for line in head), head
    last = events("export")[-1]
    assert last["user"].startswith("cli:") and last["file"] == str(out)


def test_every_download_goes_through_the_audited_helper():
    """Pages and the frame offer files only through ui.download (audited, with the clicker's rights)."""
    import re as _re

    scanned = [ROOT / "dashboard.py", *ROOT.glob("antq/**/*.py")]
    assert len(scanned) > 50 and any(p.name == "page.py" for p in scanned)
    offenders = [str(p.relative_to(ROOT)) for p in scanned
                 if p.name != "ui.py" and _re.search(r"\.download_button\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_signing_out_leaves_nothing_for_the_next_person(built_data):
    at = open_app({"province": "74", "map": "2024"}, "antq/features/tipoffs/page.py", user="briefing")
    at.session_state["_antq_pack"] = {"x": {"title": "a chart of the previous person"}}
    at.sidebar.button(key="signout").click().run()
    assert not signed_in(at)
    assert "_antq_pack" not in at.session_state and "province" not in at.session_state


def _idle_script(until_offset: float):
    import time as _t

    import streamlit as st

    from antq.auth import access as acc

    from antq.data import db as qdb
    st.session_state[acc.SESSION_KEY] = acc.Access(user="leader", name="L", roles=("leader",),
                                                   permissions=frozenset({"view", "export"}))
    st.session_state[acc.IDLE_UNTIL] = _t.time() + until_offset
    try:
        qdb.run("provinces_of_map", map="2025")
        st.write("answered")
    except acc.AccessDenied:
        st.write("refused")


def test_past_the_idle_time_a_session_gets_no_answer_even_before_its_next_full_run(built_data):
    """A fragment rerun does not pass through the sign-in screen: the query layer checks the time itself."""
    for offset, said in ((60, "answered"), (-1, "refused")):
        at = AppTest.from_function(_idle_script, args=(offset,), default_timeout=60).run()
        assert [m.value for m in at.markdown] == [said], offset


def test_a_broken_settings_file_stops_every_page_with_its_error(built_data, tmp_path, monkeypatch):
    where = tmp_path / "auth"
    where.mkdir()
    (where / accounts.SETTINGS).write_text('method = "local"\nidle_minutes = \n', encoding="utf-8")
    monkeypatch.setenv("ANTQ_AUTH_DIR", str(where))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception and not at.text_input
    assert "settings.toml sai cú pháp" in at.error[0].value and "line 2" in at.error[0].value
    (where / accounts.SETTINGS).write_text('idle_minutes = "never"\n', encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert "idle_minutes phải là một số dương" in at.error[0].value
