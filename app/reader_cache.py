"""The reader page cache: what a rendered page depends on, and a bounded store of rendered pages. No Flask."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from cachetools import LRUCache
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .store import Article, GlossaryChange, Job, Segment, Translation

BUSY_JOBS = ("queued", "running")


@dataclass(frozen=True)
class Revision:
    """Everything stored that a reader page shows, reduced to a few numbers (one per query)."""

    article: tuple
    glossary: int
    pending: int
    busy: bool
    modified: datetime

    @property
    def key(self) -> tuple:
        return (self.article, self.glossary)


def article_revision(session: Session, article: Article) -> Revision:
    """The article's state as a cache key: no write path has to remember to bump anything.

    A new translation (machine, post-edit) raises max(id); undo and restore move the current flag
    without a new row, which the sum of current ids catches; stale flags change with the glossary
    revision and are counted too. Article fields (title, status, progress) come from the row itself.
    """
    tr = session.execute(
        select(
            func.count(Segment.id.distinct()),
            func.max(Segment.id),
            func.max(Translation.id),
            func.sum(case((Translation.current, Translation.id), else_=0)),
            func.sum(case((Translation.stale, 1), else_=0)),
            func.max(Translation.created_at),
        )
        .select_from(Segment)
        .outerjoin(Translation, Translation.segment_id == Segment.id)
        .where(Segment.article_id == article.id)
    ).one()
    pending = session.scalar(
        select(func.count(Job.id)).where(Job.article_id == article.id, Job.status.in_(BUSY_JOBS))
    )
    glossary_id, glossary_at = session.execute(select(func.max(GlossaryChange.id), func.max(GlossaryChange.at))).one()
    state = (
        article.id, article.slug, article.title, article.byline, article.target_lang, article.status,
        round(article.progress or 0.0, 3), article.error, pending, *tr[:5],
    )
    times = [t for t in (article.created_at, article.translated_at, tr[5], glossary_at) if t is not None]
    return Revision(
        article=state,
        glossary=glossary_id or 0,
        pending=pending,
        busy=article.status in ("queued", "translating") or bool(pending),
        modified=max(times),
    )


def etag(body: bytes) -> str:
    """A strong validator for a page: a digest of its bytes."""
    return hashlib.blake2b(body, digest_size=12).hexdigest()


class PageCache:
    """A bounded, thread-safe LRU of rendered pages (two requests missing together may both render)."""

    def __init__(self, size: int = 64):
        self._pages: LRUCache = LRUCache(maxsize=size)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        """The page stored under key, rendering (and storing) it on a miss."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self.hits += 1
                return page
        page = render()  # outside the lock: renders of other pages go on in parallel
        with self._lock:
            self.misses += 1
            self._pages[key] = page
        return page

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)
