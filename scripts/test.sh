#!/usr/bin/env bash
# Set up everything the tests need (apertium, chromium, the test extra, and as root a local
# PostgreSQL for the PostgreSQL variant of the concurrency test) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# A real LibreTranslate in a venv of its own for tests/test_engine_libretranslate.py (made once,
# ~2 minutes; later runs reuse it). If it cannot be made, those tests skip (or fail under CI).
bash scripts/libretranslate.sh >/dev/null || echo "warning: scripts/libretranslate.sh failed" >&2
if [ -z "${PARALELO_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> local PostgreSQL for the PostgreSQL tests"
  PARALELO_TEST_POSTGRES_URL=$(bash scripts/postgres.sh | tail -n 1)
  export PARALELO_TEST_POSTGRES_URL
fi
exec .venv/bin/python -m pytest "$@"
