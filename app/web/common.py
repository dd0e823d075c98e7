"""Helpers the HTML views and the JSON API share."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, g
from flask_babel import gettext
from sqlalchemy.orm import Session

from app.core.messages import translated
from app.core.models import Article
from app.glossary.edit import Change
from app.intake import importer, web_page
from app.interchange import glossary_files
from app.translation import jobs

from .db import get_session, sessions


def message(exc: Exception) -> str:
    """A domain error's message in the interface language (see app.core.messages)."""
    return translated(exc, gettext)


def import_and_queue(session: Session, text: str, title: str | None, target_lang: str, engine: str) -> Article:
    """Import an article, queue its translation, commit, and hand the job to a worker."""
    config = current_app.config
    article = importer.import_article(
        session, text, title, target_lang, engine,
        max_bytes=config["MAX_ARTICLE_BYTES"], max_sentences=config["MAX_ARTICLE_SENTENCES"],
    )
    job = jobs.enqueue_import(session, article)
    session.commit()
    submit([job.id])
    return article


def import_web_page(session: Session, url: str | None, html: str | None, target_lang: str, engine: str) -> Article:
    """A page's HTML is extracted now; a bare URL is fetched by a background job. Queues the job(s)."""
    if html is not None:
        article = web_page.import_page(
            session, html, url or None, target_lang, engine, max_bytes=current_app.config["MAX_ARTICLE_BYTES"]
        )
        job = jobs.enqueue_import(session, article)
    else:
        article = web_page.queue_url(session, url or "", target_lang, engine)
        job = jobs.enqueue_fetch(session, article)
    session.commit()  # before submit: starting the runner sweeps the job table, which needs the write lock
    submit([job.id])
    return article


def submit(job_ids: Iterable[int]) -> None:
    """Give committed jobs to this process's runner, unless external workers run them."""
    if current_app.config["WORKERS"] == "external":
        return
    runner = current_app.extensions["paralelo.jobs"]
    runner.start()
    for job_id in job_ids:
        runner.submit(job_id)


def import_glossary(data: bytes, fmt: str):
    """Import a glossary file in bounded transactions; (result, segments queued). Raises GlossaryError."""
    rows = glossary_files.read(data, fmt)
    get_session().commit()  # end the request's own transaction: each chunk below takes the write lock
    result, queued = glossary_files.import_in_chunks(sessions(), rows, current_user_name())
    if current_app.config["WORKERS"] != "external":
        current_app.extensions["paralelo.jobs"].sweep()  # hand the queued re-translations to a worker
    return result, queued


def current_user_name() -> str:
    """Who is making a change, for the history."""
    actor = g.get("actor")
    return actor.username if actor else "anonymous"


def after_glossary_change(session: Session, changes: list[Change]) -> int:
    """Queue re-translation of the segments the changes touch, commit, submit: segments queued."""
    queued_jobs, segments = jobs.after_glossary_change(session, [e for change in changes for e in change.affected])
    session.commit()
    submit(job.id for job in queued_jobs)
    return segments


def db_int(value: str) -> int:
    """A query-string id or version the database can hold (Werkzeug turns ValueError into None)."""
    number = int(value)
    if not 0 <= number < 2**63:
        raise ValueError(value)
    return number
