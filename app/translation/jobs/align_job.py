"""The alignment job: an article's existing translation aligned with it (app.translation.aligned), after
its machine translation, which the aligner uses as a bridge. The units are found outside the write lock
and stored in one short transaction."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.core.models import Article, Job, Segment, utcnow
from app.core.states import ArticleStatus, JobStatus
from app.core.uow import transact
from app.glossary.matcher import load_matcher

from .. import aligned
from ..engines import Engine

log = logging.getLogger(__name__)
WITH_TRANSLATIONS = selectinload(Article.segments).selectinload(Segment.translations)


def run_align(sessions: sessionmaker[Session], readers: sessionmaker[Session], job_id: int, owner: str,
              engines: Mapping[str, Engine]) -> JobStatus:
    """Align and store; DONE, or RUNNING if another worker took the job over meanwhile."""
    with readers() as session:
        job = session.get(Job, job_id)
        article = session.get(Article, job.article_id, options=[WITH_TRANSLATIONS])
        matcher = load_matcher(session)
        theirs = [t.text for t in aligned.edition_sentences(article)]
        back = aligned.back_translations(engines, article, theirs, matcher)
        units = aligned.units_of(article, back)

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
