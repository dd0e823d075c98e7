"""Glossary entries, matching with one Aho-Corasick automaton, and term reports."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.messages import UserError
from app.core.models import GlossaryEntry, glossary_revision
from app.core.terms import Term
from app.english.tagger import Word
from app.spanish import plural

from . import pos as parts_of_speech

MAX_SOURCE_CHARS = 200
MAX_TARGET_CHARS = 300
MAX_NOTE_CHARS = 2000
KINDS = ("translate", "keep")
# Which way an entry is enforced: both, only in English articles (en-es), only in Spanish ones (es-en).
DIRECTIONS = ("both", "en-es", "es-en")
DOMAINS = ("legal", "immigration", "prison", "human-rights", "institutions", "names", "security", "general")

# A sentence's tagged English words, or a function that tags it when a match first needs them.
Tagged = Sequence[Word] | Callable[[], Sequence[Word] | None] | None
# Curly apostrophes and the Unicode hyphens (not dashes: "Bukele–Trump" is two words) unified.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})


class GlossaryError(UserError):
    """An entry or an import line is invalid; the message says why."""


@dataclass(frozen=True)
class Entry:
    """A glossary entry as the matcher sees it."""

    id: int | None
    source: str
    target: str
    source_plural: str | None = None
    target_plural: str | None = None
    kind: str = "translate"
    case_sensitive: bool = False
    gender: str | None = None
    number: str | None = None
    domain: str = "general"
    note: str = ""
    pos: str | None = None  # the part of speech a match must have in its sentence (app.glossary.pos)
    direction: str = "both"  # both | en-es | es-en (DIRECTIONS)

    def __post_init__(self) -> None:
        if not self.pos:  # left empty: derived as for a new entry
            object.__setattr__(self, "pos", parts_of_speech.default(self.kind, self.gender))

    @classmethod
    def of(cls, row) -> Entry:
        """Build from a database row or any object/dict with the same fields."""
        get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
        return cls(
            id=get("id"),
            source=get("source"),
            target=get("target"),
            source_plural=get("source_plural"),
            target_plural=get("target_plural"),
            kind=get("kind") or "translate",
            case_sensitive=bool(get("case_sensitive", False)),
            gender=get("gender"),
            number=get("number"),
            domain=get("domain") or "general",
            note=get("note") or "",
            pos=get("pos"),
            direction=get("direction") or "both",
        )

    def works(self, source_lang: str) -> bool:
        """True if the entry is enforced in articles written in source_lang ("en" or "es")."""
        return self.direction == "both" or self.direction.startswith(source_lang + "-")

    def forms(self) -> list[tuple[str, str, str]]:
        """(source form, Spanish rendering, number) for singular and plural."""
        out = [(self.source, self.target, self.number or "sg")]
        plural_src = self.source_plural
        plural_tgt = self.target_plural
        if self.derives_plural:
            plural_tgt = spanish_plural(self.target)  # a noun (it has a gender) with no plural given
        if plural_tgt and not plural_src:
            plural_src = english_plural(self.source)
        if plural_src and plural_tgt and plural_src.lower() != self.source.lower():
            out.append((plural_src, plural_tgt, "pl"))
        return out

    @property
    def derives_plural(self) -> bool:
        """True for a noun (it has a gender) whose Spanish plural is derived, not given."""
        return self.kind == "translate" and bool(self.gender) and not self.target_plural


def prime_plurals(entries: Iterable[Entry]) -> None:
    """Generate the derived Spanish plurals of many entries in one batch (ahead of forms())."""
    plural.prime([e.target for e in entries if e.derives_plural and e.target])


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry
    target: str
    number: str
    possessive: bool

    def term(self, text: str) -> Term:
        return Term(
            start=self.start,
            end=self.end,
            source=text[self.start : self.end],
            target=self.target,
            kind=self.entry.kind,
            entry_id=self.entry.id,
            gender=self.entry.gender,
            number=self.number,
            possessive=self.possessive,
        )


def normalize(text: str) -> str:
    """Lower-case and unify apostrophes and hyphens, keeping every offset in place."""
    text = text.translate(_APOSTROPHES)
    lowered = text.lower()
    if len(lowered) == len(text):  # the common case: no character changes length when lowered
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def variants(form: str) -> set[str]:
    """Spelling variants of a source form: hyphenated words also match spaced and closed up.

    Forms are put in NFC, as imported articles are (app.core.textclean), so a decomposed "café" in
    either one still matches.
    """
    form = normalize(unicodedata.normalize("NFC", form.strip()))
    out = {form}
    if "-" in form:
        out |= {form.replace("-", " "), form.replace("-", "")}
    return out


class Matcher:
    """Finds glossary terms in text: longest match, whole words, one automaton for all entries."""

    def __init__(self, entries: Iterable[Entry], revision: int = 0):
        self.revision = revision
        self.all_entries = [e for e in entries if e.source and e.target]
        self.entries = [e for e in self.all_entries if e.works("en")]  # Spanish articles: app.glossary.reverse
        prime_plurals(self.entries)
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list] = {}
        for entry in self.entries:
            for form, target, number in entry.forms():
                for variant in variants(form):
                    keys.setdefault(variant, []).append((entry, form, target, number))
        for key, values in keys.items():
            self._automaton.add_word(key, (len(key), values))
        if keys:
            self._automaton.make_automaton()
        self._empty = not keys

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str, cased: str | None = None, words: Tagged = None) -> list[Match]:
        """All non-overlapping matches in text, leftmost-longest.

        `cased` is the same text in its original capitals (same length), for case-sensitive entries
        when `text` has been re-cased (an ALL-CAPS headline put in sentence case). `words` are the
        text's tagged English words (app.english.tagger), or a function giving them when first
        needed: a match counts only where the English is the entry's part of speech.
        """
        cased = cased if cased is not None and len(cased) == len(text) else text
        if self._empty or not text:
            return []
        norm = normalize(text)
        found: list[Match] = []
        for end_index, (length, values) in self._automaton.iter(norm):
            start, end = end_index - length + 1, end_index + 1
            if not _word_bounded(norm, start, end):
                continue
            for entry, form, target, number in values:
                if entry.case_sensitive and cased[start:end] != form:
                    continue
                if entry.pos != "any":
                    if callable(words):
                        words = words()
                    if not parts_of_speech.fits(entry.pos, words, start, end):
                        continue
                found.append(Match(start, end, entry, target, number, _possessive(norm, end)))
                break
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Match] = []
        for m in found:
            if chosen and m.start < chosen[-1].end:
                continue
            chosen.append(m)
        return chosen

    def terms(self, text: str, cased: str | None = None, words: Tagged = None) -> list[Term]:
        """The matches as Terms (see find)."""
        return [m.term(text) for m in self.find(text, cased, words)]


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum()) and before not in "-" and after not in "-"


def _possessive(norm: str, end: int) -> bool:
    return norm.startswith("'s", end) or (norm.startswith("'", end) and norm[end - 1 : end] == "s")


_cache_lock = threading.Lock()
_cache: dict[tuple, Matcher] = {}


def cached_matcher(key: tuple, load_entries) -> Matcher:
    """One Matcher per glossary revision (key), built on first use and reused by every request."""
    with _cache_lock:
        matcher = _cache.get(key)
        if matcher is None:
            matcher = Matcher(load_entries(), revision=key[-1])
            _cache.clear()  # only the newest revision is ever needed again
            _cache[key] = matcher
        return matcher


# --- plurals ----------------------------------------------------------------------------------


def spanish_plural(phrase: str) -> str:
    """Plural of a Spanish noun phrase (app.spanish.plural: the generator, spelling rules as fallback)."""
    return plural.plural(phrase)


def english_plural(phrase: str) -> str:
    """Plural of an English noun phrase: the head (last word, or the word before 'of') changes."""
    words = phrase.split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    words[head] = _english_word_plural(words[head])
    return " ".join(words)


def _english_word_plural(word: str) -> str:
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def load_matcher(session: Session) -> Matcher:
    """The matcher for the current glossary revision (built once per revision)."""
    revision = glossary_revision(session)
    url = str(session.get_bind().url)

    def entries():
        rows = session.scalars(select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False)))
        return [Entry.of(r) for r in rows]

    return cached_matcher((url, revision), entries)
