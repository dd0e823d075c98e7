"""Helpers the HTML views and the JSON API share."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, g
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import pipeline, url_import
from ..glossary_edit import Change
from ..messages import translated
from ..store import Article, Job


def message(exc: Exception) -> str:
    """A domain error's message in the interface language (see app.messages)."""
    return translated(exc, gettext)


def import_and_queue(session: Session, text: str, title: str | None, target_lang: str, engine: str) -> Article:
    """Import an article and hand its translation job to the background runner."""
    article = pipeline.import_article(
        session, text, title, target_lang, engine, max_bytes=current_app.config["MAX_ARTICLE_BYTES"]
    )
    submit(session.scalars(select(Job.id).where(Job.article_id == article.id)).all())
    session.commit()  # end the read transaction: a writer's session must not keep the lock
    return article


def import_web_page(session: Session, url: str | None, html: str | None, target_lang: str, engine: str) -> Article:
    """A page's HTML is extracted now; a bare URL is fetched by a background job. Queues the job(s)."""
    if html is not None:
        article = url_import.import_page(
            session, html, url or None, target_lang, engine, max_bytes=current_app.config["MAX_ARTICLE_BYTES"]
        )
    else:
        article = url_import.queue_url(session, url or "", target_lang, engine)
    job_ids = session.scalars(select(Job.id).where(Job.article_id == article.id)).all()
    session.commit()  # before submit: starting the runner sweeps the job table, which needs the write lock
    submit(job_ids)
    return article


def submit(job_ids: Iterable[int]) -> None:
    """Give committed jobs to this process's runner (jobs are claimed atomically)."""
    runner = current_app.extensions["paralelo.jobs"]
    runner.start()
    for job_id in job_ids:
        runner.submit(job_id)


def current_user_name() -> str:
    """Who is making a change, for the history."""
    actor = g.get("actor")
    return actor.username if actor else "anonymous"


def after_glossary_change(session: Session, changes: list[Change]) -> int:
    """Commit glossary changes and queue re-translation of exactly the segments they touch."""
    entries = [e for change in changes for e in change.affected]
    jobs = pipeline.queue_retranslation(session, entries)
    session.commit()
    submit(job.id for job in jobs)
    return sum(len(job.segment_ids or []) for job in jobs)


def db_int(value: str) -> int:
    """A query-string id or version the database can hold (Werkzeug turns ValueError into None)."""
    number = int(value)
    if not 0 <= number < 2**63:
        raise ValueError(value)
    return number
