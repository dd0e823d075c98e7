"""What every `paralelo` sub-command shares: exit 2 with a message, the session factories, lookups."""

from __future__ import annotations

import sys

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.core.models import Article
from app.core.states import JobStatus
from app.translation import jobs
from app.translation.jobs import JobSettings


class Refused(click.ClickException):
    """Bad input: `Error: <reason>` and exit status 2, without the usage text (the command was used right)."""

    exit_code = 2


def fail(message: str) -> None:
    """Exit 2 with a message (bad input), never a traceback."""
    raise Refused(message)


def sessions() -> sessionmaker[Session]:
    """Sessions for work that writes."""
    return current_app.extensions["paralelo.db"]


def readers() -> sessionmaker[Session]:
    """Sessions that only read (they never take SQLite's write lock)."""
    return current_app.extensions["paralelo.db.read"]


def find_article(session: Session, ref: str) -> Article:
    """A live article by id or slug; exit 2 if there is none, or if it is deleted (read-only until restored)."""
    where = Article.id == int(ref) if ref.isdigit() and len(ref) < 19 else Article.slug == ref
    article = session.scalars(select(Article).where(where)).first()
    if article is None:
        fail(f"No article {ref!r}. `paralelo articles` lists them.")
    if article.deleted_at is not None:
        fail(f"Article {ref!r} is deleted; an admin can restore it from the deleted articles page.")
    return article


def job_settings() -> JobSettings:
    """The one JobSettings the app built from the configuration (the web runner and workers use it too)."""
    return current_app.extensions["paralelo.job_settings"]


def run_jobs_with_progress(article: Article, length: int, label: str | None = None,
                           failure: str = "Translation failed") -> None:
    """Run this article's queued jobs here, showing a progress bar; exit 2 with the reason if one fails."""
    engines = current_app.extensions["paralelo.engines"]
    label = label or f"Translating {article.slug}"
    with click.progressbar(length=max(1, length), label=label, file=sys.stderr) as bar:
        def progress(done: int, total: int | None) -> None:
            bar.length = max(1, total or bar.length, done)
            bar.update(done - bar.pos)

        results = jobs.run_queued(sessions(), engines, job_settings(), article.id, progress, readers=readers())
        bar.update(bar.length - bar.pos)
    if any(r != JobStatus.DONE for r in results):
        with readers()() as session:
            fail(f"{failure}: {session.get(Article, article.id).error or 'see the log'}")
