"""Command line: `python -m antq <command>`.

  setup        build what is missing: boundary layers, then the demo snapshot, then the first account
  serve        serve the dashboard (options are passed to `streamlit run`)          (antq.cli.serve)
               [--replicas N]: N processes behind nginx                           (antq.cli.replicas)
  build-geo    rebuild the boundary layers [--if-missing]                           (antq.build.geo.build)
  demo         build the demo snapshot [--scale N] [--replace]                      (antq.build.demo.build)
  template     write the report template of a province: --province 74 --out FILE.xlsx   (antq.ingest.template)
  import       validate provincial reports and write them into a new snapshot:
               FILE [FILE...] [--province 74] [--period-from D --period-to D] [--check]   (antq.ingest.command)
  accounts     sign-in accounts: list | add NAME --role R | passwd NAME | disable NAME | enable NAME
               | bootstrap                                                           (antq.cli.accounts)
  export       a shareable view's main chart as a file: "URL" --out FILE [--size slide|report]
                                                                                     (antq.cli.export)
  report       the periodic report (Word) of a view: "URL" --out FILE.docx|FOLDER [--no-charts]
                                                                                     (antq.cli.report)
  bench        measure speed and write docs/benchmarks.md (not a test; the benchmark lives outside the
               product, in bench/): [--scale 10] [--quick] [--only SECTIONS]
"""
from __future__ import annotations

import importlib
import sys
import time

# command -> the module whose main(argv) runs it
COMMANDS = {
    "serve": "antq.cli.serve",
    "build-geo": "antq.build.geo.build",
    "demo": "antq.build.demo.build",
    "template": "antq.ingest.template",
    "import": "antq.ingest.command",
    "accounts": "antq.cli.accounts",
    "export": "antq.cli.export",
    "report": "antq.cli.report",
    "bench": "bench.cli",
}


def setup() -> int:
    from antq.auth import accounts
    from antq.build.demo import build as demo
    from antq.build.geo import build as geo_build
    from antq.cli import accounts as accounts_cli

    t0 = time.time()
    print("[1/3] Lớp ranh giới (boundary layers)…", flush=True)
    geo_build.ensure_layers()
    print("[2/3] Bộ dữ liệu mô phỏng (demo snapshot)…", flush=True)
    demo.ensure_demo()
    print(f"[3/3] Tài khoản đăng nhập ({accounts.folder()})…", flush=True)
    accounts_cli.print_first_admin(accounts.bootstrap())
    print(f"Sẵn sàng sau {time.time() - t0:.0f} s.", flush=True)
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "setup":
        return setup()
    if cmd not in COMMANDS:
        print(f"Lệnh không rõ: {cmd}\n{__doc__}", file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[cmd]).main(rest)
