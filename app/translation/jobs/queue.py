"""Queueing jobs: a new article's translation, a URL's fetch, a whole re-translation, a Retry, and the
re-translation a glossary change needs. Nothing here commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.config import ENGINES
from app.core.messages import N_, UserError
from app.core.models import Article, Job, Segment
from app.core.states import BUSY, ArticleStatus, JobReason, JobStatus
from app.glossary import term_index
from app.glossary.matcher import Entry
from app.intake.parse import ArticleError

from .. import pipeline

CHANNEL = "paralelo_jobs"  # PostgreSQL LISTEN/NOTIFY channel workers wake on


class JobError(UserError):
    """A job cannot be queued as asked (the article is busy: a conflict)."""

    http_status = 409


def enqueue_new(session: Session, article: Article) -> Job:
    """Queue what a newly imported article needs first: its page read (a URL import) or its translation."""
    if article.status == ArticleStatus.FETCHING:
        return enqueue_fetch(session, article)
    return enqueue_import(session, article)


def enqueue_import(session: Session, article: Article) -> Job:
    """Queue the first translation of a newly imported article."""
    return _add(session, Job(article_id=article.id, reason=JobReason.IMPORT))


def enqueue_fetch(session: Session, article: Article) -> Job:
    """Queue reading a URL import's page (the article waits with status "fetching")."""
    return _add(session, Job(article_id=article.id, reason=JobReason.FETCH))


def retranslate(session: Session, article: Article, engine: str | None = None) -> Job:
    """Queue translating the whole article again (human edits are kept); raises JobError if busy."""
    if engine is not None and engine not in ENGINES:
        raise ArticleError(
            N_("Unknown engine %(name)s; choose one of: %(known)s"), name=engine, known=", ".join(ENGINES)
        )
    if article.status in BUSY:
        raise JobError(N_("The article is already being translated."))
    if engine:
        article.engine = engine
    article.status, article.progress, article.error = ArticleStatus.QUEUED, 0.0, None
    ids = list(session.scalars(select(Segment.id).where(Segment.article_id == article.id)
                               .order_by(Segment.paragraph, Segment.index)))
    return _add(session, Job(article_id=article.id, segment_ids=ids, reason=JobReason.RETRANSLATE))


def retry_failed(session: Session, article: Article) -> Job:
    """An editor's Retry: read a failed URL import's page again, or queue the translation again, resuming
    where it stopped."""
    if article.status in BUSY:
        raise JobError(N_("The article is already being translated."))
    article.error = None
    has_text = session.scalar(select(Segment.id).where(Segment.article_id == article.id).limit(1)) is not None
    if article.source_url and not has_text:  # its page was never read: read it again
        article.status, article.progress = ArticleStatus.FETCHING, 0.0
        return enqueue_fetch(session, article)
    article.status = ArticleStatus.QUEUED
    return _add(session, Job(article_id=article.id, reason=JobReason.IMPORT))


def after_glossary_change(session: Session, entries: Iterable[Entry]) -> tuple[list[Job], int]:
    """Queue re-translation of exactly the segments the entries touch: (jobs, segments queued).

    Found through the word index, not a scan; one pending glossary job per article, however many
    edits: a new edit adds its segments to the article's queued job.
    """
    entries = [e for e in entries if e.source and e.target]
    by_article = term_index.affected(session, entries, pipeline.engine_input) if entries else {}
    if not by_article:
        return [], 0
    pending = {
        job.article_id: job
        for job in session.scalars(
            select(Job).where(Job.article_id.in_(by_article), Job.status == JobStatus.QUEUED,
                              Job.reason == JobReason.GLOSSARY).with_for_update()
        )
    }
    jobs = []
    for article_id, ids in by_article.items():
        job = pending.get(article_id)
        if job is None:
            job = Job(article_id=article_id, segment_ids=ids, reason=JobReason.GLOSSARY)
            session.add(job)
        else:
            job.segment_ids = list(dict.fromkeys([*(job.segment_ids or []), *ids]))
            job.total = 0  # counted again when it starts
        jobs.append(job)
    session.flush()
    notify(session)
    return jobs, sum(len(ids) for ids in by_article.values())


def _add(session: Session, job: Job) -> Job:
    session.add(job)
    session.flush()
    notify(session)
    return job


def notify(session: Session) -> None:
    """Wake PostgreSQL workers when the transaction commits (SQLite workers poll)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"NOTIFY {CHANNEL}"))
