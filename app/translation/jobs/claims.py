"""Who runs a job: atomic claims, heartbeats, hand-backs, and the sweep that requeues jobs whose worker died."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.core.models import Job, utcnow
from app.core.states import JobStatus
from app.core.uow import transact

log = logging.getLogger(__name__)


def worker_id() -> str:
    """Names a worker in the job table: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


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


def beat(session: Session, job: Job, owner: str) -> bool:
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


@contextmanager
def beating(sessions: sessionmaker[Session], job_id: int, owner: str, every: float) -> Iterator[None]:
    """Beat the job's heartbeat every `every` seconds while the block runs (a chunk may take long)."""
    stop = threading.Event()

    def beat_forever() -> None:
        while not stop.wait(every):
            try:
                transact(sessions, lambda s: s.execute(
                    update(Job).where(Job.id == job_id, Job.owner == owner, Job.status == JobStatus.RUNNING)
                    .values(heartbeat_at=utcnow())))
            except Exception:  # a missed beat is retried next time; the chunk write beats too
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    thread = threading.Thread(target=beat_forever, name=f"paralelo-beat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)
