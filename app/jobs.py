"""Background translation: jobs are database rows, run by a small thread pool in each app process.

A worker claims a queued job atomically and beats a heartbeat on it after every chunk. A job whose
heartbeat goes stale (its process was killed) is queued again by whichever process sweeps next;
a job whose process is alive is never run twice, even with several server processes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from . import pipeline, url_import
from .engines import Engine
from .fetch import FetchSettings
from .store import Article, Job, utcnow

log = logging.getLogger(__name__)


def worker_id() -> str:
    """Names this process in the job table: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class JobRunner:
    """Runs queued jobs in worker threads and sweeps for jobs whose worker died."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        engines: Mapping[str, Engine],
        workers: int = 1,
        stale_after: float = 60,
        fetch_settings: FetchSettings | None = None,
    ):
        self.sessions = sessions
        self.engines = engines
        self.owner = worker_id()
        self.stale_after = stale_after
        self.fetch_settings = fetch_settings or FetchSettings()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="paralelo-job")
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
        """Queue again the jobs whose worker stopped beating, and submit every queued job."""
        stale = utcnow() - timedelta(seconds=self.stale_after)
        with self.sessions() as session:
            dead = session.scalars(
                select(Job.id).where(
                    Job.status == "running", or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale)
                )
            ).all()
            if dead:
                log.warning("re-queueing jobs whose worker stopped: %s", dead)
                session.execute(
                    update(Job).where(Job.id.in_(dead), Job.status == "running").values(status="queued", owner=None)
                )
            queued = session.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.id)).all()
            session.commit()
        for job_id in queued:
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
            with self.sessions() as session:
                if not pipeline.claim(session, job_id, self.owner):
                    return
                reason = session.get(Job, job_id).reason
            if reason == url_import.FETCH:  # a URL import: fetch and extract, then translate in a new job
                for next_id in url_import.run_fetch_job(self.sessions, job_id, self.fetch_settings, owner=self.owner):
                    self.submit(next_id)
                return
            pipeline.run_job(self.sessions, job_id, self.engines, owner=self.owner)
        except Exception:  # a worker thread must survive any one job's failure
            log.exception("translation job %s crashed", job_id)
            with self.sessions() as session:
                job = session.get(Job, job_id)
                job.status, job.error = "failed", "internal error (see the server log)"
                article = session.get(Article, job.article_id)
                if article.status in ("fetching", "queued", "translating"):  # never left "translating" forever
                    article.status, article.error = "failed", job.error
                session.commit()

    def wait(self, timeout: float = 60) -> bool:
        """Block until no job is waiting or running here (tests and the CLI use this)."""
        import time

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
