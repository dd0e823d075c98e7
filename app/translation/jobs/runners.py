"""The translation job lifecycle: enqueue, claim, heartbeat, run in chunks, retry, fail, sweep.

Jobs are database rows; no broker is needed. Every caller (web views, the CLI, `paralelo worker`,
the in-process JobRunner) uses these functions. A job is claimed atomically and beats a heartbeat
after every chunk; a job whose heartbeat goes stale (its process died) is queued again by the next
sweep, and resumes where it stopped. A failed run is retried with back-off, `MAX_ATTEMPTS` times
in all, before the job and its article are marked failed with the reason.

Enqueueing functions never commit: the caller's unit of work does.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app.config import ENGINES
from app.core.messages import N_, UserError
from app.core.models import Article, Job, Segment, Translation, utcnow
from app.core.states import BUSY, ArticleStatus, JobReason, JobStatus, Origin
from app.core.uow import transact
from app.glossary import term_index
from app.glossary.matcher import Entry, load_matcher
from app.intake import web_page
from app.intake.fetch import FetchSettings
from app.intake.parse import ArticleError

from . import memory, pipeline
from .engines import Engine, pick

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
CHANNEL = "paralelo_jobs"  # PostgreSQL LISTEN/NOTIFY channel workers wake on


@dataclass(frozen=True)
class Retry:
    """How a failed run is retried: `attempts` runs in all, waiting `delay` seconds, then 6x more each time."""

    attempts: int = 3
    delay: float = 5.0

    def wait(self, failures: int) -> float:
        return self.delay * 6 ** (failures - 1)


class JobError(UserError):
    """A job cannot be queued as asked (the article is busy: a conflict)."""

    http_status = 409


def worker_id() -> str:
    """Names a worker in the job table: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# --- enqueue ------------------------------------------------------------------------------------


def enqueue_import(session: Session, article: Article) -> Job:
    """Queue the first translation of a newly imported article."""
    job = Job(article_id=article.id, reason=JobReason.IMPORT)
    session.add(job)
    session.flush()
    _notify(session)
    return job


def enqueue_fetch(session: Session, article: Article) -> Job:
    """Queue reading a URL import's page (the article waits with status "fetching")."""
    job = Job(article_id=article.id, reason=JobReason.FETCH)
    session.add(job)
    session.flush()
    _notify(session)
    return job


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
    job = Job(article_id=article.id, segment_ids=ids, reason=JobReason.RETRANSLATE)
    session.add(job)
    session.flush()
    _notify(session)
    return job


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
    _notify(session)
    return jobs, sum(len(ids) for ids in by_article.values())


def _notify(session: Session) -> None:
    """Wake PostgreSQL workers when the transaction commits (SQLite workers poll)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"NOTIFY {CHANNEL}"))


# --- claim and heartbeat ------------------------------------------------------------------------


def claim(session: Session, job_id: int, owner: str) -> bool:
    """Atomically mark a queued job running for this worker; False if another worker has it."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, owner=owner, heartbeat_at=utcnow())
    )
    return result.rowcount == 1


def claim_next(session: Session, owner: str) -> int | None:
    """Claim the oldest due queued job; on PostgreSQL without waiting on rows others are claiming."""
    due = select(Job.id).where(
        Job.status == JobStatus.QUEUED, or_(Job.run_after.is_(None), Job.run_after <= utcnow())
    ).order_by(Job.id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    job_id = session.scalar(due)
    if job_id is None or not claim(session, job_id, owner):
        return None
    return job_id


def _beat(session: Session, job: Job, owner: str) -> bool:
    """Record progress and show this worker still runs the job; False if it was handed on."""
    result = session.execute(
        update(Job).where(Job.id == job.id, Job.owner == owner, Job.status == JobStatus.RUNNING)
        .values(heartbeat_at=utcnow(), done=job.done, total=job.total, segment_ids=job.segment_ids)
    )
    return result.rowcount == 1


def release(session: Session, job_id: int, owner: str) -> None:
    """Hand a running job back to the queue (a worker shutting down between chunks)."""
    session.execute(
        update(Job).where(Job.id == job_id, Job.owner == owner, Job.status == JobStatus.RUNNING)
        .values(status=JobStatus.QUEUED, owner=None)
    )


def sweep(session: Session, stale_after: float) -> list[int]:
    """Queue again the running jobs whose worker stopped beating; the ids of jobs due to run."""
    stale = utcnow() - timedelta(seconds=stale_after)
    session.execute(
        update(Job).where(Job.status == JobStatus.RUNNING, or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale))
        .values(status=JobStatus.QUEUED, owner=None)
    )
    return list(session.scalars(
        select(Job.id).where(Job.status == JobStatus.QUEUED, or_(Job.run_after.is_(None), Job.run_after <= utcnow()))
        .order_by(Job.id)
    ))


