#!/usr/bin/env bash
# Install everything Paralelo needs: Debian packages (as root), a virtualenv in .venv, the app,
# and the compiled interface catalogs. Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_packages=(apertium apertium-eng-spa)
[ "$want_test" = 1 ] && apt_packages+=(chromium)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! Not installed: ${missing[*]}."
    echo "!! On Debian/Ubuntu run as root: apt-get install ${missing[*]}"
    echo "!! Without an engine the app still runs and tells you how to install one."
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
extra=""
[ "$want_test" = 1 ] && extra="[test]"
echo "==> pip install -e .$extra"
.venv/bin/pip install -q -e ".$extra"
# argostranslate without its declared stack (stanza, spaCy, torch: gigabytes Paralelo never imports);
# its package management needs only ctranslate2, sentencepiece, packaging and sacremoses (above).
if ! .venv/bin/python -c "import argostranslate.package" 2>/dev/null; then
  echo "==> pip install --no-deps argostranslate"
  .venv/bin/pip install -q --no-deps "argostranslate>=1.9.6"
fi
# axe-core (npm) for the accessibility checks in the browser tests, installed here, never at test time
if [ "$want_test" = 1 ] && [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  echo "==> npm install axe-core"
  npm install --no-save --no-audit --no-fund --silent "axe-core@4"
fi
echo "==> interface catalogs (compiled .mo files are committed; this refreshes them)"
.venv/bin/pybabel compile -d translations >/dev/null
