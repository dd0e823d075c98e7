"""Words an engine did not know: taken out of its marked output and kept beside the translation.

Apertium run without `-u` writes `*word` for a word missing from its dictionaries (the word comes
out untranslated, in English) and `@word` for one its bilingual dictionary lacks. A post-editor
needs to see them, so the marks are stripped from the text and the words kept in a list that
travels with the translation (`Translated.unknown`).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w[\w'’-]*")
# A mark directly before a word; a backslash-escaped mark is the user's own character.
_MARKED = re.compile(r"(?<![\\\w])([*@#])(\w[\w'’-]*|[^\w\s*@#])")


class Translated(str):
    """An engine's output sentence that also knows which source words the engine did not know."""

    unknown: tuple[str, ...] = ()

    def __new__(cls, text: str, unknown: tuple[str, ...] | list[str] = ()) -> Translated:
        obj = super().__new__(cls, text)
        obj.unknown = tuple(unknown)
        return obj


def unknown_of(text: str) -> list[str]:
    """The unknown words an engine output carries (none for a plain string)."""
    return list(getattr(text, "unknown", ()))


def strip_marks(raw: str, source: str) -> tuple[str, list[str]]:
    """Remove Apertium's unknown-word marks from raw output: (clean text, unknown source words).

    The input's own `*`, `@` and `#` were escaped and Apertium gives them back bare, so a mark
    only counts when the word after it occurs in the source sentence (unknown words pass through
    untranslated) and the source does not have that very mark before it. `#` (a form the
    generator lacks) is stripped the same way but not reported: the word was translated.
    """
    source_words = {w.casefold() for w in _WORD.findall(source)}
    own = {m.group(0).casefold() for m in _MARKED.finditer(source)}
    words: list[str] = []

    def unmark(m: re.Match) -> str:
        mark, word = m.group(1), m.group(2)
        if m.group(0).casefold() in own:
            return m.group(0)
        if mark == "#":
            return word if "#" not in source else m.group(0)
        if not word[0].isalnum() and word[0] != "_":  # unknown punctuation ("·"): unmark, don't report
            return word if word in source else m.group(0)
        if word.casefold() not in source_words:
            return m.group(0)
        if word not in words:
            words.append(word)
        return word

    return _MARKED.sub(unmark, raw), words
