"""Glossary suggestions learned from post-edits: a correction made the same way in enough sentences.

The substitutions of current post-edits (app.translation.learning) are grouped by what the machine
wrote and what the editor wrote instead ("frase" -> "condena"), plural and singular together. A
group found in at least `min_edits` different sentences becomes a suggestion once its English side
is found: the words (one to three, not only function words) that every one of those sentences has,
standing where the machine's words stand (English and Spanish news keep the order of their
clauses). A single word is a glossary term; a longer English side, a phrase rule (a multiword entry
the glossary enforces like any other). Each suggestion carries its evidence (sentences, editors,
dates) and a preview of the sentences it would change now. Accepting one adds the entry (or changes
the target of the existing entry) through app.glossary.edit, so its re-translation and history are
those of any glossary change. Nothing here commits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.core.messages import N_, UserError
from app.core.models import Article, EditSubstitution, Segment, SuggestionDecision, Translation, utcnow
from app.core.states import SuggestionStatus
from app.glossary import edit as glossary_edit
from app.glossary import term_index
from app.glossary.matcher import Entry
from app.spanish.lookup import Dictionary

from . import memory

MAX_NGRAM = 3
MAX_EVIDENCE = 20
MAX_PREVIEW = 20
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
STOPWORDS = frozenset("""a an the of to in on at by for from with and or but as is are was were be been being has
have had do does did it its this that these those he she they we you i his her their our your him them who which
what when where while after before over under about into out up down than then so not no also said says say will
would could should may might must can shall there here more most some any all each other such only just very""".split())


class SuggestionError(UserError):
    """The suggestion cannot be acted on."""


class SuggestionNotFound(SuggestionError):
    """No open suggestion with this id."""

    http_status = 404


@dataclass
class Evidence:
    """One sentence that was corrected this way: who, when, and the texts."""

    segment_id: int
    article_id: int
    article_slug: str
    article_title: str
    source: str
    machine_text: str
    human_text: str
    editor: str | None
    at: object
    machine: str  # the machine's words as written there
    human: str
    position: float

    def as_dict(self) -> dict:
        return {"segment": self.segment_id, "article": {"id": self.article_id, "slug": self.article_slug,
                                                         "title": self.article_title},
                "source": self.source, "machine": self.machine_text, "edited": self.human_text,
                "editor": self.editor, "at": self.at.isoformat() + "Z" if self.at else None}


@dataclass
class Suggestion:
    """A glossary entry (or phrase rule) editors' corrections point to."""

    key: str
    kind: str  # term | phrase
    source: str  # English
    target: str  # Spanish, as the editors wrote it
    machine: str  # what the engine wrote instead
    evidence: list[Evidence]
    existing: dict | None = None  # the live entry for this English, whose target the suggestion would change
    preview: list[dict] = field(default_factory=list)

    @property
    def editors(self) -> list[str]:
        return sorted({e.editor or "?" for e in self.evidence})

    @property
    def origin(self) -> str:
        return f"learned from {len(self.evidence)} post-edits"

    def as_dict(self) -> dict:
        dates = sorted(e.at for e in self.evidence if e.at)
        return {"id": self.key, "kind": self.kind, "source": self.source, "target": self.target,
                "machine": self.machine, "count": len(self.evidence), "editors": self.editors,
                "first_at": dates[0].isoformat() + "Z" if dates else None,
                "last_at": dates[-1].isoformat() + "Z" if dates else None,
                "existing": self.existing, "origin": self.origin,
                "evidence": [e.as_dict() for e in self.evidence[:MAX_EVIDENCE]],
                "preview": self.preview}


def _singular(word: str) -> str:
    """A light singular for grouping: audiencias -> audiencia, tribunales -> tribunal, veces -> vez."""
    if word.endswith("ces") and len(word) > 4:
        return word[:-3] + "z"
    for ending, cut in (("ones", 2), ("es", 2), ("s", 1)):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[:-cut]
            if ending == "es" and not re.search(r"[lrndzj]$|ión$|ón$", stem):
                stem = word[:-1]
            return stem.replace("ión", "ion") if ending == "ones" else stem
    return word


