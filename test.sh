#!/usr/bin/env bash
# Second command: run every test (unit, query, page, data and end-to-end in headless Chromium).
# setup.sh (without serving) installs what the tests need: the Python packages, Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")"
ANTQ_NO_SERVE=1 ./setup.sh
exec .venv/bin/python -m pytest -q "$@"
