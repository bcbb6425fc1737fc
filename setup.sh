#!/usr/bin/env bash
# First command: set everything up on a fresh Debian machine with Python 3.11 and serve the dashboard
# on http://localhost:8501. Safe to run again: it only builds what is missing.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "[setup] Tạo môi trường ảo .venv bằng $PY"
  "$PY" -m venv .venv || { echo "Không tạo được venv: cài gói python3-venv (apt-get install python3-venv)" >&2; exit 1; }
fi
echo "[setup] Cài các gói Python đã ghim phiên bản (requirements.txt)…"
.venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -r requirements.txt | grep -v "^Requirement already satisfied" || true
.venv/bin/python -c "import streamlit, duckdb, geopandas" || { echo "Cài đặt gói Python thất bại" >&2; exit 1; }
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "DejaVu Sans"; then
  # Debian's Chromium renders exported images (kaleido) and runs the end-to-end tests; DejaVu gives
  # every Vietnamese diacritic. Both come from Debian's packages, nothing is downloaded at run time.
  echo "[setup] Cài Chromium và phông DejaVu của Debian (xuất ảnh biểu đồ)…"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-dejavu-core fontconfig >/dev/null
fi
.venv/bin/python -m antq setup
[ "${ANTQ_NO_SERVE:-0}" = "1" ] && exit 0
echo "[setup] Mở bảng điều khiển tại http://localhost:${PORT:-8501}"
exec .venv/bin/python -m antq serve --server.port "${PORT:-8501}" --server.address 0.0.0.0