def _group_key(text: str) -> str:
    return " ".join(_singular(w) for w in text.split())


def _ngrams(words: list[str]) -> dict[tuple[str, ...], float]:
    """The content n-grams of a sentence with their relative position (first occurrence)."""
    out: dict[tuple[str, ...], float] = {}
    for n in range(1, MAX_NGRAM + 1):
        for i in range(len(words) - n + 1):
            gram = tuple(_singular(w.casefold()) for w in words[i:i + n])
            if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or all(g in STOPWORDS for g in gram):
                continue
            out.setdefault(gram, i / max(len(words), 1))
    return out


def english_side(evidence: list[Evidence], machine: str, dictionary: Dictionary | None = None) -> str | None:
    """The English words every evidence sentence shares, standing where the machine's words stand; None if none.

    With Apertium's dictionary, a word whose Spanish equivalents include the machine's word wins (and is given
    as its dictionary form: "officials" -> "official").
    """
    grams = None
    positions: dict[tuple[str, ...], list[float]] = defaultdict(list)
    surfaces: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for e in evidence:
        words = _WORD.findall(e.source)
        found = _ngrams(words)
        for gram, pos in found.items():
            positions[gram].append(abs(pos - e.position))
            i = round(pos * max(len(words), 1))
            surfaces[gram].append(" ".join(words[i:i + len(gram)]))
        grams = set(found) if grams is None else grams & set(found)
    if not grams:
        return None
    if dictionary is not None and len(machine.split()) == 1:
        for gram in sorted(grams, key=lambda g: sum(positions[g]) / len(positions[g])):
            if len(gram) == 1:
                lemma = _translates_to(dictionary, surfaces[gram][0], machine)
                if lemma:
                    lowered = any(w[:1].islower() for w in surfaces[gram])
                    return lemma.lower() if lowered else lemma
    span = len(machine.split())
    # nearest to the machine's words; then as long as the Spanish span; then the shorter
    best = min(grams, key=lambda g: (round(sum(positions[g]) / len(positions[g]), 1), abs(len(g) - span), len(g)))
    if sum(positions[best]) / len(positions[best]) > 0.35:
        return None  # the shared words are elsewhere in the sentences: not what the machine got wrong
    # as written in mid-sentence (lower case) where some sentence has it so; the shorter form (a singular)
    written = sorted(surfaces[best], key=lambda w: (w[:1].isupper(), len(w)))
    return written[0]


def _translates_to(dictionary: Dictionary, english: str, spanish: str) -> str | None:
    """The English word's dictionary form if Apertium's dictionary gives `spanish` (in any number) for it."""
    wanted = {_plain(_singular(spanish.casefold())), _plain(spanish.casefold())}
    try:
        senses = dictionary.lookup(english)
    except Exception:  # noqa: BLE001 - a look-up failure only means no help from the dictionary
        return None
    for sense in senses:
        for t in sense.translations:
            text = _plain((t.get("text") or "").casefold())
            if text in wanted or _plain(_singular(text)) in wanted:
                return sense.lemma
    return None


