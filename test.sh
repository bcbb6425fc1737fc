#!/usr/bin/env bash
# Second command: run every test (unit, query, page, data and end-to-end in headless Chromium).
# Installs what the tests need: the Python packages, and Debian's chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
ANTQ_NO_SERVE=1 ./setup.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "[test] Cài Chromium của Debian cho kiểm thử đầu-cuối…"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
exec .venv/bin/python -m pytest -q "$@"
