"""Negation lost or added: "not", "never", "no" in the English against "no", "nunca", "ni" in the Spanish.

A lost negation is an error (the sentence says the opposite); an added one is a warning, and is not
reported where the English says something negative without a negative word ("unable", "unless",
"unclear", "without", "fail to"), which Spanish often renders with "no".
"""

from __future__ import annotations

import re

from app.core.messages import N_
from app.core.states import Severity

from .base import Issue, Pair

NAME = "negation"

_ENGLISH = re.compile(
    r"\b(?:not|never|no(?!\.\s*\d)|none|nobody|nothing|nowhere|neither|nor|cannot)\b|n['’]t\b", re.IGNORECASE)
_ENGLISH_IMPLIED = re.compile(
    r"\b(?:un(?:able|clear|less|aware|willing|likely|known)|without|fail(?:s|ed|ing)?|refus\w*|den(?:y|ies|ied)|"
    r"lack\w*|absen\w*|rather than|instead|any\w*|few(?:er)?|little|hardly|rarely|barely|seldom)\b",
    re.IGNORECASE)
_SPANISH = re.compile(
    r"(?<!\w)(?:no|nunca|jamás|ni|nadie|nada|ningún|ninguno|ninguna|ningunos|ningunas|tampoco)(?!\w)", re.IGNORECASE)
# Spanish phrases with "no" that negate nothing: "a no ser que" (unless), "no obstante" (however), "No." (número)
_SPANISH_NOT_NEGATIVE = re.compile(r"(?<!\w)(?:a no ser que|no obstante|no\.(?=\s*\d))", re.IGNORECASE)


def count_english(text: str) -> int:
    """Negative words of an English sentence."""
    return len(_ENGLISH.findall(text))


def count_spanish(text: str) -> int:
    """Negative words of a Spanish sentence."""
    return len(_SPANISH.findall(_SPANISH_NOT_NEGATIVE.sub(" ", text)))


def check(pair: Pair) -> list[Issue]:
    """An error if the translation has fewer negative words than the source; a warning if it has some and the
    source none."""
    source, target = count_english(pair.source), count_spanish(pair.target)
    if target < source:
        return [Issue(NAME, Severity.ERROR, N_("A negation of the original is missing (%(source)s in the original, "
                                               "%(target)s in the translation)."),
                      {"source": source, "target": target})]
    if source == 0 and target > 0 and not _ENGLISH_IMPLIED.search(pair.source):
        return [Issue(NAME, Severity.WARNING, N_("The translation says no where the original does not."))]
    return []
