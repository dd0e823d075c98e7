"""The alignment job: an article's existing translation aligned with it (app.translation.aligned), after
its machine translation, which the aligner uses as a bridge. The units are found outside the write lock
and stored in one short transaction."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from app.core.models import WITH_TRANSLATIONS, Article, Job, utcnow
from app.core.states import ArticleStatus, JobStatus
from app.core.uow import transact

from .. import align, aligned

log = logging.getLogger(__name__)


def run_align(sessions: sessionmaker[Session], readers: sessionmaker[Session], job_id: int, owner: str) -> JobStatus:
    """Align and store; DONE, or RUNNING if another worker took the job over meanwhile."""
    with readers() as session:
        job = session.get(Job, job_id)
        article = session.get(Article, job.article_id, options=[WITH_TRANSLATIONS])
        segs = [s for s in article.segments if s.source]
        theirs = aligned.edition_sentences(article)
        units = align.align([s.source for s in segs], [t.text for t in theirs], [aligned.bridge_of(s) for s in segs])

    def store(session: Session) -> JobStatus:
        job = session.get(Job, job_id)
        if job.owner != owner or job.status != JobStatus.RUNNING:
            log.warning("align job %s was taken over by another worker; this one stops", job_id)
            return JobStatus.RUNNING
        article = session.get(Article, job.article_id, options=[WITH_TRANSLATIONS])
        result = aligned.align_article(session, article, units)
        log.info("article %s aligned with its edition: %s", article.id, result.as_dict())
        article.edition_text = None  # its sentences are the article's translations now
        article.status, article.progress, article.error = ArticleStatus.READY, 1.0, None
        article.translated_at = utcnow()
        job.status, job.finished_at, job.error = JobStatus.DONE, utcnow(), None
        return JobStatus.DONE

    return transact(sessions, store)