# --- run ----------------------------------------------------------------------------------------


def run(
    sessions: sessionmaker[Session],
    job_id: int,
    engines: Mapping[str, Engine],
    owner: str,
    progress: Progress | None = None,
    chunk_size: int = 32,
    readers: sessionmaker[Session] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    retry: Retry = Retry(),
    beat_every: float = 10.0,
    fetch_settings: FetchSettings | None = None,
) -> JobStatus:
    """Run a job this worker has claimed, chunk by chunk; a failure is retried later or recorded.

    Each chunk is read outside the write lock (`readers`), translated with no transaction open,
    and written in one short, retried transaction together with the job's progress and heartbeat.
    """
    readers = readers or sessions
    with _beating(sessions, job_id, owner, beat_every):
        with readers() as session:
            reason = session.get(Job, job_id).reason
        if reason == JobReason.FETCH:
            return _run_fetch(sessions, readers, job_id, owner, fetch_settings or FetchSettings(), progress)
        return _run(sessions, readers, job_id, engines, owner, progress, chunk_size, should_stop, retry)


def _run_fetch(sessions, readers, job_id, owner, settings: FetchSettings, progress) -> JobStatus:
    """Read a URL import's page, store its sentences and queue their translation; a page that
    cannot be read fails the article at once, with the reason (no retry: the reason says why)."""
    with readers() as session:
        url = session.get(Article, session.get(Job, job_id).article_id).source_url
    try:
        page, final_url = web_page.fetch_page(url, settings, (lambda done, total: progress(done, total or 0))
                                                if progress else None)
    except UserError as exc:
        error = exc
        return transact(sessions, lambda s: _failed(s, job_id, error, Retry(attempts=1)))

    def store(session: Session) -> JobStatus:
        job = session.get(Job, job_id)
        if job.owner != owner or job.status != JobStatus.RUNNING:
            log.warning("fetch job %s was taken over by another worker; this one stops", job_id)
            return JobStatus.RUNNING
        article = session.get(Article, job.article_id)
        web_page.fill(session, article, page, final_url)
        article.status, article.progress, article.error = ArticleStatus.QUEUED, 0.0, None
        job.status, job.finished_at, job.error = JobStatus.DONE, utcnow(), None
        enqueue_import(session, article)
        return JobStatus.DONE

    return transact(sessions, store)


