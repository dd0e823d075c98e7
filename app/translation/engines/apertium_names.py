"""Names used as noun modifiers, turned round before Apertium: "CECOT prisoners" -> "los presos del CECOT".

English puts a name before the noun it modifies ("CECOT prisoners", "ICE officers", "Rikers inmates");
Spanish needs it after, in a "de" phrase with the article the name takes ("del CECOT", "de Rikers").
Apertium leaves such a name where it stands ("CECOT presos") and then reads it as the subject, so
the verb loses its number ("no recibe"). Apertium does turn an English genitive round, and keeps the
verb's number when it does ("John's prisoners do not receive" -> "Los prisioneros de John no
reciben"), so the English is rewritten before translation:

- "[the] [ADJ...] NAME NOUN..." -> "NAME's [ADJ...] NOUN..." (definite: "the" goes, Spanish adds "los");
- "a/two/many/these/... [ADJ...] NAME NOUN..." and after "and"/"or" -> "... NOUN... of NAME".

A name is a `keep` glossary term or a capitalised word the English analyser does not know; a noun is
a word the tagger reads as a common noun or a glossary term with a gender. The name is then stood in
for by a name Apertium knows (the engine's STANDINS), and `de` before it becomes "del"/"de la" when
the name has a gender (app.translation.engines.apertium).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from app.core.terms import Term
from app.english.tagger import Word

_POSSESSIVE_AFTER = ("'", "’")
# Before the name (skipping adjectives) these ask for the "of" form: the genitive would make it definite.
_OF_FORM_BEFORE = frozenset({"det", "num", "predet", "cnjcoo", "prn"})


@dataclasses.dataclass(frozen=True)
class Turned:
    """A rewritten sentence, its terms at their new offsets, and the name terms now in a genitive."""

    text: str
    terms: list[Term]
    genitives: list[Term]


def turn_round(sentence: str, terms: Sequence[Term], words: Sequence[Word] | None) -> Turned:
    """Move every name that modifies a following noun after that noun, as an English genitive."""
    terms = list(terms)
    if not words:
        return Turned(sentence, terms, [])
    names = _names(sentence, terms, words)
    if not names:
        return Turned(sentence, terms, [])
    pieces: list[tuple[int, int] | str] = []  # spans of the old sentence and inserted text, in order
    pos = 0
    genitives: dict[Term, bool] = {}  # name -> turned into an English possessive ("CECOT's")
    for name in names:
        rewrite = _rewrite(sentence, name, terms, words)
        if rewrite is None or rewrite.cut < pos:
            continue
        pieces.append((pos, rewrite.cut))
        pieces.extend(rewrite.pieces)
        pos = rewrite.end
        genitives[name] = rewrite.possessive
    if not genitives:
        return Turned(sentence, terms, [])
    pieces.append((pos, len(sentence)))
    text, moved = _assemble(sentence, pieces)
    extra = [t for t in genitives if t not in terms]  # unknown names become keep terms of their own
    new = {t: _moved(t, moved, genitives.get(t, False)) for t in terms + extra}
    return Turned(text, sorted(new.values(), key=lambda t: t.start), [new[t] for t in genitives])


@dataclasses.dataclass(frozen=True)
class _Rewrite:
    cut: int  # where the rewritten stretch starts in the old sentence
    end: int  # where it ends
    pieces: list[tuple[int, int] | str]
    possessive: bool  # "NAME's NOUN" (else "NOUN of NAME")


def _names(sentence: str, terms: Sequence[Term], words: Sequence[Word]) -> list[Term]:
    """Keep terms and unknown capitalised words (as keep terms), left to right."""
    found = [t for t in terms if t.kind == "keep" and not t.possessive]
    for i, w in enumerate(words):
        if w.known or not w.surface[:1].isupper() or not w.surface.replace("-", "").isalnum():
            continue  # a proper noun Apertium knows it places itself ("Oficiales de Nevada")
        if (i == 0 or words[i - 1].pos in ("sent", "lquot")) and not w.surface.isupper():
            continue  # a capital opening a sentence may be any word the analyser lacks ("Inmates")
        if any(t.start < w.end and w.start < t.end for t in terms):
            continue
        found.append(Term(w.start, w.end, w.surface, w.surface, kind="keep"))
    return sorted(found, key=lambda t: t.start)


def _rewrite(sentence: str, name: Term, terms: Sequence[Term], words: Sequence[Word]) -> _Rewrite | None:
    """How to turn this name round, or None when no noun follows it directly."""
    end = _noun_run(sentence, name.end, terms, words)
    if end is None or sentence.startswith(_POSSESSIVE_AFTER, end):
        return None  # no noun after it, or the noun phrase is itself a possessive ("CECOT prisoners' families")
    first = _index_at(words, name.start)
    if first is None:
        return None
    k = first - 1
    while k >= 0 and _modifier(words[k]) and sentence[words[k].end : words[k + 1].start] == " ":
        k -= 1
    adjectives = words[k + 1].start if k + 1 < first else name.start
    before = words[k] if k >= 0 else None
    noun = (name.end + 1, end)
    name_span = (name.start, name.end)
    if before is not None and before.pos in _OF_FORM_BEFORE and before.lemma.lower() != "the":
        # "two CECOT prisoners" -> "two prisoners of CECOT"
        return _Rewrite(adjectives, end, [(adjectives, name.start), noun, " of ", name_span], possessive=False)
    cut = adjectives
    if before is not None and before.lemma.lower() == "the" and sentence[before.end : adjectives] == " ":
        cut = before.start  # the genitive is definite on its own
    return _Rewrite(cut, end, [name_span, "'s ", (adjectives, name.start), noun], possessive=True)


def _modifier(word: Word) -> bool:
    """An adjective, or a nationality the tagger reads as a noun ("the Venezuelan Tren de Aragua gang")."""
    return word.pos == "adj" or (word.pos == "n" and word.surface[:1].isupper())


def _noun_run(sentence: str, start: int, terms: Sequence[Term], words: Sequence[Word]) -> int | None:
    """The end of the nouns that follow `start` one space apart ("CECOT| prison guards"), or None."""
    end = None
    pos = start
    while sentence[pos : pos + 1] == " ":
        nxt = pos + 1
        term = next((t for t in terms if t.start == nxt), None)
        if term is not None:
            if term.kind != "translate" or term.gender is None or term.possessive:
                break
            pos = end = term.end
            continue
        word = next((w for w in words if w.start == nxt), None)
        if word is None or word.pos != "n" or any(t.start < word.end and nxt < t.end for t in terms):
            break
        pos = end = word.end
    return end


def _index_at(words: Sequence[Word], start: int) -> int | None:
    return next((i for i, w in enumerate(words) if w.start == start), None)


def _assemble(sentence: str, pieces: list[tuple[int, int] | str]) -> tuple[str, dict[int, int]]:
    """The new text, and for every old offset that was copied, its new offset (each is copied once)."""
    out: list[str] = []
    moved: dict[int, int] = {}
    length = 0
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            length += len(piece)
            continue
        s, e = piece
        for i in range(s, e):
            moved[i] = length + i - s
        out.append(sentence[s:e])
        length += e - s
    return "".join(out), moved


def _moved(term: Term, moved: dict[int, int], possessive: bool) -> Term:
    """The term at its new offsets; a name turned into an English possessive is marked so."""
    start = moved[term.start]
    return dataclasses.replace(term, start=start, end=start + term.end - term.start,
                               possessive=term.possessive or possessive)
