"""Command line: `python -m antq <command>`.

  setup        build what is missing: boundary layers, then the demo snapshot
  serve        serve the dashboard (options are passed to `streamlit run`)
  build-geo    rebuild the boundary layers [--if-missing]    (antq.build.geo.build)
  demo         build the demo snapshot [--scale N] [--replace] (antq.build.demo.build)
  template     write the report template of a province: --province 74 --out FILE.xlsx   (antq.ingest.template)
  import       validate provincial reports and write them into a new snapshot:
               FILE [FILE...] [--province 74] [--period-from D --period-to D] [--check]  (antq.ingest.importer)
  accounts     sign-in accounts: list | add NAME --role R | passwd NAME | disable NAME | enable NAME
               | bootstrap   (antq.cli.accounts; the first administrator is made by setup and serve)
  bench        measure speed on the demo and a 10x snapshot, write docs/benchmarks.md (not a test):
               [--scale 10] [--quick] [--only queries,pandas,pages,maps,export,browser]  (bench.run)
"""
from __future__ import annotations

import sys
import time


def setup() -> int:
    from antq.auth import accounts
    from antq.cli import accounts as accounts_cli
    from antq.build.demo import build as demo
    from antq.build.geo import build as geo_build
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
    if cmd == "serve":
        from antq.cli import serve
        return serve.main(rest)
    if cmd == "build-geo":
        from antq.build.geo import build as geo_build
        return geo_build.main(rest)
    if cmd == "demo":
        from antq.build.demo import build as demo
        return demo.main(rest)
    if cmd == "template":
        from antq.ingest import template
        return template.main(rest)
    if cmd == "accounts":
        from antq.cli import accounts as accounts_cli
        return accounts_cli.main(rest)
    if cmd == "bench":
        from bench import run as bench
        return bench.main(rest)
    if cmd == "import":
        from antq.ingest import importer as ingest
        return ingest.main(rest)
    if cmd == "export":
        import logging

        # the queries' cache works without a Streamlit server: say nothing about it on a terminal
        logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
            lambda r: "No runtime found" not in r.getMessage())
        from antq.view import briefing
        return briefing.main(rest)
    print(f"Lệnh không rõ: {cmd}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
