"""Which segments a glossary entry can touch, found through an index of their words, not a scan.

At import every segment's distinct normalised words go into `segment_token`. When an entry changes,
each spelling of each of its forms is looked up by its longest word, and only those candidate
segments are checked with the real matcher: the cost follows the matches, not the archive's size.
Spanish articles' segments are indexed by their words' lemmas and stems too ("reclusas" under
"recluso"), and looked up by the longest word of each entry's Spanish, then checked with the reverse
matcher (app.glossary.reverse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.models import Article, Segment, SegmentToken
from app.spanish import tagger as spanish_tagger

from .matcher import Entry, Matcher, normalize, variants
from .reverse import ReverseMatcher, stems

_WORD = re.compile(r"\w+")
MAX_TOKEN_CHARS = 64


def tokens(text: str) -> set[str]:
    """The distinct normalised words of a text (as the matcher normalises it)."""
    return {w[:MAX_TOKEN_CHARS] for w in _WORD.findall(normalize(text))}


def spanish_tokens(text: str) -> set[str]:
    """A Spanish text's words, plus each word's lemma (or, for a word the analyser lacks, its stems)."""
    found = tokens(text)
    for word in spanish_tagger.words(text) or []:
        forms = {normalize(word.lemma)} if word.known else stems(word.surface)
        found |= {f[:MAX_TOKEN_CHARS] for f in forms if _WORD.fullmatch(f)}
    return found


def add(session: Session, segments: Iterable[Segment], lang: str = "en") -> None:
    """Index segments that have ids (flushed), of an article in `lang`; one bulk insert."""
    segments = list(segments)
    if lang == "es" and spanish_tagger.available():
        spanish_tagger.prime([s.source for s in segments])
        words = spanish_tokens
    else:
        words = tokens
    rows = [{"token": t, "segment_id": s.id} for s in segments for t in words(s.source)]
    if rows:
        session.execute(insert(SegmentToken), rows)


def keys(entries: Iterable[Entry]) -> set[str]:
    """For every spelling of every form of the entries, its longest word."""
    found = set()
    for entry in entries:
        for form, _target, _number in entry.forms():
            for variant in variants(form):
                words = tokens(variant)
                if words:
                    found.add(max(words, key=len))
        if entry.direction != "en-es":  # its Spanish, as Spanish articles' segments are indexed
            words = tokens(entry.target)
            if words:
                found.add(max(words, key=len))
    return found


def affected(session: Session, entries: Sequence[Entry], source_of=lambda s: s) -> dict[int, list[int]]:
    """Segment ids per article whose source really matches one of the entries."""
    wanted = keys(entries)
    if not wanted:
        return {}
    candidates = select(SegmentToken.segment_id).where(SegmentToken.token.in_(wanted)).distinct()
    rows = session.execute(
        select(Segment.id, Segment.article_id, Segment.source, Article.source_lang)
        .join(Article, Article.id == Segment.article_id)
        .where(Segment.id.in_(candidates))
        .order_by(Segment.article_id, Segment.paragraph, Segment.index)
    )
    matcher = Matcher(entries)
    backwards: ReverseMatcher | None = None
    by_article: dict[int, list[int]] = {}
    for seg_id, article_id, source, lang in rows:
        if lang == "es":
            backwards = backwards or ReverseMatcher(entries)
            found = backwards.terms(source_of(source))
        else:
            found = matcher.find(source_of(source))
        if found:
            by_article.setdefault(article_id, []).append(seg_id)
    return by_article
