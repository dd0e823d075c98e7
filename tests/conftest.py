"""Fixtures: an app on a temporary database, its client and CLI runner, and engines."""

from __future__ import annotations

import shutil

import pytest

from app.translation.engines.apertium import ApertiumEngine
from tests.support.app import REQUIRE_ENGINES, FakeEngine, make_app, template_database
from tests.support.dns import fake_getaddrinfo
from tests.support.paths import SEED

# the Argos fixtures (generated packages, a local package index) for every test that asks for them
pytest_plugins = ["tests.support.argos_fixtures"]


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture
def public_dns(monkeypatch):
    """example.com, .org and .net names resolve to a public address (tests.support.dns), offline."""
    import socket

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo(socket.getaddrinfo))


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def apertium() -> ApertiumEngine:
    engine = ApertiumEngine()
    if not engine.available():
        if REQUIRE_ENGINES:
            pytest.fail("apertium-eng-spa is not installed (apt-get install apertium apertium-eng-spa)")
        pytest.skip("apertium-eng-spa is not installed")
    return engine


@pytest.fixture
def app(tmp_path, fake_engine):
    """An app with the fake engine only, an empty article list and the bundled glossary."""
    app = make_app(tmp_path, {"fake": fake_engine})
    yield app
    app.extensions["paralelo.jobs"].shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_sessions(tmp_path):
    """Writer sessions on a copy of the template database, with no Flask app (domain tests)."""
    from app.core import models

    path = tmp_path / "paralelo.db"
    shutil.copyfile(template_database(), path)
    engine = models.make_engine(f"sqlite:///{path}")
    yield models.session_factory(engine, writer=True)
    engine.dispose()


@pytest.fixture
def db_session(db_sessions):
    """One writer session on a fresh copy of the template database (nothing is committed for you)."""
    with db_sessions() as session:
        yield session
