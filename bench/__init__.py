"""The benchmark: speed you can see, measured on the demo snapshot and on one N times larger (not a test).

    python -m antq bench [--scale 10] [--quick] [--only SECTIONS] [--pages overview,compare] [--no-doc]
    python -m bench ...                       (the same)

It prints every figure, saves them to data/bench/results-<time>.json and writes them into
docs/benchmarks.md between its markers (the hand-written text around them is kept; `--no-doc` leaves
the file alone). docs/benchmarks.md says what each figure means and what was done about the slow ones.

The sections, and the module that measures each:

  queries  every queries/*.sql uncached, with parameters derived from what it binds    bench/queries.py
  pandas   the main aggregations in pandas over the same files, checked equal          bench/queries.py
  pages    every page under AppTest, default view and heaviest interactions,           bench/pages.py
           cold and warm, in a process of its own warmed as the server warms itself
  maps     the JSON size of every kind of map figure                                   bench/pages.py
  export   the PNG of a national map                                                   bench/pages.py
  browser  `python -m antq serve` and headless Chromium: the first map drawn, and     bench/browser.py
           the server's peak memory

and around them:

  bench/cli.py        the command: arguments, the snapshots, the sections in turn, the results file
  bench/common.py     paths, targets, the machine, the larger snapshot, percentiles
  bench/signin.py     the run's temporary account, and signing in under AppTest and in Chromium
  bench/scenarios.py  what the bench does on each page of the registry (antq/view/pages.py), and the
                      URLs it opens, written by the app's view model (antq/view/model.py)
  bench/report.py     the markdown written into docs/benchmarks.md

The other scripts here time one page or one task in more detail and only print: overview.py (Tổng
quan and So sánh), models.py, tipoffs.py, festival.py, data.py (Dữ liệu), export.py (the command-line
export of every page's chart), imports.py (a 30-row and a 50,000-row report imported: time and peak
memory), word_report.py (the Word report, cold and warm), profile_server.py (py-spy on the real server
while people sign in one after another: where a session's server CPU goes, by kind). Run them as
`python bench/<name>.py --help` (profile_server: `python -m bench.profile_server [N]`).

Importing this package does nothing: each module imports the app when it is used.
"""
