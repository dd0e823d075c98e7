"""Spanish sentence boundaries: the hand-made news cases (dev and held-out halves) and the rules."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.intake import parse, segment
from tests.support.segment_es import DEV, HELDOUT


def test_halves_are_disjoint_and_lose_nothing():
    assert len(DEV) >= 30 and len(HELDOUT) >= 30
    assert not {text for text, _ in DEV} & {text for text, _ in HELDOUT}
    for text, expected in DEV + HELDOUT:
        assert " ".join(expected) == text


@pytest.mark.parametrize("text, expected", DEV, ids=[f"dev-{i}" for i in range(len(DEV))])
def test_dev_cases(text, expected):
    assert segment.split_sentences(text, "es") == expected


@pytest.mark.parametrize("text, expected", HELDOUT, ids=[f"heldout-{i}" for i in range(len(HELDOUT))])
def test_heldout_cases(text, expected):
    assert segment.split_sentences(text, "es") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a capital after an abbreviation that is no title starts a sentence (sentencex keeps these whole)
        ("Lo anunció la ONU. EE. UU. no respondió.", ["Lo anunció la ONU.", "EE. UU. no respondió."]),
        ("Votaron 3 en contra. La ley pasó.", ["Votaron 3 en contra.", "La ley pasó."]),
        ("Las FF. AA. desplegaron 2.000 soldados. La PNC también.",
         ["Las FF. AA. desplegaron 2.000 soldados.", "La PNC también."]),
        ("Cruzó la frontera de EE. UU., dijo su madre.", ["Cruzó la frontera de EE. UU., dijo su madre."]),
        # titles and address words before a name, initials, numbered references
        ("Vive en la Col. Escalón. Trabaja con la Lcda. María Pérez.",
         ["Vive en la Col. Escalón.", "Trabaja con la Lcda. María Pérez."]),
        ("Grupo Calleja, S. A. de C. V., anunció despidos. Hubo protestas.",
         ["Grupo Calleja, S. A. de C. V., anunció despidos.", "Hubo protestas."]),
        ("Lo prevé el art. 15 de la ley. Y el núm. 3 también.",
         ["Lo prevé el art. 15 de la ley.", "Y el núm. 3 también."]),
        # a lowercase word goes on, after a question, an exclamation or an abbreviation
        ("¡Basta! gritaban las madres. Nadie respondió.", ["¡Basta! gritaban las madres.", "Nadie respondió."]),
        ("Llegó a las 7 p. m. Nadie lo esperaba.", ["Llegó a las 7 p. m.", "Nadie lo esperaba."]),
        ("«No volveré», dijo. Y no volvió.", ["«No volveré», dijo.", "Y no volvió."]),
        ("1. El tribunal debe resolver. 2. Los detenidos deben ser informados.",
         ["1. El tribunal debe resolver.", "2. Los detenidos deben ser informados."]),
    ],
)
def test_spanish_rules(text, expected):
    assert segment.split_sentences(text, "es") == expected


def test_english_rules_differ():
    # English capitalises nouns after an abbreviation inside a sentence; Spanish does not
    text = "He works for the U.S. Government in Virginia."
    assert segment.split_sentences(text, "en") == [text]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="known: en, es"):
        segment.split_sentences("Bonjour. Ça va.", "fr")


def test_segment_takes_the_language():
    blocks = [parse.Block("paragraph", "Llegaron a EE. UU. La familia esperaba.")]
    got = [(s.key, s.text) for s in segment.segment(blocks, "Título", lang="es")]
    assert got == [("p0.s0", "Título"), ("p1.s0", "Llegaron a EE. UU."), ("p1.s1", "La familia esperaba.")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Sr.", "EE.", "UU.", "a.", "m.", "1.º", "n.º", "etc.", "¿", "?", "¡", "!", "—",
                                 "«", "»", "...", "…", "La", "de", "x", "É", " ", "  ", "\u2028", "5.5", "núm."]),
                max_size=40).map("".join))
def test_no_text_is_lost_or_reordered(text):
    got = segment.split_sentences(text, "es")
    assert all(s and s == s.strip() for s in got)
    assert "".join("".join(got).split()) == "".join(text.split())


def test_long_paragraph_is_split_in_linear_time():
    started = time.perf_counter()
    for piece in ("Sr. A. b. ", "Sí. ", "1. ", "EE. UU. La ", "¿Qué? y "):
        segment.split_sentences(piece * (100_000 // len(piece)), "es")
    assert time.perf_counter() - started < 10
