"""English left in the translation: words the engine did not know, and whole clauses copied.

A word counts when it stands in both the original and the translation, is not a name, not part of a
glossary rendering, not capitalised in mid-sentence in the original (a name or a title word), and
unknown to the Spanish analyser (so "hospital" or "federal", which Spanish shares, never count).
Where the engine says which words it did not know (Apertium), only those count: a word Apertium
translated as itself is Spanish even where the analyser's dictionary lacks it, and a first word the
engine took for a name ("Young people") counts as the English it is. Five or more words
copied in a row, or the whole sentence, is an error: a clause was not translated.
"""

from __future__ import annotations

from app.core.messages import N_
from app.core.states import Severity
from app.english import quantities as english

from .base import WORD, Issue, Pair, fold, inside

NAME = "untranslated"
CALENDAR = frozenset(english.MONTHS + english.WEEKDAYS + tuple(a.rstrip(".") for a in english.MONTH_ABBREVIATIONS))
MIN_LETTERS = 3
RUN = 5  # copied words in a row that make a clause


def candidates(pair: Pair) -> list[str]:
    """Words of the translation that also stand in the original (outside glossary renderings), as written."""
    source_words = {fold(w) for w in WORD.findall(pair.source)}
    spans = pair.term_spans()
    names = {fold(n) for name in (pair.names or []) for n in name.split()}
    names |= _capitalised_inside(pair.source)
    out = []
    for m in WORD.finditer(pair.target):
        word = m.group(0)
        key = fold(word)
        if len(word) < MIN_LETTERS or key not in source_words or key in names or inside(m.start(), spans):
            continue
        out.append(word)
    return list(dict.fromkeys(out))


def _capitalised_inside(source: str) -> set[str]:
    """Words capitalised in mid-sentence in the original: names or title words, not English left over (but a
    month or a weekday is always translated)."""
    words = list(WORD.finditer(source))
    return {fold(m.group(0)) for m in words[1:] if m.group(0)[:1].isupper() and m.group(0) not in CALENDAR}


def _copied_run(pair: Pair) -> int:
    """The longest run of words the translation copies from the original, in order."""
    source = [fold(w) for w in WORD.findall(pair.source)]
    target = [fold(w) for w in WORD.findall(pair.target)]
    best = 0
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(source):
        positions.setdefault(w, []).append(i)
    for j, w in enumerate(target):
        for i in positions.get(w, []):
            n = 0
            while i + n < len(source) and j + n < len(target) and source[i + n] == target[j + n]:
                n += 1
            best = max(best, n)
    return best


def check(pair: Pair) -> list[Issue]:
    """An error for a copied clause; else a warning listing the English words left."""
    words = WORD.findall(pair.source)
    if len(words) >= 3 and fold(" ".join(words)) == fold(" ".join(WORD.findall(pair.target))):
        return [Issue(NAME, Severity.ERROR, N_("The sentence was left in English."))]
    engine_unknown = None if pair.unknown is None else {fold(w) for w in pair.unknown}
    left = [w for w in candidates(pair) if fold(w) in pair.common_initial or (
        fold(w) in pair.spanish_unknown and (engine_unknown is None or fold(w) in engine_unknown))]
    run = _copied_run(pair)
    if run >= RUN and len(left) >= 2:
        return [Issue(NAME, Severity.ERROR, N_("A clause was left in English (%(words)s words copied)."),
                      {"words": run})]
    if left:
        return [Issue(NAME, Severity.WARNING, N_("Left in English: %(words)s."), {"words": ", ".join(left)})]
    return []


