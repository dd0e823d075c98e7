"""`paralelo glossary check --grammar`: agreement problems in the translation, found independently of the repair."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Translation
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


def imported(app, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    assert run(app, "import", str(path), "--engine", "apertium").exit_code == 0


def test_grammar_check_reports_no_problems_in_a_repaired_translation(apertium_app, tmp_path):
    imported(apertium_app, tmp_path)
    result = run(apertium_app, "glossary", "check", "1", "--grammar")
    assert result.exit_code == 0, result.output
    assert "= 100.0%" in result.output
    assert "Agreement problems: 0 in the translation, 0 introduced by the glossary" in result.output


def test_grammar_check_finds_errors_when_repair_is_off(apertium_app, tmp_path, monkeypatch):
    # without stand-ins and repair, enforcement leaves "El nuevo reclusión ... ordenado"
    monkeypatch.setattr(postprocess.agreement, "repair", lambda texts, terms: [(t, []) for t in texts])
    monkeypatch.setattr("app.translation.engines.apertium.NOUN_STANDINS", {})
    imported(apertium_app, tmp_path)
    result = run(apertium_app, "glossary", "check", "1", "--grammar")
    assert result.exit_code == 0
    assert "agreement  p1.s0: 'ordenado' with 'reclusión' (wants f.sg, PRED)  (introduced by the glossary)" \
        in result.output
    assert "Agreement problems: 0 in" not in result.output


def test_grammar_check_sees_what_the_repair_cannot(apertium_app, tmp_path):
    # an engine's leftover English word between determiner and noun: the repair looks only around terms
    imported(apertium_app, tmp_path)
    with apertium_app.extensions["paralelo.db"]() as session:
        current = session.scalars(select(Translation).filter_by(current=True).order_by(Translation.id)).all()[-1]
        current.text = "Un infamously cárcel es dura."
        session.commit()
    result = run(apertium_app, "glossary", "check", "1", "--grammar")
    assert "'Un' with 'cárcel' (wants f.sg, NP)" in result.output
