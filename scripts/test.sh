#!/usr/bin/env bash
# Set up everything the tests need (apertium, chromium, the test extra) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
