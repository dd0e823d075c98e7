"""`paralelo glossary check --grammar`: agreement errors the glossary introduced, with Apertium."""

from __future__ import annotations

import pytest

from app.cli import main
from app.spanish import postprocess
from tests.support.app import make_app
from tests.support.morphology import lt_proc  # noqa: F401

TEXT = "Confinement at the new prison\n\nThe new confinement was ordered by the judge. That confinement is harsh."


def run(app, *args):
    return app.test_cli_runner().invoke(main, list(args))


@pytest.fixture
def apertium_app(tmp_path, apertium, lt_proc):  # noqa: F811  (the fixture imported above)
    app = make_app(tmp_path, {"apertium": apertium}, RUN_JOBS=False)
    assert run(app, "glossary", "add", "confinement", "reclusión").exit_code == 0  # gender from the analyser
    return app


def test_grammar_check_reports_no_introduced_errors(apertium_app, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    assert run(apertium_app, "import", str(path), "--engine", "apertium").exit_code == 0
    result = run(apertium_app, "glossary", "check", "1", "--grammar")
    assert result.exit_code == 0, result.output
    assert "= 100.0%" in result.output
    assert "Agreement errors introduced by the glossary: 0" in result.output


def test_grammar_check_finds_errors_when_repair_is_off(apertium_app, tmp_path, monkeypatch):
    # without stand-ins and repair, enforcement leaves "El nuevo reclusión ... ordenado"
    monkeypatch.setattr(postprocess.agreement, "repair", lambda texts, terms: [(t, []) for t in texts])
    monkeypatch.setattr("app.translation.engines.apertium.NOUN_STANDINS", {})
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    assert run(apertium_app, "import", str(path), "--engine", "apertium").exit_code == 0
    result = run(apertium_app, "glossary", "check", "1", "--grammar")
    assert result.exit_code == 0
    assert "agreement  p1.s0: 'ordenado' next to 'reclusión' (wants f.sg)" in result.output
    assert "Agreement errors introduced by the glossary: 0" not in result.output
