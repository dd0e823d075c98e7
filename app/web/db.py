"""Flask glue for the store: one SQLAlchemy session per request, the schema brought up to date, bundled data."""

from __future__ import annotations

import logging
from importlib import resources

from flask import Flask, current_app, g, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.core import models, schema
from app.intake import importer
from app.interchange import glossary_files
from app.translation import jobs

log = logging.getLogger(__name__)

SEED_ARTICLE = "cecot-article.txt"


def init_app(app: Flask) -> None:
    engine = models.make_engine(app.config["DATABASE_URL"], busy_timeout=app.config["SQLITE_BUSY_TIMEOUT"])
    schema.init_db(engine)
    app.extensions["paralelo.db"] = models.session_factory(engine, writer=True)
    app.extensions["paralelo.db.read"] = models.session_factory(engine)
    app.teardown_appcontext(close_session)


def sessions(app: Flask | None = None) -> sessionmaker[Session]:
    """Sessions for work that writes (jobs, CLI commands, write requests)."""
    return (app or current_app).extensions["paralelo.db"]


def readers(app: Flask | None = None) -> sessionmaker[Session]:
    """Sessions that only read: in WAL mode they never wait for, nor block, a writer."""
    return (app or current_app).extensions["paralelo.db.read"]


def get_session() -> Session:
    """The request's session, opened on first use: a writer's unless the method is safe."""
    if "db_session" not in g:
        key = "paralelo.db.read" if request.method in ("GET", "HEAD", "OPTIONS") else "paralelo.db"
        g.db_session = current_app.extensions[key]()
    return g.db_session


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def seed(app: Flask) -> None:
    """On first run, load the bundled glossary and import the bundled article."""
    with sessions(app)() as session:
        if not session.scalar(select(func.count(models.GlossaryEntry.id))):
            result = glossary_files.load_bundled(session)
            session.commit()
            log.info("loaded bundled glossary: %s", result.summary())
        if app.config["SEED_ON_START"] and not session.scalar(select(func.count(models.Article.id))):
            text = resources.files("app.data").joinpath(SEED_ARTICLE).read_text("utf-8")
            options = importer.Options(app.config["DEFAULT_TARGET_LANG"], app.config["ENGINE"])
            # no engine check: without one installed, the article waits and its page says how to install one
            article, _job = jobs.import_and_queue(session, importer.Text(text), options,
                                                  app.extensions["paralelo.job_settings"].limits)
            session.commit()
            log.info("imported the bundled article as %s", article.slug)
