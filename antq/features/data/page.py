"""Dữ liệu: the snapshots present with the reports imported into them, switching the active one,
importing a provincial report (template, upload, all problems at once, a new snapshot when valid),
comparing two snapshots, each table's columns with their meaning, and the check of the published
figures against the snapshot shown."""
import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from antq.auth import access

from antq.data import contract, db, facts, snapshots

from antq.features.data import actions as act, view as dv

from antq import fmt

from antq.ingest import importer as ingest, read as ingest_read, snapshot as ingest_snapshot, template

from antq.view import ui
from antq.i18n import t

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
m = v.snapshot.manifest

officer = access.current().can("import")  # importing and switching: data officers (enforced in data_actions too)
tab_snap, tab_import, tab_cmp, tab_cols, tab_checks = st.tabs(
    [t(k, L) for k in ("data_tab_snapshots", "data_tab_import", "data_tab_compare", "data_tab_columns", "data_tab_checks")])

with tab_snap:
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

with tab_import:
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
                ui.download(t("data_problems_csv", L), problems.to_csv(index=False).encode("utf-8-sig"),
                            file_name="loi-bao-cao.csv", mime="text/csv", key="data_problems_csv", permission="import")
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

with tab_cmp:
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

with tab_cols:
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

with tab_checks:
    st.subheader(t("seed_checks", L))
    st.caption(t("seed_checks_note", L))
    checks = facts.seed_check(v.snapshot_dir, checking)
    st.dataframe(pd.DataFrame({
        "fact_id": checks["fact_id"], t("province", L): checks["scope"], t("col_period", L): checks["period"],
        t("col_metric", L): checks["metric"],
        t("col_published", L): checks["expected"].map(lambda x: fmt.number(x, 2 if x < 1 else 0, L)),
        t("col_in_snapshot", L): checks["actual"].map(lambda x: fmt.number(x, 2 if x is not None and x < 1 else 0, L)),
        t("col_status", L): checks["ok"].map(lambda ok: "✅" if ok else "❌")}), hide_index=True, width="stretch")
