"""The snapshot side of an import: the base it starts from, and writing the new snapshot beside it
under a lock (unchanged tables linked to the base's files, changed ones rewritten without the rows
they lose plus the report's rows, the derived tables linked, or updated in the partitions the report's
rows touch: antq/data/derived_parts.py). Snapshots are never modified; the new one becomes visible only
once complete (antq.data.snapshots.SnapshotWriter).
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from antq.data import snapshots
from antq.fmt import number as N
from antq.ingest import spec


def base_snapshot(root: Path | None = None) -> snapshots.Snapshot | None:
    """The active snapshot (the ACTIVE file) if it is good, else the newest good one."""
    good = [s for s in snapshots.list_snapshots(root, checksums=False) if s.ok]
    active = snapshots.active_id(root)
    return next((s for s in good if s.id == active), good[0] if good else None)


def arrow_keys(table: str, t: pa.Table) -> pa.Array:
    """The packed int64 row key of snapshot rows (see antq.ingest.validate.key_frame)."""
    if table != "activities":
        return pc.cast(t.column(spec.KEYS[table][0]), pa.int64()).combine_chunks()
    m = t.column("month")
    month_no = pc.add(pc.multiply(pc.cast(pc.year(m), pa.int64()), 12), pc.subtract(pc.cast(pc.month(m), pa.int64()), 1))
    return pc.add(pc.multiply(month_no, 100_000), pc.cast(t.column("commune_code"), pa.int64())).combine_chunks()


def _lock(root: Path):
    """An exclusive lock per snapshots folder (kept outside it, so the folder holds only snapshots)."""
    import fcntl
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    f = open(Path(tempfile.gettempdir()) / f"antq-import-{name}.lock", "w")
    fcntl.flock(f, fcntl.LOCK_EX)
    return f


def _to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    arrays = []
    for f in schema:
        s = frame[f.name] if f.name in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        if pa.types.is_date32(f.type):
            arr = pa.array(s.dt.date.where(s.notna(), None).tolist(), type=pa.date32())
        elif pa.types.is_integer(f.type):
            arr = pa.array(s.astype("Int64").astype(object).where(s.notna(), None).tolist(), type=f.type)
        elif pa.types.is_boolean(f.type):
            arr = pa.array(s.astype("boolean").astype(object).where(s.notna(), None).tolist(), type=pa.bool_())
        else:
            arr = pa.array(s.astype(object).where(s.notna(), None).tolist(), type=f.type)
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)


def write_snapshot(base, plan: dict, root: Path, today: dt.date, say) -> str:
    """Write the snapshot `plan` (antq.ingest.importer) makes of `base`; its id. Refused when the
    active snapshot changed since the import read it."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    first = next(iter(plan["entries"]))
    sid = f"ingest-{now:%Y%m%d-%H%M%S}-{first[:8]}"
    m = base.manifest
    sources = copy.deepcopy(m.get("sources", []))
    for e in plan["entries"].values():
        e["imported_at"] = now.isoformat()
        for r in e["replaces"]:
            for s in sources:
                if s.get("kind") == "report" and s.get("sha256") == r["sha256"]:
                    s.setdefault("replaced", {})[r["table"]] = {"by": e["file"], "sha256": e["sha256"], "at": now.isoformat()}
        sources.append(e)
    periods = [e["period"] for e in plan["entries"].values()]
    p_from = min([m.get("period", {}).get("from", "9999")] + [p["from"] for p in periods])
    p_to = max([m.get("period", {}).get("to", "0000")] + [p["to"] for p in periods])
    data_date = max(m.get("data_date", "0000"), min(max(p["to"] for p in periods), today.isoformat()))
    extra = {"base": base.id, "import": {"tables": sorted(plan["adds"])}}
    with _lock(root):
        now_base = base_snapshot(root)
        if now_base is None or now_base.id != base.id:
            raise snapshots.SnapshotError("Bộ dữ liệu đang dùng vừa thay đổi trong lúc nhập; hãy nhập lại.")
        with snapshots.SnapshotWriter(sid, kind="ingest", simulated=base.simulated, data_date=data_date,
                                      period={"from": p_from, "to": p_to}, sources=sources, extra=extra,
                                      root=root, progress=say) as w:
            changes = {}  # table -> the rows the import added and removed
            for table, meta in sorted(m["tables"].items()):
                src = base.path / meta["file"]
                if table not in plan["adds"]:
                    try:  # an unchanged table: the same bytes, shared (snapshot files are never modified);
                        # a linked file stays a link to the same target (test folders link the demo's files)
                        os.link(src, w.path_for(table), follow_symlinks=False)
                    except OSError:
                        shutil.copyfile(src, w.path_for(table))
                    say(f"  {table}: giữ nguyên ({N(meta['rows'])} dòng)")
                    continue
                changes[table] = _rewrite(table, src, w.path_for(table), plan, say)
            t0 = time.perf_counter()
            w.manifest["derived"] = _derive(base, w.tmp, changes, say)
            plan["derived_s"] = time.perf_counter() - t0
    return sid


