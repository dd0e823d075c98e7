"""The glossary read backwards: Spanish text matched against the entries' Spanish, enforcing their English.

An entry "inmate ↔ recluso" must match "reclusas" and "los reclusos" as well as "recluso", so Spanish
text is matched two ways, and the leftmost-longest match wins:
- by lemma: each word's lemma from Apertium's Spanish analyser and tagger (app.spanish.tagger) against
  the lemmas of the entry's Spanish ("jueces de inmigración" = juez de inmigración). A word the analyser
  does not know ("pandilleras", "jueza") is compared by its plain stems (plural and feminine endings off);
- by surface: the entry's written forms (singular, plural, feminine), with one automaton, for names,
  acronyms and words written with stops ("EE. UU.", "Tren de Aragua", "hábeas corpus").
A one-word noun entry counts only where the word is read as a noun, so "fueron detenidos" (a participle)
is not "detainees" while "los detenidos" is. The match gives the English in the number of the Spanish
(singular or plural); `keep` entries keep their Spanish. Entries marked en-es are not used; when several
entries share one Spanish rendering, an es-en entry wins, then the oldest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ahocorasick

from app.core.terms import Term
from app.spanish import tagger
from app.spanish.tagger import Word

from .matcher import Entry, Matcher, english_plural, normalize, spanish_plural, variants

Tagged = Sequence[Word] | Callable[[], Sequence[Word] | None] | None
_NOUN_TAGS = ("n", "np")


@dataclass(frozen=True)
class _Key:
    """An entry's Spanish as lemma stems, one set per word."""

    entry: Entry
    stems: tuple[frozenset[str], ...]


def stems(word: str) -> frozenset[str]:
    """The forms an unknown Spanish word may be an inflection of: plural and feminine endings taken off."""
    w = normalize(word)
    out = {w}
    for plural, single in (("ces", "z"), ("es", ""), ("s", "")):
        if w.endswith(plural) and len(w) - len(plural) >= 3:
            out.add(w[: len(w) - len(plural)] + single)
    for form in list(out):
        if form.endswith("a") and len(form) > 3:
            out |= {form[:-1] + "o", form[:-1]}  # pandillera -> pandillero, jueza -> juez
    return frozenset(out)


def _word_stems(word: Word) -> frozenset[str]:
    return frozenset({normalize(word.lemma)}) if word.known else stems(word.surface)


class ReverseMatcher:
    """Finds the glossary's Spanish in Spanish text; the Terms carry the English to enforce."""

    def __init__(self, entries: Sequence[Entry]):
        chosen: dict[str, Entry] = {}
        for entry in sorted(entries, key=_preference):
            if entry.works("es") and entry.source and entry.target:
                chosen.setdefault(normalize(entry.target), entry)
        self.entries = list(chosen.values())
        self._surface = ahocorasick.Automaton()
        forms: dict[str, tuple[Entry, str]] = {}
        for entry in self.entries:
            for form, number in _spanish_forms(entry):
                for variant in variants(form):
                    forms.setdefault(variant, (entry, number))
        for key, (entry, number) in forms.items():
            self._surface.add_word(key, (len(key), entry, number))
        if forms:
            self._surface.make_automaton()
        self._empty = not forms
        self._keys: dict[str, list[_Key]] = {}
        translate = [e for e in self.entries if e.kind == "translate"]
        tagged = tagger.tag([e.target for e in translate]) if translate and tagger.available() else []
        for entry, words in zip(translate, tagged, strict=False):
            key_words = [w for w in words if w.pos != "sent"]
            if key_words:
                key = _Key(entry, tuple(_word_stems(w) for w in key_words))
                for first in key.stems[0]:
                    self._keys.setdefault(first, []).append(key)

    def terms(self, text: str, words: Tagged = None) -> list[Term]:
        """The entries' Spanish in a Spanish sentence as Terms (leftmost-longest, no overlaps)."""
        if self._empty or not text:
            return []
        if words is None or callable(words):
            words = (words() if callable(words) else tagger.words(text)) or []
        found = self._by_surface(text, words) + self._by_lemma(text, words)
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        chosen: list[Term] = []
        for term in found:
            if chosen and term.start < chosen[-1].end:
                continue
            chosen.append(term)
        return chosen

    def _by_surface(self, text: str, words: Sequence[Word]) -> list[Term]:
        norm = normalize(text)
        out = []
        for end_index, (length, entry, number) in self._surface.iter(norm):
            start, end = end_index - length + 1, end_index + 1
            if not _bounded(norm, start, end):
                continue
            if entry.case_sensitive and text[start:end] not in {f for f, _n in _spanish_forms(entry)}:
                continue
            if not _fits(entry, [w for w in words if start <= w.start < end], _before(words, start)):
                continue
            out.append(_term(text, start, end, entry, number))
        return out

    def _by_lemma(self, text: str, words: Sequence[Word]) -> list[Term]:
        words = [w for w in words if w.pos != "sent"]
        out = []
        for i, word in enumerate(words):
            for key in {id(k): k for s in _word_stems(word) for k in self._keys.get(s, [])}.values():
                span = words[i : i + len(key.stems)]
                if len(span) < len(key.stems) or any(
                    not (_word_stems(w) & s) for w, s in zip(span, key.stems, strict=False)
                ):
                    continue
                if not _fits(key.entry, span, words[i - 1] if i else None):
                    continue
                number = _number(span[0]) or key.entry.number or "sg"
                out.append(_term(text, span[0].start, span[-1].end, key.entry, number))
        return out


