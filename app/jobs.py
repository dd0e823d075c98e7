"""Background translation: jobs are database rows, run by a small thread pool in the app process."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from . import pipeline
from .engines import Engine
from .store import Article, Job

log = logging.getLogger(__name__)


class JobRunner:
    """Runs queued jobs in worker threads; on start, picks up jobs a crash or restart interrupted."""

    def __init__(self, sessions: sessionmaker[Session], engines: Mapping[str, Engine], workers: int = 1):
        self.sessions = sessions
        self.engines = engines
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="paralelo-job")
        self._futures: set[Future] = set()
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        """Re-queue interrupted jobs and submit every queued job (once per process)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        with self.sessions() as session:
            session.execute(update(Job).where(Job.status == "running").values(status="queued"))
            session.execute(
                update(Article).where(Article.status == "translating").values(status="queued")
            )
            session.commit()
            queued = list(session.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.id)))
        for job_id in queued:
            self.submit(job_id)

    def submit(self, job_id: int) -> Future:
        future = self._pool.submit(self._run, job_id)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._futures.discard(future)

    def _run(self, job_id: int) -> None:
        try:
            with self.sessions() as session:
                if not pipeline.claim(session, job_id):
                    return
            pipeline.run_job(self.sessions, job_id, self.engines)
        except Exception:  # a worker thread must survive any one job's failure
            log.exception("translation job %s crashed", job_id)
            with self.sessions() as session:
                job = session.get(Job, job_id)
                job.status, job.error = "failed", "internal error (see the server log)"
                article = session.get(Article, job.article_id)
                if article.status in ("queued", "translating"):  # never left "translating" forever
                    article.status, article.error = "failed", job.error
                session.commit()

    def wait(self, timeout: float = 60) -> bool:
        """Block until no job is running (tests and the CLI use this); False on timeout."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                pending = [f for f in self._futures if not f.done()]
            if not pending:
                return True
            pending[0].result(timeout=max(0.01, deadline - time.monotonic()))
        return False

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
