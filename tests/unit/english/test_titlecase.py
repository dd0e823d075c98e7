"""Title Case headlines reach the engine in sentence case, names and acronyms kept (issue 21)."""

from __future__ import annotations

import pytest

from app.english.titlecase import is_title_case, sentence_case
from app.translation.pipeline import engine_input
from tests.support.morphology import lt_proc  # noqa: F401

pytestmark = pytest.mark.usefixtures("lt_proc")


@pytest.mark.parametrize(("title", "expected"), [
    ("Inmate Held Without Trial For Months In Texas Jail", "Inmate held without trial for months in Texas jail"),
    ("Salvadoran Families Wait Outside CECOT on Sunday", "Salvadoran families wait outside CECOT on Sunday"),
    ("Bukele Meets Senators At The White House", "Bukele meets senators at the White House"),
    ("Judge Orders Release of Asylum Seeker in Georgia", "Judge orders release of asylum seeker in Georgia"),
])
def test_title_case_becomes_sentence_case_keeping_names(title, expected):
    assert sentence_case(title) == expected
    assert len(sentence_case(title)) == len(title)  # term offsets hold


def test_sentences_and_all_caps_are_left_alone():
    for text in ("The court ruled on Monday that the men must go.", "A Short Title", "WHAT TO KNOW ABOUT CECOT"):
        assert not is_title_case(text) or text.isupper()
        assert sentence_case(text) == text


def test_capitalised_glossary_names_keep_their_capitals_in_the_engine_input(db_session):
    from app.glossary.matcher import load_matcher

    matcher = load_matcher(db_session)
    text = engine_input("Bukele Meets Trump As Prison Deal Stalls In Congress", matcher)
    assert text.startswith("Bukele meets Trump as prison deal stalls in Congress")
