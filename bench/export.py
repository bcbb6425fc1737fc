"""Exports in detail (not a test): the main chart of every page with one (antq/view/pages.py), and a
few of their views, built by the command-line export (`antq.cli.export.chart_for_url`) on the demo
snapshot and written as a captioned PNG, cold (the first image starts the one kaleido browser of the
process) and warm (best and median of N, browser running, queries cached); then the report-size PNG,
SVG, the data files and a five-chart pack. The target: a warm PNG export under 2 s.

    python bench/export.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# views beyond each page's default one, by page: the heaviest maps and the page's other figures
VARIANTS = {
    "overview": ["map=2024&province=01"],
    "models": ["level=commune",            # national commune map (3,321 communes)
               "map=2024&level=commune"],  # national commune map on the old map (10,040 communes)
    "tipoffs": ["section=where"],
    "festival": ["year=2022"],
    "compare": ["provinces=01,79,48"],
}


def urls() -> list[str]:
    from antq.view import pages

    return [u for p in pages.chart_pages() for u in (f"/{p.slug}", *(f"/{p.slug}?{q}" for q in VARIANTS.get(p.slug, ())))]


def timed(fn, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/export.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="warm PNG exports per view (best and median)")
    n = ap.parse_args(argv).repeat

    from antq.cli import export as export_cli
    from antq.figures import chart, export, sheets, slides

    views = urls()
    t0 = time.perf_counter()
    v, c = export_cli.chart_for_url(views[0])
    export.image_bytes(export.captioned_figure(c.fig, chart.chart_caption(v, c), "slide"))
    print(f"cold: first PNG of the process (browser start + queries) {time.perf_counter() - t0:.2f} s\n")
    print(f"{'view':<40} {'build':>7} {'PNG best':>9} {'PNG med':>8} {'report':>7} {'SVG':>6} {'CSV':>6} {'XLSX':>6}")
    charts = []
    for url in views:
        t0 = time.perf_counter()
        v, c = export_cli.chart_for_url(url)
        build = time.perf_counter() - t0
        cap = chart.chart_caption(v, c)
        charts.append((c.fig, cap))

        def png(size="slide", v=v, c=c):
            # what a click on the download button runs: caption, layout, render
            return export.image_bytes(export.captioned_figure(c.fig, chart.chart_caption(v, c), size), "png")

        png()  # the first export of a figure pays the rewinding of its boundary layer once
        warm = timed(png, n)
        report = timed(lambda: png("report"), 1)[0]
        svg = timed(lambda: export.image_bytes(export.captioned_figure(c.fig, cap, "slide"), "svg"), 1)[0]
        csv = timed(lambda: sheets.csv_bytes(c.data, cap), 1)[0]
        xlsx = timed(lambda: sheets.xlsx_bytes(c.data, cap), 1)[0]
        print(f"{url:<40} {build:7.2f} {min(warm):9.2f} {statistics.median(warm):8.2f} {report:7.2f} {svg:6.2f} "
              f"{csv:6.3f} {xlsx:6.3f}")
    pack = charts[:5]
    print(f"\npack of {len(pack)} charts: PPTX {timed(lambda: slides.pptx_bytes(pack), 1)[0]:.2f} s, "
          f"PDF {timed(lambda: slides.pdf_bytes(pack), 1)[0]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
