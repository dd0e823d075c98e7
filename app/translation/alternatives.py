"""Engine alternatives for the editor: n-best translations (Argos) and word choices (Apertium's dictionary).

An engine declares the capability by answering `alternatives(sentence, n)`; engines that cannot
give any answer nothing. Alternatives are suggestions only: nothing here stores a translation.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from .engines import Engine, EngineError

log = logging.getLogger(__name__)


def for_sentence(engines: Mapping[str, Engine], requested: str, sentence: str, limit: int = 3) -> list[dict]:
    """Up to `limit` alternatives from each available engine, the article's engine first."""
    ordered = sorted(engines.values(), key=lambda e: e.name != requested)
    out = []
    for engine in ordered:
        if not engine.available():
            continue
        try:
            found = engine.alternatives(sentence, limit)
        except (EngineError, OSError) as exc:
            log.warning("%s gave no alternatives: %s", engine.name, exc)
            continue
        out += [{"engine": engine.name, **item} for item in found[:limit]]
    return out
