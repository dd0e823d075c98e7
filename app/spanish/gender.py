"""Gender and number of a Spanish glossary rendering, read off its head noun by the analyser.

Agreement repair needs both on every `translate` entry; where the curator left them empty they are
derived here (on add, on import, and once for existing entries by migration 0005).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from . import morphology

log = logging.getLogger(__name__)


def derive_many(targets: Sequence[str]) -> list[tuple[str | None, str | None]]:
    """(gender m|f|None, number sg|pl|None) of each rendering's head noun, in one lt-proc call."""
    if not targets:
        return []
    return [_head(tokens) for tokens in morphology.analyse(list(targets))]


_cache: dict[str, tuple[str | None, str | None]] = {}


def derive(target: str) -> tuple[str | None, str | None]:
    """(gender, number) of one rendering; (None, None) when it has no noun the analyser knows."""
    if target not in _cache:
        prime([target])
    return _cache[target] if target in _cache else derive_many([target])[0]


def prime(targets: Sequence[str]) -> None:
    """Derive many renderings in one lt-proc call ahead of a glossary import."""
    todo = sorted({t for t in targets if t and t not in _cache})
    if todo and morphology.available():
        if len(_cache) > 10_000:
            _cache.clear()
        try:
            _cache.update(zip(todo, derive_many(todo), strict=True))
        except morphology.MorphologyError as exc:  # derive() will try again one by one
            log.warning("could not derive gender and number: %s", exc)


def _head(tokens: Sequence[morphology.Token]) -> tuple[str | None, str | None]:
    """The head is the first word after any determiners, if it is a noun: "centro de detención" is m."""
    words = [t for t in tokens if not t.has("det", "predet")]
    if not words:
        return None, None
    nouns = [r for r in words[0].readings if r.pos == "n"]
    if not nouns:  # an adverb or a prepositional phrase ("presuntamente", "tras las rejas")
        return None, None
    genders = {r.gender for r in nouns}
    numbers = {r.number for r in nouns}
    gender = genders.pop() if len(genders) == 1 else None
    number = numbers.pop() if len(numbers) == 1 else None
    return (gender if gender in ("m", "f") else None, number if number in ("sg", "pl") else None)


def fill(values: dict) -> dict:
    """Entry values with gender and number derived where a translate entry lacks them."""
    if (values.get("kind") or "translate") != "translate" or (values.get("gender") and values.get("number")):
        return values
    if not values.get("target") or not morphology.available():
        return values
    try:
        gender, number = derive(values["target"])
    except morphology.MorphologyError:
        return values
    return {**values, "gender": values.get("gender") or gender, "number": values.get("number") or number}
