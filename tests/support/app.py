"""The app on a copy of a template database, a predictable fake engine, and ways to import and translate."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from app import create_app
from app.translation.engines.base import Engine
from app.translation.jobs import JobSettings, Retry
from app.web.security import limiter

# Job settings with one attempt: a failing job fails at once, so tests see the final state.
ONCE = JobSettings(retry=Retry(attempts=1))
# CI sets this so that a missing engine fails the run instead of skipping tests.
REQUIRE_ENGINES = os.environ.get("PARALELO_REQUIRE_ENGINES") == "1"


class FakeEngine(Engine):
    """A predictable engine for tests of the plumbing: 'ES(' + sentence + ')', terms put in place."""

    name = "fake"
    label = "Fake engine (tests)"

    def __init__(self):
        self.calls: list[list[str]] = []

    @property
    def version(self) -> str:
        return "1.0"

    def available(self) -> bool:
        return True

    def translate_batch(self, sentences, terms=None, progress=None):
        self.calls.append(list(sentences))
        out = []
        for i, sentence in enumerate(sentences):
            text = sentence
            for t in sorted((terms or [[]] * len(sentences))[i], key=lambda t: t.start, reverse=True):
                text = text[: t.start] + t.target + text[t.end :]
            out.append(f"ES({text})")
        if progress:
            progress(len(sentences), len(sentences))
        return out

    @property
    def translated(self) -> int:
        return sum(len(c) for c in self.calls)


_template: dict[str, Path] = {}


def template_database() -> Path:
    """A database migrated and seeded with the bundled glossary once per test run, copied per test."""
    if "db" not in _template:
        folder = Path(tempfile.mkdtemp(prefix="paralelo-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        app = create_app({"TESTING": True, "DATA_DIR": str(folder), "SEED_ON_START": False, "RUN_JOBS": False,
                          "SECRET_KEY": "test", "ENGINES": {"fake": FakeEngine()}})
        app.extensions["paralelo.jobs"].shutdown()
        # closing the last connection checkpoints the WAL into the file and removes it
        app.extensions["paralelo.db"].kw["bind"].dispose()
        assert not (folder / "paralelo.db-wal").exists()
        _template["db"] = folder / "paralelo.db"
    return _template["db"]


def make_app(tmp_path: Path, engines: dict | None = None, **config):
    """An app on a copy of the template database (unless the test gives DATABASE_URL or DATA_DIR)."""
    if "DATABASE_URL" not in config and "DATA_DIR" not in config:
        data = tmp_path / "data"
        data.mkdir(parents=True, exist_ok=True)
        if not (data / "paralelo.db").exists():
            shutil.copyfile(template_database(), data / "paralelo.db")
    settings = {
        "TESTING": True,
        "DATA_DIR": str(tmp_path / "data"),
        "SEED_ON_START": False,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "AUTH": "off",  # the test client calls from 127.0.0.1: local single-user mode
        "RATELIMIT_ENABLED": False,
        "JOB_RETRY_DELAY": 0,  # failed runs are retried at once: tests see the final state
    }
    if engines is not None:
        settings["ENGINES"] = engines
    settings.update(config)
    # Flask-Limiter keeps "the storage is down" on its Limiter, and ours is one per process: an earlier test's
    # app whose Redis died would send this app's counts to the in-memory fallback until a health check flips
    # them back mid-test (a production process creates one app, so this matters to tests only)
    limiter._storage_dead = False
    app = create_app(settings)
    return app


def store_text(session, text: str, title: str | None = None, target_lang: str = "es-419", engine: str = "auto",
               **limits):
    """Import text through the app's one import path (not committed): the stored Article."""
    from app.intake import importer

    return importer.import_article(session, importer.Text(text, title), importer.Options(target_lang, engine),
                                   importer.Limits(**limits))


def wait_jobs(app, timeout: float = 60) -> None:
    assert app.extensions["paralelo.jobs"].wait(timeout), "translation jobs did not finish in time"


def import_article(app, text: str, **options):
    """Import an article with its translation queued (not run); the committed Article."""
    from app.translation import jobs

    with app.extensions["paralelo.db"]() as session:
        article = store_text(session, text, **options)
        jobs.enqueue_import(session, article)
        session.commit()
        return article


def translate_now(app, text: str, engines: dict | None = None, **options) -> int:
    """Import an article and run its translation here, as the CLI does; its id (asserts it is done)."""
    from app.core.states import JobStatus
    from app.translation import jobs

    article = import_article(app, text, **options)
    results = jobs.run_queued(app.extensions["paralelo.db"], engines or app.extensions["paralelo.engines"],
                              article_id=article.id, readers=app.extensions["paralelo.db.read"],
                              settings=ONCE)
    assert results and all(r == JobStatus.DONE for r in results), results
    return article.id
