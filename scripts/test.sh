#!/usr/bin/env bash
# Set up everything the tests need (apertium, chromium, the test extra, and as root a local
# PostgreSQL for the PostgreSQL variant of the concurrency test) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
if [ -z "${PARALELO_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> local PostgreSQL for the PostgreSQL tests"
  PARALELO_TEST_POSTGRES_URL=$(bash scripts/postgres.sh | tail -n 1)
  export PARALELO_TEST_POSTGRES_URL
fi
exec .venv/bin/python -m pytest "$@"
