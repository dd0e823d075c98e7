"""Helpers the HTML views and the JSON API share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from flask import current_app, g
from flask_babel import gettext
from sqlalchemy.orm import Session

from app.core.messages import translated
from app.core.models import Article
from app.glossary.edit import Change
from app.intake import importer
from app.interchange import glossary_files
from app.translation import jobs, suggestions

from .authors import visible_author
from .db import get_session, sessions


def message(exc: Exception) -> str:
    """A domain error's message in the interface language (see app.core.messages)."""
    return translated(exc, gettext)


def import_and_queue(session: Session, source: importer.Source, target_lang: str | None = None,
                     engine: str | None = None, source_lang: str | None = None,
                     edition: importer.Edition | None = None, spanish_variant: str | None = None) -> Article:
    """Import an article from any source (and an edition to align) with the configured limits, queue its
    first job, commit, submit it. The source language is detected when neither it nor the target is given."""
    config, extensions = current_app.config, current_app.extensions
    options = importer.Options(target_lang or None, engine or config["ENGINE"], source_lang or None,
                               spanish_variant or config["DEFAULT_TARGET_LANG"])
    article, job = jobs.import_and_queue(session, source, options, extensions["paralelo.job_settings"].limits,
                                         extensions["paralelo.engines"], edition)
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


def open_suggestions(session: Session) -> list[suggestions.Suggestion]:
    """Open glossary suggestions with their previews, editors named as the viewer may see them (the page's
    and the API's one path)."""
    found = suggestions.mine(session, int(current_app.config["LEARN_MIN_EDITS"]))
    for s in found:
        s.preview = suggestions.preview(session, s)
        s.evidence = [replace(e, editor=visible_author(e.editor)) for e in s.evidence]
    return found