def _plain(text: str) -> str:
    """Accents taken off: corrección and correccion compare equal."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def key_of(source: str, machine: str, target: str) -> str:
    """A suggestion's stable id: a hash of its English, the machine's words and the editors'."""
    raw = "\x1f".join((source.casefold(), _group_key(machine.casefold()), _group_key(target.casefold())))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _evidence(session: Session) -> list[Evidence]:
    """Every substitution of a current human post-edit of a live article, oldest first."""
    rows = session.execute(
        select(EditSubstitution, Translation, Segment, Article)
        .join(Translation, and_(Translation.id == EditSubstitution.translation_id, Translation.current))
        .join(Segment, Segment.id == EditSubstitution.segment_id)
        .join(Article, Article.id == Segment.article_id)
        .where(Article.deleted_at.is_(None), Translation.origin == "human")
        .order_by(EditSubstitution.id)
    ).all()
    machine_texts = _machine_texts(session, {tr.segment_id for _s, tr, _seg, _a in rows}, {tr.id for _s, tr, _seg, _a
                                                                                        in rows})
    return [Evidence(seg.id, art.id, art.slug, art.title, seg.source, machine_texts.get(tr.id, ""), tr.text,
                     tr.author, tr.created_at, sub.machine, sub.human, sub.position)
            for sub, tr, seg, art in rows if tr.engine != memory.TM_ENGINE]


def _machine_texts(session: Session, segment_ids: set[int], edit_ids: set[int]) -> dict[int, str]:
    """For each post-edit, the machine text before it."""
    if not segment_ids:
        return {}
    rows = session.execute(
        select(Translation.id, Translation.segment_id, Translation.origin, Translation.text)
        .where(Translation.segment_id.in_(segment_ids)).order_by(Translation.id)
    ).all()
    last: dict[int, str] = {}
    out = {}
    for tid, seg_id, origin, text in rows:
        if origin != "human":
            last[seg_id] = text
        elif tid in edit_ids:
            out[tid] = last.get(seg_id, "")
    return out


def mine(session: Session, min_edits: int = 3, include_decided: bool = False) -> list[Suggestion]:
    """The suggestions current post-edits support (most evidence first); decided ones only if asked.

    A correction is left out where editors changed the same machine words some other way about as often
    (at least half as many sentences): they do not agree on it.
    """
    groups: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for e in _evidence(session):
        groups[(_group_key(e.machine.casefold()), _group_key(e.human.casefold()))].append(e)
    by_machine: dict[str, int] = defaultdict(int)
    for (machine_key, _human_key), items in groups.items():
        by_machine[machine_key] += len(items)
    decided = {d.key for d in session.scalars(select(SuggestionDecision))}
    dictionary = _dictionary()
    found = []
    for (machine_key, human_key), items in groups.items():
        by_sentence = {}
        for e in items:
            by_sentence.setdefault(" ".join(e.source.split()).casefold(), e)  # one vote per distinct sentence
        evidence = list(by_sentence.values())
        if len(evidence) < min_edits or any(c.isdigit() for c in machine_key + human_key):
            continue
        if 2 * (by_machine[machine_key] - len(items)) >= len(items):
            continue  # editors disagree about these machine words
        rep = _representative(evidence, machine_key, human_key)
        english = english_side(evidence, rep.machine, dictionary)
        if english is None:
            continue
        target = _as_written(rep.human, [e.human for e in evidence])
        machine = _as_written(rep.machine, [e.machine for e in evidence])
        if rep.human.casefold() != human_key and english.casefold() != _plural_of(english, evidence):
            # the editors only wrote the plural, and the English is its dictionary (singular) form
            target = " ".join(_singular(w) for w in target.split())
        if english[:1].islower():
            target = target[:1].lower() + target[1:]  # a common noun: its case follows the sentence
        key = key_of(english, machine, target)
        if key in decided and not include_decided:
            continue
        existing = glossary_edit.find_duplicate(session, english)
        if existing is not None and existing.target.casefold() == target.casefold():
            continue  # the glossary already says so
        kind = "phrase" if len(english.split()) > 1 else "term"
        found.append(Suggestion(key, kind, english, target, machine, evidence,
                                glossary_edit.snapshot(existing) if existing is not None else None))
    found.sort(key=lambda s: (-len(s.evidence), s.source))
    return found


