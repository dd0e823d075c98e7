"""The translation job: an article's sentences, chunk by chunk, through the pipeline into the store.

Each chunk is read outside the write lock (`readers`), translated with no transaction open, and
written in one short, retried transaction together with the job's progress and heartbeat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.direction import Direction
from app.core.models import Article, Job, Segment, Translation, utcnow
from app.core.states import ArticleStatus, JobReason, JobStatus, Origin
from app.core.uow import transact
from app.glossary.matcher import load_matcher

from .. import memory, pipeline
from ..checks import store as checks_store
from ..engines import Engine, pick
from .claims import beat, release
from .queue import enqueue_align
from .settings import JobSettings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def run_translation(sessions: sessionmaker[Session], readers: sessionmaker[Session], job_id: int,
                    engines: Mapping[str, Engine], owner: str, settings: JobSettings, progress: Progress | None,
                    should_stop: Callable[[], bool]) -> JobStatus:
    """Translate the job's sentences; DONE, QUEUED (handed back to stop) or RUNNING (taken over)."""
    with readers() as session:
        job = session.get(Job, job_id)
        article = session.get(Article, job.article_id)
        direction = Direction.of(article)
        engine = pick(engines, article.engine, direction.pair)
        todo = _todo(session, job)
        total = job.total or (_count(session, article.id) if job.segment_ids is None else len(todo))
        done = total - len(todo)
        full = job.reason != JobReason.GLOSSARY

    def start(session: Session) -> None:
        row = session.get(Job, job_id)
        row.total, row.done = total, done
        if full:
            art = session.get(Article, row.article_id)
            art.status, art.error = ArticleStatus.TRANSLATING, None
            art.progress = done / total if total else 0.0

    transact(sessions, start)
    size = settings.chunk_size
    for begin in range(0, len(todo), size):
        if should_stop():
            transact(sessions, lambda s: release(s, job_id, owner))
            return JobStatus.QUEUED
        chunk = todo[begin : begin + size]
        with readers() as session:
            matcher = load_matcher(session)
        left = transact(sessions, lambda s, c=chunk, m=matcher: _fixed(s, job_id, c, m))
        with readers() as session:
            segs = list(session.scalars(select(Segment).where(Segment.id.in_(left))))
            works = pipeline.prepare(sorted(segs, key=lambda s: chunk.index(s.id)), matcher, direction)
        outcomes = pipeline.translate(engine, works, direction)
        if not transact(sessions, lambda s, c=chunk, o=outcomes, r=matcher.revision: _write_chunk(
                s, job_id, owner, c, o, engine, r, full)):
            log.warning("job %s was taken over by another worker; this one stops", job_id)
            return JobStatus.RUNNING
        done += len(chunk)
        if progress:
            progress(done, total)
    transact(sessions, lambda s: _finish(s, job_id, full))
    return JobStatus.DONE


def _fixed(session: Session, job_id: int, chunk: list[int], matcher) -> list[int]:
    """Write the chunk's news furniture by template and its translation-memory matches; the ids the
    engine must still translate."""
    job = session.get(Job, job_id)
    article = session.get(Article, job.article_id)
    segs = list(session.scalars(select(Segment).where(Segment.id.in_(chunk))))
    return [s.id for s in pipeline.fill_fixed(session, article, segs, matcher, job.reason)]


def _todo(session: Session, job: Job) -> list[int]:
    if job.segment_ids is not None:
        return list(job.segment_ids)
    # untranslated: no machine or template translation, and not filled from the translation memory
    done = exists().where(Translation.segment_id == Segment.id,
                          or_(Translation.origin.in_((Origin.MACHINE, Origin.TEMPLATE)),
                              Translation.engine == memory.TM_ENGINE))
    return list(session.scalars(
        select(Segment.id).where(Segment.article_id == job.article_id, Segment.source != "", ~done)
        .order_by(Segment.paragraph, Segment.index)
    ))


def _count(session: Session, article_id: int) -> int:
    return session.scalar(select(func.count(Segment.id)).where(Segment.article_id == article_id)) or 0


def _write_chunk(session, job_id, owner, chunk, outcomes, engine, revision, full) -> bool:
    job = session.get(Job, job_id)
    pipeline.store(session, outcomes, engine, revision, job.reason)
    job.done += len(chunk)
    if job.segment_ids is not None:
        finished = set(chunk)
        job.segment_ids = [i for i in job.segment_ids if i not in finished]
    if full:
        article = session.get(Article, job.article_id)
        article.progress = job.done / job.total if job.total else 1.0
    if not beat(session, job, owner):
        session.rollback()
        return False
    return True


def _finish(session: Session, job_id: int, full: bool) -> None:
    job = session.get(Job, job_id)
    article = session.get(Article, job.article_id)
    if job.reason == JobReason.IMPORT and article.edition_text:  # an edition to align: the bridge is ready
        enqueue_align(session, article)
        article.progress = 1.0
    elif full:
        article.status, article.progress, article.error = ArticleStatus.READY, 1.0, None
    article.translated_at = utcnow()
    checks_store.refresh_lengths(session, article.id)  # the length check needs the whole article
    job.status, job.finished_at, job.error = JobStatus.DONE, utcnow(), None
