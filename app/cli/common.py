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


def fail(message: str) -> None:
    """Exit 2 with a message (bad input), never a traceback."""
    raise click.UsageError(message)


def sessions() -> sessionmaker[Session]:
    """Sessions for work that writes."""
    return current_app.extensions["paralelo.db"]


def readers() -> sessionmaker[Session]:
    """Sessions that only read (they never take SQLite's write lock)."""
    return current_app.extensions["paralelo.db.read"]


def find_article(session: Session, ref: str) -> Article:
    """An article by id or slug; exit 2 if there is none."""
    where = Article.id == int(ref) if ref.isdigit() and len(ref) < 19 else Article.slug == ref
    article = session.scalars(select(Article).where(where)).first()
    if article is None:
        fail(f"No article {ref!r}. `paralelo articles` lists them.")
    return article


def run_jobs_with_progress(article: Article, sentences: int) -> None:
    """Run this article's queued jobs here, showing a progress bar; exit 2 if one fails."""
    engines = current_app.extensions["paralelo.engines"]
    with click.progressbar(length=max(1, sentences), label=f"Translating {article.slug}", file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = max(1, total)
            bar.update(done - bar.pos)

        results = jobs.run_queued(sessions(), engines, article.id, progress, readers=readers())
        bar.update(bar.length - bar.pos)
    with readers()() as session:
        job_errors = [r for r in results if r != JobStatus.DONE]
        if job_errors:
            art = session.get(Article, article.id)
            fail(f"Translation failed: {art.error or 'see the log'}")
