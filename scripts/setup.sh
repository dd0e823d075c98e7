#!/usr/bin/env bash
# Install everything Paralelo needs: Debian packages (as root), a virtualenv in .venv, the app,
# and the compiled interface catalogs. Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_packages=(apertium apertium-eng-spa)
# tests: a browser, axe-core (npm), OmegaT (and its Java), xmllint, translate-toolkit's xliff2po/pofilter,
# a Redis server for the scale-out test, openssl for the TLS fetch test
[ "$want_test" = 1 ] && apt_packages+=(chromium omegat libxml2-utils translate-toolkit redis-server openssl)
# npm for axe-core: machines that ship Node.js have it already (Debian's npm conflicts with their nodejs)
if [ "$want_test" = 1 ] && ! command -v npm >/dev/null; then apt_packages+=(npm); fi

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
# pip runs only when what it installs changed: a stamp holds the hash of pyproject.toml and this script
stamp=.venv/.paralelo-installed
if [ "$want_test" = 1 ]; then stamp=.venv/.paralelo-installed-test; fi
wanted=$(cat pyproject.toml "$0" | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  # pip 23.2 (what Python 3.11's venv ships) crashes resolving lxml[html-clean], which trafilatura and
  # readability-lxml both ask for ("Candidate is not for this requirement"); newer pips resolve it.
  .venv/bin/pip install -q --upgrade "pip>=24"
  echo "==> pip install -e .$extra"
  .venv/bin/pip install -q -e ".$extra"
  # argostranslate without its declared stack (stanza, spaCy, torch: gigabytes Paralelo never imports);
  # its package management needs only ctranslate2, sentencepiece, packaging and sacremoses (above).
  if ! .venv/bin/python -c "import argostranslate.package" 2>/dev/null; then
    echo "==> pip install --no-deps argostranslate"
    .venv/bin/pip install -q --no-deps "argostranslate>=1.9.6"
  fi
  echo "$wanted" > "$stamp"
  if [ "$want_test" = 1 ]; then echo "$wanted" > .venv/.paralelo-installed; fi  # it holds the plain one too
else
  echo "==> .venv is up to date (pyproject.toml unchanged)"
fi
if [ "$want_test" = 1 ]; then
  # axe-core for the accessibility tests (tests/support/axe.py): the npm package, into .cache/axe
  if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null; then
      echo "==> npm install axe-core (accessibility tests)"
      npm install --prefix .cache/axe axe-core@4 --silent --no-audit --no-fund
    else
      echo "!! npm is not installed: the axe-core accessibility tests will be skipped (apt-get install npm)."
    fi
  fi
fi
# the compiled catalogs are committed; refresh them only where a .po is newer than its .mo
for po in translations/*/LC_MESSAGES/messages.po; do
  if [ "$po" -nt "${po%.po}.mo" ]; then .venv/bin/pybabel compile -d translations >/dev/null; break; fi
done
