"""Fixtures for the Argos tests: generated .argosmodel files, installed folders, a local index.

Import them into a test module (`from tests.support.argos_fixtures import ...`); the files are built
once per session (a fraction of a second each) and the shared install folders are read-only.
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.glossary import matcher as glossary
from app.intake import parse, segment
from app.translation import pipeline
from app.translation.engines.argos import ArgosEngine
from app.translation.engines.argos_packages import install_file
from tests.support.argos_model import build_argosmodel
from tests.support.paths import SEED

GLOSSARY = SEED.parent / "glossary.json"


@pytest.fixture(scope="session")
def argos_files(tmp_path_factory) -> dict[str, Path]:
    """Generated packages: random and copy en->es, a newer en->es, and an en->fr one."""
    out = tmp_path_factory.mktemp("argosmodels")
    return {
        "random": build_argosmodel(out / "random"),
        "copy": build_argosmodel(out / "copy", copy=True),
        "newer": build_argosmodel(out / "newer", package_version="1.1"),
        "fr": build_argosmodel(out / "fr", to_code="fr"),
    }


def _installed(tmp_path_factory, package: Path) -> Path:
    folder = tmp_path_factory.mktemp("data") / "argos"
    install_file(folder, package)
    return folder


@pytest.fixture(scope="session")
def random_packages(tmp_path_factory, argos_files) -> Path:
    """A packages folder with the random-weights model installed (shared: do not modify)."""
    return _installed(tmp_path_factory, argos_files["random"])


@pytest.fixture(scope="session")
def copy_packages(tmp_path_factory, argos_files) -> Path:
    """A packages folder with the copying model installed (shared: do not modify)."""
    return _installed(tmp_path_factory, argos_files["copy"])


@pytest.fixture
def argos_engine(random_packages) -> ArgosEngine:
    return ArgosEngine(str(random_packages))


@pytest.fixture
def copy_engine(copy_packages) -> ArgosEngine:
    return ArgosEngine(str(copy_packages))


def article_sentences() -> list[str]:
    """The bundled article's sentences, as the pipeline gives them to an engine."""
    parsed = parse.parse(SEED.read_text("utf-8"))
    found = segment.segment(parsed.blocks, parsed.title, parsed.byline)
    return [pipeline.engine_input(s.text) for s in found]


def article_terms(sentences: list[str]) -> list[list]:
    """Glossary, number and date terms of each sentence (bundled glossary, es-419)."""
    entries = [glossary.Entry.of(e) for e in json.loads(GLOSSARY.read_text("utf-8"))]
    matcher = glossary.Matcher(entries)
    return [pipeline.terms_for(s, matcher, "es-419") for s in sentences]


@pytest.fixture(scope="session")
def seed_sentences() -> list[str]:
    return article_sentences()


@pytest.fixture(scope="session")
def seed_terms(seed_sentences) -> list[list]:
    return article_terms(seed_sentences)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture
def package_index(tmp_path, argos_files, monkeypatch):
    """An HTTP package index on 127.0.0.1 offering the random en->es and the en->fr packages."""
    root = tmp_path / "index"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = []
    for key, (to_code, to_name) in {"random": ("es", "Spanish"), "fr": ("fr", "French")}.items():
        shutil.copy(argos_files[key], root / argos_files[key].name)
        index.append(
            {
                "package_version": "1.0",
                "argos_version": "1.0",
                "from_code": "en",
                "from_name": "English",
                "to_code": to_code,
                "to_name": to_name,
                "type": "translate",
                "links": [base + argos_files[key].name],
            }
        )
    (root / "index.json").write_text(json.dumps(index), "utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def unreachable_index(monkeypatch) -> str:
    """ARGOS_PACKAGE_INDEX pointing at a closed port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    return url
