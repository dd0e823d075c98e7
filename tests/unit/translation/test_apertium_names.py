"""Names used as noun modifiers turned into English genitives before Apertium."""

from __future__ import annotations

import pytest

from app.core.terms import Term
from app.english import tagger
from app.translation.engines.apertium_names import turn_round
from tests.support.tagger import english_tagger  # noqa: F401

pytestmark = pytest.mark.usefixtures("english_tagger")


def term(sentence: str, source: str, target: str, **kw) -> Term:
    i = sentence.index(source)
    return Term(i, i + len(source), source, target, **kw)


def turned(sentence: str, terms: list[Term]):
    out = turn_round(sentence, terms, tagger.words(sentence))
    for t in out.terms:
        assert out.text[t.start : t.end] == t.source  # every term still points at its words
    return out


def test_definite_or_bare_becomes_a_possessive():
    s = "The CECOT prisoners do not receive visits."
    out = turned(s, [term(s, "CECOT", "CECOT", kind="keep", gender="m"), term(s, "prisoners", "presos", gender="m")])
    assert out.text == "CECOT's prisoners do not receive visits."
    assert [(g.source, g.possessive) for g in out.genitives] == [("CECOT", True)]


def test_adjectives_before_the_name_stay_with_the_noun():
    s = "It was run by the Venezuelan Tren de Aragua gang."
    out = turned(s, [term(s, "Tren de Aragua", "Tren de Aragua", kind="keep", gender="m")])
    assert out.text == "It was run by Tren de Aragua's Venezuelan gang."


def test_after_a_quantifier_or_a_conjunction_an_of_phrase():
    s = "Many TPS holders and GED students came."
    out = turned(s, [term(s, "TPS", "TPS", kind="keep")])
    assert out.text == "Many holders of TPS and students of GED came."
    assert [(g.source, g.kind, g.possessive) for g in out.genitives] == [("TPS", "keep", False),
                                                                        ("GED", "keep", False)]


@pytest.mark.parametrize("s", [
    "Bukele said that CECOT is safe.",  # no noun after the name
    "El Salvador's prisons are full.",  # a possessive already
    "Inmates in solitary were moved.",  # a capital that only opens the sentence
    "CECOT prisoners' families waited.",  # the noun phrase is itself a possessive
])
def test_left_alone(s):
    terms = [term(s, n, n, kind="keep", possessive=s.startswith("El")) for n in ("Bukele", "CECOT", "El Salvador")
             if n in s]
    assert turned(s, terms).text == s