def _derive(base, folder: Path, changes: dict[str, pa.Table], say) -> dict:
    """The manifest's "derived" entry of the snapshot being written into `folder` (antq/data/derived.py:
    the pre-aggregated tables the pages read), so that its first page does not compute them in memory.
    A derived table none of whose source tables the import changed is the base's file, linked (same
    bytes, same fingerprint); one whose sources it changed is the base's file with the partitions the
    changed rows touch computed again (antq/data/derived_parts.py); one the base has no good file for is
    computed whole from the new tables (derived.write_derived)."""
    from antq.data import db, derived, derived_parts
    prints = derived.fingerprints(db.connection(base.path), base.manifest)
    had = (base.manifest.get("derived") or {}).get("files") or {}
    linked, update, whole = {}, [], []
    for name, (sources, _, _) in derived.DERIVED.items():
        meta = had.get(name) or {}
        src = base.path / str(meta.get("file", ""))
        good = meta.get("fingerprint") == prints[name] and src.is_file()
        if good and set(sources) & set(changes) and name in derived_parts.PARTS:
            update.append(name)
            continue
        if not good or set(sources) & set(changes):
            whole.append(name)
            continue
        dst = folder / src.name
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copyfile(src, dst)
        linked[name] = {k: v for k, v in meta.items() if k != "partitions"}  # what the base's import did
    if not update and not whole:
        say(f"  bảng tổng hợp: giữ nguyên {N(len(linked))} bảng của «{base.id}»")
        return {"files": linked}
    sources = {t for src, _, _ in derived.DERIVED.values() for t in src}
    tables = {}
    for f in sorted(folder.glob("*.parquet")):
        same = f.stem not in changes and f.stem in base.manifest["tables"]
        sha = (base.manifest["tables"][f.stem].get("sha256") if same else snapshots.sha256_of(f)) if f.stem in sources else None
        tables[f.stem] = {"file": f.name, "sha256": sha}
    if update:
        say(f"  bảng tổng hợp: cập nhật {', '.join(update)} ở những phần báo cáo chạm tới "
            f"(giữ nguyên {N(len(linked))} bảng)…")
        linked.update(derived_parts.update(base.path, had, folder, {"tables": tables}, changes, update, say))
    if not whole:
        return {"files": linked}
    say(f"  bảng tổng hợp: tính lại toàn bộ {', '.join(whole)}…")
    return derived.write_derived(folder, {"tables": tables, "derived": {"files": linked}}, say, only=whole)


def _rewrite(table: str, src: Path, dst: Path, plan: dict, say) -> pa.Table:
    """Write `table` without the rows the plan removes, plus the rows it adds; those rows, added and
    removed (the partitions of the derived tables they touch are computed again)."""
    pf = pq.ParquetFile(src)
    schema = pf.schema_arrow
    gone = plan["removes"].get(table)
    gone = pa.array(np.unique(np.concatenate(gone)), pa.int64()) if gone else None
    kept = 0
    removed = [schema.empty_table()]
    with pq.ParquetWriter(dst, schema, compression="zstd") as wr:
        for batch in pf.iter_batches(batch_size=256_000):
            t = pa.Table.from_batches([batch], schema=schema)
            if gone is not None:
                out = pc.is_in(arrow_keys(table, t), value_set=gone)
                removed.append(t.filter(out))
                t = t.filter(pc.invert(out))
            kept += t.num_rows
            wr.write_table(t, row_group_size=256_000)
        new = _to_arrow(pd.concat(plan["adds"][table], ignore_index=True), schema)
        wr.write_table(new)
    removed = pa.concat_tables(removed)
    say(f"  {table}: {N(kept)} dòng cũ (bỏ {N(removed.num_rows)}) + {N(new.num_rows)} dòng mới")
    return pa.concat_tables([new, removed])
