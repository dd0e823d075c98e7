"""Split paragraphs into sentences and give every sentence a stable id."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from . import furniture
from .articles import Block

# Abbreviations after which a period does not end a sentence (compared lowercased, without dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr rev hon pres
    supt det insp atty inc co corp ltd bros no nos vs etc approx dept univ ave blvd mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m e.g i.e u.s u.n u.k d.c""".split()
)
# Words that start a new sentence after an acronym such as "U.S." ends one.
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you this that these those there but and so yet in on at
    for after before when while if as his her their its our what why how who where""".split()
)

_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-ZÁÉÍÓÚÑ0-9¿¡])")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]?(\w+)")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article with its place: paragraph index, sentence index, kind."""

    paragraph: int
    index: int
    kind: str
    text: str

    @property
    def key(self) -> str:
        """Stable id within an article, e.g. 'p3.s1'."""
        return f"p{self.paragraph}.s{self.index}"

    @property
    def source_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences."""
    text = text.strip()
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if not _is_boundary(text, m):
            continue
        end = m.end(2)
        out.append(text[start:end].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def _is_boundary(text: str, m: re.Match) -> bool:
    punct = m.group(1)
    if punct != ".":
        return True  # ! ? … and ellipses end sentences before a capital
    # the token before the period: walk back to the previous space (linear, not from the start)
    start = m.start()
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == m.start():
        return False
    token = text[start : m.start()].lstrip("\"'“‘(")
    word = token.lower().rstrip(".")
    next_word = _NEXT_WORD.match(text, m.end())
    following = next_word.group(1).lower() if next_word else ""
    if re.fullmatch(r"[A-Z]", token):
        return False  # an initial: "John F. Kennedy"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        # an acronym like U.S. or D.C.: ends a sentence only before a typical sentence opener
        return following in SENTENCE_STARTERS
    if word in ABBREVIATIONS:
        return False
    return True


def segment(blocks: list[Block], title: str | None = None, byline: str | None = None) -> list[Sentence]:
    """Turn an article's title, byline and blocks into numbered sentences.

    Title and byline are paragraphs 0 and 1 (byline only when present); their text is never split.
    """
    out: list[Sentence] = []
    para = 0
    for kind, text in (("title", title), ("byline", byline)):
        if text:
            out.append(Sentence(para, 0, kind, text))
            para += 1
    first_paragraph = True
    for block in blocks:
        pieces = [block.text] if block.kind in ("heading", "credit") else split_sentences(block.text)
        kinds = [block.kind] * len(pieces)
        dateline = furniture.split_dateline(pieces[0]) if first_paragraph and block.kind == "paragraph" else None
        if dateline:  # "SAN SALVADOR (AP) —" opens the first paragraph: its own segment, by template
            pieces[:1], kinds[:1] = list(dateline), ["dateline", block.kind]
        first_paragraph = first_paragraph and block.kind != "paragraph"
        for i, (kind, sentence) in enumerate(zip(kinds, pieces, strict=True)):
            out.append(Sentence(para, i, kind, sentence))
        para += 1
    return out
