"""The state store (antq/store) on both backends, SQLite and a real PostgreSQL: several processes append
to one audit chain that still verifies, failed sign-ins counted by different processes add up to the
slow-down, the files of before (accounts.json, attempts.json, audit.jsonl) move in with their chain
intact, a store out of reach is a Vietnamese message without the password (and the sign-in screen shows
only that), and the sessions of the cookie layer."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from antq import store
from antq.auth import accounts, audit, sessions, sessions_store
from antq.store import StoreUnavailable
from tests.store import workers

run_in_processes = workers.run


def raw(where, sql: str, params: tuple = ()) -> list[tuple]:
    """Straight at the store's tables, as someone with the file or the database in hand would be."""
    s = store.for_folder(where)
    if s.backend == "sqlite":
        conn = sqlite3.connect(s.path, isolation_level=None)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    import psycopg
    with psycopg.connect(s.dsn, autocommit=True) as conn:
        cur = conn.execute(sql.replace("?", "%s"), params or None)
        return cur.fetchall() if cur.description else []


def test_three_processes_append_1000_events_to_one_chain(where):
    audit.record("sign_in", "admin", where=where)  # the store made and a first line, before the race
    counts = run_in_processes(workers.append_events, [(str(where), f"p{i}", 333) for i in range(3)])
    assert counts == [333, 333, 333]
    assert audit.verify(where) == audit.Check(1000, True)
    events = audit.read(where)
    for i in range(3):  # each process's events all there, in its own order
        assert [e["n"] for e in events if e["user"] == f"p{i}"] == list(range(333))
    users = [e["user"] for e in events[1:]]
    switches = sum(a != b for a, b in zip(users, users[1:]))
    assert switches > 2, "the processes did not run at the same time"  # one after another makes exactly 2
    times = [e["time"] for e in events]
    assert times == sorted(times)  # stamped under the lock: the chain's order is the order of time
    assert [s for (s,) in raw(where, "SELECT seq FROM audit ORDER BY seq")] == list(range(1, 1001))


def test_failed_sign_ins_in_three_processes_add_up_to_the_slow_down(where):
    free = accounts.settings(where)["free_failures"]
    assert free == 3
    for i in range(free):  # one failure of the same name in each of three processes (three servers)
        assert accounts.wait_seconds("canbo", where=where) == 0
        assert run_in_processes(workers.fail_sign_in, [(str(where), "canbo", f"10.0.0.{i}", 1)]) == [i + 1]
    wait = accounts.wait_seconds("canbo", where=where)
    assert 0 < wait <= accounts.settings(where)["first_wait_seconds"]
    # at the same moment, many times: no failure lost between processes
    run_in_processes(workers.fail_sign_in, [(str(where), "dontlose", "10.9.9.9", 20)] * 3)
    assert store.for_folder(where).failures(["user:dontlose", "addr:10.9.9.9"]) == {
        "user:dontlose": (60, pytest.approx(time.time(), abs=120)), "addr:10.9.9.9": (60, pytest.approx(time.time(), abs=120))}
    accounts.clear_failures("canbo", where)
    assert accounts.wait_seconds("canbo", where=where) == 0
    assert accounts.wait_seconds("x", "10.0.0.2", where=where) == 0  # an address with a single failure


def test_an_office_behind_one_address_is_not_stopped_by_three_peoples_typos(where):
    """Names wait after free_failures; their shared address only after free_failures_per_address."""
    s = accounts.settings(where)
    assert s["free_failures_per_address"] > s["free_failures"]
    office = "10.1.2.3"
    for i in range(s["free_failures_per_address"] - 1):  # many people, one typo each, from one proxy
        accounts.record_failure(f"canbo{i}", office, where=where)
    assert accounts.wait_seconds("someone-else", office, where=where) == 0
    accounts.record_failure("canbo-last", office, where=where)  # the address's count reached: waits begin
    assert 0 < accounts.wait_seconds("someone-else", office, where=where) <= s["first_wait_seconds"]
    accounts.clear_failures("canbo-last", where, address=office)
    assert accounts.wait_seconds("someone-else", office, where=where) == 0


