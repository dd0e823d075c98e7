"""The fetch job: read a URL import's page (and the page of an edition to align, given by its address),
give the article its sentences through the one import path (app.intake.importer, every limit included),
and queue its translation."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from app.core.models import Article, Job, utcnow
from app.core.states import ArticleStatus, JobStatus
from app.core.uow import transact
from app.intake import importer, web_page

from .queue import edition_pending, enqueue_import
from .settings import JobSettings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def run_fetch(sessions: sessionmaker[Session], readers: sessionmaker[Session], job_id: int, owner: str,
              settings: JobSettings, progress: Progress | None) -> JobStatus:
    """Fetch and store the page; DONE, or RUNNING if another worker took the job over meanwhile.

    Errors propagate to the caller (app.translation.jobs.run), which records them on the job.
    """
    with readers() as session:
        article = session.get(Article, session.get(Job, job_id).article_id)
        url = article.source_url if article.status == ArticleStatus.FETCHING else None
        edition_url = article.edition_source if edition_pending(article) else None
    report = (lambda done, total: progress(done, total or 0)) if progress else None
    html, final_url = web_page.fetch_page(url, settings.fetch, report) if url else (None, None)
    edition = web_page.fetch_page(edition_url, settings.fetch, report) if edition_url else None

    def store(session: Session) -> JobStatus:
        job = session.get(Job, job_id)
        if job.owner != owner or job.status != JobStatus.RUNNING:
            log.warning("fetch job %s was taken over by another worker; this one stops", job_id)
            return JobStatus.RUNNING
        article = session.get(Article, job.article_id)
        if html is not None:
            importer.fill_from_page(session, article, html, final_url, settings.limits)
        if edition is not None:
            importer.attach_edition(article, importer.Edition(html=edition[0], url=edition[1]), settings.limits)
        article.status, article.progress, article.error = ArticleStatus.QUEUED, 0.0, None
        job.status, job.finished_at, job.error = JobStatus.DONE, utcnow(), None
        enqueue_import(session, article)
        return JobStatus.DONE

    return transact(sessions, store)
