#!/usr/bin/env bash
# Second command: run every test (unit, query, page, data and end-to-end in headless Chromium).
# setup.sh (without serving) installs what the tests need: the Python packages, Debian's chromium.
#   ./test.sh                 everything (what CI runs)
#   ./test.sh fast            the everyday lane: no browser, no builds, no slow test (-m "not e2e and not slow")
#   ./test.sh tests/app ...   any other arguments go to pytest (a folder, -k, -m "not e2e", ...)
set -euo pipefail
cd "$(dirname "$0")"
ANTQ_NO_SERVE=1 ./setup.sh
if [ "${1:-}" = "fast" ]; then
  shift
  set -- -m "not e2e and not slow" "$@"
fi
exec .venv/bin/python -m pytest -q "$@"
