"""Spanish part-of-speech tags from Apertium's spa-eng analyser and tagger (the mode up to the tagger).

The twin of app.english.tagger for Spanish sources: `^detenidos/detenido<n><m><pl>$` after "los",
`^detenidos/detener<vblex><pp><m><pl>$` after "fueron". The glossary's Spanish matches
(app.glossary.reverse) read lemmas, parts of speech and numbers from here. Results are cached per text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from app.core import apertium_stream
from app.core.apertium_stream import DATA_DIR, TaggerError, Word

__all__ = ["TaggerError", "Word", "available", "prime", "tag", "words"]

ANALYSER = DATA_DIR / "spa-eng.automorf.bin"
TAGGER = DATA_DIR / "spa-eng.prob"
CACHE_SIZE = 20_000


def available() -> bool:
    """True when lt-proc, apertium-tagger and the Spanish analyser and tagger data are installed."""
    return apertium_stream.available(ANALYSER, TAGGER)


def tag(texts: Sequence[str]) -> list[list[Word]]:
    """Tag every text of a batch in one pipeline call: its words, each with one reading."""
    return apertium_stream.tag(ANALYSER, TAGGER, texts)


_cache: OrderedDict[str, list[Word]] = OrderedDict()
_lock = threading.Lock()


def prime(texts: Sequence[str]) -> None:
    """Tag the texts not yet cached, in one pipeline call (ahead of many look-ups)."""
    apertium_stream.prime_cache(_cache, _lock, tag, texts, CACHE_SIZE)


def words(text: str) -> list[Word] | None:
    """The tagged words of a text (from the cache, or tagged now); None when no tagger is installed."""
    if not text or not available():
        return None
    return apertium_stream.cached_words(_cache, _lock, prime, text)
