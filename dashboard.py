"""Entry point: page config, sign-in, the shared sidebar and navigation over the pages.

Run with `python -m antq serve` (or `streamlit run dashboard.py`). Nobody sees anything before
signing in (antq/auth/signin.py); the pages offered follow the person's roles (antq/auth/accounts.py), and
the query layer enforces the same rights whatever the URL says (antq/auth/access.py). Pages live in
pages/ and read the view the sidebar produced through `antq.view.ui.view()`; after the page has run,
the whole view (shared state and the page's own controls) is written into the query string so a
copied link reopens it.
"""
import streamlit as st

from antq.view import sidebar, ui

from antq.auth import signin
from antq.i18n import t

st.set_page_config(page_title="ANTQ", page_icon="🛡️", layout="wide")

who = signin.current()  # None: nobody signed in (or their session just ended)
lang = st.session_state.get("lang", st.query_params.get("lang", "vi"))
VIEW_PAGES = [
    st.Page("antq/features/overview/page.py", title=t("page_overview", lang), url_path="overview"),
    st.Page("antq/features/models/page.py", title=t("page_models", lang), url_path="models"),
    st.Page("antq/features/tipoffs/page.py", title=t("page_tipoffs", lang), url_path="tipoffs"),
    st.Page("antq/features/festival/page.py", title=t("page_festival", lang), url_path="festival"),
    st.Page("antq/features/compare/page.py", title=t("page_compare", lang), url_path="compare"),
    st.Page("antq/features/data/page.py", title=t("page_data", lang), url_path="data"),
]
ADMIN_PAGE = st.Page("antq/features/admin/page.py", title=t("page_admin", lang), url_path="admin")
if who is None:  # every page is known, so the link asked for is still the page once signed in
    PAGES = [*VIEW_PAGES, ADMIN_PAGE]
else:
    PAGES = (VIEW_PAGES if who.can("view") else []) + ([ADMIN_PAGE] if who.can("accounts") else [])


def _home() -> None:
    """The root URL opens the first page under its own path, so /overview is a real, shareable path
    (Streamlit serves the default page at / and ignores its url_path)."""
    st.switch_page(PAGES[0], query_params=st.query_params.to_dict())


page = st.navigation([st.Page(_home, title=PAGES[0].title, url_path="home", default=True,
                              visibility="hidden"), *PAGES], position="sidebar" if who else "hidden")
if who is None:
    signin.screen()
    st.stop()
if page.url_path == "home":
    page.run()
signin.account_box(who, lang)
if not who.can("view"):  # an administrator only: accounts and the audit trail, no figures
    page.run()
    st.stop()
view = sidebar.render()
if view is None:
    st.stop()
with ui.page_run(view):
    page.run()
sidebar.sync_url(view, ui.pop_page_url_state())
