"""Which segments a glossary entry can touch, found through an index of their words, not a scan.

At import every segment's distinct normalised words go into `segment_token`. When an entry changes,
each spelling of each of its forms is looked up by its longest word, and only those candidate
segments are checked with the real matcher: the cost follows the matches, not the archive's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.models import Segment, SegmentToken

from .matcher import Entry, Matcher, normalize, variants

_WORD = re.compile(r"\w+")
MAX_TOKEN_CHARS = 64


def tokens(text: str) -> set[str]:
    """The distinct normalised words of a text (as the matcher normalises it)."""
    return {w[:MAX_TOKEN_CHARS] for w in _WORD.findall(normalize(text))}


def add(session: Session, segments: Iterable[Segment]) -> None:
    """Index segments that have ids (flushed); one bulk insert."""
    rows = [{"token": t, "segment_id": s.id} for s in segments for t in tokens(s.source)]
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
    return found


def affected(session: Session, entries: Sequence[Entry], source_of=lambda s: s) -> dict[int, list[int]]:
    """Segment ids per article whose source really matches one of the entries."""
    wanted = keys(entries)
    if not wanted:
        return {}
    candidates = select(SegmentToken.segment_id).where(SegmentToken.token.in_(wanted)).distinct()
    rows = session.execute(
        select(Segment.id, Segment.article_id, Segment.source)
        .where(Segment.id.in_(candidates))
        .order_by(Segment.article_id, Segment.paragraph, Segment.index)
    )
    matcher = Matcher(entries)
    by_article: dict[int, list[int]] = {}
    for seg_id, article_id, source in rows:
        if matcher.find(source_of(source)):
            by_article.setdefault(article_id, []).append(seg_id)
    return by_article