def _plural_of(english: str, evidence: list[Evidence]) -> str:
    """The English as the sentences write it, if they write it exactly so (else "")."""
    key = english.casefold()
    return key if any(re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", e.source.casefold()) for e in evidence) else ""


def _dictionary() -> Dictionary | None:
    dictionary = Dictionary()
    return dictionary if dictionary.available() else None


def _representative(evidence: list[Evidence], machine_key: str, human_key: str) -> Evidence:
    """The evidence written in the singular (as a glossary entry is) if there is one, else the first."""
    for e in evidence:
        if e.machine.casefold() == machine_key and e.human.casefold() == human_key:
            return e
    return evidence[0]


def _as_written(text: str, forms: list[str]) -> str:
    """Words as an entry gives them: in lower case where some sentence writes them so (a capital that only
    starts a sentence is dropped), as written otherwise (a name)."""
    lowered = text[:1].lower() + text[1:]
    return lowered if any(f.casefold() == text.casefold() and f[:1].islower() for f in forms) else text


def preview(session: Session, suggestion: Suggestion, limit: int = MAX_PREVIEW) -> list[dict]:
    """The sentences the entry would change now: machine translations whose English matches it."""
    entry = Entry(None, suggestion.source, suggestion.target, pos="any")
    by_article = term_index.affected(session, [entry])
    ids = [i for ids in by_article.values() for i in ids]
    if not ids:
        return []
    rows = session.execute(
        select(Segment, Translation, Article)
        .join(Translation, and_(Translation.segment_id == Segment.id, Translation.current))
        .join(Article, Article.id == Segment.article_id)
        .where(Segment.id.in_(ids), Article.deleted_at.is_(None), Translation.origin != "human")
        .order_by(Article.id, Segment.paragraph, Segment.index)
    ).all()
    out = []
    pattern = re.compile(r"(?<!\w)" + re.escape(suggestion.machine) + r"(?!\w)", re.IGNORECASE)
    for seg, tr, article in rows[:limit]:
        after = pattern.sub(lambda m: _same_case(m.group(0), suggestion.target), tr.text)
        out.append({"segment": seg.id, "article": {"id": article.id, "slug": article.slug, "title": article.title},
                    "source": seg.source, "current": tr.text, "after": after})
    return out


def _same_case(model: str, text: str) -> str:
    return text[:1].upper() + text[1:] if model[:1].isupper() else text


def find(session: Session, key: str, min_edits: int) -> Suggestion:
    """The open suggestion with this id; SuggestionNotFound otherwise."""
    for s in mine(session, min_edits):
        if s.key == key:
            return s
    raise SuggestionNotFound(N_("No open suggestion %(id)s."), id=key)


def accept(session: Session, key: str, who: str, min_edits: int) -> glossary_edit.Change:
    """Turn a suggestion into a glossary entry (or the existing entry's new target), with its provenance."""
    s = find(session, key, min_edits)
    note = (f"Learned from {len(s.evidence)} post-edits by {', '.join(s.editors)}: "
            f"'{s.machine}' corrected to '{s.target}'.")
    if s.existing is not None:
        change = glossary_edit.update(session, s.existing["id"], {"target": s.target, "origin": s.origin,
                                                                  "gender": None, "number": None,
                                                                  "target_plural": None}, who=who)
    else:
        data = {"source": s.source, "target": s.target, "origin": s.origin, "note": note, "domain": "general"}
        if s.kind == "phrase":
            data["pos"] = "any"
        change = glossary_edit.add(session, data, who=who)
    _decide(session, s, SuggestionStatus.ACCEPTED, who, change.entry.id)
    return change


def dismiss(session: Session, key: str, who: str, min_edits: int) -> Suggestion:
    """Hide a suggestion for good."""
    s = find(session, key, min_edits)
    _decide(session, s, SuggestionStatus.DISMISSED, who, None)
    return s


def _decide(session: Session, s: Suggestion, status: str, who: str, entry_id: int | None) -> None:
    session.merge(SuggestionDecision(key=s.key, status=status, source=s.source[:200], target=s.target[:300],
                                     machine=s.machine[:200], entry_id=entry_id, who=who, at=utcnow()))
    session.flush()