def old_files(where) -> tuple[dict[str, str], list[str]]:
    """accounts.json, attempts.json and audit.jsonl exactly as the code before the state store wrote them
    (accounts.py `_write_json`, audit.py `record`): passwords of the accounts and the trail's lines."""
    hasher, passwords = PasswordHasher(), {"admin": "mat-khau-quan-tri", "nguyenvana": "Mật-khẩu-có-dấu-1"}
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    data = {"accounts": {
        "admin": {"name": "Quản trị viên", "roles": ["admin", "leader"], "province": None, "email": None,
                  "disabled": False, "created": now, "password_changed": now, "password_hash": hasher.hash(passwords["admin"])},
        "nguyenvana": {"name": "Nguyễn Văn A", "roles": ["director"], "province": "40", "email": "a@bocongan.vn",
                       "disabled": False, "created": now, "password_changed": now,
                       "password_hash": hasher.hash(passwords["nguyenvana"]), "note": "a field of its own"},
        "khoa": {"name": "Đã khoá", "roles": ["leader"], "province": None, "email": None, "disabled": True,
                 "created": now, "password_changed": now, "password_hash": hasher.hash("khoa-password-1")}}}
    (where / "accounts.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (where / "attempts.json").write_text(json.dumps({"user:ke-gian": {"failures": 4, "last": time.time()}}), encoding="utf-8")
    lines, prev = [], "0" * 64
    for i, (event, user, details) in enumerate([
            ("sign_in", "admin", {"method": "local", "roles": ["admin", "leader"], "address": "10.1.1.1"}),
            ("account_created", "admin", {"account": "nguyenvana", "roles": ["director"], "province": "40"}),
            ("export", "nguyenvana", {"file": "bản đồ «Nghệ An».png", "bytes": 12345, "sha256": "ab" * 32}),
            ("sign_in_failed", "ke-gian", {"failures": 4, "address": "10.6.6.6"}),
            ("sign_out", "admin", {"method": "local"})]):
        entry = {"time": f"2026-11-0{i + 1}T08:00:00.000+00:00", "event": event, "user": user, **details, "prev": prev}
        lines.append(json.dumps(entry, ensure_ascii=False, default=str))
        prev = hashlib.sha256(lines[-1].encode("utf-8")).hexdigest()
    (where / "audit.jsonl").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return passwords, lines


def test_the_files_of_before_move_in_on_first_start_with_their_chain(where, new_folder):
    passwords, old_lines = old_files(where)
    before = {name: (where / name).read_bytes() for name in ("accounts.json", "attempts.json", "audit.jsonl")}
    # three servers starting at the same moment: moved once
    assert run_in_processes(workers.first_start, [(str(where),)] * 3) == [3, 3, 3]
    assert [a.username for a in accounts.list_accounts(where)] == ["admin", "khoa", "nguyenvana"]
    for user, secret in passwords.items():
        assert accounts.verify(user, secret, where).username == user
    assert accounts.verify("khoa", "khoa-password-1", where) is None  # still disabled
    a = accounts.get("nguyenvana", where)
    assert (a.name, a.roles, a.province, a.email, a.extra) == ("Nguyễn Văn A", ("director",), "40", "a@bocongan.vn",
                                                               {"note": "a field of its own"})
    assert accounts.wait_seconds("ke-gian", where=where) > 0  # the failures counted before still count
    assert store.for_folder(where).audit_lines()[:5] == old_lines  # the very text of each line
    audit.record("export", "admin", where=where, file="sau-khi-chuyen.png")
    assert audit.verify(where) == audit.Check(9, True)  # 5 old lines, 3 first starts, 1 more: one chain
    assert [e["event"] for e in audit.read(where)][:5] == ["sign_in", "account_created", "export", "sign_in_failed", "sign_out"]
    for name, content in before.items():  # kept as a backup, never read again
        assert not (where / name).exists() and (where / f"{name}.migrated").read_bytes() == content
    assert not list(where.glob("*.migrated.*")) and not list(where.glob("*.unmigrated"))
    # a chain broken before the move is still found broken after it, at the same line
    tampered = new_folder("tampered")
    old_lines[2] = old_lines[2].replace("nguyenvana", "someone")
    (tampered / "audit.jsonl").write_text("\n".join(old_lines) + "\n", encoding="utf-8")
    assert audit.verify(tampered) == audit.Check(4, False, 4)


def test_files_renamed_by_another_process_while_this_one_waits_for_the_lock(where, monkeypatch):
    """Two servers start: the first moves the old files in, commits, and renames them outside the lock;
    the second saw them a moment before and finds them gone once it holds the lock. It goes on."""
    from antq.store import migrate

    passwords, old_lines = old_files(where)
    names = ("accounts.json", "attempts.json", "audit.jsonl")
    content = {n: (where / n).read_bytes() for n in names}
    s = store.for_folder(where)
    assert len(accounts.list_accounts(where)) == 3  # the first server: moved in, renamed
    for n in names:  # the second server's view: the files still there...
        (where / n).write_bytes(content[n])
    seen = Path.is_file

    def seen_then_renamed(path):  # ... until the first renames each right after the second saw it
        there = seen(path)
        if there and path.parent == where and path.name in names:
            os.replace(path, path.with_name(path.name + ".migrated"))
        return there

    monkeypatch.setattr(Path, "is_file", seen_then_renamed)
    migrate.legacy_files(s)  # no error
    monkeypatch.undo()
    assert [a.username for a in accounts.list_accounts(where)] == ["admin", "khoa", "nguyenvana"]
    assert store.for_folder(where).audit_lines() == old_lines
    assert audit.verify(where) == audit.Check(5, True)
    for n in names:  # none left to move, every copy kept as it was
        assert not (where / n).exists() and {f.read_bytes() for f in where.glob(f"{n}.migrated*")} == {content[n]}


def test_a_trail_that_cannot_join_the_stores_own_is_kept_aside(where):
    audit.record("sign_in", "admin", where=where)
    store.forget(where)
    _, old_lines = old_files(where)
    assert len(accounts.list_accounts(where)) == 3  # the accounts move in
    assert audit.verify(where) == audit.Check(1, True)  # the store's trail alone, unbroken
    assert (where / "audit.jsonl.unmigrated").read_text(encoding="utf-8").splitlines() == old_lines


def test_the_trail_refuses_changes_and_shows_tampering(where):
    for i in range(5):
        audit.record("export", f"u{i}", where=where, file=f"f{i}.png")
    assert audit.verify(where) == audit.Check(5, True)
    with pytest.raises(Exception, match="append-only"):
        raw(where, "UPDATE audit SET line = 'x' WHERE seq = 3")
    with pytest.raises(Exception, match="append-only"):
        raw(where, "DELETE FROM audit WHERE seq = 2")
    # someone who removes the guard and edits a line: the chain breaks just after it
    if store.for_folder(where).backend == "sqlite":
        raw(where, "DROP TRIGGER audit_no_update")
        raw(where, "DROP TRIGGER audit_no_delete")
    else:
        raw(where, "DROP TRIGGER audit_append_only ON audit")
    line = raw(where, "SELECT line FROM audit WHERE seq = 3")[0][0]
    raw(where, "UPDATE audit SET line = ? WHERE seq = 3", (line.replace('"u2"', '"someone-else"'),))
    assert audit.verify(where) == audit.Check(4, False, 4)
    raw(where, "DELETE FROM audit WHERE seq = 2")
    assert not audit.verify(where).ok


def test_a_store_out_of_reach_says_so_in_vietnamese_without_the_password(where, backend, request):
    accounts.create(where, "leader", "mat-khau-dai-1", roles=("leader",))
    if backend == "sqlite":
        s = store.for_folder(where)
        s.path.write_bytes(b"not a database at all " * 100)
        for suffix in ("-wal", "-shm"):
            s.path.with_name(s.path.name + suffix).unlink(missing_ok=True)
        secret = None
    else:
        server = request.getfixturevalue("postgres")
        secret = server.password
        server.stop()
    try:
        for call in (lambda: accounts.get("leader", where), lambda: audit.record("export", "x", where=where),
                     lambda: accounts.verify("leader", "mat-khau-dai-1", where),
                     lambda: sessions_store.create("leader", "local", where=where)):
            with pytest.raises(StoreUnavailable) as e:
                call()
            message = str(e.value)
            assert message.startswith("Không truy cập được kho trạng thái đăng nhập")
            assert ("SQLite" if backend == "sqlite" else "PostgreSQL") in message
            if secret:
                assert secret not in message and "127.0.0.1" in message and "cổng" in message
    finally:
        if backend == "postgresql":
            server.start()
    if backend == "postgresql":  # back again: the same store works without a restart
        assert accounts.get("leader", where).username == "leader"
        # a wrong port, and a wrong password: the same kind of message, no password either
        for dsn in (server.dsn(port=1), server.dsn().replace(server.password, server.password + "x")):
            other = where.parent / f"other-{len(dsn)}"
            other.mkdir()
            (other / "settings.toml").write_text(f'store = "postgresql"\nstore_dsn = "{dsn}"\n', encoding="utf-8")
            with pytest.raises(StoreUnavailable) as e:
                accounts.list_accounts(other)
            assert "PostgreSQL" in str(e.value) and server.password not in str(e.value), str(e.value)
            store.forget(other)


def test_the_sign_in_screen_shows_only_the_message_when_the_store_is_out_of_reach(where, backend, request,
                                                                                 built_data, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from apptest import ROOT
    if backend == "sqlite":
        (where / "state.sqlite3").mkdir()  # a folder where the file should be: SQLite cannot open it
    else:
        server = request.getfixturevalue("postgres")
        (where / "settings.toml").write_text(f'store = "postgresql"\nstore_dsn = "{server.dsn(port=1)}"\n',
                                             encoding="utf-8")
    monkeypatch.setenv("ANTQ_AUTH_DIR", str(where))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert [e.value for e in at.error] and "Không truy cập được kho trạng thái đăng nhập" in at.error[0].value
    assert not at.text_input and not at.metric and "DỮ LIỆU MÔ PHỎNG" not in " ".join(w.value for w in at.warning)
    if backend == "postgresql":
        assert server.password not in at.error[0].value


def test_sessions(where):
    now = 1_800_000_000.0
    sid = sessions_store.create("leader", "local", where=where, now=now)
    assert len(sid) >= 43 and sid != sessions_store.create("leader", "local", where=where, now=now)
    assert sessions_store.get(sid, where=where) == {"id": sid, "user": "leader", "method": "local", "created": now,
                                                    "last_seen": now, "revoked": None, "revoked_reason": None}
    assert sessions_store.get("no-such-session", where=where) is None
    sessions_store.touch(sid, where=where, now=now + 60)
    assert sessions_store.get(sid, where=where)["last_seen"] == now + 60
    sessions_store.revoke(sid, "sign_out", where=where, now=now + 61)
    sessions_store.revoke(sid, "idle", where=where, now=now + 62)  # ended once: the first reason stays
    got = sessions_store.get(sid, where=where)
    assert (got["revoked"], got["revoked_reason"]) == (now + 61, "sign_out")
    # a session made by another process (another server) is the same session here
    other = run_in_processes(workers.new_session, [(str(where), "leader")])[0]
    assert sessions_store.get(other, where=where)["user"] == "leader"
    sessions_store.create("briefing", "oidc", where=where)
    assert sessions_store.revoke_user("leader", "revoked", where=where) == 2  # the two still live
    assert sessions_store.revoke_user("leader", "revoked", where=where) == 0
    assert sessions_store.get(other, where=where)["revoked_reason"] == "revoked"
    # a password reset ends the account's sessions; disabling it leaves that to the session layer
    accounts.create(where, "briefing", "mat-khau-dai-1", roles=("briefing",))
    live = sessions_store.create("briefing", "local", where=where)
    accounts.update(where, "briefing", disabled=True)
    assert sessions_store.get(live, where=where)["revoked"] is None
    accounts.update(where, "briefing", disabled=False, password="mat-khau-moi-2")
    assert sessions_store.get(live, where=where)["revoked_reason"] == "password_reset"
    assert accounts.verify("briefing", "mat-khau-moi-2", where) is not None


def test_accounts_and_the_store_keep_their_rules(where, backend):
    accounts.create(where, "gd", "a-long-password", roles=("director",), province="40")
    with pytest.raises(accounts.AccountError, match="đã có"):
        accounts.create(where, "GD", "another-password", roles=("leader",))
    with pytest.raises(accounts.AccountError, match="Không có tài khoản"):
        accounts.update(where, "nobody", disabled=True)
    with pytest.raises(accounts.AccountError, match="mã tỉnh"):  # refused: the account stays as it was
        accounts.update(where, "gd", province="")
    assert accounts.get("gd", where).province == "40"
    dump = json.dumps(store.for_folder(where).accounts())
    assert "a-long-password" not in dump and "$argon2id$" in dump
    assert accounts.bootstrap(where) is None  # accounts exist: no administrator made
    assert (where / accounts.SETTINGS).is_file()
    loaded = run_in_processes(workers.modules_after_use, [(str(where),)])[0]
    if backend == "sqlite":  # the owner's only (its WAL too), and psycopg never loaded
        s = store.for_folder(where)
        with sqlite3.connect(s.path) as reader:  # (the WAL stays while a connection is open)
            reader.execute("SELECT count(*) FROM accounts").fetchone()
            accounts.create(where, "wal", "a-long-password", roles=("leader",))
            files = [s.path, s.path.with_name(s.path.name + "-wal"), s.path.with_name(s.path.name + "-shm")]
            assert [stat.S_IMODE(os.stat(f).st_mode) for f in files] == [0o600] * 3
        assert stat.S_IMODE(os.stat(where).st_mode) == 0o700
        assert loaded == []
    else:  # nothing of the state in the folder
        assert sorted(p.name for p in where.iterdir()) == ["settings.toml"]
        assert "psycopg" in loaded


def test_the_settings_choose_the_store(tmp_path, backend, monkeypatch):
    (tmp_path / "settings.toml").write_text(f'store = "{backend}"\n', encoding="utf-8")
    if backend == "postgresql":
        with pytest.raises(accounts.AccountError, match="store_dsn"):
            accounts.settings(tmp_path)
        monkeypatch.setenv("ANTQ_STORE_DSN", "postgresql://antq:hidden-pw@db.example:6543/antq")
        assert accounts.settings(tmp_path)["store_dsn"].endswith("@db.example:6543/antq")
        s = store.for_folder(tmp_path)
        assert s.backend == "postgresql" and s.describe() == (
            "máy chủ db.example, cổng 6543, cơ sở dữ liệu antq, người dùng antq")
    else:
        assert store.for_folder(tmp_path).backend == "sqlite"
    assert store.for_folder(tmp_path) is store.for_folder(tmp_path)  # kept per process and folder
    (tmp_path / "settings.toml").write_text('store = "redis"\n', encoding="utf-8")
    with pytest.raises(accounts.AccountError, match="store phải là"):
        accounts.settings(tmp_path)
    store.forget(tmp_path)


def test_a_hash_of_older_parameters_signs_in_and_is_rehashed_once(where):
    acct = accounts.create(where, "cu", "mat-khau-cu-1", roles=("leader",))
    older = PasswordHasher().hash("mat-khau-cu-1")  # the library's default: 64 MiB, 3 passes, 4 lanes
    store.for_folder(where).account_change("cu", lambda rec: {**rec, "password_hash": older})
    sid = sessions.open_session(acct, "local", where)
    assert accounts.verify("cu", "a-wrong-password", where) is None
    assert store.for_folder(where).account("cu")["password_hash"] == older  # a wrong password changes nothing
    assert accounts.verify("cu", "mat-khau-cu-1", where).username == "cu"
    now = store.for_folder(where).account("cu")["password_hash"]
    assert now != older and now.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert accounts.verify("cu", "mat-khau-cu-1", where).username == "cu"
    assert store.for_folder(where).account("cu")["password_hash"] == now  # rehashed once
    assert accounts.get("cu", where).password_changed == acct.password_changed  # not a new password
    assert sessions.check(sid, where).access is not None  # the open session goes on
