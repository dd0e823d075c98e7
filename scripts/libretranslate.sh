#!/usr/bin/env bash
# A venv with a real LibreTranslate for the libretranslate engine tests and benchmark, kept apart
# from Paralelo's venv (LibreTranslate pins an old Flask). spaCy is there for its offline sentence
# splitter (ARGOS_CHUNK_TYPE=SPACY, see tests/support/libretranslate.py); no torch is pulled in.
# Idempotent and quiet: made once under .cache/libretranslate-venv (PARALELO_LIBRETRANSLATE_VENV
# overrides), then reused. Prints the venv's path.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.9.6
VENV=${PARALELO_LIBRETRANSLATE_VENV:-.cache/libretranslate-venv}
MARK="$VENV/.paralelo-libretranslate-$VERSION"
if [ ! -f "$MARK" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "libretranslate==$VERSION" "spacy>=3.7"
  "$VENV/bin/python" -c "import libretranslate, spacy" >/dev/null
  touch "$MARK"
fi
echo "$VENV"
