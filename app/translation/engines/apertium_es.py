"""Apertium spa-eng: Spanish sentences with their terms protected for the engine, and restored after.

A glossary noun is stood in for by a common Spanish noun of the same gender and number that spa-eng
translates one to one ("los [pandilleros] detenidos" -> "los árboles detenidos" -> "the trees
detained" -> "the gang members detained"): the engine then parses the sentence as it is, where a
superblank would leave "los" and "detenidos" side by side. A number is stood in for by a number; names,
dates and anything a stand-in cannot carry go through as superblanks (passed verbatim). Where a
stand-in does not come out exactly once, the sentence is done again with superblanks only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.terms import Term
from app.english.enforce import restore
from app.spanish.unknown import Translated, strip_marks

from .apertium_format import _TERM, NUMBER_STANDINS, Protected, escape

# (gender, number) -> (Spanish, English) nouns spa-eng translates one to one.
NOUN_STANDINS = {
    ("m", "sg"): (("árbol", "tree"), ("caballo", "horse"), ("libro", "book")),
    ("f", "sg"): (("ventana", "window"), ("silla", "chair"), ("casa", "house")),
    ("m", "pl"): (("árboles", "trees"), ("caballos", "horses"), ("libros", "books")),
    ("f", "pl"): (("ventanas", "windows"), ("sillas", "chairs"), ("casas", "houses")),
}
_UNESCAPE = re.compile(r"\\(.)")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_ADDED_STOP = re.compile(r"\s*\.\s*$")


def protect(sentence: str, terms: Sequence[Term], nouns: bool, nonce: str) -> Protected:
    """Escape a Spanish sentence for `-f none`, each term replaced by a stand-in noun, a number or a marker."""
    lowered = sentence.lower()
    free = {key: [p for p in pairs if not re.search(rf"\b{p[0]}\b", lowered)] for key, pairs in NOUN_STANDINS.items()}
    free_numbers = [n for n in NUMBER_STANDINS if n not in sentence]
    pieces: list[str] = []
    markers: dict[str, Term] = {}
    standins: dict[str, str] = {}  # English stand-in noun (or number) -> marker
    pos = 0
    for i, term in enumerate(sorted(terms, key=lambda t: t.start)):
        if term.start < pos:
            continue
        pieces.append(escape(sentence[pos : term.start]))
        marker = _TERM.format(nonce=nonce, i=i)
        markers[marker] = term
        pos = term.end
        pool = free.get((_gender(term), term.number or "sg"))
        if nouns and term.kind == "translate" and pool:
            spanish, english = pool.pop(0)
            standins[english] = marker
            pieces.append(spanish)
        elif nouns and term.kind == "number" and free_numbers:
            number = free_numbers.pop(0)
            standins[number] = marker
            pieces.append(number)
        else:
            pieces.append(marker)
    pieces.append(escape(sentence[pos:]))
    text = "".join(pieces)
    full_stop = not _ENDS_SENTENCE.search(text)
    return Protected(text + " ." if full_stop else text, markers, standins, full_stop)


def _gender(term: Term) -> str:
    """The gender the Spanish words around the term agree with: a feminine form's own, else the entry's."""
    head = term.source.split(" ")[0].lower()
    if head.endswith(("a", "as")) and term.kind == "translate":
        return "f"
    return term.gender if term.gender in ("m", "f") else "m"


def finish(text: str, protected: Protected, source: str) -> Translated | None:
    """Restore the terms in one sentence of spa-eng output; None if a stand-in got lost."""
    text, unknown = strip_marks(text.strip(), source)
    if protected.full_stop:
        text = _ADDED_STOP.sub("", text)
    for english, marker in protected.nouns.items():
        found = list(re.finditer(rf"(?<![\w.,]){re.escape(english)}(?![\w]|[.,]\d)", text, re.IGNORECASE))
        if len(found) != 1:
            return None
        text = text[: found[0].start()] + marker + text[found[0].end() :]
    return Translated(restore(_UNESCAPE.sub(r"\1", text), protected.markers), unknown)
