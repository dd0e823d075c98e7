"""Names and acronyms of the original that the translation drops or translates as common words.

"ICE" -> "hielo", "Trump" -> "Triunfo", "Ellen Park" -> "Ellen Aparca", "LAS VEGAS" -> "LAS VEGA". A name
counts as kept in its Spanish form too ("New York" -> "Nueva York", app.spanish.exonyms); names inside
glossary terms are left to the term check.
"""

from __future__ import annotations

import re

from app.core.messages import N_
from app.core.states import Severity
from app.spanish.exonyms import spanish_forms

from .base import Issue, Pair, fold

NAME = "name"


def _present(name: str, target: str) -> bool:
    folded = fold(target)
    for form in spanish_forms(name):
        key = fold(form).rstrip(".")
        if key and re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", folded):
            return True
    if name.endswith(("'s", "’s")):
        return _present(name[:-2], target)
    return False


def check(pair: Pair) -> list[Issue]:
    """A warning per name of the original the translation does not have (names from app.english.names)."""
    if not pair.names:
        return []
    missing = list(dict.fromkeys(n for n in pair.names if not _present(n, pair.target)))
    if not missing:
        return []
    return [Issue(NAME, Severity.WARNING, N_("Names missing or changed: %(names)s."), {"names": ", ".join(missing)})]
