"""Dữ liệu: the snapshots present with the reports imported into them, switching the active one,
importing a provincial report (template, upload, all problems at once, a new snapshot when valid),
comparing two snapshots, each table's columns with their meaning, and the check of the published
figures against the snapshot shown."""
import streamlit as st

from antq import fmt
from antq.auth import access
from antq.data import db, facts, snapshots
from antq.features.data import tabs
from antq.i18n import t
from antq.ingest import snapshot as ingest_snapshot
from antq.view import ui

v = ui.view()
checking = facts.start_check(v.snapshot_dir)  # the published figures' check, answered while the page draws
ui.header("data_title", v)
L = v.lang
if flash := st.session_state.pop("data_flash", None):
    st.success(flash)
if failed := st.session_state.pop("data_flash_error", None):
    st.error(failed)


names = {}
for m in ("2025", "2024"):
    p = db.run("provinces_of_map", **v.params(map=m))
    names.update(zip(p["province_code"], p["province_name"]))
codes = sorted(names, key=lambda c: fmt.sort_key(names[c]))
snaps = snapshots.list_snapshots()
good = [s for s in snaps if s.ok]
base = ingest_snapshot.base_snapshot()  # the active snapshot: the ACTIVE file's if good, else the newest good one
active = base.id if base else None

officer = access.current().can("import")  # importing and switching: data officers (enforced in data_actions too)
tab_widgets = st.tabs(
    [t(k, L) for k in ("data_tab_snapshots", "data_tab_import", "data_tab_compare", "data_tab_columns", "data_tab_checks")])

c = tabs.Context(v=v, names=names, codes=codes, snaps=snaps, good=good, base=base, active=active, officer=officer,
                 checking=checking)
for tab, draw in zip(tab_widgets, (tabs.snapshots, tabs.import_reports, tabs.compare, tabs.columns, tabs.checks)):
    with tab:
        draw(c)
