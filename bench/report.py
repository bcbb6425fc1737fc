"""Rendering a run's figures as markdown: the section written into docs/benchmarks.md between its
markers (the hand-written text around them is kept), and the table of the figures beside those of a
run kept as the baseline (docs/benchmarks-before.json).

The input is the results dictionary bench/cli.py builds and saves as data/bench/results-<time>.json, so
a saved run can be rendered again.
"""
from __future__ import annotations

from bench.common import END, START, TARGET_FIRST_MAP_S, TARGET_MAP_MB, TARGET_RSS_GB, TARGET_S, write_between


def _ms(s) -> str:
    return "–" if s is None or s != s else f"{s * 1000:,.0f}".replace(",", " ")


def _mark(ok: bool) -> str:
    return "" if ok else " ✗"


def _loads(scales: dict, section: str) -> str:
    """The 1-minute load average when a section started (2 cores: above 2, other work is waiting too)."""
    got = [f"{s['label']} {s['load_avg'][section]}" for s in scales.values() if section in s.get("load_avg", {})]
    return ("Load average at the start of this section: " + ", ".join(got) + ".\n") if got else ""


def _visited(rows: list[dict]) -> list[str]:
    """The pages of the browser section, in the order they were visited."""
    return list(dict.fromkeys(r["page"] for r in rows))


def render(res: dict) -> str:
    """The section of docs/benchmarks.md: the run and the machine, then one table per section run."""
    scales = res["scales"]
    lines = _header(res)
    for section in (_pages, _maps, _export, _browser, _pandas, _queries):
        lines += section(scales)
    return "\n".join(lines)


def _header(res: dict) -> list[str]:
    m, scales = res["machine"], res["scales"]
    return [f"Run: {m['date']} · `python -m antq bench {res['args']}` · {res['elapsed_s'] / 60:.1f} min",
            "",
            f"Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}; load average at start "
            f"{' / '.join(str(x) for x in m['load_start'])} (1 / 5 / 15 min), at end "
            f"{' / '.join(str(x) for x in res['load_end'])}. "
            + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + "."
            + (f" Queries answered {m['query_workers'] or 'one'} at a time (antq/data/questions.py)."
               if "query_workers" in m else ""),
            "",
            "Snapshots: " + "; ".join(f"**{s['label']}** `{s['id']}` ({s['rows']:,} rows, tipoffs "
                                     f"{s['tipoffs']:,})".replace(",", ".") for s in scales.values()) + ".",
            "", f"✗ marks a figure over its target (an interaction: {_ms(TARGET_S['demo'])} ms on the demo, "
                f"{TARGET_S['scaled']:g} s on the larger snapshot; a national map: {TARGET_MAP_MB:g} MB; the first "
                f"map: {TARGET_FIRST_MAP_S:g} s; the server: {TARGET_RSS_GB:g} GB).", ""]


def _pages(scales: dict) -> list[str]:
    lines = []
    if any("pages" in s for s in scales.values()):
        lines += ["### Pages: server time of a script run under AppTest (ms)", "", _loads(scales, "pages"),
                  "Cold: the answer cache cleared before the run, so every query misses (what the first user "
                  "of a view waits), the median of three such runs, each the first run of the view in a new "
                  "session (one with `--quick`); warm: the same run again (median of the warm runs). The "
                  "section runs in a process of its own, warmed as the server warms itself.", ""]
        heads = [s for s in scales.values() if "pages" in s]
        lines.append("| page | view / interaction | " + " | ".join(f"{s['label']} cold | {s['label']} warm"
                                                               for s in heads) + " | map JSON |")
        lines.append("|---|---|" + "---:|---:|" * len(heads) + "---:|")
        keys = [(r["page"], r["what"]) for r in heads[0]["pages"]["rows"]]
        for k in keys:
            cells, mb = [], 0
            for s in heads:
                r = next((r for r in s["pages"]["rows"] if (r["page"], r["what"]) == k), None)
                tgt = TARGET_S["demo" if s["scale"] == 1 else "scaled"]
                if r is None:
                    cells += ["–", "–"]
                    continue
                if r["cold"] is None:
                    cells += ["failed", "failed"]
                    continue
                cells += [_ms(r["cold"]) + _mark(r["cold"] < tgt), _ms(r["warm"]) + _mark(r["warm"] < tgt)]
                mb = max(mb, r["map_bytes"])
            lines.append(f"| {k[0]} | {k[1]} | " + " | ".join(cells) + f" | {mb / 1e6:.2f} MB |" if mb else
                         f"| {k[0]} | {k[1]} | " + " | ".join(cells) + " | – |")
        lines.append("")
    return lines


