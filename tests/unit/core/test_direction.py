"""The direction an article is translated in: sources are bare languages, targets Spanish variants or "en"."""

from __future__ import annotations

import pytest

from app.core.direction import Direction, DirectionError, coerce


def test_a_missing_target_is_the_sources_default():
    assert Direction.make("es", None) == Direction("es", "en")
    assert Direction.make("en", None, "es-SV") == Direction("en", "es-SV")


@pytest.mark.parametrize("source, target", [("es", "es-419"), ("en", "en"), ("fr", None), ("en", "es-AR")])
def test_pairs_paralelo_cannot_translate_are_refused(source, target):
    with pytest.raises(DirectionError):
        Direction.make(source, target)


def test_the_pair_engines_are_chosen_by():
    assert Direction("en", "es-419").pair == ("en", "es")
    assert Direction("es", "en").pair == ("es", "en")
    assert Direction("es", "en").to_english and not Direction("en", "es").to_english


def test_a_bare_target_means_the_older_calls():
    assert coerce("es-419") == Direction("en", "es-419")
    assert coerce("en") == Direction("es", "en")
