"""Event passives with ser, states with estar (app.spanish.passive), decided on the English."""

from __future__ import annotations

import os

import pytest

from app.core.terms import Term
from app.spanish import passive


@pytest.fixture(autouse=True)
def _tools():
    if not passive.available():
        if os.environ.get("PARALELO_REQUIRE_ENGINES") == "1":
            pytest.fail("Apertium eng-spa is required but missing")
        pytest.skip("Apertium eng-spa is not installed")


def judged(sentence: str) -> list[tuple[str, bool]]:
    return [(p.lemma, p.event) for p in passive.passives(passive.tag([sentence])[0])]


@pytest.mark.parametrize("sentence, expected", [
    ("The detainees were transferred to Texas.", [("transfer", True)]),
    ("He was not arrested by police.", [("arrest", True)]),
    ("The results will be announced on Tuesday.", [("announce", True)]),
    ("They have been moved.", [("move", True)]),
    # states: estar stays
    ("The prison is located in the desert.", [("locate", False)]),
    ("The doors were closed.", [("close", False)]),
    ("Each visit is limited to one hour.", [("limit", False)]),
    # an agent makes even a state verb an event; a time or a means after "by" is no agent
    ("The road was closed by police.", [("close", True)]),
    ("The hearing is scheduled by Monday.", [("schedule", False)]),
    ("The city is required by law to close it.", [("require", False)]),
    # detention and harm: a state in the present, an event in the past
    ("He is detained at the border.", [("detain", False)]),
    ("He was detained on Monday.", [("detain", True)]),
    # raising passives ("is expected to") are left alone; active sentences have none
    ("The prison is expected to close.", []),
    ("He resigned last year.", []),
    ("She was happy.", []),
])
def test_english_passives(sentence, expected):
    assert judged(sentence) == expected


def test_estar_becomes_ser_with_the_same_tense_person_and_number():
    texts = [
        "Los detenidos estuvieron transferidos a Texas.",
        "No estuvo arrestado por policía.",
        "La prisión está localizada en el desierto.",
        "Harlow Estuvo tomado a custodia.",
        "Las puertas estaban cerradas.",
    ]
    sources = [
        "The detainees were transferred to Texas.",
        "He was not arrested by police.",
        "The prison is located in the desert.",
        "Harlow was taken into custody.",
        "The doors were closed.",
    ]
    out = passive.repair(texts, sources)
    assert [t for t, _ in out] == [
        "Los detenidos fueron transferidos a Texas.",
        "No fue arrestado por policía.",
        "La prisión está localizada en el desierto.",
        "Harlow fue tomado a custodia.",  # an engine's mid-sentence capital is not kept
        "Las puertas estaban cerradas.",
    ]
    assert out[0][1] == [{"from": "estuvieron", "to": "fueron", "english": "were transferred"}]
    assert out[2][1] == [] and out[4][1] == []


def test_other_forms_of_estar():
    out = passive.repair(
        ["Los presos han estado movidos.", "Estaba firmada por el juez."],
        ["The prisoners have been moved.", "It was signed by the judge."],
    )
    assert [t for t, _ in out] == ["Los presos han sido movidos.", "Era firmada por el juez."]
    # the analyser reads "dirigido a" as one unit of the pronominal "dirigirse"
    out = passive.repair(["Los presos están dirigidos a sus celdas."], ["The prisoners are led to their cells."])
    assert out[0][0] == "Los presos son dirigidos a sus celdas."


def test_a_past_state_takes_the_imperfect_unless_bounded():
    out = passive.repair(
        ["Las puertas estuvieron cerradas cuando llegamos.", "Las escuelas estuvieron cerradas durante tres días."],
        ["The doors were closed when we arrived.", "Schools were closed for three days."],
    )
    assert [t for t, _ in out] == [
        "Las puertas estaban cerradas cuando llegamos.", "Las escuelas estuvieron cerradas durante tres días."]


def test_an_estar_no_english_passive_accounts_for_is_left_alone():
    out = passive.repair(["Los presos estaban cansados."], ["The prisoners were exhausted and tired."])
    assert out[0] == ("Los presos estaban cansados.", [])
    out = passive.repair(["Estuvo transferido."], ["He stayed home."])
    assert out[0] == ("Estuvo transferido.", [])


def test_nothing_inside_a_glossary_term_changes():
    term = Term(0, 5, "x", "estado transferido", kind="translate")
    out = passive.repair(["Un estado transferido."], ["The prisoner was transferred."], [[term]])
    assert out[0] == ("Un estado transferido.", [])
