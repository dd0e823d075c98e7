"""Parts of speech of glossary entries, and whether a match is that part of speech in its sentence.

The noun entry "visit -> visita" must not replace the verb in "may visit only with permission". Each
entry carries a part of speech (by default: a name for `keep` entries, a noun for `translate` entries
whose Spanish is a noun, anything otherwise); a match counts only where Apertium's English tagger
(app.english.tagger) reads the English that way. Lenient by design: a word the tagger does not know
always fits, and a noun or name is refused only where the tagger reads a verb.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.english.tagger import Word

POS = ("noun", "name", "verb", "adjective", "adverb", "any")

# Apertium's English verb tags (lexical, modal, auxiliary, be, have, do).
VERBS = frozenset({"vblex", "vbmod", "vaux", "vbser", "vbhaver", "vbdo"})
_ADJECTIVES = frozenset({"adj"})
_ADVERBS = frozenset({"adv", "preadv"})
# Before a verb form these make it a noun ("the hearing", "a ruling", "Tuesday's hearing", "two visits").
_NOUN_BEFORE = frozenset({"det", "adj", "gen", "num", "predet"})
# Before a verb form these make it a verb ("may visit", "will sentence", "are hearing").
_VERB_BEFORE = frozenset({"vaux", "vbmod", "vbdo", "vbser", "vbhaver"})
# After a verb form these are its object or clause, so it is a verb ("visit the jails", "judge whether").
_OBJECT_AFTER = frozenset({"det", "prn", "np", "num", "predet", "cnjsub", "cnjadv"})


def default(kind: str | None, gender: str | None) -> str:
    """The part of speech of an entry that does not name one: a name, a noun, or anything."""
    if (kind or "translate") == "keep":
        return "name"
    return "noun" if gender in ("m", "f") else "any"


def with_default(values: Mapping) -> dict:
    """Entry values with the part of speech filled in where it was left empty."""
    out = dict(values)
    out["pos"] = out.get("pos") or default(out.get("kind"), out.get("gender"))
    return out


def fits(pos: str, words: Sequence[Word] | None, start: int, end: int) -> bool:
    """True if the English at start:end can be this part of speech, as the tagger read the sentence."""
    if pos == "any" or not words:
        return True
    inside = [i for i, w in enumerate(words) if w.start < end and start < w.end]
    if not inside:
        return True
    if pos in ("noun", "name"):
        if len(inside) > 1 or (pos == "name" and words[inside[0]].surface[:1].isupper()):
            return True  # a compound the glossary names ("appeals court") or a capitalised name: the tagger errs
        return not _verb(words, inside[0])
    word = words[inside[0]]
    if not word.known:
        return True
    if pos == "verb":
        return word.pos in VERBS
    if pos == "adjective":
        return word.pos in _ADJECTIVES or (word.pos == "vblex" and "pp" in word.tags)
    if pos == "adverb":
        return word.pos in _ADVERBS
    return True


def _verb(words: Sequence[Word], i: int) -> bool:
    """True where the tagger reads a verb and the words around confirm it.

    The tagger alone reads "return to court," and "two in-person visits a week" as verbs, so a verb
    reading counts only with a verb's company: a modal, auxiliary or subject pronoun before it ("may
    visit", "they visit"), or an object or clause after it ("visit the jails", "judge whether"); never
    after a determiner, adjective, number or hyphenated modifier ("the hearing", "in-person visits").
    A gerund is a verb after be ("are hearing") or before an object ("hearing their name").
    """
    word = words[i]
    if word.pos not in VERBS:
        return False
    before = _neighbour(words, i, -1)
    if before is not None and (before.pos in _NOUN_BEFORE or _hyphenated(words, before)):
        return False
    if before is not None and (before.pos in _VERB_BEFORE or (before.pos == "prn" and "subj" in before.tags)):
        return "ger" not in word.tags or before.pos in ("vbser", "vbhaver")
    after = _neighbour(words, i, +1)
    return after is not None and after.pos in _OBJECT_AFTER


def _hyphenated(words: Sequence[Word], word: Word) -> bool:
    """True for the last part of a hyphenated modifier ("in-person", "video-only")."""
    k = words.index(word)
    return k > 0 and words[k - 1].pos == "guio" and words[k - 1].end == word.start


def _neighbour(words: Sequence[Word], i: int, step: int) -> Word | None:
    """The next word in that direction, skipping adverbs ("are still hearing")."""
    i += step
    while 0 <= i < len(words) and words[i].pos in _ADVERBS:
        i += step
    return words[i] if 0 <= i < len(words) else None
