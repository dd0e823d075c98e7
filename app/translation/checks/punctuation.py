"""Brackets and quotation marks that do not pair up, and doubled words (translate-toolkit's pofilter checks).

Doubled words are pofilter's own `doublewords`. Brackets and quotation marks are counted here:
pofilter's `brackets` also flags brackets a translator adds on purpose ("(ICE)" after the agency's
Spanish name), and its `doublequoting` wants the English marks where Spanish rightly writes “ ” or
« ». A quotation may span sentences, so marks are flagged only where the translation does not pair
them up and the original does, or where the original has some and the translation none.
"""

from __future__ import annotations

import functools

from app.core.messages import N_
from app.core.states import Severity

from .base import Issue, Pair

PAIRS = (("“", "”"), ("«", "»"))
BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))


@functools.cache
def _checker():
    """pofilter's standard checker for Spanish, made on first use (translate-toolkit loads in ~50 ms)."""
    from translate.filters import checks as pofilter

    return pofilter.StandardChecker(pofilter.CheckerConfig(targetlanguage="es")), pofilter.FilterFailure


def _failed(test, source: str, target: str) -> bool:
    try:
        test(source, target)
    except _checker()[1]:
        return True
    return False


def _unbalanced(text: str) -> bool:
    if text.count('"') % 2:
        return True
    return any(text.count(a) != text.count(b) for a, b in PAIRS)


def brackets(pair: Pair) -> list[Issue]:
    """A warning when the translation's brackets or quotation marks do not pair up as the original's do."""
    issues = []
    for opening, closing in BRACKETS:
        source_ok = pair.source.count(opening) == pair.source.count(closing)
        if (pair.target.count(opening) != pair.target.count(closing) and source_ok) or (
                opening in pair.source and opening not in pair.target):
            issues.append(Issue("brackets", Severity.WARNING, N_("Brackets are missing or do not pair up.")))
            break
    if _unbalanced(pair.target) and not _unbalanced(pair.source):
        issues.append(Issue("quotes", Severity.WARNING, N_("Quotation marks do not pair up.")))
    elif any(q in pair.source for q in '"“”«»') and not any(q in pair.target for q in '"“”«»'):
        issues.append(Issue("quotes", Severity.WARNING, N_("The original's quotation marks are missing.")))
    return issues


def doubled(pair: Pair) -> list[Issue]:
    """A warning for a word written twice in a row (unless the original doubles it too)."""
    if _failed(_checker()[0].doublewords, pair.source, pair.target) and not _failed(
            _checker()[0].doublewords, pair.source, pair.source):
        return [Issue("doubled", Severity.WARNING, N_("A word is written twice in a row."))]
    return []
