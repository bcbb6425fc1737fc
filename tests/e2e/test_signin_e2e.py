"""Sign-in end to end, in headless Chromium against `python -m antq serve`: the first start prints an
administrator's password once and it signs in; a wrong password is refused; a provincial director's
crafted link does not open another province's communes; an idle session returns to the sign-in form
on its own; an export is recorded with its user, who is also in the file's footer; and sign-in through
an OpenID provider (a local one: oidc-provider-mock) with st.login. The first start, the idle session and
the OpenID provider need servers with settings of their own; the other tests share the session's."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from antq.auth import accounts, audit
from tests.e2e import ARTIFACTS, SIGNIN, free_port, sign_in, streamlit_server, wait_for_app

pytestmark = pytest.mark.e2e


def test_first_start_prints_a_password_that_signs_in(built_data, tmp_path, open_page):
    where = tmp_path / "auth"
    with streamlit_server(env={"ANTQ_AUTH_DIR": str(where)}) as base:
        page = open_page()
        port = base.rsplit(":", 1)[1]
        log = (ARTIFACTS / f"streamlit-{port}.log").read_text(encoding="utf-8")
        found = re.search(r"Tên đăng nhập: (\S+)\s+Mật khẩu:\s+(\S+)", log)
        assert found, log[-2000:]
        user, secret = found.groups()
        stored = b"".join(f.read_bytes() for f in where.iterdir() if f.is_file())
        assert stored and secret.encode() not in stored  # stored hashed only (the state store and any file)
        page.goto(base + "/tipoffs")
        page.wait_for_selector(SIGNIN, timeout=90_000)
        assert "DỮ LIỆU MÔ PHỎNG" not in page.inner_text("body")  # nothing before signing in
        sign_in(page, user, secret)
        wait_for_app(page)
        assert "/tipoffs" in page.url
        assert page.get_by_text("Tài khoản & nhật ký").count()  # the administrator's page is offered
    # a second start does not make another account nor print a password
    with streamlit_server(env={"ANTQ_AUTH_DIR": str(where)}) as base:
        log = (ARTIFACTS / f"streamlit-{base.rsplit(':', 1)[1]}.log").read_text(encoding="utf-8")
        assert "Mật khẩu:" not in log
    assert [a.username for a in accounts.list_accounts(where)] == ["admin"]


def test_a_wrong_password_is_refused(server, open_page):
    page = open_page()
    page.goto(server + "/overview")
    sign_in(page, "briefing", "wrong-password")
    page.wait_for_selector("text=Tên đăng nhập hoặc mật khẩu không đúng.", timeout=60_000)
    assert page.locator(SIGNIN).count() == 1 and "DỮ LIỆU MÔ PHỎNG" not in page.inner_text("body")
    accounts.clear_failures("briefing", address="127.0.0.1")  # the store is the whole session's


def test_a_directors_crafted_link_stays_in_their_province(server, open_page):
    page = open_page()
    page.goto(server + "/tipoffs?province=01&map=2025&section=where")
    wait_for_app(page, user="director")
    body = page.inner_text("body")
    assert "phạm vi «Hà Nội» không mở được, đang hiển thị Nghệ An" in body
    assert "province=40" in page.url and "province=01" not in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "signin-director.png"), full_page=True)


def test_an_idle_session_returns_to_the_sign_in_form_by_itself(built_data, test_accounts, open_page):
    with streamlit_server(env={"ANTQ_IDLE_MINUTES": "0.1"}) as base:
        page = open_page()
        page.goto(base + "/overview")
        wait_for_app(page, user="briefing")
        # 6 s idle, checked every 5 s: no click needed; the tab says why and links back to the sign-in page
        page.wait_for_selector("text=Phiên làm việc đã kết thúc", timeout=60_000)
        assert "DỮ LIỆU MÔ PHỎNG" not in page.inner_text("body")
        page.get_by_role("link", name="Đăng nhập lại").click()
        page.wait_for_selector(SIGNIN, timeout=60_000)
    assert any(e["event"] == "session_expired" and e["user"] == "briefing" for e in audit.read())


def test_an_export_is_audited_and_carries_its_user(server, open_page):
    page = open_page()
    page.goto(server + "/tipoffs?from=2018-01-01&to=2018-12-31&map=2024&province=74")
    wait_for_app(page, user="briefing")
    page.get_by_role("button", name="Tải về").first.click()
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Dữ liệu của biểu đồ (CSV)").first.click()
    text = open(dl.value.path(), encoding="utf-8-sig").read()
    name = dl.value.suggested_filename
    head = "\n".join(text.splitlines()[:4])
    assert "người xuất: Thử briefing (briefing)" in head and "Xuất lúc" in head
    last = [e for e in audit.read() if e["event"] == "export"][-1]
    assert last["user"] == "briefing" and last["file"] == name
    assert list(csv.reader(io.StringIO(text)))


# ---- the organisation's identity provider through st.login

@pytest.fixture()
def provider():
    port = free_port()
    claims = '{"sub": "gd-nghe-an", "email": "gd.nghean@bocongan.gov.vn", "name": "Giám đốc Nghệ An"}'
    proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--user-claims", claims],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def test_sign_in_through_the_identity_provider(built_data, tmp_path, provider, open_page):
    where = tmp_path / "auth"
    accounts.create(where, "gd.nghean", accounts.random_password(), roles=("director",), province="40",
                    email="gd.nghean@bocongan.gov.vn", name="Giám đốc Nghệ An")
    (where / accounts.SETTINGS).write_text('method = "oidc"\n', encoding="utf-8")
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{accounts.random_password()}"
client_id = "antq"
client_secret = "antq-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    with streamlit_server(env={"ANTQ_AUTH_DIR": str(where)}, port=port,
                          args=("--secrets.files", str(secrets))) as base:
        page = open_page()
        page.goto(base + "/overview")
        page.get_by_role("button", name="Đăng nhập bằng tài khoản cơ quan").click()
        page.wait_for_url(re.compile(re.escape(provider)), timeout=60_000)
        page.locator('input[name="sub"]').fill("gd-nghe-an")
        page.locator('button[type="submit"], input[type="submit"]').first.click()
        wait_for_app(page)
        assert "Giám đốc Nghệ An" in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "signin-oidc.png"), full_page=True)
    signed = [e for e in audit.read(where) if e["event"] == "sign_in"]
    assert signed and signed[-1]["user"] == "gd.nghean" and signed[-1]["method"] == "oidc"
