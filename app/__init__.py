"""Paralelo: a self-hosted bilingual reader with an enforced legal glossary and offline MT."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import config as config_module
from .version import __version__  # noqa: F401  (re-exported)

HERE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> str:
    """Templates and catalogs live at the repo top level, and inside the package in a wheel."""
    packaged = HERE / name
    return str(packaged if packaged.is_dir() else HERE.parent / name)


class DatabaseInt(IntegerConverter):
    """<int:...> URL parts the database can hold; a larger id is simply not found (404)."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, max=2**63 - 1)


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: config, database, engines, job runner, i18n, blueprints."""
    # Imported here, not at the top: `paralelo --help` and the CLI's other commands import this package
    # without building an app, and should not pay for the whole application.
    from app.core.fileperms import private_dir
    from app.translation.engines import build_engines
    from app.translation.jobs import JobRunner, JobSettings

    from .web import db, i18n, register

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=_resource_dir("templates"),
        static_folder="static",
    )
    app.url_map.converters["int"] = DatabaseInt
    app.config.from_mapping(config_module.from_env(app.instance_path))
    if test_config:
        app.config.update(test_config)
        if "DATA_DIR" in test_config and "DATABASE_URL" not in test_config:
            app.config["DATABASE_URL"] = f"sqlite:///{Path(test_config['DATA_DIR']) / 'paralelo.db'}"
        if "DATA_DIR" in test_config and "ARGOS_PACKAGES_DIR" not in test_config:
            app.config["ARGOS_PACKAGES_DIR"] = str(Path(test_config["DATA_DIR"]) / "argos")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = _resource_dir("translations")
    if app.config.get("PROXY_FIX"):  # behind N reverse proxies: trust their X-Forwarded-For/-Proto
        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    private_dir(app.config["DATA_DIR"])  # 0700 when made here: it holds the database and the secret key
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations are routine, not news

    if app.config["AUTH"] == "off":
        app.logger.warning(
            "PARALELO_AUTH=off: single-user local mode; only requests from this computer may make "
            "changes. Never run it like this behind a reverse proxy."
        )
    if app.config["FETCH_ALLOW_PRIVATE"]:
        app.logger.warning(
            "PARALELO_FETCH_ALLOW_PRIVATE=1: URL imports may fetch pages from this machine and its private "
            "network (127.0.0.1, 10.x, 192.168.x...). Turn it off unless only trusted people can import."
        )
    db.init_app(app)
    i18n.init_app(app)
    engines = app.config.get("ENGINES") or build_engines(app.config)
    app.extensions["paralelo.engines"] = engines
    settings = JobSettings.from_config(app.config)  # one object for every runner: threads, workers, CLI
    app.extensions["paralelo.job_settings"] = settings
    app.extensions["paralelo.jobs"] = JobRunner(db.sessions(app), engines, settings, readers=db.readers(app))

    register(app)
    db.seed(app)
    if app.config["RUN_JOBS"] and app.config["WORKERS"] != "external":
        app.extensions["paralelo.jobs"].start()
    return app
