"""What runs on every English machine translation of a Spanish article, whatever the engine.

In order: the glossary entry's capitals ("supreme court" -> "Supreme Court", but "Gang members" opening
a sentence), "a"/"an" before the next word's sound, and English typography: curly quotes instead of
«» and straight ones, the closing punctuation inside the quotes ("dijo”." -> "said.”"), no ¿ ¡ left
over, em dashes for "--", "%" and "$" set close, a capital at the start. The term report is built on
the finished text. The twin of app.spanish.postprocess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.terms import Term, report, spans

from .enforce import fix_articles


@dataclass
class Finished:
    """An English machine translation ready to store: text, term report, words the engine did not know."""

    text: str
    terms: list[dict]
    unknown: list[str] = field(default_factory=list)


def finish(outputs: Sequence[str], terms: Sequence[Sequence[Term]]) -> list[Finished]:
    """Fix case, articles and typography of a batch of English engine outputs and build their reports."""
    out = []
    for raw, ts in zip(outputs, terms, strict=True):
        text = typography(fix_articles(entry_case(str(raw), ts)))
        out.append(Finished(text, report(ts, text), list(getattr(raw, "unknown", ()))))
    return out


def entry_case(text: str, terms: Sequence[Term]) -> str:
    """Each enforced term written in its entry's capitals; a term opening the sentence gets a capital."""
    wanted = {t.target.casefold(): t.target for t in terms if t.target}
    for start, end, target in reversed(spans(text, wanted.values())):
        rendered = wanted[target.casefold()]
        if _opens_sentence(text, start) and rendered[:1].islower():
            rendered = rendered[0].upper() + rendered[1:]
        text = text[:start] + rendered + text[end:]
    return text


def _opens_sentence(text: str, start: int) -> bool:
    return not text[:start].strip(" \"“‘«¿¡(—–-")


_DOUBLE = re.compile(r'"([^"]*)"')
_TYPOGRAPHY = (
    (re.compile(r"«\s*"), "“"),
    (re.compile(r"\s*»"), "”"),
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),  # it's, don't
    (re.compile(r"(?<!\S)'(?=\w)"), "‘"),
    (re.compile(r"(?<=[\w.,!?])'"), "’"),
    (re.compile(r"\s*--\s*"), " — "),
    (re.compile(r"[¿¡]"), ""),
    (re.compile(r"(\d) %"), r"\1%"),
    (re.compile(r"\$ (\d)"), r"$\1"),
    (re.compile(r"”\s*([.,])"), r"\1”"),  # RAE puts the stop after the quote; English inside it
    (re.compile(r"’\s*([.,])(?=\s|$)"), r"\1’"),
    (re.compile(r"\s+([.,;:!?])"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
)


def typography(text: str) -> str:
    """English news typography on one sentence (quotes, dashes, no inverted marks, spacing)."""
    text = _DOUBLE.sub(r"“\1”", text)
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    text = text.strip()
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :] if ch.islower() else text
    return text
