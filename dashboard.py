"""Entry point: page config, sign-in, the shared sidebar and navigation over the pages.

Run with `python -m antq serve` (or `streamlit run dashboard.py`). Nobody sees anything before
signing in (antq/auth/signin.py); the pages offered follow the person's roles (antq/auth/accounts.py),
and the query layer enforces the same rights whatever the URL says (antq/auth/access.py). The pages
are the registry's (antq/view/pages.py); each reads the view the sidebar produced through
`antq.view.ui.view()`; after the page has run, the whole view (shared state and the page's own
controls) is written into the query string so a copied link reopens it.
"""
import streamlit as st

from antq.auth import access, signin
from antq.i18n import t
from antq.view import cache_streamlit, pages, sidebar, ui

# "auto": the sidebar starts collapsed on a phone or narrow tablet (Streamlit's mobile breakpoint) and open
# from a tablet's width up; its button at the top left opens the period, map and scope
st.set_page_config(page_title="ANTQ", page_icon="🛡️", layout="wide", initial_sidebar_state="auto")
cache_streamlit.install()  # the query answers live in st.cache_data, shared by every session
access.use_session(signin.session_access)

who = signin.current()  # None: nobody signed in (or their session just ended)
lang = st.session_state.get("lang", st.query_params.get("lang", "vi"))
ALL = [(p, st.Page(p.script, title=t(p.title_key, lang), url_path=p.slug)) for p in pages.PAGES]
# nobody signed in: every page is known, so the link asked for is still the page once signed in
OFFERED = [page for p, page in ALL if who is None or who.can(p.permission)]


def _home() -> None:
    """The root URL opens the first page under its own path, so /overview is a real, shareable path
    (Streamlit serves the default page at / and ignores its url_path)."""
    st.switch_page(OFFERED[0], query_params=st.query_params.to_dict())


page = st.navigation([st.Page(_home, title=OFFERED[0].title, url_path="home", default=True,
                              visibility="hidden"), *OFFERED], position="sidebar" if who else "hidden")
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
