"""Pure table builders of the "Dữ liệu" page (antq/features/data/page.py): snapshots with their sources, the
reports imported into a snapshot, the problems and summary of an import, a comparison with
province names. Plain DataFrames in, display DataFrames out (tested without Streamlit)."""
from __future__ import annotations

import pandas as pd

from antq import fmt

from antq.ingest import spec
from antq.i18n import t


def source_files(manifest: dict) -> str:
    """The report files a snapshot holds (those replaced since are left out)."""
    files = [s["file"] for s in manifest.get("sources", []) if s.get("kind") == "report"
             and set(s.get("tables", {})) - set(s.get("replaced", {}))]
    return ", ".join(files) if files else "–"


def snapshot_rows(snaps, active: str | None, shown: str, lang: str) -> pd.DataFrame:
    rows = []
    for s in snaps:
        m = s.manifest
        marks = ([t("data_mark_active", lang)] if s.id == active else []) + \
                ([t("data_mark_shown", lang)] if s.id == shown else [])
        rows.append({t("col_id", lang): s.id + (f" ({', '.join(marks)})" if marks else ""),
                     t("col_kind", lang): m.get("kind", "–"),
                     t("data_col_simulated", lang): t("data_yes" if s.simulated else "data_no", lang),
                     t("col_created", lang): fmt.date(m.get("created_at"), lang) + " " + str(m.get("created_at", ""))[11:16]
                     if m.get("created_at") else "–",
                     t("col_data_date", lang): fmt.date(m.get("data_date"), lang) if m.get("data_date") else "–",
                     t("data_col_base", lang): m.get("base", "–"),
                     t("data_col_sources", lang): source_files(m),
                     t("col_status", lang): t("status_ok", lang) if s.ok else t("status_bad", lang) + ": " + " ".join(s.problems)})
    return pd.DataFrame(rows)


def report_rows(manifest: dict, lang: str) -> pd.DataFrame:
    """Every report imported into a snapshot, with what it replaced and whether it was replaced since."""
    rows = []
    for s in manifest.get("sources", []):
        if s.get("kind") != "report":
            continue
        tables = ", ".join(f"{spec.TABLE_NAMES_VI.get(k, k) if lang != 'en' else k} ({fmt.number(v['rows'], lang=lang)})"
                           for k, v in s.get("tables", {}).items())
        status = []
        for r in s.get("replaces", []):
            status.append(t("data_src_corrects", lang, of=r["file"]))
        replaced = s.get("replaced", {})
        if replaced:
            by = sorted({v["by"] for v in replaced.values()})
            status.append(t("data_src_replaced", lang, by=", ".join(by), tables=", ".join(replaced)))
        else:
            status.append(t("data_src_live", lang))
        p = s.get("period", {})
        rows.append({t("data_src_file", lang): s.get("file"),
                     t("data_src_province", lang): f"{s.get('province_name', '')} ({s.get('province')})",
                     t("data_src_period", lang): f"{fmt.date(p.get('from'), lang)} – {fmt.date(p.get('to'), lang)}",
                     t("data_src_tables", lang): tables,
                     t("data_src_imported", lang): str(s.get("imported_at", ""))[:16].replace("T", " "),
                     t("data_src_status", lang): "; ".join(status),
                     "sha256": s.get("sha256", "")[:12]})
    return pd.DataFrame(rows)


def problem_rows(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Problems as the page lists them (row numbers as the officer sees them in the file)."""
    return pd.DataFrame({
        t("data_p_file", lang): problems["file"], t("data_p_sheet", lang): problems["sheet"].replace("", "–"),
        t("data_p_row", lang): problems["row"].map(lambda r: str(int(r)) if pd.notna(r) else "–"),
        t("data_p_column", lang): problems["column"].replace("", "–"),
        t("data_p_message", lang): problems["message"], t("data_p_kind", lang): problems["kind"]})


def summary_rows(summary: list, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{t("data_s_file", lang): s["file"],
                          t("data_s_table", lang): spec.TABLE_NAMES_VI[s["table"]] if lang != "en" else s["table"],
                          t("data_s_rows", lang): fmt.number(s["rows"], lang=lang),
                          t("data_s_replaced", lang): fmt.number(s["replaced"], lang=lang)
                          + (f" ({s['correction_of']})" if s.get("correction_of") else ""),
                          t("data_s_superseded", lang): fmt.number(s["superseded"], lang=lang)} for s in summary])


def diff_rows(diff: pd.DataFrame, province_names: dict, lang: str) -> pd.DataFrame:
    """A comparison per table and province, provinces named and sorted as Vietnamese sorts them."""
    name = diff["province_code"].map(lambda c: f"{province_names.get(c, c)} ({c})" if isinstance(c, str)
                                     else t("data_c_whole", lang))
    table = diff["table"].map(lambda x: spec.TABLE_NAMES_VI.get(x, x) if lang != "en" else x)
    out = pd.DataFrame({t("col_table", lang): table, t("province", lang): name,
                        t("data_c_added", lang): diff["added"], t("data_c_removed", lang): diff["removed"],
                        t("data_c_changed", lang): diff["changed"]})
    order = sorted(range(len(out)), key=lambda i: (diff["table"].iloc[i], fmt.sort_key(name.iloc[i])))
    out = out.iloc[order].reset_index(drop=True)
    for c in (t("data_c_added", lang), t("data_c_removed", lang), t("data_c_changed", lang)):
        out[c] = out[c].map(lambda x: fmt.number(x, lang=lang))
    return out
