"""What the running server sends, read from outside: the protective headers on a page, a static file,
the health check and a downloaded file (tests/e2e/test_export_e2e.py also checks the downloads it
makes), no Content-Security-Policy violation while a page with a map is drawn, and a page that fails
shows an error id and no traceback (its own server, whose snapshot's derived tables are damaged under it;
a missing table file is refused with its own message before any page runs, so damage is what fails)."""
from __future__ import annotations

import contextlib
import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import streamlit

import pytest

from antq.auth import accounts
from tests.e2e import ARTIFACTS, SIGNIN, sign_in, streamlit_server, wait_for_app, wait_for_map
from tests.import_support import link_demo

PROTECTIVE = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def headers_of(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()}


def assert_protective(h: dict[str, str], where: str) -> None:
    for name, value in PROTECTIVE.items():
        assert h.get(name) == value, (where, name, h.get(name))
    csp = h.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, (where, csp)
    assert "http:" not in csp and "https:" not in csp and "*" not in csp, (where, csp)  # the server's own origin only


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_headers_on_the_page_the_health_check_and_a_static_file(server):
    try:  # a page without a session: the redirect to the sign-in page carries the headers too
        urllib.request.build_opener(_NoRedirect).open(server + "/overview", timeout=30)
        raise AssertionError("a page was served without a session")
    except urllib.error.HTTPError as e:
        assert e.code == 303 and e.headers["location"].startswith("/signin?next=")
        assert_protective({k.lower(): v for k, v in e.headers.items()}, "redirect")
    page = headers_of(server + "/signin")
    assert_protective(page, "/signin")
    assert page.get("cache-control") == "no-store"
    health = headers_of(server + "/_stcore/health")
    assert_protective(health, "health")
    assert health.get("cache-control") == "no-store"
    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()  # the app's page, as served
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html).group(1)
    static = headers_of(f"{server}/{script}")
    assert_protective(static, script)
    assert "no-store" not in static.get("cache-control", "")  # content-hashed: the browser may keep it
    # a browser that takes gzip gets the script compressed, typed, with the same headers
    asked = urllib.request.Request(f"{server}/{script}", headers={"Accept-Encoding": "gzip, deflate, br"})
    with urllib.request.urlopen(asked, timeout=30) as r:
        compressed, zipped = {k.lower(): v for k, v in r.headers.items()}, r.read()
    assert compressed["content-encoding"] == "gzip" and compressed["content-type"].startswith("text/javascript")
    assert_protective(compressed, script + " (gzip)")
    assert "immutable" in compressed["cache-control"]
    original = (Path(streamlit.__file__).parent / "static" / script).read_bytes()
    assert gzip.decompress(zipped) == original and len(zipped) < len(original) / 2


@contextlib.contextmanager
def _signed_in_client(server: str, user: str = "leader"):
    import httpx

    from apptest import password

    with httpx.Client(base_url=server, timeout=60, follow_redirects=False) as http:
        token = re.search(r'name="form_token" value="([^"]+)"', http.get("/signin").text).group(1)
        r = http.post("/signin", data={"next": "/", "lang": "vi", "form_token": token, "user": user,
                                       "password": password(user)}, headers={"Origin": server})
        assert r.status_code == 303, r.status_code
        yield http


def test_a_map_layer_is_sent_once_compressed_and_only_to_a_signed_in_browser(server):
    """The maps name their boundary layer by a URL of the server (antq/figures/layers.py); the server
    answers it from memory, gzip, cacheable by that browser, with the protective headers."""
    import httpx

    from antq.figures import charts, geo, layers

    url = charts.layer_url(geo.geojson("province", "2025")[0])  # the same layer, so the same name, as the server's
    with _signed_in_client(server) as http:
        r = http.get(url, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip", r.headers
        assert r.headers["content-type"] == "application/json" and "immutable" in r.headers["cache-control"]
        assert "private" in r.headers["cache-control"]
        assert_protective(dict(r.headers), url)
        assert r.content == layers.body(url).text  # (httpx undoes the gzip)
        assert len(r.json()["features"]) == 34
        plain = http.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == layers.body(url).text
        assert http.get(layers.PREFIX + "0" * 24 + ".json").status_code == 404
    assert httpx.get(server + url, timeout=60).status_code == 403  # no session
    assert httpx.get(server + url, cookies={"antq_session": "forged"}, timeout=60).status_code == 403


def test_a_page_with_a_map_draws_without_a_policy_violation(server, open_page):
    page = open_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server + "/festival?year=2022")
    wait_for_app(page)
    wait_for_map(page)
    page.screenshot(path=str(ARTIFACTS / "server-csp-festival.png"))
    assert violations == []
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.fixture(scope="module")
def failing_server(built_data, tmp_path_factory):
    """A server of its own on a snapshots folder holding the demo (linked), and the folder."""
    root = tmp_path_factory.mktemp("snapshots")
    link_demo(built_data, root)
    with streamlit_server(env={"ANTQ_SNAPSHOTS_DIR": str(root)}) as base:
        yield base, root


