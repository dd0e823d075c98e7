"""The glossary-scale benchmark's correctness check: the Matcher and the naive baseline agree."""

from __future__ import annotations

import pytest

from bench import glossary_scale as bench


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return bench.seed_sentences()


def test_matcher_and_naive_agree_on_curated_glossary(sentences):
    assert bench.differences(bench.curated_entries(), sentences) == []


def test_matcher_and_naive_agree_on_tricky_text():
    tricky = [
        "El Salvador's mega prison and the megaprison at CECOT’s gate.",
        "MS13, MS 13 and MS-13 members; ICE agents, not ice.",
        "A Bukele–Trump deal, the U.S.-based groups and human rights violations.",
    ]
    assert bench.differences(bench.curated_entries(), tricky) == []


def test_ten_entries_are_curated_terms_found_in_the_seed(sentences):
    entries = bench.entries_of_size(10, sentences)
    assert len(entries) == 10
    matcher = bench.Matcher(entries)
    found = {m.entry.id for s in sentences for m in matcher.find(s)}
    assert found == {e.id for e in entries}


def test_padding_is_exact_unique_deterministic_and_agrees(sentences):
    entries = bench.entries_of_size(300, sentences)
    assert len(entries) == 300
    assert len({e.source.casefold() for e in entries}) == 300
    assert entries == bench.entries_of_size(300, sentences)
    assert bench.differences(entries, sentences) == []
