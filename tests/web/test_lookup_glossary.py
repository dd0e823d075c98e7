"""Word lookup answers from the glossary first (issue 24 item 5): any form the matcher knows, a phrase
of several words when the glossary has it, and only then the dictionary's single words."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("word, source, target", [
    ("inmates", "inmate", "recluso"),  # a plural, as the reader underlines it
    ("Inmate", "inmate", "recluso"),
    ("prison guards", "prison guard", "guardia penitenciario"),
    ("Terrorism Confinement Center", "Terrorism Confinement Center", "Centro de Confinamiento del Terrorismo"),
])
def test_the_glossary_answers_first(client, word, source, target):
    answer = client.get("/api/lookup", query_string={"word": word})
    assert answer.status_code == 200, answer.get_json()
    first = answer.get_json()["glossary"][0]
    assert (first["source"], first["target"], first["whole"]) == (source, target, True)
    assert first["domain_label"]


def test_several_words_the_glossary_does_not_know_are_a_400_saying_why(client):
    answer = client.get("/api/lookup", query_string={"word": "two words"})
    assert answer.status_code == 400
    assert "single words" in answer.get_json()["error"]
