"""Running a claimed job of any kind, and what happens when it fails, whatever the exception.

Every failure counts as an attempt and is recorded on the job with a reason a person can read; it is
retried with back-off until `settings.retry.attempts` runs, then the job and its article are marked
failed. A page that cannot be read (a UserError from the fetch: refused address, not HTML, a
paywall, over a limit) fails at once: running it again would fail the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.core.messages import N_, UserError
from app.core.models import Article, Job, utcnow
from app.core.states import BUSY, ArticleStatus, JobReason, JobStatus
from app.core.uow import transact

from ..engines import Engine
from .align_job import run_align
from .claims import beating, claim, worker_id
from .fetch_job import run_fetch
from .settings import JobSettings, Retry
from .translate_job import run_translation

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
INTERNAL = N_("internal error (see the server log)")


def run(
    sessions: sessionmaker[Session],
    job_id: int,
    engines: Mapping[str, Engine],
    owner: str,
    settings: JobSettings,
    progress: Progress | None = None,
    readers: sessionmaker[Session] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> JobStatus:
    """Run a job this worker has claimed; a failure of any kind is recorded, and retried or final."""
    readers = readers or sessions
    reason = None
    try:
        with beating(sessions, job_id, owner, settings.beat_every):
            with readers() as session:
                reason = session.get(Job, job_id).reason
            if reason == JobReason.FETCH:
                return run_fetch(sessions, readers, job_id, owner, settings, progress)
            if reason == JobReason.ALIGN:
                return run_align(sessions, readers, job_id, owner, engines)
            return run_translation(sessions, readers, job_id, engines, owner, settings, progress, should_stop)
    except Exception as exc:  # recorded on the job: the runner goes on with the next one
        final = reason == JobReason.FETCH and isinstance(exc, UserError)
        if not isinstance(exc, UserError | OSError):
            log.exception("job %s (%s) crashed", job_id, reason)
        error = exc
    return transact(sessions, lambda s: failed(s, job_id, error, Retry(attempts=1) if final else settings.retry))


def failed(session: Session, job_id: int, exc: Exception, retry: Retry) -> JobStatus:
    """Queue the job again after a delay, or after the last attempt mark it (and its article) failed."""
    reason = str(exc) if isinstance(exc, UserError | OSError) else str(INTERNAL)
    job = session.get(Job, job_id)
    article = session.get(Article, job.article_id)
    job.attempts += 1
    job.error, job.owner = reason[:2000], None
    if job.attempts < retry.attempts:
        delay = retry.wait(job.attempts)
        job.status, job.run_after = JobStatus.QUEUED, utcnow() + timedelta(seconds=delay)
        log.warning("job %s failed (attempt %s of %s), retrying in %ss: %s",
                    job_id, job.attempts, retry.attempts, delay, reason)
        if article.status in BUSY:
            article.error = job.error  # shown while it waits for the next attempt
        return JobStatus.QUEUED
    log.warning("job %s failed for good after %s attempts: %s", job_id, job.attempts, reason)
    job.status, job.finished_at = JobStatus.FAILED, utcnow()
    if job.reason != JobReason.GLOSSARY or article.status in BUSY:
        article.status, article.error = ArticleStatus.FAILED, job.error
    return JobStatus.FAILED


def run_queued(
    sessions: sessionmaker[Session], engines: Mapping[str, Engine], settings: JobSettings,
    article_id: int | None = None, progress: Progress | None = None, owner: str | None = None,
    readers: sessionmaker[Session] | None = None,
) -> list[JobStatus]:
    """Claim and run, here and now, the jobs queued (for one article, or all) when it is called: the CLI's way."""
    owner = owner or worker_id()
    results: list[JobStatus] = []
    tried: set[int] = set()
    while True:  # a finished job may queue the next for its article (a fetched page's translation, an alignment)
        with (readers or sessions)() as session:
            query = select(Job.id).where(Job.status == JobStatus.QUEUED).order_by(Job.id)
            if article_id is not None:
                query = query.where(Job.article_id == article_id)
            ids = [i for i in session.scalars(query) if i not in tried]
        if not ids or article_id is None and tried:
            return results
        for job_id in ids:
            tried.add(job_id)
            if transact(sessions, lambda s, j=job_id: claim(s, j, owner)):
                results.append(run(sessions, job_id, engines, owner, settings, progress, readers))
