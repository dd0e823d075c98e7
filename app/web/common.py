"""Helpers the HTML views and the JSON API share."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from .. import pipeline
from ..glossary_edit import Change
from ..store import Article


def import_and_queue(session: Session, text: str, title: str | None, target_lang: str, engine: str) -> Article:
    """Import an article and hand its translation job to the background runner."""
    article = pipeline.import_article(
        session, text, title, target_lang, engine, max_bytes=current_app.config["MAX_ARTICLE_BYTES"]
    )
    submit_queued(session)
    return article


def submit_queued(session: Session) -> None:
    """Give every queued job to this process's runner (jobs are claimed atomically)."""
    from sqlalchemy import select

    from ..store import Job

    runner = current_app.extensions["paralelo.jobs"]
    runner.start()
    for job_id in session.scalars(select(Job.id).where(Job.status == "queued")):
        runner.submit(job_id)


def current_user_name() -> str:
    """Who is making a change, for the history (accounts come with the editors issue)."""
    return "local"


def after_glossary_change(session: Session, changes: list[Change]) -> int:
    """Commit glossary changes and queue re-translation of exactly the segments they touch."""
    entries = [e for change in changes for e in change.affected]
    jobs = pipeline.queue_retranslation(session, entries)
    session.commit()
    submit_queued(session)
    return sum(len(j.segment_ids or []) for j in jobs)
