"""The pages under AppTest, the size of the map figures they send, and the PNG export of a map.

pages: every page of the registry the bench has a scenario for (bench/scenarios.py), its default view
and its heaviest interactions, cold and warm, timed as the server time of one script run:
  cold  the data layer's answer cache cleared, so every query misses (what the first person to ask
        for a view waits); the median of a few such runs, each the first run of the view in a new
        AppTest session, because one run on a shared machine is one noisy sample and a page may keep
        what it did for a session (an uploaded report is checked once);
  warm  the same run again, answers cached.
It runs in a process of its own (bench/cli.py starts it), warmed first as `python -m antq serve` warms
itself before it listens: a server never looks like a process that has just held the queries
section's and the pandas baseline's gigabytes of frames.

maps: the JSON of the models page's maps (it draws every kind), and the boundary layer's share of it.
export: `export.captioned_figure` + `export.image_bytes` of two national maps, three calls each.
"""
from __future__ import annotations

import gzip
import re
import statistics
import time

from bench import scenarios
from bench.common import ROOT, say
# bench_account and SIGNIN: a page opened with `open_page` signs in as the account bench_account makes
from bench.signin import SIGNIN, bench_account, sign_in_apptest  # noqa: F401


def open_page(script, query: dict, snapshot_id: str):
    """The dashboard under AppTest, signed in (inside `bench_account()`), on page `script` (a path,
    absolute or from the repository root) with the query string `query` of snapshot `snapshot_id`, run
    once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    q = {"snapshot": snapshot_id, **query}
    for k, v in q.items():
        at.query_params[k] = v
    at.run()
    sign_in_apptest(at)
    at.switch_page(str(script))
    for k, v in q.items():
        at.query_params[k] = v
    at.run()
    if at.exception:
        raise RuntimeError(f"{script} {query}: {at.exception}")
    return at


_app = open_page  # the name the tests of the bench call it by


def timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    s = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(str(at.exception))
    return s


def map_specs(at) -> list[dict]:
    """The plotly maps of the last run: JSON bytes sent at every run, gzip bytes, and the boundary layers
    they name (fetched by the browser once per page, antq/figures/layers.py)."""
    from antq.figures import layers

    out = []
    for el in at.get("plotly_chart"):
        spec = el.proto.spec
        if '"choroplethmap"' not in spec:
            continue
        raw = spec.encode()
        urls = re.findall(layers.URL_IN_JSON, spec)
        bodies = [layers.body(f"{layers.PREFIX}{name}.json") for name in set(urls)]
        out.append({"bytes": len(raw), "gzip": len(gzip.compress(raw, 6)),
                    "layer_bytes": sum(len(b.text) for b in bodies), "layer_gzip": sum(len(b.compressed) for b in bodies),
                    "layer_copies": len(urls), "spec": spec})
    return out


def warm_like_the_server() -> float:
    """What `python -m antq serve` does before it accepts requests (antq/cli/serve.py `warm`: the pages'
    imports, the snapshot list, the active snapshot's connection, the boundary layers, gc.freeze): a
    running server has done it, so it is done before the pages are timed (its time is reported)."""
    from antq.cli import serve

    t = time.perf_counter()
    serve.warm(say=lambda text: say("    " + text))
    return time.perf_counter() - t


def forget_answers() -> None:
    """Forget every cached query answer, whichever cache holds them (under AppTest the dashboard backs
    the data layer's cache with st.cache_data)."""
    from antq.data import cache

    cache.clear("data")


def forget_kept() -> None:
    """Forget what a snapshot keeps once computed beyond the answer cache: Dữ liệu's seed-fact check
    (antq/data/facts.py). A default view is timed without it (its first visit computes it); an
    interaction is timed as it happens, on a page drawn before, which has kept it."""
    from antq.data import facts

    facts.forget_checks()


def bench_pages(snapshot_id: str, warm_runs: int, quick: bool, only: set | None = None, cold_runs: int = 1) -> dict:
    rows = []
    layers_s = warm_like_the_server()
    say(f"    the server's warm-up (imports, connection, boundary layers) once for the process: {layers_s * 1000:.0f} ms")

    def record(slug, what, at, colds, warm):
        biggest = max((m["bytes"] for m in map_specs(at)), default=0)
        cold = statistics.median(colds)
        rows.append({"page": slug, "what": what, "cold": cold, "colds": colds, "warm": warm, "map_bytes": biggest})
        say(f"    {slug:9s} {what:52s} cold {cold * 1000:7.0f}  warm {warm * 1000:6.0f} ms"
            + (f"  (cold runs {' '.join(f'{c * 1000:.0f}' for c in colds)})" if len(colds) > 1 else "")
            + (f"  map {biggest / 1e6:.2f} MB" if biggest else ""))

    for page, scenario in scenarios.scenarios():
        if only and page.slug not in only:
            continue
        steps = scenario.steps[:1] if quick else scenario.steps
        for label, start, act in [("default view", scenario.default, None), *((s.label, s.start, s.act) for s in steps)]:
            try:
                query = scenarios.query(page.slug, snapshot_id, start)
                colds = []
                for _ in range(cold_runs):
                    at = open_page(page.script, query, snapshot_id)  # the page drawn once: imports and layers warm
                    if act:
                        act(at)
                    forget_answers()
                    if act is None:
                        forget_kept()
                    colds.append(timed_run(at))
                warm = statistics.median(timed_run(at) for _ in range(warm_runs))
                record(page.slug, label, at, colds, warm)
            except Exception as e:  # a page another change broke: say so, measure the others
                rows.append({"page": page.slug, "what": label, "cold": None, "warm": None, "map_bytes": 0,
                             "error": f"{type(e).__name__}: {str(e)[:300]}"})
                say(f"    {page.slug:9s} {label:52s} FAILED: {rows[-1]['error'][:200]}")
    return {"rows": rows, "maps": [], "layers_s": layers_s}


def bench_maps(snapshot_id: str) -> tuple[list[dict], dict]:
    """The largest map figure of each of the models page's views (scenarios.MAP_VIEWS); the specs are
    kept for the export section."""
    page = scenarios.page(scenarios.MAPS_PAGE)
    out, specs = [], {}
    for label, params in scenarios.MAP_VIEWS:
        at = open_page(page.script, scenarios.query(page.slug, snapshot_id, params), snapshot_id)
        m = max(map_specs(at), key=lambda x: x["bytes"])
        specs[label] = m["spec"]
        out.append({k: m[k] for k in ("bytes", "gzip", "layer_bytes", "layer_gzip", "layer_copies")} | {"map": label})
        say(f"    {label:42s} {m['bytes'] / 1e6:6.2f} MB (gzip {m['gzip'] / 1e6:5.2f} MB); layer once per page "
            f"{m['layer_bytes'] / 1e6:5.2f} MB (gzip {m['layer_gzip'] / 1e6:5.2f} MB)")
    return out, specs


EXPORTED = ("national provinces, map 2025 (34)", "national communes, map 2025 (3,321)")


def bench_export(specs: dict, snapshot_id: str) -> list[dict]:
    """The PNG of two national maps, captioned as the app captions an export of the default view."""
    import plotly.io as pio

    from antq.figures import chart, export

    view = scenarios.view(snapshot_id, {"map": "2025"})
    out = []
    for label in EXPORTED:
        fig = pio.from_json(specs[label])
        cap = chart.caption(view, label)
        times = []
        try:
            for _ in range(3):
                t = time.perf_counter()
                png = export.image_bytes(export.captioned_figure(fig, cap))
                times.append(time.perf_counter() - t)
        except Exception as e:  # kaleido or its browser missing: the other sections still count
            say(f"    PNG {label}: FAILED {type(e).__name__}: {str(e)[:200]}")
            continue
        out.append({"figure": label, "first": times[0], "second": times[1], "third": times[2], "png_bytes": len(png)})
        say(f"    PNG {label:42s} first {times[0]:5.2f} s, second {times[1]:5.2f} s, third {times[2]:5.2f} s"
            f"  ({len(png) / 1e6:.2f} MB)")
    return out
