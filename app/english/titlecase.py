"""Title Case headlines in sentence case for the engine: "Inmate Held Without Trial" reads as a sentence.

Engines copy a capital through ("recluso Aguantado Sin juicio"), so a headline written in Title Case
is given to them in sentence case; the English column keeps the headline as written. A capital stays
where it is a name: on the first word, an acronym, a word English always capitalises (days, months,
demonyms: app.english.words), a span the caller marks (capitalised glossary names), and a word the
English analyser knows only as a proper noun or does not know in lower case (Bukele, Texas).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core import apertium_stream

from .words import ALWAYS_CAPITALISED, PHRASES, SMALL_WORDS

ANALYSER = apertium_stream.DATA_DIR / "eng-spa.automorf.bin"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def is_title_case(text: str) -> bool:
    """Most words capitalised, small words aside, and not ALL CAPS: a headline in Title Case."""
    words = [w for w in _WORD.findall(text) if w.lower() not in SMALL_WORDS]
    if len(words) < 3 or text.upper() == text:
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def sentence_case(text: str, keep: Iterable[tuple[int, int]] = ()) -> str:
    """The Title Case headline in sentence case; the text unchanged when it is not one or cannot be read."""
    if not is_title_case(text):
        return text
    kept = list(keep) + [(m.start(), m.end()) for phrase in PHRASES for m in re.finditer(re.escape(phrase), text)]
    candidates = [m for m in _WORD.finditer(text)
                  if m.start() > 0 and m.group(0)[0].isupper() and not _protected(m, kept)]
    if not candidates:
        return text
    try:
        capital, lower = apertium_stream.readings(ANALYSER, [" ".join(m.group(0) for m in candidates),
                                                             " ".join(m.group(0).lower() for m in candidates)])
    except apertium_stream.TaggerError:
        return text
    if len(capital) != len(candidates) or len(lower) != len(candidates):
        return text  # a multiword unit joined two words: not worth the risk
    chars = list(text)
    for m, (_, as_written), (_, lowered) in zip(candidates, capital, lower, strict=True):
        proper = as_written and all(tags[:1] == ("np",) for tags in as_written)
        if lowered and not proper:
            chars[m.start()] = m.group(0)[0].lower()
    return "".join(chars)


def _protected(m: re.Match, kept: list[tuple[int, int]]) -> bool:
    word = m.group(0)
    if len(word) > 1 and word.isupper():  # an acronym
        return True
    if word.lower() in ALWAYS_CAPITALISED or word.rstrip("'’s").lower() in ALWAYS_CAPITALISED:
        return True
    return any(start <= m.start() < end for start, end in kept)
