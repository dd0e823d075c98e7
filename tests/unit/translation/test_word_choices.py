"""Apertium's word choices offered in the editor (issue 24 item 6) are Spanish a person can insert as it
is: no lemma marks ("llegar# a ser"), no tags, nothing empty; measured on the held-out news articles."""

from __future__ import annotations

import re

from app.translation.engines.apertium_words import word_choices
from tests.support.paths import ROOT

NEWS = ROOT / "bench" / "data" / "news" / "articles"
RAW = re.compile(r"[#_<>^$@*\\]")


def test_a_multiword_lemma_is_offered_as_words(apertium):
    choices = {c["source"]: c["options"] for c in word_choices("It became the latest tool.")}
    assert "llegar a ser" in choices["became"]


def test_no_choice_on_the_news_articles_is_raw(apertium):
    offered, raw = 0, []
    for path in sorted(NEWS.glob("*.en.txt")):
        paragraphs = path.read_text("utf-8").split("\n\n")
        for choice in word_choices(" ".join(paragraphs[1:4])[:3000]):
            offered += len(choice["options"])
            raw += [(choice["source"], o) for o in choice["options"] if RAW.search(o) or o != o.strip() or not o]
    assert offered >= 100  # the check saw enough choices to mean something
    assert raw == []
