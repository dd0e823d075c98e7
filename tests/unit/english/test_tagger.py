"""English tags from Apertium's analyser and tagger: one pipeline per batch, offsets kept, cached."""

from __future__ import annotations

import subprocess

import pytest

from app.core import apertium_stream
from app.english import tagger
from tests.support.tagger import english_tagger  # noqa: F401

pytestmark = pytest.mark.usefixtures("english_tagger")


def test_one_reading_per_word_chosen_by_context_with_offsets():
    texts = ["A public defender may visit only with permission.", "The visit was short.",
             "He paid $5,000 [sic] to El Salvador's court orders *now*"]
    first, second, third = tagger.tag(texts)
    for text, words in zip(texts, (first, second, third), strict=True):
        for w in words:
            assert text[w.start : w.end] == w.surface
    assert next(w for w in first if w.surface == "visit").pos == "vblex"
    assert next(w for w in second if w.surface == "visit").pos == "n"
    orders = next(w for w in third if w.surface == "court orders")  # a multiword unit of the dictionary
    assert (orders.lemma, orders.tags) == ("court order", ("n", "pl"))


def test_unknown_words_have_no_tags():
    [words] = tagger.tag(["CECOT prisoners do not receive visits"])
    cecot = words[0]
    assert (cecot.surface, cecot.known, cecot.pos) == ("CECOT", False, "")


def test_a_batch_is_one_pipeline_and_the_cache_spares_the_next_look_up(monkeypatch):
    calls = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: calls.append(args[0]) or real(args, **kw))
    texts = [f"Sentence number {i} about the hearing." for i in range(30)]
    tagger.prime(texts)
    assert calls == ["lt-proc", "apertium-tagger"]
    assert all(tagger.words(t) for t in texts)
    assert calls == ["lt-proc", "apertium-tagger"]  # all from the cache


def test_joined_units_keep_their_last_part():
    analyser = apertium_stream.DATA_DIR / "spa-eng.automorf.bin"
    prob = apertium_stream.DATA_DIR / "spa-eng.prob"
    [words] = apertium_stream.tag(analyser, prob, ["Pagó al tribunal del país."])
    del_ = next(w for w in words if w.surface == "del")
    assert (del_.pos, del_.tail) == ("pr", ("det", "def", "m", "sg"))


def test_nothing_to_tag():
    assert tagger.tag([]) == []
    assert tagger.words("") is None
