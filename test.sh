#!/usr/bin/env bash
# Second command: run every test (unit, query, page, data and end-to-end in headless Chromium).
# setup.sh (without serving) installs what the tests need: the Python packages, Debian's chromium.
#   ./test.sh                 everything (what CI runs)
#   ./test.sh fast            the everyday lane: no browser, no builds, no slow test (-m "not e2e and not slow")
#   ./test.sh tests/app ...   any other arguments go to pytest (a folder, -k, -m "not e2e", ...)
set -euo pipefail
cd "$(dirname "$0")"
ANTQ_NO_SERVE=1 ./setup.sh
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
  # the office-file tests open exports as office software does: Debian's LibreOffice without GUI, poppler
  echo "[test] Cài LibreOffice (không giao diện) và poppler của Debian cho các kiểm tra tệp văn phòng…"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui \
    libreoffice-impress-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core >/dev/null
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # the state store's tests start a PostgreSQL server of their own (tests/store/pg.py): Debian's packages
  echo "[test] Cài PostgreSQL của Debian cho các kiểm tra kho trạng thái…"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql >/dev/null
fi
if ! [ -x /usr/sbin/nginx ]; then
  # several processes behind nginx (tests/e2e/test_replicas_e2e.py starts `antq serve --replicas 3`)
  echo "[test] Cài nginx của Debian cho các kiểm tra nhiều tiến trình…"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 \
    || $SUDO apt-get install -y -qq nginx >/dev/null
  $SUDO service nginx stop >/dev/null 2>&1 || true  # the package's own server is not used
fi
if [ "${1:-}" = "fast" ]; then
  shift
  set -- -m "not e2e and not slow" "$@"
fi
exec .venv/bin/python -m pytest -q "$@"
