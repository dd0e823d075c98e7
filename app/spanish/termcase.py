"""The glossary entry's capitals win in running text ("el presidente Nayib Bukele", "un juez federal").

Engines copy the English capital ("President Nayib Bukele" -> "Presidente Nayib Bukele") and a
free translation that already has the term is never restored, so case is fixed after enforcement:
every occurrence of a term's rendering takes the entry's own spelling, except that a sentence may
still start with a capital. A proper name (a rendering that starts with a capital) or a kept name
is therefore always written as the curator wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.terms import Term, spans

CASED_KINDS = ("translate", "keep")
# Text before a sentence start: nothing, or a sentence end, then opening quotes and brackets.
_SENTENCE_START = re.compile(r"(^|[.!?:]\s)[\s\"'“‘«¿¡(\[—–-]*$")


def entry_case(text: str, terms: Sequence[Term]) -> str:
    """Write each term's rendering in the entry's case, keeping a capital that opens a sentence."""
    targets = {t.target.casefold(): t.target for t in terms if t.kind in CASED_KINDS and t.target}
    if not targets:
        return text
    out = text
    for start, end, target in spans(text, targets.values()):
        found = text[start:end]
        wanted = targets[target.casefold()]
        if _SENTENCE_START.search(text[:start]) and wanted[:1].islower():
            wanted = wanted[:1].upper() + wanted[1:]
        if found != wanted and found.casefold() == wanted.casefold() and len(found) == len(wanted):
            out = out[:start] + wanted + out[end:]
    return out