@contextmanager
def _beating(sessions: sessionmaker[Session], job_id: int, owner: str, every: float) -> Iterator[None]:
    """Beat the job's heartbeat every `every` seconds while the block runs (a chunk may take long)."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                transact(sessions, lambda s: s.execute(
                    update(Job).where(Job.id == job_id, Job.owner == owner, Job.status == JobStatus.RUNNING)
                    .values(heartbeat_at=utcnow())))
            except Exception:  # a missed beat is retried next time; the chunk write beats too
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"paralelo-beat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)


def _run(sessions, readers, job_id, engines, owner, progress, chunk_size, should_stop, retry) -> JobStatus:
    try:
        with readers() as session:
            job = session.get(Job, job_id)
            article = session.get(Article, job.article_id)
            engine = pick(engines, article.engine)
            todo = _todo(session, job)
            total = job.total or (_count(session, article.id) if job.segment_ids is None else len(todo))
            done = total - len(todo)
            full = job.reason != JobReason.GLOSSARY
            target_lang = article.target_lang

        def start(session: Session) -> None:
            row = session.get(Job, job_id)
            row.total, row.done = total, done
            if full:
                art = session.get(Article, row.article_id)
                art.status, art.error = ArticleStatus.TRANSLATING, None
                art.progress = done / total if total else 0.0

        transact(sessions, start)
        for begin in range(0, len(todo), chunk_size):
            if should_stop():
                transact(sessions, lambda s: release(s, job_id, owner))
                return JobStatus.QUEUED
            chunk = todo[begin : begin + chunk_size]
            with readers() as session:
                matcher = load_matcher(session)
            left = transact(sessions, lambda s, c=chunk, m=matcher: _fixed(s, job_id, c, m))
            with readers() as session:
                segs = list(session.scalars(select(Segment).where(Segment.id.in_(left))))
                works = pipeline.prepare(sorted(segs, key=lambda s: chunk.index(s.id)), matcher, target_lang)
            outcomes = pipeline.translate(engine, works, target_lang)
            if not transact(sessions, lambda s, c=chunk, o=outcomes, r=matcher.revision: _write_chunk(
                    s, job_id, owner, c, o, engine, r, full)):
                log.warning("job %s was taken over by another worker; this one stops", job_id)
                return JobStatus.RUNNING
            done += len(chunk)
            if progress:
                progress(done, total)
        transact(sessions, lambda s: _finish(s, job_id, full))
        return JobStatus.DONE
    except Exception as exc:  # any failure is recorded on the job, and retried
        if not isinstance(exc, UserError | OSError):
            log.exception("translation job %s crashed", job_id)
        error = exc
    return transact(sessions, lambda s: _failed(s, job_id, error, retry))


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
        select(Segment.id).where(Segment.article_id == job.article_id, ~done)
        .order_by(Segment.paragraph, Segment.index)
    ))


def _count(session: Session, article_id: int) -> int:
    from sqlalchemy import func

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
    if not _beat(session, job, owner):
        session.rollback()
        return False
    return True


def _finish(session: Session, job_id: int, full: bool) -> None:
    job = session.get(Job, job_id)
    article = session.get(Article, job.article_id)
    if full:
        article.status, article.progress, article.error = ArticleStatus.READY, 1.0, None
    article.translated_at = utcnow()
    job.status, job.finished_at, job.error = JobStatus.DONE, utcnow(), None


def _failed(session: Session, job_id: int, exc: Exception, retry: Retry) -> JobStatus:
    """Queue the job again after a delay, or after the last attempt mark it (and its article) failed."""
    reason = str(exc) if isinstance(exc, UserError | OSError) else "internal error (see the server log)"
    job = session.get(Job, job_id)
    article = session.get(Article, job.article_id)
    job.attempts += 1
    job.error, job.owner = reason, None
    if job.attempts < retry.attempts:
        delay = retry.wait(job.attempts)
        job.status, job.run_after = JobStatus.QUEUED, utcnow() + timedelta(seconds=delay)
        log.warning("job %s failed (attempt %s of %s), retrying in %ss: %s",
                    job_id, job.attempts, retry.attempts, delay, reason)
        if article.status in BUSY:
            article.error = reason  # shown while it waits for the next attempt
        return JobStatus.QUEUED
    log.warning("job %s failed for good after %s attempts: %s", job_id, job.attempts, reason)
    job.status, job.finished_at = JobStatus.FAILED, utcnow()
    if job.reason != JobReason.GLOSSARY or article.status in BUSY:
        article.status, article.error = ArticleStatus.FAILED, reason
    return JobStatus.FAILED


def retry_failed(session: Session, article: Article) -> Job:
    """An editor's Retry: queue the article's translation again, resuming where it stopped."""
    if article.status in BUSY:
        raise JobError(N_("The article is already being translated."))
    article.status, article.error = ArticleStatus.QUEUED, None
    job = Job(article_id=article.id, reason=JobReason.IMPORT)
    session.add(job)
    session.flush()
    _notify(session)
    return job


def run_queued(
    sessions: sessionmaker[Session], engines: Mapping[str, Engine], article_id: int | None = None,
    progress: Progress | None = None, owner: str | None = None, readers: sessionmaker[Session] | None = None,
    retry: Retry = Retry(),
    chunk_size: int = 32,
) -> list[JobStatus]:
    """Claim and run, here and now, the queued jobs (of one article, or all): the CLI's way."""
    owner = owner or worker_id()
    with (readers or sessions)() as session:
        query = select(Job.id).where(Job.status == JobStatus.QUEUED).order_by(Job.id)
        if article_id is not None:
            query = query.where(Job.article_id == article_id)
        ids = list(session.scalars(query))
    results = []
    for job_id in ids:
        if transact(sessions, lambda s, j=job_id: claim(s, j, owner)):
            results.append(run(sessions, job_id, engines, owner, progress, chunk_size, readers=readers, retry=retry))
    return results


# --- runners ------------------------------------------------------------------------------------


