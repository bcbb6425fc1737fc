"""Benchmark of briefing exports (not a test): the captioned PNG of each page's main chart on the demo
snapshot, cold (the first image starts the one kaleido browser of the process) and warm (best and
median of N, browser running, queries cached), plus SVG, the data files and a five-chart pack.

Usage: python bench/export.py [N]     (target: a warm PNG export under 2 s)
"""
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from antq.view import briefing

from antq.figures import export

from antq import views  # noqa: E402
URLS = [
    "/overview",
    "/overview?map=2024&province=01",
    "/models",
    "/models?level=commune",                     # national commune map (3,321 communes)
    "/models?map=2024&level=commune",            # national commune map on the old map (10,040 communes)
    "/tipoffs",
    "/tipoffs?section=where",
    "/festival?year=2022",
    "/compare?provinces=01,79,48",
]


def timed(fn, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main(n: int = 5) -> None:
    t0 = time.perf_counter()
    v, c = export_cli.chart_for_url(URLS[0])
    export.image_bytes(export.captioned_figure(c.fig, chart.chart_caption(v, c), "slide"))
    print(f"cold: first PNG of the process (browser start + queries) {time.perf_counter() - t0:.2f} s\n")
    print(f"{'view':<40} {'build':>7} {'PNG best':>9} {'PNG med':>8} {'report':>7} {'SVG':>6} {'CSV':>6} {'XLSX':>6}")
    charts = []
    for url in URLS:
        t0 = time.perf_counter()
        v, c = export_cli.chart_for_url(url)
        build = time.perf_counter() - t0
        cap = chart.chart_caption(v, c)
        charts.append((c.fig, cap))

        def png(size="slide"):
            # what a click on the download button runs: caption, layout, render
            return export.image_bytes(export.captioned_figure(c.fig, chart.chart_caption(v, c), size), "png")

        png()  # warm: the first export of a figure pays the rewinding of its boundary layer once
        warm = timed(png, n)
        report = timed(lambda: png("report"), 1)[0]
        svg = timed(lambda: export.image_bytes(export.captioned_figure(c.fig, cap, "slide"), "svg"), 1)[0]
        csv = timed(lambda: export.csv_bytes(c.data, cap), 1)[0]
        xlsx = timed(lambda: export.xlsx_bytes(c.data, cap), 1)[0]
        print(f"{url:<40} {build:7.2f} {min(warm):9.2f} {statistics.median(warm):8.2f} {report:7.2f} {svg:6.2f} "
              f"{csv:6.3f} {xlsx:6.3f}")
    pack = charts[:5]
    print(f"\npack of {len(pack)} charts: PPTX {timed(lambda: export.pptx_bytes(pack), 1)[0]:.2f} s, "
          f"PDF {timed(lambda: export.pdf_bytes(pack), 1)[0]:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