def _maps(scales: dict) -> list[str]:
    lines, demo = [], scales.get("demo", {})
    if demo.get("maps"):
        lines += ["### Map figures sent to the browser", "",
                  "The JSON of the plotly figure a page sends at every run (the models page draws every kind of "
                  "map), and the boundary layer it names by URL, which the browser fetches once per page "
                  "(antq/figures/layers.py).", "",
                  "| map | figure JSON | gzip | boundary layer, once per page | gzip |", "|---|---:|---:|---:|---:|"]
        for r in demo["maps"]:
            ok = r["bytes"] / 1e6 < TARGET_MAP_MB
            layer = r.get("layer_gzip")
            lines.append(f"| {r['map']} | {r['bytes'] / 1e6:.2f} MB{_mark(ok)} | {r['gzip'] / 1e6:.2f} MB | "
                         f"{r['layer_bytes'] / 1e6:.2f} MB | {'–' if layer is None else f'{layer / 1e6:.2f} MB'} |")
        lines.append("")
    return lines


def _export(scales: dict) -> list[str]:
    lines, demo = [], scales.get("demo", {})
    if demo.get("export"):
        lines += ["### PNG export (export.captioned_figure + image_bytes, slide size)", "",
                  "| figure | first call | second call (warm) | third | PNG |", "|---|---:|---:|---:|---:|"]
        for r in demo["export"]:
            lines.append(f"| {r['figure']} | {_ms(r['first'])} ms | {_ms(r['second'])} ms | {_ms(r['third'])} ms | "
                         f"{r['png_bytes'] / 1e6:.2f} MB |")
        lines.append("")
    return lines


def _browser(scales: dict) -> list[str]:
    lines, heads = [], [s for s in scales.values() if s.get("browser")]
    if heads:
        lines += ["### In the browser: navigation start → the page's map drawn (page drawn) in headless Chromium",
                  "", _loads(scales, "browser"), "Three fresh servers per snapshot in turn (`python -m antq serve`, warmed "
                      "before it listens; one with `--quick`); on each, each page opened in a new navigation, first with "
                      "nothing cached, then again; the median over the servers. Seconds "
                      "from the navigation start or, when the page asks to sign in (every new session does), "
                      "from the click on «Đăng nhập» to the page's map canvas (over 200 px wide: not the "
                      "sign-in screen's 10-pixel preload); in brackets, until the page has finished running.", ""]
        lines.append("| page | " + " | ".join(f"{s['label']} first visit | {s['label']} again" for s in heads) + " |")
        lines.append("|---|" + "---:|---:|" * len(heads))
        for label in _visited(heads[0]["browser"]["rows"]):
            cells = []
            for s in heads:
                for rnd in ("first visit", "again (cached)"):
                    r = next((r for r in s["browser"]["rows"] if r["page"] == label and r["round"] == rnd), None)
                    if r is None:
                        cells.append("–")
                        continue
                    f = r["first_map"]
                    if r.get("error") or r["drawn"] is None:
                        cells.append("failed")
                        continue
                    cells.append((f"{f:.2f}{_mark(f < TARGET_FIRST_MAP_S)} ({r['drawn']:.2f})" if f is not None
                                  else f"– ({r['drawn']:.2f})"))
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines.append("")
        for s in heads:
            b = s["browser"]
            firsts = [(r["page"], [x[0] for x in r.get("samples", [])]) for r in b["rows"]
                      if r["round"] == "first visit" and len(r.get("samples", [])) > 1]
            if firsts:
                lines.append(f"- First visits on each server, {s['label']}: " + "; ".join(
                    f"{page} " + " / ".join("–" if x is None else f"{x:.2f}" for x in xs)
                    for page, xs in firsts if any(x is not None for x in xs)) + " s.")
            if b.get("peak_rss"):
                ok = b["peak_rss"] / 2**30 < TARGET_RSS_GB
                lines.append(f"- Server memory, {s['label']}: {b['rss_start'] / 2**20:,.0f} MB after start, peak "
                             f"(VmHWM, the highest of the servers) {b['peak_rss'] / 2**20:,.0f} MB{_mark(ok)} after "
                             f"visiting every page twice, {b['rss_end'] / 2**20:,.0f} MB at the end.")
        lines.append("")
    return lines


