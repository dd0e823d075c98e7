"""The independent agreement check: whole sentences, tagged, by rules of its own."""

from __future__ import annotations

import pytest

from app.spanish import grammar
from tests.support.morphology import lt_proc  # noqa: F401

pytestmark = pytest.mark.usefixtures("lt_proc")


def problems(text: str) -> list[tuple[str, str, str]]:
    [found] = grammar.check([text])
    return [(p.word, p.kind, p.wanted) for p in found]


@pytest.mark.parametrize("text, expected", [
    # a determiner across an English word the engine left ("infamously")
    ("Tren de Aragua nació en un infamously cárcel dura.", [("un", "NP", "f.sg")]),
    # a relative pronoun that fits no noun of its phrase
    ("La Ley de Enemigos Extranjeros de 1798, el cual ha sido utilizado tres veces, volvió.",
     [("el cual", "REL", "f.sg")]),
    ("Los hombres, quién tenía las manos atadas, bajaron.", [("quién", "REL", "pl")]),
    # a subject's verb, also past a "de" phrase and in a coordinated verb
    ("CECOT presos no recibe visitas.", [("recibe", "SV", "pl")]),
    ("Los presos del CECOT no reciben visitas y nunca es dejado salir.",
     [("es", "SV", "pl"), ("dejado", "PRED", "m.pl")]),
    # a predicate after haber sido
    ("Dijeron que las impresoras habían sido probados el viernes.", [("probados", "PRED", "f.pl")]),
    ("Su juicio ha sido aplazado nueve vez.", [("vez", "NP", "pl")]),  # a numeral above one
    ("Citó dos órdenes de deportación previa órdenes.", [("previa", "NP", "f.pl")]),
])
def test_finds_agreement_errors(text, expected):
    assert problems(text) == expected


@pytest.mark.parametrize("text", [
    "Los presos del CECOT no reciben visitas y nunca salen al aire libre.",
    "La nueva ley fue aprobada por el congreso y es polémica.",
    "El área de Phoenix y el agua del ala norte.",  # el before a stressed a
    "Un hombre y una mujer detenidos llegaron.",  # coordinated nouns take a masculine plural
    "Los detenidos más vulnerables fueron trasladados.",
    "Las reglas que firmó el juez son nuevas.",  # the verb's own subject follows it
    "Jóvenes entre 18 y 21 años no serán colocados en aislamiento.",
])
def test_says_nothing_about_right_sentences(text):
    assert problems(text) == []
