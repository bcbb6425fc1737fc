"""The clicks section: every page's everyday interactions on the real server (`python -m antq serve`),
driven in headless Chromium, from the click to the page settled.

One server on the snapshot measured, one browser signed in as the bench account (1600×1100). On each
page's view (its URL from bench/scenarios.py), each interaction goes back and forth between two choices
(a figure, a section, a year, the map's level, the administrative map): once unrecorded, so the
queries it asks are cached as a second person would find them, then ROUNDS times each way, recorded.

A click's time runs from the pointer going down on the choice (a capturing listener in the page) to
the page settled: the script run it started has ended and neither the page's elements nor any map
has changed for QUIET_MS (a MutationObserver over the document, and each MapLibre map's `render`
event: the last frame a map painted counts). Changes inside a <canvas> are left out: a canvas's
children are fallback content, never painted (the data grid keeps its table for screen readers
there). The server's CPU seconds over the same span are read from /proc. On the models page, at its
national commune map, the browser's own floor under a map interaction is measured too
(bench/map_floor.py). Nothing here is a test: the bench prints, saves and writes docs/benchmarks.md.
"""
from __future__ import annotations

import contextlib
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import map_floor, scenarios
from bench.common import ROOT, say, write_between
from bench.procs import cpu_seconds

QUIET_MS = 600
ROUNDS = 3
TIMEOUT_MS = 120_000
TARGET_S = {"demo": 0.3, "scaled": 1.0}  # the issue's: click → page settled on the real server
FLOOR_PAGE = "models"  # its first interaction goes to the national commune map, where the map floor is measured

WATCH = """() => {
  if (window.__antq) return;
  const w = window.__antq = {down: 0, last: 0, idle: 0, runs: 0, running: false, hooked: new WeakSet()};
  document.addEventListener('pointerdown', () => { w.down = performance.now(); w.last = w.down; }, true);
  // a canvas's children are its fallback content, never painted: the data grids keep a table for screen
  // readers there, refreshed after a delay, which changes nothing a person sees
  const painted = r => {  // the element whose children changed, or the parent of the node that changed
    const el = r.type === 'childList' ? r.target : r.target.parentElement;
    return !(el && el.closest('canvas'));
  };
  new MutationObserver(rs => { if (rs.some(painted)) w.last = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const app = () => document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    const state = app() && app().dataset.testScriptState;
    if (state === 'running') { w.runs += 1; w.running = true; }
    else if (w.running) { w.running = false; w.idle = performance.now(); }  // the run's last message came
  })
    .observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
  setInterval(() => {  // MapLibre paints on a canvas: no element changes, so listen to its frames
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      const full = gd._fullLayout || {};
      for (const k of Object.keys(full)) {
        const map = k.startsWith('map') && full[k] && full[k]._subplot && full[k]._subplot.map;
        if (map && !w.hooked.has(map)) { w.hooked.add(map); map.on('render', () => { w.last = performance.now(); }); }
      }
    }
  }, 50);
}"""
SETTLED = """([runs, quiet]) => {
  const w = window.__antq, app = document.querySelector('[data-testid="stApp"]');
  return w.runs > runs && app && app.dataset.testScriptState === 'notRunning' && performance.now() - w.last > quiet;
}"""


@dataclass(frozen=True)
class Click:
    """An interaction: a widget by its label, and the two choices it goes between (the texts shown)."""
    label: str
    kind: str        # "select" (a selectbox), "radio", "segment" (a segmented control)
    widget: str
    there: str
    back: str
    sidebar: bool = False


