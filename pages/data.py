"""Dữ liệu: the snapshots present, the active one's manifest, each table's columns with their meaning,
and the check of the published figures against the active snapshot."""
import pandas as pd
import streamlit as st

from antq import contract, facts, fmt, snapshots, ui
from antq.i18n import t

v = ui.view()
ui.header("data_title", v)
L = v.lang

st.subheader(t("snapshots_present", L))
rows = []
for s in snapshots.list_snapshots():
    m = s.manifest
    rows.append({t("col_id", L): s.id + (f" ({t('active', L)})" if s.id == v.snapshot.id else ""),
                 t("col_kind", L): m.get("kind", "–"),
                 t("col_created", L): fmt.date(m.get("created_at"), L) if m.get("created_at") else "–",
                 t("col_data_date", L): fmt.date(m.get("data_date"), L) if m.get("data_date") else "–",
                 t("col_status", L): t("status_ok", L) if s.ok else t("status_bad", L) + ": " + " ".join(s.problems)})
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader(t("active_manifest", L))
m = v.snapshot.manifest
st.markdown(f"**{m['id']}** · {m.get('kind')} · schema v{m.get('schema_version')} · "
            + t("data_date", L, d=fmt.date(m.get("data_date"), L)))
tables = pd.DataFrame([{t("col_table", L): name, t("col_file", L): meta["file"],
                        t("col_rows", L): fmt.number(meta["rows"], lang=L),
                        "MB": fmt.number(meta.get("bytes", 0) / 1e6, 1, L), t("col_sha", L): meta["sha256"]}
                       for name, meta in m["tables"].items()])
st.dataframe(tables, hide_index=True, width="stretch")

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

st.subheader(t("seed_checks", L))
st.caption(t("seed_checks_note", L))
checks = facts.check_seed_facts(snapshot_dir=v.snapshot_dir)
st.dataframe(pd.DataFrame({
    "fact_id": checks["fact_id"], t("province", L): checks["scope"], t("col_period", L): checks["period"],
    t("col_metric", L): checks["metric"], t("col_published", L): checks["expected"].map(lambda x: fmt.number(x, 2 if x < 1 else 0, L)),
    t("col_in_snapshot", L): checks["actual"].map(lambda x: fmt.number(x, 2 if x is not None and x < 1 else 0, L)),
    t("col_status", L): checks["ok"].map(lambda ok: "✅" if ok else "❌")}), hide_index=True, width="stretch")
