"""Dữ liệu's tabs as Streamlit draws them (the page, page.py, lays them out): the snapshots, importing a
report, comparing two snapshots, the columns and their meaning, the check of the published figures."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from antq import fmt
from antq.data import contract, db, facts
from antq.data.snapshots import Snapshot
from antq.features.data import actions as act
from antq.features.data import view as dv
from antq.i18n import t
from antq.ingest import importer as ingest
from antq.ingest import read as ingest_read
from antq.ingest import template
from antq.view import ui
from antq.view.model import View


@dataclass
class Context:
    """What every tab reads: the view, province names of both maps, the snapshots and the active one."""
    v: View
    names: dict[str, str]
    codes: list[str]
    snaps: list[Snapshot]
    good: list[Snapshot]
    base: Snapshot | None
    active: str | None
    officer: bool
    checking: object = None


def snapshots(c: Context) -> None:
    """The snapshots present, switching the active one (data officers), the manifest of the one shown
    and the reports imported into it."""
    v, L, m = c.v, c.v.lang, c.v.snapshot.manifest
    snaps, good, active, officer = c.snaps, c.good, c.active, c.officer
    st.subheader(t("snapshots_present", L))
    st.dataframe(dv.snapshot_rows(snaps, active, v.snapshot.id, L), hide_index=True, width="stretch")
    st.caption(t("data_active_now", L, id=active or "–", shown=v.snapshot.id))
    ids = [s.id for s in good]
    if officer:
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.selectbox(t("data_switch_label", L), ids, index=ids.index(active) if active in ids else 0, key="data_switch_to")
        c2.button(t("data_switch_btn", L), key="data_switch_btn", on_click=act.switch, args=(L,))
    else:
        st.caption(t("data_officer_only", L))

    st.subheader(t("active_manifest", L))
    st.markdown(f"**{m['id']}** · {m.get('kind')} · schema v{m.get('schema_version')} · "
                + t("data_date", L, d=fmt.date(m.get("data_date"), L)))
    tables = pd.DataFrame([{t("col_table", L): name, t("col_file", L): meta["file"],
                            t("col_rows", L): fmt.number(meta["rows"], lang=L),
                            "MB": fmt.number(meta.get("bytes", 0) / 1e6, 1, L), t("col_sha", L): meta["sha256"]}
                           for name, meta in m["tables"].items()])
    st.dataframe(tables, hide_index=True, width="stretch")
    st.subheader(t("data_sources_header", L, id=v.snapshot.id))
    reports = dv.report_rows(m, L)
    if len(reports):
        st.dataframe(reports, hide_index=True, width="stretch")
    else:
        st.caption(t("data_no_reports", L))


def import_reports(c: Context) -> None:
    """The template of a province, and an upload checked as a whole (all problems at once) that
    becomes a new snapshot when valid (data officers)."""
    v, L = c.v, c.v.lang
    names, codes, base, officer = c.names, c.codes, c.base, c.officer
    if not officer:
        st.info(t("data_officer_only", L))
    else:
        st.subheader(t("data_template_header", L))
        st.caption(t("data_template_note", L))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        tpl = c1.selectbox(t("data_template_province", L), codes, key="data_tpl_province",
                           index=codes.index(v.province) if v.province in codes else 0, format_func=lambda c: f"{names[c]} ({c})")
        ui.download(t("data_template_btn", L), key="data_tpl_dl", where=c2, permission="import",
                    file_name=f"mau-bao-cao-antq-{tpl}.xlsx",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    data=lambda: template.build(tpl, province_name=names[tpl], communes=db.run(
                        "data_province_communes", snapshot_dir=v.snapshot_dir, province=tpl)))

        st.subheader(t("data_upload_header", L))
        st.caption(t("data_upload_limits", L, mb=ingest_read.MAX_BYTES // (1024 * 1024)))
        n = st.session_state.setdefault("data_upload_n", 0)
        files = st.file_uploader(t("data_upload_label", L), type=["xlsx", "csv", "txt", "xlsm", "xlsb", "xls"],
                                 accept_multiple_files=True, key=f"data_upload_{n}")
        c1, c2, c3 = st.columns(3)
        prov = c1.selectbox(t("data_upload_province", L), [""] + codes, key="data_imp_province",
                            format_func=lambda c: f"{names[c]} ({c})" if c else t("data_from_file", L))
        bounds = {"min_value": dt.date(2013, 1, 1), "max_value": dt.date.today(), "format": "DD/MM/YYYY", "value": None}
        p_from = c2.date_input(t("data_upload_from", L), key="data_imp_from", **bounds)
        p_to = c3.date_input(t("data_upload_to", L), key="data_imp_to", **bounds)
        st.caption(t("data_base", L, id=base.id if base else "–"))
        if files:
            payload = [(f.name, f.getvalue()) for f in files]
            args = {"province": prov or None, "period_from": p_from, "period_to": p_to}
            sig = (tuple((name, hashlib.sha256(b).hexdigest()) for name, b in payload), tuple(args.values()),
                   base.id if base else None)
            if st.session_state.get("data_check_sig") != sig:
                with st.spinner("…"):
                    st.session_state["data_check"] = ingest.run(payload, write=False, **args)
                st.session_state["data_check_sig"] = sig
            o = st.session_state["data_check"]
            if o.status == "invalid":
                st.error(t("data_invalid", L, n=fmt.number(len(o.problems), lang=L)))
                problems = dv.problem_rows(o.problem_frame(), L)
                st.dataframe(problems, hide_index=True, width="stretch")
                ui.table_download(t("data_problems_csv", L), problems, v=v, key="data_problems_csv", permission="import",
                                  title=t("data_problems_title", L, files=", ".join(name for name, _ in payload)),
                                  file_name="loi-bao-cao")
            elif o.status == "unchanged":
                st.info(t("data_unchanged", L, id=o.base_id))
            else:
                st.success(t("data_valid", L))
                st.dataframe(dv.summary_rows(o.summary, L), hide_index=True, width="stretch")
                st.button(t("data_import_btn", L), key="data_import_btn", type="primary", on_click=act.run_import,
                          args=(payload, args, L))
            if o.notices:
                with st.expander(t("data_notices", L)):
                    st.markdown("\n".join(f"- {x}" for x in o.notices))


def compare(c: Context) -> None:
    """Two snapshots compared, figure by figure and province by province, on the map in view."""
    v, L, m = c.v, c.v.lang, c.v.snapshot.manifest
    good = c.good
    ids = [s.id for s in good]
    paths = {s.id: s for s in good}
    default_a = m.get("base") if m.get("base") in ids else ids[-1]
    ui.url_control("data_cmp_a", "cmp_a", lambda x: x if x in ids else None, default_a)
    ui.url_control("data_cmp_b", "cmp_b", lambda x: x if x in ids else None, v.snapshot.id)
    for key, fallback in (("data_cmp_a", default_a), ("data_cmp_b", v.snapshot.id)):
        if st.session_state[key] not in ids:
            st.session_state[key] = fallback
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    a = c1.selectbox(t("data_cmp_a", L), ids, key="data_cmp_a")
    b = c2.selectbox(t("data_cmp_b", L), ids, key="data_cmp_b")
    ui.page_url_state({"cmp_a": a, "cmp_b": b})
    c3.button(t("data_cmp_btn", L), key="data_cmp_btn", disabled=a == b, on_click=lambda: st.session_state.update(
        data_cmp_done=(st.session_state["data_cmp_a"], st.session_state["data_cmp_b"], v.map)))
    if a == b:
        st.info(t("data_cmp_pick_two", L))
    elif st.session_state.get("data_cmp_done") == (a, b, v.map):
        stamps = (paths[a].manifest.get("created_at"), paths[b].manifest.get("created_at"))
        with st.spinner("…"):
            diff = act.compare(str(paths[a].path), str(paths[b].path), v.map, stamps,
                           db.run("data_commune_register", snapshot_dir=v.snapshot_dir))
        st.caption(t("data_cmp_note", L, map=ui.map_words(v)))
        if diff.empty:
            st.info(t("data_cmp_same", L))
        else:
            on_map = db.run("provinces_of_map", **v.params())
            st.dataframe(dv.diff_rows(diff, dict(zip(on_map["province_code"], on_map["province_name"])), L),
                         hide_index=True, width="stretch")


def columns(c: Context) -> None:
    """Each table of the snapshot shown with its columns, their types and meaning."""
    v, L, m = c.v, c.v.lang, c.v.snapshot.manifest
    st.subheader(t("columns_meaning", L))
    spec = contract.columns()
    for name in m["tables"]:
        with st.expander(name):
            actual = contract.schema_of(v.snapshot.table_path(name))
            merged = actual.merge(spec[spec["table"] == name], on="column", how="left")
            st.dataframe(pd.DataFrame({
                t("col_column", L): merged["column"], t("col_type", L): merged["actual_type"],
                t("col_meaning", L): merged["meaning_en" if L == "en" else "meaning_vi"].fillna("–"),
                "allowed": merged["allowed"].fillna("")}), hide_index=True, width="stretch")


def checks(c: Context) -> None:
    """The published figures of the seed articles against the snapshot shown."""
    v, L = c.v, c.v.lang
    st.subheader(t("seed_checks", L))
    st.caption(t("seed_checks_note", L))
    checks = facts.seed_check(v.snapshot_dir, c.checking)
    st.dataframe(pd.DataFrame({
        "fact_id": checks["fact_id"], t("province", L): checks["scope"], t("col_period", L): checks["period"],
        t("col_metric", L): checks["metric"],
        t("col_published", L): checks["expected"].map(lambda x: fmt.number(x, 2 if x < 1 else 0, L)),
        t("col_in_snapshot", L): checks["actual"].map(lambda x: fmt.number(x, 2 if x is not None and x < 1 else 0, L)),
        t("col_status", L): checks["ok"].map(lambda ok: "✅" if ok else "❌")}), hide_index=True, width="stretch")