def _preference(entry: Entry) -> tuple:
    """es-en entries first, then the oldest (lowest id), then the rest in glossary order."""
    return (entry.direction != "es-en", entry.id if entry.id is not None else float("inf"))


def _spanish_forms(entry: Entry) -> list[tuple[str, str]]:
    """(written Spanish form, number) of an entry: singular, plural, and feminine forms of a noun."""
    if entry.kind == "keep":
        return [(entry.target, entry.number or "sg")]
    singular_number = entry.number or "sg"
    out = [(entry.target, singular_number)]
    plural = entry.target_plural or (spanish_plural(entry.target) if entry.derives_plural else None)
    if plural and plural != entry.target:
        out.append((plural, "pl"))
    if entry.gender == "m" and singular_number == "sg":  # "recluso" -> "reclusa", "reclusas"
        words = entry.target.split(" ")
        if words[0].endswith("o") and len(words[0]) > 3:
            feminine = " ".join([words[0][:-1] + "a", *words[1:]])
            out += [(feminine, "sg"), (" ".join([words[0][:-1] + "as", *words[1:]]), "pl")]
    return out


def _fits(entry: Entry, span: Sequence[Word], before: Word | None) -> bool:
    """A one-word noun entry must be read as a noun (or be unknown to the analyser) where it stands, and
    not right after another noun, where a participle reads as one ("los reclusos detenidos")."""
    if entry.pos != "noun" or len(span) != 1:
        return True
    word = span[0]
    if word.known and word.pos not in _NOUN_TAGS:
        return False
    follows_noun = before is not None and (before.pos == "n" or (not before.known and before.surface.islower()))
    return not (follows_noun and word.surface.islower())


def _before(words: Sequence[Word], start: int) -> Word | None:
    """The word just before an offset."""
    found = None
    for w in words:
        if w.end > start:
            break
        found = w
    return found


def _number(word: Word) -> str | None:
    found = word.tag("sg", "pl")
    if found:
        return found
    if not word.known:
        return "pl" if normalize(word.surface).endswith("s") else "sg"
    return None


def _term(text: str, start: int, end: int, entry: Entry, number: str) -> Term:
    """A match as a Term whose target is the entry's English in the Spanish's number."""
    if entry.kind == "keep":
        english = text[start:end] if not entry.case_sensitive else entry.target
    elif number == "pl" and (entry.number or "sg") == "sg":
        english = entry.source_plural or english_plural(entry.source)
    else:
        english = entry.source
    return Term(start=start, end=end, source=text[start:end], target=english, kind=entry.kind,
                entry_id=entry.id, gender=entry.gender, number=number)


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


_lock = threading.Lock()


def for_matcher(matcher: Matcher) -> ReverseMatcher:
    """The reverse matcher of a glossary revision's Matcher, built once and kept with it."""
    with _lock:
        found = matcher.__dict__.get("_reverse")
        if found is None:
            found = ReverseMatcher(matcher.all_entries)
            matcher.__dict__["_reverse"] = found
        return found
