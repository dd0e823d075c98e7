"""A glossary match counts only where the English is the entry's part of speech in its sentence."""

from __future__ import annotations

import pytest

from app.english import tagger
from app.glossary import pos
from app.glossary.matcher import Entry, Matcher
from tests.support.tagger import english_tagger  # noqa: F401

NOUNS = [Entry(1, "visit", "visita", gender="f", number="sg"), Entry(2, "hearing", "audiencia", gender="f"),
         Entry(3, "court", "tribunal", gender="m"), Entry(4, "appeals court", "tribunal de apelaciones", gender="m"),
         Entry(5, "judge", "juez", gender="m"), Entry(6, "Trump", "Trump", kind="keep"),
         Entry(7, "allegedly", "presuntamente"), Entry(8, "sentence", "condena", gender="f", pos="noun"),
         Entry(9, "sentence", "condenar", pos="verb")]


def found(text: str, entries=NOUNS) -> list[str]:
    return [text[m.start : m.end] for m in Matcher(entries).find(text, words=tagger.words(text))]


def test_defaults_name_noun_or_anything():
    assert [e.pos for e in NOUNS[:8]] == ["noun", "noun", "noun", "noun", "noun", "name", "any", "noun"]
    assert pos.default("keep", None) == "name"
    assert pos.with_default({"kind": "translate", "gender": "f"})["pos"] == "noun"
    assert pos.with_default({"kind": "translate", "gender": "f", "pos": "verb"})["pos"] == "verb"
    assert Entry.of({"source": "x", "target": "y", "pos": "adverb"}).pos == "adverb"


@pytest.mark.usefixtures("english_tagger")
@pytest.mark.parametrize("text, word", [
    ("A public defender may visit only with permission.", "visit"),  # after a modal
    ("A federal monitor will visit the jails every month.", "visit"),
    ("Voters should judge whether the law is fair.", "judge"),  # before a clause
    ("He waited years without a judge ever hearing his name.", "hearing"),  # a gerund with an object
    ("They are hearing the case today.", "hearing"),  # after be
])
def test_a_noun_entry_does_not_match_a_verb(text, word):
    assert word not in found(text)


@pytest.mark.usefixtures("english_tagger")
@pytest.mark.parametrize("text, word", [
    ("The visit was short.", "visit"),
    ("Families can book two in-person visits a week.", "visits"),  # the tagger says verb; "in-person" says noun
    ("He will not return to court, but his lawyer will.", "court"),  # the tagger says verb after "to"
    ("Reilly spoke after the hearing.", "hearing"),
    ("A federal appeals court blocked it.", "appeals court"),  # a compound the glossary names
    ("President Donald Trump said so.", "Trump"),  # a capitalised name, whatever the tagger says
    ("He allegedly paid.", "allegedly"),  # any part of speech
])
def test_a_noun_entry_matches_a_noun(text, word):
    assert word in found(text)


@pytest.mark.usefixtures("english_tagger")
def test_two_entries_for_one_word_split_by_part_of_speech():
    text = "The judge will sentence him, and the sentence is long."
    [verb, noun] = [m for m in Matcher(NOUNS).find(text, words=tagger.words(text)) if m.entry.source == "sentence"]
    assert (verb.target, noun.target) == ("condenar", "condena")


def test_without_tags_every_match_counts():
    assert "visit" in [m.entry.source for m in Matcher(NOUNS).find("They may visit.")]
    assert pos.fits("noun", None, 0, 5)


@pytest.mark.usefixtures("english_tagger")
def test_tags_are_asked_for_only_when_a_restricted_entry_matches():
    asked = []
    Matcher(NOUNS).find("He allegedly paid.", words=lambda: asked.append(1) or [])
    assert not asked
    Matcher(NOUNS).find("The visit.", words=lambda: asked.append(1) or tagger.words("The visit."))
    assert asked == [1]
