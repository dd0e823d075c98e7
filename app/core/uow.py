"""Units of work: the caller owns the transaction; lock and serialization failures are retried.

Domain functions never commit. A view, a CLI command or a job chunk opens a unit of work, and
`retrying` runs it again with back-off when the database says it is busy (SQLite's "database is
locked", PostgreSQL's serialization failures and deadlocks). A unit that still cannot write raises
`Busy`, which the web layer answers with 503 and Retry-After.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .messages import N_, UserError

log = logging.getLogger(__name__)
T = TypeVar("T")

_LOCK_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")
_RETRY_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


class Busy(UserError):
    """The database stayed busy through every retry; the client should try again shortly."""

    http_status = 503
    retry_after = 2


def is_busy_error(exc: BaseException) -> bool:
    """True for errors that a retry of the same unit of work can cure."""
    if isinstance(exc, OperationalError) and any(m in str(exc.orig).lower() for m in _LOCK_MESSAGES):
        return True
    if isinstance(exc, DBAPIError):
        return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES
    return False


def retrying(work: Callable[[], T], attempts: int = 4, delay: float = 0.05,
             on_retry: Callable[[], None] | None = None) -> T:
    """Run `work`; on a busy error call `on_retry` (roll back), wait with jittered back-off, try again."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if not is_busy_error(exc):
                raise
            if on_retry:
                on_retry()
            if attempt == attempts:
                log.warning("database busy after %s attempts: %s", attempts, exc.orig)
                raise Busy(N_("The database is busy; try again in a moment.")) from exc
            time.sleep(delay * 2 ** (attempt - 1) * (0.5 + random.random()))
    raise AssertionError("unreachable")


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed when the block ends, and rolled back if it raises."""
    session = sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def transact(sessions: sessionmaker[Session], work: Callable[[Session], T], attempts: int = 4) -> T:
    """Run `work(session)` in its own unit of work, retried as a whole while the database is busy."""

    def once() -> T:
        with unit_of_work(sessions) as session:
            return work(session)

    return retrying(once, attempts)
