#!/usr/bin/env bash
# Set up everything the tests need and run the whole suite (arguments go to pytest). On a fresh
# machine, as root on Debian, this installs with apt-get: apertium + apertium-eng-spa, chromium,
# omegat, xmllint, translate-toolkit, redis-server, openssl (and npm where missing); makes .venv with
# the test extra; puts axe-core (npm) and a LibreTranslate venv (~1 GB, ~2 minutes once) under .cache/;
# and starts the system PostgreSQL with a paralelo/paralelo role and a paralelo_test database for the
# PostgreSQL tests. PostgreSQL is stopped again at the end if this script started it
# (PARALELO_KEEP_POSTGRES=1 keeps it running). Later runs reuse everything and only run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# A real LibreTranslate in a venv of its own for tests/integration/test_engine_libretranslate.py (made once,
# ~2 minutes; later runs reuse it). If it cannot be made, those tests skip (or fail under CI).
bash scripts/libretranslate.sh >/dev/null || echo "warning: scripts/libretranslate.sh failed" >&2
started_postgres=""
if [ -z "${PARALELO_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> local PostgreSQL for the PostgreSQL tests"
  was_online=$(pg_lsclusters --no-header 2>/dev/null | grep -c online || true)
  PARALELO_TEST_POSTGRES_URL=$(bash scripts/postgres.sh | tail -n 1)
  export PARALELO_TEST_POSTGRES_URL
  [ "${was_online:-0}" = 0 ] && started_postgres=1
fi
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ -n "$started_postgres" ] && [ "${PARALELO_KEEP_POSTGRES:-0}" != 1 ]; then
  echo "==> stopping the PostgreSQL this script started (PARALELO_KEEP_POSTGRES=1 keeps it)"
  pg_lsclusters --no-header | awk '$4 == "online" {print $1, $2}' | while read -r version cluster; do
    pg_ctlcluster "$version" "$cluster" stop || true
  done
fi
exit $status
