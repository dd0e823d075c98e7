"""The runners of jobs: threads of a web process (JobRunner) and `paralelo worker` processes (Worker).

Both are given the same JobSettings, built from the configuration, and both survive anything a job
or the database throws at them: a failure is recorded on the job (app.translation.jobs.run) and the
runner goes on with the next one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.core.models import Job
from app.core.states import JobStatus
from app.core.uow import transact

from ..engines import Engine
from .claims import claim, claim_next, sweep, worker_id
from .queue import CHANNEL
from .run import run
from .settings import JobSettings

log = logging.getLogger(__name__)


class JobRunner:
    """Runs queued jobs in worker threads of this process and sweeps for jobs whose worker died."""

    def __init__(self, sessions: sessionmaker[Session], engines: Mapping[str, Engine], settings: JobSettings,
                 readers: sessionmaker[Session] | None = None):
        self.sessions = sessions
        self.readers = readers or sessions
        self.engines = engines
        self.settings = settings
        self.owner = worker_id()
        self._pool = ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="paralelo-job")
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
        interval = max(1.0, min(30.0, self.settings.stale_after / 2))
        threading.Thread(target=self._sweep_forever, args=(interval,), name="paralelo-sweep", daemon=True).start()

    def _sweep_forever(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.sweep()
            except Exception:  # a failed sweep (database briefly away) must not end the thread
                log.exception("job sweep failed")

    def sweep(self) -> None:
        """Queue again the jobs whose worker stopped beating, and submit every due job."""
        for job_id in transact(self.sessions, lambda s: sweep(s, self.settings.stale_after)):
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
                status = run(self.sessions, job_id, self.engines, self.owner, self.settings, readers=self.readers,
                             should_stop=self._stop.is_set)
                if status == JobStatus.DONE:
                    self._follow_up(job_id)
                if status != JobStatus.QUEUED or self._stop.is_set():
                    return
                delay = self.settings.retry.wait(max(1, self._attempts(job_id)))
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

    def __init__(self, sessions: sessionmaker[Session], engines: Mapping[str, Engine], settings: JobSettings,
                 readers: sessionmaker[Session] | None = None, poll: float = 1.0, listen_url: str | None = None):
        self.sessions, self.readers, self.engines = sessions, readers or sessions, engines
        self.settings = settings
        self.owner = worker_id()
        self.poll = poll
        self.listen_url = listen_url
        self.stop = threading.Event()

    def serve(self, max_jobs: int | None = None, burst: bool = False) -> int:
        """Run jobs until stopped (SIGTERM finishes the current chunk, then releases the job); with
        `burst`, until no job is due."""
        ran = 0
        listener = self._listener()
        last_sweep = 0.0
        try:
            while not self.stop.is_set() and (max_jobs is None or ran < max_jobs):
                try:
                    if time.monotonic() - last_sweep > max(1.0, self.settings.stale_after / 2):
                        transact(self.sessions, lambda s: sweep(s, self.settings.stale_after))
                        last_sweep = time.monotonic()
                    job_id = transact(self.sessions, lambda s: claim_next(s, self.owner))
                except Exception:  # the database briefly away: wait and look again
                    log.exception("worker %s could not claim a job", self.owner)
                    self.stop.wait(self.poll)
                    continue
                if job_id is None:
                    if burst:
                        break
                    self._wait(listener)
                    continue
                try:
                    run(self.sessions, job_id, self.engines, self.owner, self.settings, readers=self.readers,
                        should_stop=self.stop.is_set)
                except Exception:  # recording the failure failed (database away): the sweep hands it on
                    log.exception("job %s could not be run or recorded", job_id)
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
