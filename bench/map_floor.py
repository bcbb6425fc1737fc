"""The floor a map sets under an interaction: what the browser alone needs to draw a map, measured in
the dashboard's own page (part of the clicks section, bench/clicks.py).

On a page whose map is drawn and settled, three things are timed inside the page, each to the map's
last frame (MapLibre's `render` events, none for QUIET_MS after):

- `new_map`: a new MapLibre map, the size of the page's map, with that map's style, sources and layers
  (what the browser does when Streamlit rebuilds a chart whose figure changed, without Plotly's part);
- `in_place`: the page's map given new colours in place (`setData` on its largest GeoJSON source: what
  an in-place update of the figure would cost at least);
- `pan_frame`: one frame of the page's map panning, every tile loaded (a frame's cost once drawn).

No interaction that draws a map can settle sooner than `in_place` after its script run has ended. The
page is left as it was: the extra map is removed, and the colours come back with the next rerun.
"""
from __future__ import annotations

import statistics

QUIET_MS = 800
DEADLINE_MS = 30_000
TIMES = 3

_MAP = """const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map);
  const m = gd && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
  if (!m) throw new Error('no map on the page');"""
# `t0` is each script's own start, read when the interval runs; `finish` gets the seconds to the last
# frame, or null when the map painted nothing within DEADLINE_MS (so the bench never waits for ever)
_UNTIL_QUIET = """const done = (fr, finish) => { const iv = setInterval(() => {
    const now = performance.now() - t0, last = fr.length ? fr[fr.length - 1] : null;
    if ((last !== null && now - last > %d) || now > %d) { clearInterval(iv); finish(last === null ? null : last / 1000); } }, 10); };""" % (QUIET_MS, DEADLINE_MS)

NEW_MAP = """() => new Promise(res => { %s %s
  const st = m.getStyle(), old = m.getContainer(), div = document.createElement('div');
  div.style.cssText = `position:fixed;left:0;top:0;width:${old.clientWidth}px;height:${old.clientHeight}px`;
  document.body.appendChild(div);
  const fr = [], t0 = performance.now();
  const n = new m.constructor({container: div, style: st, center: m.getCenter(), zoom: m.getZoom(), attributionControl: false});
  n.on('render', () => fr.push(performance.now() - t0));
  done(fr, s => { n.remove(); div.remove(); res(s); }); })""" % (_MAP, _UNTIL_QUIET)

IN_PLACE = """() => new Promise(res => { %s %s
  const st = m.getStyle();
  const ids = Object.keys(st.sources).filter(k => st.sources[k].type === 'geojson' && st.sources[k].data && st.sources[k].data.features);
  ids.sort((a, b) => st.sources[b].data.features.length - st.sources[a].data.features.length);
  const data = st.sources[ids[0]].data;
  for (const f of data.features) {
    f.properties = Object.assign({}, f.properties);
    for (const k in f.properties) if (typeof f.properties[k] === 'string' && f.properties[k].startsWith('rgb'))
      f.properties[k] = `rgb(${(Math.random() * 255) | 0},120,160)`;
  }
  const fr = [], t0 = performance.now(), h = () => fr.push(performance.now() - t0);
  m.on('render', h);
  m.getSource(ids[0]).setData(data);
  done(fr, s => { m.off('render', h); res(s); }); })""" % (_MAP, _UNTIL_QUIET)

PAN = """() => new Promise(res => { %s
  const fr = [], t0 = performance.now(), h = () => fr.push(performance.now() - t0);
  const median = xs => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] / 1000;
  m.on('render', h);
  m.panBy([30, 0], {duration: 600});
  setTimeout(() => { m.off('render', h); m.panBy([-30, 0], {duration: 0});
    const gaps = fr.slice(1).map((t, i) => t - fr[i]); res(gaps.length ? median(gaps) : null); }, 1200); })""" % _MAP


def measure(page, times: int = TIMES) -> dict:
    """Seconds to the last frame, `times` each, on `page` (a page whose map is drawn and settled)."""
    out = {"new_map": [], "in_place": [], "pan_frame": []}
    for _ in range(times):
        out["new_map"].append(page.evaluate(NEW_MAP))
        page.wait_for_timeout(500)
        out["in_place"].append(page.evaluate(IN_PLACE))
        page.wait_for_timeout(500)
        out["pan_frame"].append(page.evaluate(PAN))
        page.wait_for_timeout(300)
    out["map_px"] = page.evaluate("() => { %s return [m.getCanvas().clientWidth, m.getCanvas().clientHeight]; }" % _MAP)
    return out


ROWS = (("new_map", "a new MapLibre map with the page's style and layer (a rebuilt chart, without Plotly's part)"),
        ("in_place", "the same map given new colours in place (`setData` on its source)"),
        ("pan_frame", "one frame of that map panning, its tiles loaded (median frame)"))


def _times(res: dict, key: str) -> list[float]:
    return [x for x in res.get(key, []) if x is not None]  # None: nothing painted within DEADLINE_MS


def summary(res: dict) -> str:
    """One line for the terminal: the median of each."""
    return ", ".join(f"{key} {statistics.median(xs):.2f} s" if (xs := _times(res, key)) else f"{key} –" for key, _ in ROWS)


def table(res: dict) -> str:
    w, h = res.get("map_px") or (0, 0)
    lines = [f"The floor a map sets (models, national communes, map {w} × {h} px), seconds to the last frame:", "",
             "| what the browser does | each time | median |", "|---|---|---:|"]
    for key, label in ROWS:
        if xs := _times(res, key):
            lines.append(f"| {label} | {', '.join(f'{x:.2f}' for x in xs)} | {statistics.median(xs):.2f} |")
    return "\n".join(lines)