class JobRunner:
    """Runs queued jobs in worker threads of this process and sweeps for jobs whose worker died."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        engines: Mapping[str, Engine],
        workers: int = 1,
        stale_after: float = 60,
        readers: sessionmaker[Session] | None = None,
        retry: Retry = Retry(),
        fetch_settings: FetchSettings | None = None,
    ):
        self.sessions = sessions
        self.retry = retry
        self.readers = readers or sessions
        self.engines = engines
        self.owner = worker_id()
        self.stale_after = stale_after
        self.fetch_settings = fetch_settings or FetchSettings()
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="paralelo-job")
        self._futures: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._started = False
        self._stop = threading.Event()

    def start(self) -> None:
        """Sweep once now, then every little while in a daemon thread (once per process)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        self.sweep()
        interval = max(1.0, min(30.0, self.stale_after / 2))
        threading.Thread(target=self._sweep_forever, args=(interval,), name="paralelo-sweep", daemon=True).start()

    def _sweep_forever(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.sweep()
            except Exception:  # a failed sweep (database briefly away) must not end the thread
                log.exception("job sweep failed")

    def sweep(self) -> None:
        """Queue again the jobs whose worker stopped beating, and submit every due job."""
        for job_id in transact(self.sessions, lambda s: sweep(s, self.stale_after)):
            self.submit(job_id)

    def submit(self, job_id: int) -> Future:
        """Run the job in this process unless it is already waiting here (claims are atomic)."""
        with self._lock:
            existing = self._futures.get(job_id)
            if existing is not None and not existing.done():
                return existing
            future = self._pool.submit(self._run, job_id)
            self._futures[job_id] = future
        future.add_done_callback(lambda f, job_id=job_id: self._forget(job_id, f))
        return future

    def _forget(self, job_id: int, future: Future) -> None:
        with self._lock:
            if self._futures.get(job_id) is future:
                del self._futures[job_id]

    def _run(self, job_id: int) -> None:
        try:
            while transact(self.sessions, lambda s: claim(s, job_id, self.owner)):
                status = run(self.sessions, job_id, self.engines, self.owner, readers=self.readers,
                             should_stop=self._stop.is_set, retry=self.retry, beat_every=self.stale_after / 4,
                             fetch_settings=self.fetch_settings)
                if status == JobStatus.DONE:
                    self._follow_up(job_id)
                if status != JobStatus.QUEUED or self._stop.is_set():
                    return
                delay = self.retry.wait(max(1, self._attempts(job_id)))
                if delay > 0:  # a failed run: try again after the back-off
                    timer = threading.Timer(delay, self.submit, args=(job_id,))
                    timer.daemon = True
                    timer.start()
                    return
        except Exception:  # a worker thread must survive anything (the database briefly away)
            log.exception("translation job %s could not run", job_id)

    def _attempts(self, job_id: int) -> int:
        with self.readers() as session:
            return session.get(Job, job_id).attempts

    def _follow_up(self, job_id: int) -> None:
        """Submit the jobs a finished job queued for its article (a fetched page's translation)."""
        with self.readers() as session:
            article_id = session.get(Job, job_id).article_id
            queued = session.scalars(select(Job.id).where(Job.article_id == article_id,
                                                          Job.status == JobStatus.QUEUED)).all()
        for next_id in queued:
            self.submit(next_id)

    def wait(self, timeout: float = 60) -> bool:
        """Block until no job is waiting or running here (tests and the CLI use this)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                pending = [f for f in self._futures.values() if not f.done()]
            if not pending:
                return True
            try:
                pending[0].result(timeout=max(0.01, deadline - time.monotonic()))
            except Exception:  # the job's own failure is recorded in its row
                pass
        return False

    def shutdown(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)


class Worker:
    """`paralelo worker`: a process that only runs jobs, woken by NOTIFY on PostgreSQL, polling on SQLite."""

    def __init__(self, sessions, engines, readers=None, stale_after: float = 60, poll: float = 1.0,
                 listen_url: str | None = None, fetch_settings: FetchSettings | None = None):
        self.fetch_settings = fetch_settings or FetchSettings()
        self.sessions, self.readers, self.engines = sessions, readers or sessions, engines
        self.owner = worker_id()
        self.stale_after, self.poll = stale_after, poll
        self.listen_url = listen_url
        self.stop = threading.Event()

    def serve(self, max_jobs: int | None = None) -> int:
        """Run jobs until stopped (SIGTERM finishes the current chunk, then releases the job)."""
        ran = 0
        listener = self._listener()
        last_sweep = 0.0
        try:
            while not self.stop.is_set() and (max_jobs is None or ran < max_jobs):
                if time.monotonic() - last_sweep > max(1.0, self.stale_after / 2):
                    transact(self.sessions, lambda s: sweep(s, self.stale_after))
                    last_sweep = time.monotonic()
                job_id = transact(self.sessions, lambda s: claim_next(s, self.owner))
                if job_id is None:
                    self._wait(listener)
                    continue
                run(self.sessions, job_id, self.engines, self.owner, readers=self.readers,
                    should_stop=self.stop.is_set, beat_every=self.stale_after / 4,
                    fetch_settings=self.fetch_settings)
                ran += 1
        finally:
            if listener is not None:
                listener.close()
        return ran

    def _listener(self):
        if not self.listen_url or not self.listen_url.startswith("postgresql"):
            return None
        import psycopg

        conn = psycopg.connect(self.listen_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _wait(self, listener) -> None:
        if listener is None:
            self.stop.wait(self.poll)
            return
        for _note in listener.notifies(timeout=self.poll * 5, stop_after=1):
            pass