def clicks() -> list[tuple[str, dict, list[Click]]]:
    """(page slug, its view's URL parameters, its interactions), in the app's Vietnamese."""
    from antq.features.overview import metrics as cm
    from antq.i18n import t

    def tx(key):
        return t(key, "vi")

    return [
        ("overview", {}, [
            Click("map figure (the map's fragment)", "select", tx("overview_map_metric"),
                  cm.metric_name("festival_participants", "vi"), cm.metric_name("coverage", "vi")),
            Click("administrative map 2025 ↔ 2024 (the whole page)", "radio", tx("sidebar_map"),
                  tx("map_2024"), tx("map_2025"), sidebar=True),
        ]),
        ("models", {}, [
            Click("map by commune ↔ province (3,321 communes)", "segment", tx("models_level"),
                  tx("models_level_commune"), tx("models_level_province")),
        ]),
        ("tipoffs", {}, [
            Click("section: funnel ↔ where (national map)", "radio", tx("tipoffs_section"),
                  tx("tipoffs_section_where"), tx("tipoffs_section_funnel")),
            Click("section: funnel ↔ periods", "radio", tx("tipoffs_section"),
                  tx("tipoffs_section_periods"), tx("tipoffs_section_funnel")),
        ]),
        ("festival", {}, [
            Click("year", "select", tx("festival_year"), "2022", "2025"),
            Click("map figure", "radio", tx("festival_metric"), tx("festival_m_participants_per_1k"),
                  tx("festival_m_sites_per_10k")),
        ]),
        ("compare", scenarios.THREE, [
            Click("figure (map, trend, communes)", "select", tx("compare_metric"),
                  cm.metric_label("festival_participants", "capita", "vi"), cm.metric_label("tips", "capita", "vi")),
            Click("basis: per 1,000 people ↔ per commune", "radio", tx("compare_basis"),
                  tx("compare_basis_commune"), tx("compare_basis_capita")),
        ]),
    ]


def _choose(page, c: Click, option: str) -> None:
    root = page.locator('[data-testid="stSidebar"]') if c.sidebar else page.locator('[data-testid="stMain"]')
    if c.kind == "select":
        root.locator('[data-testid="stSelectbox"]').filter(has_text=c.widget).click()
        page.get_by_role("option", name=option, exact=True).click()
    elif c.kind == "radio":
        root.locator('[data-testid="stRadio"]').filter(has_text=c.widget).get_by_text(option, exact=True).click()
    else:
        root.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name=option, exact=True).click()


def _once(page, pid: int, c: Click, option: str) -> tuple[float, float, float]:
    """Seconds from the pointer down to the page settled and to the script's run ended (the server's
    part, as the page saw it), and the server's CPU seconds meanwhile."""
    runs = page.evaluate("window.__antq.runs")
    cpu0 = cpu_seconds({pid})
    _choose(page, c, option)
    page.wait_for_function(SETTLED, arg=[runs, QUIET_MS], timeout=TIMEOUT_MS, polling=100)
    cpu = cpu_seconds({pid}) - cpu0
    down, last, idle = page.evaluate("[window.__antq.down, window.__antq.last, window.__antq.idle]")
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"{c.label}: an error on the page after choosing {option}")
    return (last - down) / 1000, (idle - down) / 1000, cpu


