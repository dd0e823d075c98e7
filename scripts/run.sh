#!/usr/bin/env bash
# Set up (see setup.sh; a no-op when nothing changed) and serve Paralelo with waitress on
# http://$HOST:$PORT (default 127.0.0.1:5000; set HOST and PORT to change them). The first start loads
# the bundled glossary and imports + translates the bundled CECOT article.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PARALELO_DATA_DIR=${PARALELO_DATA_DIR:-$PWD/instance}
# Local single-user mode by default when serving on loopback: no login, changes only from this
# computer. Set PARALELO_AUTH=on (and create users) to serve a team.
if [ "${HOST:-127.0.0.1}" = "127.0.0.1" ]; then export PARALELO_AUTH=${PARALELO_AUTH:-off}; fi
echo "==> Paralelo on http://${HOST:-127.0.0.1}:${PORT:-5000}/  (data in $PARALELO_DATA_DIR)"
exec .venv/bin/waitress-serve --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}" --call app:create_app