def _pandas(scales: dict) -> list[str]:
    lines, heads = [], [s for s in scales.values() if s.get("pandas")]
    if heads:
        lines += ["### Baseline: the same aggregations in pandas over the same parquet files (ms, median)", "",
                  "| aggregation (query) | " + " | ".join(f"{s['label']} pandas | {s['label']} DuckDB | ratio"
                                                          for s in heads) + " |",
                  "|---|" + "---:|---:|---:|" * len(heads)]
        for i, r0 in enumerate(heads[0]["pandas"]):
            cells = []
            for s in heads:
                r = s["pandas"][i]
                cells += [_ms(r["pandas"]), _ms(r["duckdb"]), f"{r['duckdb'] / r['pandas']:.2f}"
                          + ("" if r["same_answer"] else " (answers differ!)")]
            lines.append(f"| {r0['aggregation']} (`{r0['query']}`) | " + " | ".join(cells) + " |")
        lines += ["", "ratio = DuckDB / pandas (below 1: DuckDB faster). Both read the parquet files each time.", ""]
    return lines


def _queries(scales: dict) -> list[str]:
    lines, heads = [], [s for s in scales.values() if s.get("queries")]
    if heads:
        lines += ["### Queries: uncached DuckDB execution (ms)", "", _loads(scales, "queries"),
                  "Each `queries/*.sql` run on a fresh cursor without the result cache (`db.execute_uncached`), "
                  "with parameters derived from what it binds: both maps, the whole country and Hà Nội (01), "
                  "the year 2025 and, for queries over a period, the whole history on the old map. The worst "
                  "variant of each query is shown; first = first call in the process (connection "
                  + ", ".join(f"{s['label']} {s['queries']['connect_s']:.1f} s" for s in heads)
                  + "), then p50 / p95 over the following runs "
                  + ", ".join(f"({s['queries']['rows'][0]['runs']} at {s['label']})" for s in heads) + ".", ""]
        lines.append("| query | worst variant | " + " | ".join(f"{s['label']} first | p50 | p95" for s in heads) + " |")
        lines.append("|---|---|" + "---:|---:|---:|" * len(heads))
        names = sorted({r["query"] for r in heads[0]["queries"]["rows"]})
        for n in names:
            worst = {}
            for s in heads:
                rs = [r for r in s["queries"]["rows"] if r["query"] == n]
                worst[s["label"]] = max(rs, key=lambda r: r["p50"]) if rs else None
            last = heads[-1]["label"]
            cells = []
            for s in heads:
                w = worst[s["label"]]
                tgt = TARGET_S["demo" if s["scale"] == 1 else "scaled"]
                cells += [_ms(w["first"]), _ms(w["p50"]) + _mark(w["p50"] < tgt), _ms(w["p95"])] if w else ["–"] * 3
            lines.append(f"| {n} | {worst[last]['variant'] if worst[last] else '–'} | " + " | ".join(cells) + " |")
        lines.append("")
        lines += ["<details><summary>Every variant</summary>", "",
                  "| query | variant | rows | " + " | ".join(f"{s['label']} p50" for s in heads) + " |",
                  "|---|---|---:|" + "---:|" * len(heads)]
        for r in heads[0]["queries"]["rows"]:
            cells = []
            for s in heads:
                o = next((x for x in s["queries"]["rows"] if x["query"] == r["query"] and x["variant"] == r["variant"]),
                         None)
                cells.append(_ms(o["p50"]) if o else "–")
            lines.append(f"| {r['query']} | {r['variant']} | {r['rows']:,} | ".replace(",", ".") + " | ".join(cells) + " |")
        lines += ["", "</details>", ""]
    return lines