def bench_clicks(snapshot_id: str, root: Path | None, rounds: int = ROUNDS) -> dict:
    """Every page's interactions on one fresh server; each figure is over the recorded clicks of both
    directions (median, highest)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.browser import IDLE, _server_pid, drawn_selector
    from bench.signin import SIGNIN_FIELD, sign_in_browser
    from tests.e2e import browser_page, streamlit_server

    drawn, rows, floor = drawn_selector(snapshot_id), [], None
    env = {"ANTQ_SNAPSHOTS_DIR": str(root)} if root else {}
    with streamlit_server(env) as base, browser_page() as page:
        pid = _server_pid(base)
        for slug, params, page_clicks in clicks():
            page.goto(base + scenarios.url(slug, snapshot_id, params))
            page.wait_for_selector(f"{SIGNIN_FIELD}, {drawn}", timeout=TIMEOUT_MS)
            sign_in_browser(page, TIMEOUT_MS)
            page.wait_for_selector(drawn, timeout=TIMEOUT_MS)
            page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
            page.evaluate(WATCH)
            for c in page_clicks:
                try:
                    for option in (c.there, c.back):  # unrecorded: the queries are cached after this
                        _once(page, pid, c, option)
                    samples = [_once(page, pid, c, option) for _ in range(rounds) for option in (c.there, c.back)]
                    error = None
                except Exception as e:  # a widget a change renamed, or a timeout: reported, not hidden
                    samples, error = [], f"{type(e).__name__}: {str(e)[:200]}"
                secs, runs, cpus = ([x[i] for x in samples] for i in range(3))
                rows.append({"page": slug, "click": c.label, "error": error, "samples": samples,
                             "p50": statistics.median(secs) if secs else None, "max": max(secs) if secs else None,
                             "run_p50": statistics.median(runs) if runs else None,
                             "cpu_p50": statistics.median(cpus) if cpus else None})
                r = rows[-1]
                say(f"    {slug:9s} {c.label:52s} " + (f"FAILED: {error}" if error else
                    f"settled p50 {r['p50']:.2f} s, max {r['max']:.2f} s; run ended p50 {r['run_p50']:.2f} s; "
                    f"server CPU p50 {r['cpu_p50']:.2f} s"))
            if slug == FLOOR_PAGE:
                floor = _floor(page, pid, page_clicks[0])
    return {"rows": rows, "rounds": rounds, "quiet_ms": QUIET_MS, "floor": floor}


def _floor(page, pid: int, c: Click) -> dict:
    """The map floor (bench/map_floor.py) on the national commune map; the page is put back after."""
    try:
        _once(page, pid, c, c.there)
        out = map_floor.measure(page)
        _once(page, pid, c, c.back)
    except Exception as e:  # reported, not hidden; the interactions' figures stand without it
        return {"error": f"{type(e).__name__}: {str(e)[:200]}"}
    say("    map floor: " + map_floor.summary(out))
    return out


def table(res: dict, scale: str) -> str:
    target = TARGET_S[scale]
    lines = ["| page | interaction | click → settled, p50 s | highest s | click → run ended, p50 s | server CPU s (p50) |",
             "|---|---|---:|---:|---:|---:|"]
    for r in res["rows"]:
        if r["error"]:
            lines.append(f"| {r['page']} | {r['click']} | failed: {r['error']} | | | |")
            continue
        mark = " ✗" if r["max"] > target else ""
        lines.append(f"| {r['page']} | {r['click']} | {r['p50']:.2f} | {r['max']:.2f}{mark} | {r['run_p50']:.2f} "
                     f"| {r['cpu_p50']:.2f} |")
    return "\n".join(lines)


START, END = "<!-- clicks:start -->", "<!-- clicks:end -->"
HEADING = "## Interactions on the real server: click → page settled (issue 22)"


def render(res: dict) -> str:
    """The section's part of docs/benchmarks.md: the run, then a table per snapshot."""
    m = res["machine"]
    out = [f"Run: {m['date']} · `python -m bench {res['args']}` · {m['cores']} cores · load average "
           f"{' / '.join(map(str, m['load_start']))} at the start. Chromium headless (WebGL in software), "
           f"1600×1100, one browser signed in; each interaction back and forth, once unrecorded (its queries "
           f"cached), then recorded; settled = no painted element (a canvas's fallback content aside) and no "
           f"map frame changed for {QUIET_MS} ms. "
           f"✗: over {TARGET_S['demo']} s on the demo, {TARGET_S['scaled']} s on the larger snapshot."]
    for scale, sc in res["scales"].items():
        if "clicks" in sc:
            out += ["", f"**{sc['label']}** (snapshot `{sc['id']}`):", "", table(sc["clicks"], scale)]
            floor = sc["clicks"].get("floor") or {}
            if floor.get("error"):
                out += ["", f"The map floor: failed: {floor['error']}"]
            elif floor:
                out += ["", map_floor.table(floor)]
    return "\n".join(out)


def write_doc(text: str) -> None:
    write_between(text, START, END, HEADING)


if __name__ == "__main__":  # python -m bench.clicks: the demo only, printed
    from bench.signin import bench_account

    with bench_account(), contextlib.suppress(KeyboardInterrupt):
        t0 = time.perf_counter()
        out = bench_clicks("demo", None)
        print(table(out, "demo"))
        print(f"{time.perf_counter() - t0:.0f} s")
