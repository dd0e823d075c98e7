"""Spanish analysis and generation through lt-proc: one process per batch, offsets kept."""

from __future__ import annotations

import pytest

from app.spanish import morphology
from tests.support.morphology import lt_proc  # noqa: F401

pytestmark = pytest.mark.usefixtures("lt_proc")


def test_analyse_gives_offsets_and_readings_for_every_text():
    texts = ["La prisión fue archivada.", "Los jueces federales del país [x] $5 *y* a/b"]
    first, second = morphology.analyse(texts)
    for text, tokens in zip(texts, (first, second), strict=True):
        for tok in tokens:
            assert text[tok.start : tok.end] == tok.surface
    archivada = next(t for t in first if t.surface == "archivada")
    assert any(r.lemma == "archivar" and r.pos == "vblex" and r.gender == "f" and r.number == "sg"
               for r in archivada.readings)
    jueces = next(t for t in second if t.surface == "jueces")
    assert any(r.pos == "n" and r.gender == "m" and r.number == "pl" for r in jueces.readings)
    del_ = next(t for t in second if t.surface == "del")
    assert any(r.pos == "det" for r in del_.readings)  # a contraction keeps its determiner part


def test_generate_forms_and_none_for_impossible_ones():
    units = ["^archivar<vblex><pp><f><sg>$", "^el<det><def><f><pl>$", "^nuevo<adj><f><pl>$", "^grande<adj><f><sg>$"]
    assert morphology.generate(units) == ["archivada", "las", "nuevas", None]


def test_a_batch_is_one_process_per_direction(monkeypatch):
    calls = []
    real = morphology._run

    def counting(args, payload):
        calls.append(args[0])
        return real(args, payload)

    monkeypatch.setattr(morphology, "_run", counting)
    tokens = morphology.analyse([f"La ley número {i} fue aprobada." for i in range(50)])
    assert len(tokens) == 50
    morphology.generate(["^aprobar<vblex><pp><m><pl>$"] * 30)
    assert len(calls) == 2 and calls[1] == "-g"


def test_reading_unit_swaps_gender_and_number():
    r = morphology.Reading("archivar", ("vblex", "pp", "m", "sg"))
    assert r.unit("f", "pl") == "^archivar<vblex><pp><f><pl>$"
    assert r.unit(number="pl") == "^archivar<vblex><pp><m><pl>$"
