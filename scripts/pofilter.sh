#!/bin/sh
# Check an XLIFF 1.2 export with translate-toolkit's pofilter, without the checks that are wrong for
# Spanish output (see "Interchange file layouts" in docs/user-guide.md):
#   isfuzzy        machine output is marked fuzzy on purpose (needs-review-translation)
#   acronyms       "U.S." is "EE. UU." in Spanish, never "U.S"
#   sentencecount  the period inside "EE. UU." is not a sentence end
#   puncspacing    "EE. UU." has a space after its first period
# Usage: scripts/pofilter.sh ARTICLE.xlf [REPORT.po]   (needs Debian's translate-toolkit)
set -eu
in=$1
out=${2:-${in%.*}.pofilter.po}
po=$(mktemp --suffix=.po)
trap 'rm -f "$po"' EXIT
xliff2po --progress=none "$in" "$po"
pofilter --progress=none --excludefilter=isfuzzy --excludefilter=acronyms \
  --excludefilter=sentencecount --excludefilter=puncspacing -i "$po" -o "$out"
echo "pofilter report: $out"
