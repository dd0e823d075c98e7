"""Queueing jobs: a new article's translation, a URL's fetch, a whole re-translation, a Retry, and the
re-translation a glossary change needs. Nothing here commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.config import ENGINES
from app.core.direction import Direction
from app.core.messages import N_, UserError
from app.core.models import Article, Job, Segment
from app.core.states import BUSY, ArticleStatus, JobReason, JobStatus
from app.glossary import term_index
from app.glossary.matcher import Entry
from app.intake import importer
from app.intake.parse import ArticleError

from .. import pipeline
from ..engines import Engine, pick

CHANNEL = "paralelo_jobs"  # PostgreSQL LISTEN/NOTIFY channel workers wake on


class JobError(UserError):
    """A job cannot be queued as asked (the article is busy: a conflict)."""

    http_status = 409


def import_and_queue(session: Session, source: importer.Source, options: importer.Options, limits: importer.Limits,
                     engines: Mapping[str, Engine] | None = None,
                     edition: importer.Edition | None = None) -> tuple[Article, Job]:
    """Import an article from any source (and an edition of it to align) and queue its first job (not
    committed): the one path the web, the CLI and the first-run seed share. Given the engines, one that
    cannot run for the article's language pair is refused (EngineError, 400): the job could only fail."""
    options.check()
    if engines is not None and not options.detects:  # refused before anything is read
        pick(engines, options.engine, options.direction().pair)
    article = importer.import_article(session, source, options, limits, edition)
    if engines is not None and options.detects and article.source_lang != importer.AUTO:
        pick(engines, options.engine, Direction.of(article).pair)  # the detected language's engine
    return article, enqueue_new(session, article)


def enqueue_new(session: Session, article: Article) -> Job:
    """Queue what a newly imported article needs first: its page (or its edition's page) read, or its
    translation."""
    if article.status == ArticleStatus.FETCHING or edition_pending(article):
        return enqueue_fetch(session, article)
    return enqueue_import(session, article)


def edition_pending(article: Article) -> bool:
    """True when the article's edition to align is an address not read yet."""
    return not article.edition_text and (article.edition_source or "").startswith(("http://", "https://"))


def enqueue_align(session: Session, article: Article) -> Job:
    """Queue aligning the article's edition with it (its machine translation is the bridge)."""
    return _add(session, Job(article_id=article.id, reason=JobReason.ALIGN))


def enqueue_import(session: Session, article: Article) -> Job:
    """Queue the first translation of a newly imported article."""
    return _add(session, Job(article_id=article.id, reason=JobReason.IMPORT))


def enqueue_sentences(session: Session, article: Article, segment_ids: Iterable[int]) -> Job:
    """Queue translating some sentences of an article (those an alignment fix left without a translation)."""
    return _add(session, Job(article_id=article.id, segment_ids=list(segment_ids), reason=JobReason.RETRANSLATE))


def enqueue_fetch(session: Session, article: Article) -> Job:
    """Queue reading a URL import's page (the article waits with status "fetching")."""
    return _add(session, Job(article_id=article.id, reason=JobReason.FETCH))


def retranslate(session: Session, article: Article, engine: str | None = None,
                engines: Mapping[str, Engine] | None = None) -> Job:
    """Queue translating the whole article again (human edits are kept); raises JobError if busy.
    Given the engines, one that cannot run is refused first (EngineError, 400): the job could only fail."""
    if engine is not None and engine not in ENGINES:
        raise ArticleError(
            N_("Unknown engine %(name)s; choose one of: %(known)s"), name=engine, known=", ".join(ENGINES)
        )
    if engines is not None and article.source_lang != importer.AUTO:  # AUTO: a page never read, fetched first
        pick(engines, engine or article.engine, Direction.of(article).pair)
    if article.status in BUSY:
        raise JobError(N_("The article is already being translated."))
    if engine:
        article.engine = engine
    if _page_never_read(session, article) or edition_pending(article):
        return _fetch_again(session, article)
    article.status, article.progress, article.error = ArticleStatus.QUEUED, 0.0, None
    ids = list(session.scalars(select(Segment.id).where(Segment.article_id == article.id)
                               .order_by(Segment.paragraph, Segment.index)))
    return _add(session, Job(article_id=article.id, segment_ids=ids, reason=JobReason.RETRANSLATE))


def retry_failed(session: Session, article: Article) -> Job:
    """An editor's Retry: queue the article's translation again, resuming where it stopped; a URL
    import whose page (or an edition whose page) was never read is fetched again."""
    if article.status in BUSY:
        raise JobError(N_("The article is already being translated."))
    if _page_never_read(session, article) or edition_pending(article):
        return _fetch_again(session, article)
    article.status, article.error = ArticleStatus.QUEUED, None
    return _add(session, Job(article_id=article.id, reason=JobReason.IMPORT))


def _page_never_read(session: Session, article: Article) -> bool:
    """A URL import whose fetch failed: an address, and no sentences yet."""
    if not article.source_url:
        return False
    return session.scalar(select(Segment.id).where(Segment.article_id == article.id).limit(1)) is None


def _fetch_again(session: Session, article: Article) -> Job:
    """Queue fetching what was never read: the article's page (it waits "fetching") and its edition's, if
    pending (an article that has its sentences waits "queued": only the edition is read again)."""
    page = _page_never_read(session, article)
    article.status = ArticleStatus.FETCHING if page else ArticleStatus.QUEUED
    article.progress, article.error = 0.0, None
    return enqueue_fetch(session, article)


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
