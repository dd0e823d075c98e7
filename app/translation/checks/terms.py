"""Glossary terms missing from the translation, or not as the entry says: the term report, as checks.

The report itself is made where the translation is made (app.core.terms.report, re-checked on a
post-edit); this check reads it, so that a missing term counts like any other failed check.
"""

from __future__ import annotations

from app.core.messages import N_
from app.core.states import Severity
from app.core.terms import TERM_KINDS

from .base import Issue, Pair

NAME = "term"


def check(pair: Pair) -> list[Issue]:
    """An error per glossary term of the report whose rendering the translation lacks."""
    return [
        Issue(NAME, Severity.ERROR, N_("The glossary says %(source)s is %(target)s; the translation lacks it."),
              {"source": t.get("source", ""), "target": t.get("target", ""), "entry": t.get("entry")})
        for t in pair.terms
        if t.get("status") == "missing" and t.get("kind") in TERM_KINDS
    ]
