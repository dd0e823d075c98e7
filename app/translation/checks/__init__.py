"""Quality checks on every sentence (issue 25): what a reviewer should look at first, and why.

Each check looks at one sentence pair and reports issues (check, severity, message):

  number        numbers, amounts, percentages, dates and times lost or changed (numbers.py)
  negation      a negation lost or added (negation.py)
  term          a glossary term missing: the term report as a check (terms.py)
  name          a name or acronym dropped or translated as a word (names.py)
  untranslated  English left in the Spanish, or a whole clause copied (untranslated.py)
  length        far shorter or longer than the article's other sentences (length.py)
  brackets, quotes, doubled   translate-toolkit's pofilter checks where they fit (punctuation.py)

`run` checks a batch of pairs with one call to each analyser (Apertium's English tagger for names,
its Spanish analyser for words left in English); without them those two checks fall back to what
the engine reported. store.py keeps the result on each translation, made anywhere.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence

from app.core.apertium_stream import TaggerError
from app.english import names as english_names
from app.english import tagger
from app.spanish import morphology

from . import names, negation, numbers, punctuation, terms, untranslated
from .base import Issue, Pair, fold
from .length import Model

__all__ = ["CHECKS", "NAMES", "Issue", "Model", "Pair", "message", "run"]

log = logging.getLogger(__name__)

CHECKS = (numbers.check, negation.check, terms.check, names.check, untranslated.check, punctuation.brackets,
          punctuation.doubled)
NAMES = ("number", "negation", "term", "name", "untranslated", "length", "brackets", "quotes", "doubled")


def prepare(pairs: Sequence[Pair]) -> None:
    """Fill what the analysers know about a batch of pairs: the source's names, the target's non-Spanish words."""
    _find_names(pairs)
    _find_spanish_unknown(pairs)


def _find_names(pairs: Sequence[Pair]) -> None:
    if not tagger.available():
        return
    try:
        tagger.prime([p.source for p in pairs])
        tagged = [tagger.words(p.source) or [] for p in pairs]
        initials = sorted({c for words in tagged for c in english_names.initial_candidates(words)})
        tagger.prime(initials)
    except TaggerError as exc:
        log.warning("English tagger failed; the names check is skipped: %s", exc)
        return
    common = {c for c in initials if (found := tagger.words(c)) and found[0].known and found[0].pos != "np"}
    for pair, words in zip(pairs, tagged, strict=True):
        spans = pair.source_term_spans()
        pair.common_initial = {fold(c) for c in english_names.initial_candidates(words) if c in common}
        pair.names = [w.surface for w in english_names.names(words, common)
                      if not any(s <= w.start < e for s, e in spans)]


# lower-case word (accents kept: "vídeo" is known, "video" is not) -> the Spanish analyser knows it
_SPANISH_KNOWN: OrderedDict[str, bool] = OrderedDict()
_CACHE_SIZE = 50_000
_lock = threading.Lock()


def _find_spanish_unknown(pairs: Sequence[Pair]) -> None:
    words = [untranslated.candidates(p) for p in pairs]
    if not any(words):
        return
    if not morphology.available():  # only what the engine said it did not know
        for pair in pairs:
            pair.spanish_unknown = {fold(w) for w in pair.unknown or []}
        return
    with _lock:
        todo = sorted({w for ws in words for w in ws if w.casefold() not in _SPANISH_KNOWN})
    if todo:  # one lt-proc call for the words not seen before
        try:
            analysed = morphology.analyse([" ".join(todo)])[0]
        except morphology.MorphologyError as exc:
            log.warning("Spanish analyser failed; English words left are taken from the engine: %s", exc)
            for pair in pairs:
                pair.spanish_unknown = {fold(w) for w in pair.unknown or []}
            return
        with _lock:
            for token in analysed:
                _SPANISH_KNOWN[token.surface.casefold()] = bool(token.readings)
            while len(_SPANISH_KNOWN) > _CACHE_SIZE:
                _SPANISH_KNOWN.popitem(last=False)
    with _lock:
        for pair, ws in zip(pairs, words, strict=True):
            pair.spanish_unknown = {fold(w) for w in ws if _SPANISH_KNOWN.get(w.casefold()) is False}


def run(pairs: Sequence[Pair], model: Model | None = None, analyse: bool = True) -> list[list[Issue]]:
    """Every check on every pair (length against `model`, the article's), analysers called once per batch.

    `analyse=False` calls no analyser (no subprocess: for code that holds the database's write lock); the
    names check is then skipped and English left over is what the engine reported.
    """
    if analyse:
        prepare(pairs)
    else:
        for pair in pairs:
            pair.spanish_unknown = {fold(w) for w in pair.unknown or []}
    out = []
    for pair in pairs:
        issues = [issue for check in CHECKS for issue in check(pair)]
        if model is not None:
            issues += model.check(pair.source, pair.target)
        out.append(issues)
    return out


def message(item: dict, gettext=None) -> str:
    """A stored issue's message, in gettext's language if given."""
    template, params = item.get("template", ""), item.get("params") or {}
    if gettext is not None:
        return gettext(template, **params) if params else gettext(template)
    return template % params if params else template


