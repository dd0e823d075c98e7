"""Pages of an article's segments, so that a 100,000-sentence article never loads whole for one request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.core.models import Segment, Translation
from app.core.states import Origin

MAX_PAGE = 1000


@dataclass(frozen=True)
class Page:
    """Some segments of an article (translations loaded) and where they sit in the whole."""

    segments: list[Segment]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        end = self.offset + len(self.segments)
        return end if end < self.total else None


def segment_page(session: Session, article_id: int, offset: int = 0, limit: int = MAX_PAGE) -> Page:
    """Segments [offset, offset + limit) in reading order, with their translations, and the total."""
    limit = max(1, min(limit, MAX_PAGE))
    total = session.scalar(select(func.count(Segment.id)).where(Segment.article_id == article_id)) or 0
    segments = list(session.scalars(
        select(Segment).where(Segment.article_id == article_id)
        .order_by(Segment.paragraph, Segment.index).offset(offset).limit(limit)
        .options(selectinload(Segment.translations))
    ))
    return Page(segments, total, offset, limit)


def paragraph_count(session: Session, article_id: int) -> int:
    """How many paragraphs the article has (the reader shows them in parts)."""
    return session.scalar(select(func.max(Segment.paragraph) + 1).where(Segment.article_id == article_id)) or 0


def engines_used(session: Session, article_id: int) -> list[str]:
    """The engines of the article's current translations, from one query."""
    rows = session.scalars(
        select(Translation.engine).join(Segment).distinct()
        .where(Segment.article_id == article_id, Translation.current.is_(True), Translation.engine.is_not(None))
    )
    return sorted(rows)


def latest_machine(session: Session, article_id: int) -> Translation | None:
    """The newest current machine translation of the article (the reader's provenance line)."""
    return session.scalars(
        select(Translation).join(Segment)
        .where(Segment.article_id == article_id, Translation.current.is_(True), Translation.origin == Origin.MACHINE)
        .order_by(Translation.created_at.desc(), Translation.id.desc()).limit(1)
    ).first()
