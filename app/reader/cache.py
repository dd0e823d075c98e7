"""The reader page cache: what a rendered page depends on, and a bounded store of rendered pages. No Flask."""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from cachetools import LRUCache
from sqlalchemy import DateTime, Float, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.core.states import BUSY, JobStatus

# One round trip for everything a reader page shows, reduced to numbers: no write path has to
# remember to bump a revision. A new translation (machine or post-edit) raises max(id); undo and
# restore move the current flag without a new row, which the sum of current ids catches; stale
# flags are counted; review marks are summed by id (issue 25); the article's own fields (title,
# status, progress) come from its row; the
# glossary revision is the id of its latest change. Plain SQL, parsed once: this runs on every view.
REVISION_SQL = text(f"""
SELECT a.id, a.slug, a.title, a.byline, a.target_lang, a.status, a.progress, a.error,
       a.created_at, a.translated_at,
       (SELECT count(*) FROM job j
        WHERE j.article_id = a.id AND j.status IN ('{JobStatus.QUEUED}', '{JobStatus.RUNNING}')) AS pending,
       (SELECT count(*) FROM segment s WHERE s.article_id = a.id) AS segments,
       (SELECT max(s.id) FROM segment s WHERE s.article_id = a.id) AS last_segment,
       t.last_translation, t.current_sum, t.stale, t.translated, t.review_sum,
       (SELECT max(c.id) FROM glossary_change c) AS glossary,
       (SELECT max(c.at) FROM glossary_change c) AS glossary_at,
       (SELECT tt.text FROM segment ts JOIN translation tt ON tt.segment_id = ts.id
        WHERE ts.article_id = a.id AND ts.kind = 'title' AND tt.current
        ORDER BY ts.paragraph, ts."index", tt.id DESC LIMIT 1) AS translated_title
FROM article a
LEFT JOIN (
    SELECT s.article_id AS article_id, max(t.id) AS last_translation,
           sum(CASE WHEN t.current THEN t.id ELSE 0 END) AS current_sum,
           sum(CASE WHEN t.stale THEN 1 ELSE 0 END) AS stale, max(t.created_at) AS translated,
           sum(CASE WHEN t.current AND t.review_status = 'reviewed' THEN t.id
                    WHEN t.current AND t.review_status = 'approved' THEN 2 * t.id ELSE 0 END) AS review_sum
    FROM segment s JOIN translation t ON t.segment_id = s.id
    WHERE s.article_id = (SELECT id FROM article WHERE slug = :slug)
    GROUP BY s.article_id
) t ON t.article_id = a.id
WHERE a.slug = :slug AND a.deleted_at IS NULL
""").columns(
    created_at=DateTime, translated_at=DateTime, translated=DateTime, glossary_at=DateTime, progress=Float
)


@dataclass(frozen=True)
class Revision:
    """An article's reader-visible state: a cache key, plus what the page's headers need."""

    article_id: int
    title: str
    translated_title: str | None  # the current translation of the title's first sentence
    segments: int
    article: tuple
    glossary: int
    pending: int
    busy: bool
    modified: datetime
    last_modified: str  # modified as an HTTP date, made once

    @property
    def key(self) -> tuple:
        return (self.article, self.glossary)


def article_revision(session: Session, slug: str) -> Revision | None:
    """The revision of the article at slug (None when there is none), in one query."""
    row = session.connection().execute(REVISION_SQL, {"slug": slug}).mappings().first()
    if row is None:
        return None
    state = tuple(row[k] for k in (
        "id", "slug", "title", "byline", "target_lang", "status", "error", "pending",
        "segments", "last_segment", "last_translation", "current_sum", "stale", "review_sum", "translated_title",
    )) + (round(row["progress"] or 0.0, 3),)
    times = [t for t in (row["created_at"], row["translated_at"], row["translated"], row["glossary_at"]) if t]
    return Revision(
        article_id=row["id"],
        title=row["title"],
        translated_title=row["translated_title"],
        segments=row["segments"],
        article=state,
        glossary=row["glossary"] or 0,
        pending=row["pending"],
        busy=row["status"] in BUSY or bool(row["pending"]),
        modified=max(times),
        last_modified=format_datetime(max(times).replace(tzinfo=UTC), usegmt=True),
    )


# Every database commit in this process (any engine, Session or Core) moves this on, so a memoised
# revision is dropped the moment anything is written here; writes from another process (a separate
# worker, the CLI) are seen once the memo's short time-to-live is over.
_commits = itertools.count(1)
_generation = [0]


def _committed(_conn) -> None:
    _generation[0] = next(_commits)


def watch_commits() -> None:
    """Listen for commits on every engine (once per process)."""
    if not event.contains(Engine, "commit", _committed):
        event.listen(Engine, "commit", _committed)


class RevisionMemo:
    """Article revisions remembered until the next commit in this process, or for ttl seconds at most."""

    def __init__(self, ttl: float = 1.0, size: int = 256):
        self.ttl = ttl
        self._memo: LRUCache = LRUCache(maxsize=size)
        self._lock = threading.Lock()
        watch_commits()

    def get(self, session: Callable[[], Session], slug: str) -> Revision | None:
        """The revision of slug; session() is called for a session only when the database must be asked."""
        generation, now = _generation[0], time.monotonic()  # read first: a commit during the query invalidates
        with self._lock:
            hit = self._memo.get(slug)
        if hit and hit[0] == generation and now - hit[1] < self.ttl:
            return hit[2]
        revision = article_revision(session(), slug)
        if revision is not None:
            with self._lock:
                self._memo[slug] = (generation, now, revision)
        return revision


def etag(body: bytes) -> str:
    """A strong validator for a page: a digest of its bytes."""
    return hashlib.blake2b(body, digest_size=12).hexdigest()


class PageCache:
    """A bounded, thread-safe LRU of rendered pages (two requests missing together may both render)."""

    def __init__(self, size: int = 64):
        self._pages: LRUCache = LRUCache(maxsize=max(size, 1))
        self.enabled = size > 0  # 0 turns caching off (the benchmark's uncached run)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        """The page stored under key, rendering (and storing) it on a miss."""
        if not self.enabled:
            return render()
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