def test_a_page_that_fails_shows_an_error_id_and_no_traceback(failing_server, open_page):
    base, root = failing_server
    page = open_page()
    page.goto(base + "/overview")
    wait_for_app(page)
    for f in (root / "demo").glob("derived-*.pq"):  # a disk fault under the running server: the snapshot's
        f.unlink()                                  # pre-aggregated tables no longer read as parquet
        f.write_text("not a parquet file")
    page.goto(base + "/festival?year=2019")
    page.wait_for_selector(f"{SIGNIN}, [data-testid='stAlertContentError']", timeout=90_000)
    if page.locator(SIGNIN).count():  # a new tab signs in again
        sign_in(page)
    page.wait_for_selector('[data-testid="stAlertContentError"]:has-text("Mã lỗi")', timeout=90_000)
    text = page.locator('[data-testid="stAlertContentError"]:has-text("Mã lỗi")').first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "server-error-id.png"))
    found = re.search(r"Mã lỗi: (\d{8}-[0-9A-F]{6})", text)
    assert found, text
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and ".py" not in body and "duckdb" not in body.lower()
    assert page.locator('[data-testid="stException"]').count() == 0
    log = next(ARTIFACTS.glob(f"streamlit-{base.rsplit(':', 1)[1]}.log")).read_text()
    assert f"page error {found.group(1)}" in log and "Traceback" in log


def test_a_formula_typed_on_the_sign_in_form_reaches_the_audit_csv_as_text(server, open_page):
    """A stranger types a formula as the user name; the administrator downloads the audit trail: the
    cell holding it starts with the neutralising apostrophe."""
    import csv
    import io

    formula = '=HYPERLINK("http://x.invalid","bấm")'
    stranger = open_page()
    stranger.goto(server + "/overview")
    sign_in(stranger, formula, secret="khong-dung")
    assert stranger.locator(".signin-error").count()  # refused on the server's sign-in page
    accounts.clear_failures(formula, address="127.0.0.1")  # the store is the whole session's
    admin = open_page()
    admin.goto(server + "/admin")
    sign_in(admin, "admin")
    admin.get_by_role("tab", name="Nhật ký").click()
    with admin.expect_download(timeout=90_000) as dl:
        admin.get_by_role("button", name="Tải nhật ký (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(dl.value.path(), encoding="utf-8-sig").read())))
    cells = [c for r in rows for c in r if "hyperlink" in c.lower()]
    assert cells and all(c.startswith("'=") for c in cells), cells


def test_a_person_without_a_browser_is_served_a_whole_page_over_the_wire(server):
    """bench/wire.py (the server's share of a page, measured with no browser drawing) speaks to the
    server as a browser does: the form, the password, the session cookie on the websocket, the first
    rerun. Its person must get the whole page, and a wrong password nothing."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from apptest import password
    from bench import wire

    def run(secret, static=()):  # in a thread of its own: this module's browser holds the main thread's event loop
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, wire.person(server, view, "leader", secret, static)).result()

    view = {"label": "overview, Hà Nội", "url": "/overview?province=01&map=2025"}
    got = run(password("leader"))
    assert got["error"] is None, got
    assert got["elements"].get("plotly_chart", 0) >= 2 and got["elements"].get("metric", 0) >= 4, got
    assert 0 < got["signed_in"] < got["served"] and got["bytes"] > 20_000  # (the maps name their layers by URL)
    # a new browser also fetches a script and the boundary layers its maps name (as plotly.js does)
    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    script = "/" + re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html).group(1)
    new = run(password("leader"), [script])
    assert new["error"] is None and new["served"] > new["signed_in"], new
    with urllib.request.urlopen(urllib.request.Request(server + script, headers={"Accept-Encoding": "gzip"})) as r:
        scripts_only = len(r.read())  # as sent
    assert new["static_bytes"] > scripts_only + 10_000, (new["static_bytes"], scripts_only)  # + Hà Nội's communes' layer
    refused = run("not-the-password")
    assert refused["error"] == "sign-in answered 401"
    accounts.clear_failures("leader", address="127.0.0.1")
