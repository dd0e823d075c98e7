"""Which words of an English sentence are names (people, places, organisations) or acronyms.

From Apertium's English tagger (app.english.tagger): a proper noun (np), an acronym (ICE, FBI), a
capitalised word the analyser does not know in mid-sentence (Harlow, Quinlan), and the capitalised
word after a first name ("Ellen Park", "Nathan Price": surnames that are also common words). A
capitalised common noun in mid-sentence ("District Judge", "Court of Appeals") is not a name: it is
translated. A sentence's first word is a name when the tagger says so or does not know it, unless
its lower-case form is an ordinary word ("Young people" is not a name). Titles, months and weekdays
are never names.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import tagger

# Titles and calendar words: capitalised, translated, never names
NOT_NAMES = frozenset("""Mr Mrs Ms Dr Sen Rep Gov Lt Sgt Gen Col Capt Cmdr Adm Prof Rev Sr Jr St Mt Ft
January February March April May June July August September October November December Jan Feb Mar Apr Aug Sep
Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def acronym(word: str) -> bool:
    """ICE, FBI, GED: two or more capitals and no small letter."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters) and len(letters) <= 5


def names(words: Sequence[tagger.Word], common: set[str] | None = None) -> list[tagger.Word]:
    """The name words of a tagged sentence; `common`: lower-case words known to be ordinary English words."""
    common = common or set()
    found = []
    first = next((i for i, w in enumerate(words) if w.surface[:1].isalpha()), None)
    for i, w in enumerate(words):
        if not w.surface[:1].isalpha() or not _capitalised(w.surface) or w.surface.rstrip(".") in NOT_NAMES:
            continue
        after_first_name = i > 0 and words[i - 1].pos == "np" and "ant" in words[i - 1].tags
        if i == first:  # a capitalised first word the analyser does not know is taken for a name too
            if (w.pos == "np" or acronym(w.surface) or not w.known) and w.surface.lower() not in common:
                found.append(w)
        elif w.pos == "np" or acronym(w.surface) or not w.known or after_first_name:
            found.append(w)
    return found


def initial_candidates(words: Sequence[tagger.Word]) -> list[str]:
    """The lower-case form of a sentence-initial proper noun, to be looked up as an ordinary word."""
    first = next((w for w in words if w.surface[:1].isalpha()), None)
    if first is None or first.pos != "np" or " " in first.surface or first.surface.isupper():
        return []  # an ALL-CAPS first word is a dateline's place: PHOENIX (AP)
    return [first.surface.lower()]
