"""The Streamlit actions of the "Dữ liệu" page (antq/features/data/page.py): button callbacks that switch the
active snapshot and import a report (callbacks run before the sidebar is drawn, so the session can
be moved to another snapshot in the same run), and the cached comparison of two snapshots."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from antq.auth import access, audit

from antq.ingest import importer as ingest

from antq.data import snapshot_diff, snapshots
from antq.i18n import t


def show_snapshot(snapshot_id: str, message: str) -> None:
    """Open a snapshot in this session (button callbacks: they run before the sidebar is drawn). The
    sidebar's selectbox holds the session's choice and is seeded from the URL: clear one, set the other."""
    st.session_state["data_flash"] = message
    st.session_state.pop("snapshot", None)
    st.query_params["snapshot"] = snapshot_id
    for key, name in (("data_cmp_a", "cmp_a"), ("data_cmp_b", "cmp_b")):  # compare the new one with its base
        st.session_state.pop(key, None)
        st.query_params.pop(name, None)


def _allowed(lang: str) -> access.Access | None:
    """Importing and switching the active snapshot are a data officer's (checked here, where it is
    done, not only by the page not drawing the buttons)."""
    who = access.current()
    if who.can("import"):
        return who
    st.session_state["data_flash_error"] = t("data_officer_only", lang)
    return None


def switch(lang: str) -> None:
    if (who := _allowed(lang)) is None:
        return
    target = st.session_state["data_switch_to"]
    before = snapshots.active_id()
    snapshots.set_active(target)
    audit.record("snapshot_switch", who.user, snapshot=target, previous=before)
    show_snapshot(target, t("data_switched", lang, id=target))


def run_import(payload: list, args: dict, lang: str) -> None:
    if (who := _allowed(lang)) is None:
        return
    st.session_state.pop("data_check_sig", None)
    files = [name for name, _ in payload]
    try:
        # the import writes the snapshot and its derived tables (tens of seconds): show how far it is
        with st.status(t("data_importing", lang), expanded=True) as box:
            done = ingest.run(payload, progress=lambda line: box.write(line.strip()), **args)
            box.update(state="complete", expanded=False)
    except (snapshots.SnapshotError, OSError) as e:
        audit.record("import", who.user, files=files, status="failed", reason=str(e))
        st.session_state["data_flash_error"] = t("data_import_failed", lang, why=e)
        return
    audit.record("import", who.user, files=files, status=done.status, snapshot=getattr(done, "snapshot_id", None),
                 base=getattr(done, "base_id", None), problems=len(getattr(done, "problems", []) or []))
    if done.status == "imported":
        st.session_state["data_upload_n"] = st.session_state.get("data_upload_n", 0) + 1
        show_snapshot(done.snapshot_id, t("data_imported", lang, id=done.snapshot_id, base=done.base_id))


@st.cache_data(show_spinner=False, max_entries=16)
def compare(a: str, b: str, map_: str, stamps: tuple, _register: pd.DataFrame) -> pd.DataFrame:
    return snapshot_diff.compare(Path(a), Path(b), _register, map_)
