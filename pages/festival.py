"""Ngày hội: built in its own issue; until then the frame shows the page with the shared header."""
import streamlit as st

from antq import ui
from antq.i18n import t

v = ui.view()
ui.header("page_festival", v)
st.info(t("coming_soon", v.lang))