def render_before_after(before: dict, res: dict) -> str:
    """The figures of a run beside those of the run kept as the baseline (docs/benchmarks-before.json)."""
    lines = [f"### Before → after (baseline: {before['machine']['date']}, load average "
             f"{' / '.join(str(x) for x in before['machine']['load_start'])})", ""]
    heads = [k for k in ("demo", "scaled") if k in res["scales"] and k in before["scales"]]
    lab = {k: res["scales"][k]["label"] for k in heads}

    def rows_of(scale, section):
        return {(r["page"], r["what"]): r for r in (before["scales"][scale].get(section) or {}).get("rows", [])}

    if any(res["scales"][k].get("pages") for k in heads):
        lines += ["Pages, server time of a cold run (ms; every query missing the cache):", "",
                  "| page | view / interaction | " + " | ".join(f"{lab[k]} before | {lab[k]} after" for k in heads) + " |",
                  "|---|---|" + "---:|---:|" * len(heads)]
        keys = [(r["page"], r["what"]) for r in res["scales"][heads[0]]["pages"]["rows"]]
        for key in keys:
            cells = []
            for k in heads:
                b = rows_of(k, "pages").get(key)
                a = next((r for r in res["scales"][k].get("pages", {}).get("rows", []) if (r["page"], r["what"]) == key), None)
                tgt = TARGET_S["demo" if k == "demo" else "scaled"]
                cells += [_ms(b["cold"]) if b and b.get("cold") is not None else "–",
                          (_ms(a["cold"]) + _mark(a["cold"] < tgt)) if a and a.get("cold") is not None else "–"]
            lines.append(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
        lines.append("")
    qb = {k: before["scales"][k].get("queries", {}).get("rows", []) for k in heads}
    qa = {k: res["scales"][k].get("queries", {}).get("rows", []) for k in heads}
    if all(qb.values()) and all(qa.values()):
        def worst(rows, name):
            rs = [r for r in rows if r["query"] == name]
            return max((r["p50"] for r in rs), default=None)
        last = heads[-1]
        names = sorted({r["query"] for r in qb[last]}, key=lambda n: -(worst(qb[last], n) or 0))[:15]
        lines += ["The slowest queries of the baseline, worst variant's p50 (ms, uncached):", "",
                  "| query | " + " | ".join(f"{lab[k]} before | {lab[k]} after" for k in heads) + " |",
                  "|---|" + "---:|---:|" * len(heads)]
        for n in names:
            lines.append(f"| {n} | " + " | ".join(f"{_ms(worst(qb[k], n))} | {_ms(worst(qa[k], n))}" for k in heads) + " |")
        lines.append("")
    mb, ma = before["scales"].get("demo", {}).get("maps"), res["scales"].get("demo", {}).get("maps")
    if mb and ma:
        lines += ["Map figures sent to the browser (MB of JSON):", "", "| map | before | after |", "|---|---:|---:|"]
        old = {r["map"]: r for r in mb}
        for r in ma:
            o = old.get(r["map"])
            lines.append(f"| {r['map']} | {o['bytes'] / 1e6:.2f} | {r['bytes'] / 1e6:.2f}{_mark(r['bytes'] / 1e6 < TARGET_MAP_MB)} |"
                         if o else f"| {r['map']} | – | {r['bytes'] / 1e6:.2f} |")
        lines.append("")
    bb = {k: before["scales"][k].get("browser") for k in heads}
    ba = {k: res["scales"][k].get("browser") for k in heads}
    if all(bb.values()) and all(ba.values()):
        lines += ["First map in Chromium (s, first visit / again):", "",
                  "| page | " + " | ".join(f"{lab[k]} before | {lab[k]} after" for k in heads) + " |",
                  "|---|" + "---:|---:|" * len(heads)]

        def cell(rows, page):
            out = []
            for rnd in ("first visit", "again (cached)"):
                r = next((r for r in rows if r["page"] == page and r["round"] == rnd), None)
                v = r and (r.get("first_map") if r.get("first_map") is not None else r.get("drawn"))
                out.append("–" if v is None else f"{v:.2f}")
            return " / ".join(out)
        for label in _visited(ba[heads[0]]["rows"]):
            lines.append(f"| {label} | " + " | ".join(f"{cell(bb[k]['rows'], label)} | {cell(ba[k]['rows'], label)}"
                                                      for k in heads) + " |")
        lines.append("")
        lines.append("Server peak memory (VmHWM): " + "; ".join(
            f"{lab[k]} {bb[k]['peak_rss'] / 2**20:,.0f} → {ba[k]['peak_rss'] / 2**20:,.0f} MB" for k in heads
            if bb[k].get("peak_rss") and ba[k].get("peak_rss")) + ".")
        lines.append("")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    write_between(text, START, END)

