"""Translation memory: every human translation, reused as an exact match or offered as a fuzzy one.

A unit is stored with its normalised source (NFC, white space collapsed, case kept), the target,
the locale, where it came from (a post-edit, an imported TMX, OmegaT), the article, the author and
the date, plus the keys of the neighbouring sentences so that an exact match whose context matches
too is preferred. No Flask here; nothing here commits (the caller owns the unit of work).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.models import Article, Segment, TMUnit, Translation, utcnow
from app.core.states import ReviewStatus
from app.core.terms import TERM_KINDS, Term

from .checks import store as checks_store

TermsOf = Callable[[str], Sequence[Term]]  # the glossary terms of an English sentence
# Units readers may see and the memory may use: imported ones, and those of articles not deleted (a
# deleted article is invisible everywhere until restored; its units come back with it).
VISIBLE = ~TMUnit.article.has(Article.deleted_at.is_not(None))

ORIGINS = ("post-edit", "import", "omegat")
# The engine name a translation taken from the memory records (its origin is "human").
TM_ENGINE = "tm"
FUZZY_THRESHOLD = 75.0

_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?|\w+|[^\w\s]", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_INTEGER = re.compile(r"\d{1,3}(?:([.,\u00a0\u202f ])\d{3})+(?!\d)|\d+")


def normalise(text: str) -> str:
    """NFC, white space collapsed and trimmed, case kept."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def key(text: str) -> str:
    """The lookup key of a source: SHA-256 of its normalised form."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def locales(locale: str) -> list[str]:
    """The locales a lookup accepts, best first: es-419 -> [es-419, es]."""
    primary = locale.split("-")[0]
    return [locale] if primary == locale else [locale, primary]


def remember(
    session: Session,
    source: str,
    target: str,
    locale: str,
    origin: str,
    *,
    article_id: int | None = None,
    author: str | None = None,
    context: tuple[str | None, str | None] = (None, None),
    note: str = "",
    created_at: datetime | None = None,
) -> tuple[TMUnit, bool]:
    """Store a human translation; (unit, True) if new, (the existing unit made newest, False) if known."""
    source, target = normalise(source), normalise(target)
    skey, tkey = key(source), key(target)
    prev_key, next_key = (key(c) if c else None for c in context)
    unit = session.scalars(
        select(TMUnit).where(TMUnit.source_key == skey, TMUnit.target_key == tkey, TMUnit.locale == locale)
    ).first()
    added = unit is None
    if added:
        unit = TMUnit(source_key=skey, source=source, target=target, target_key=tkey, locale=locale)
        session.add(unit)
    # the same pair again: keep one unit, with the newest provenance (an undated duplicate from a
    # file says nothing newer, so it leaves the unit as it is)
    dated_newer = not added and created_at is not None and created_at >= unit.created_at
    if added or dated_newer or (created_at is None and origin != "import"):
        unit.origin, unit.article_id, unit.author, unit.note = origin, article_id, author, note
        unit.prev_key, unit.next_key = prev_key, next_key
        unit.created_at = created_at or utcnow()
    session.flush()
    return unit, added


def context_of(seg: Segment) -> tuple[str | None, str | None]:
    """The sources of the sentences before and after a segment in its article."""
    segs = list(seg.article.segments)
    i = next(n for n, s in enumerate(segs) if s.id == seg.id)
    return (segs[i - 1].source if i > 0 else None, segs[i + 1].source if i + 1 < len(segs) else None)


def remember_segment(session: Session, seg: Segment, target: str, origin: str, author: str | None) -> TMUnit:
    """Store a human translation of an article's sentence, with its article and context."""
    article = seg.article
    unit, _added = remember(
        session, seg.source, target, article.target_lang, origin,
        article_id=article.id, author=author, context=context_of(seg),
    )
    return unit


def exact(
    session: Session, source: str, locale: str, context: tuple[str | None, str | None] = (None, None)
) -> TMUnit | None:
    """The best unit with this exact (normalised) source: matching context first, then locale, then newest."""
    wanted = locales(locale)
    units = session.scalars(
        select(TMUnit).where(TMUnit.source_key == key(source), TMUnit.locale.in_(wanted), VISIBLE)
    ).all()
    if not units:
        return None
    prev_key, next_key = (key(c) if c else None for c in context)

    def rank(u: TMUnit):
        in_context = (prev_key is not None and u.prev_key == prev_key) + (
            next_key is not None and u.next_key == next_key
        )
        return (in_context, u.locale == locale, u.created_at, u.id)

    return max(units, key=rank)


def provenance(unit: TMUnit) -> str:
    """'<article title or origin>, <date>': what a translation taken from the memory records as its source."""
    where = unit.article.title if unit.article is not None else unit.origin
    return f"{where}, {unit.created_at:%Y-%m-%d}"[:128]


def fill_exact(
    session: Session,
    article: Article,
    segs: Sequence[Segment],
    revision: int,
    terms_report: Callable[[Segment, str], list[dict]],
) -> list[Segment]:
    """Give segments with an exact memory match that human text; return the segments still to translate.

    A segment that has ever had a human translation is left alone: an editor decided about it (a
    post-edit stays current, an undo back to the machine stays undone).
    """
    paragraphs = [s.paragraph for s in segs]
    order = list(session.scalars(  # the chunk's paragraphs and their neighbours, not the whole article
        select(Segment).where(Segment.article_id == article.id,
                              Segment.paragraph.between(min(paragraphs) - 1, max(paragraphs) + 1))
        .order_by(Segment.paragraph, Segment.index)
    )) if segs else []
    position = {s.id: i for i, s in enumerate(order)}
    rest, made = [], []
    for seg in segs:
        if any(t.origin == "human" for t in seg.translations):
            rest.append(seg)
            continue
        i = position.get(seg.id)
        context = (None, None) if i is None else (
            order[i - 1].source if i > 0 else None, order[i + 1].source if i + 1 < len(order) else None
        )
        unit = exact(session, seg.source, article.target_lang, context)
        if unit is None:
            rest.append(seg)
            continue
        for t in seg.translations:
            t.current = False
        filled = Translation(
            text=unit.target, origin="human", engine=TM_ENGINE, engine_version=provenance(unit),
            author=unit.author, glossary_revision=revision, terms=terms_report(seg, unit.target), current=True,
            review_status=ReviewStatus.MACHINE,  # memory text: nobody has read it in this sentence yet
        )
        seg.translations.append(filled)
        made.append((seg.source, filled))
    checks_store.attach(made, analyse=False)  # checked like any other, without analysers (inside the write lock)
    session.flush()
    return rest


@dataclass
class Suggestion:
    """A fuzzy match: the unit, its score, its target with numbers adapted, and how the sources differ.

    `score` is what the editor is shown: the similarity of the two English sentences as written, and
    below 100 whenever they differ at all (30,000 against 40,000 too). `rank` orders the matches: it
    counts every number as the same token, because numbers are adapted in the target.
    """

    unit: TMUnit
    score: float
    target: str
    diff: list[dict] = field(default_factory=list)
    adapted: list[tuple[str, str]] = field(default_factory=list)
    rank: float = 0.0

    def as_dict(self) -> dict:
        u = self.unit
        return {
            "score": round(self.score, 1),
            "source": u.source,
            "target": self.target,
            "tm_target": u.target,
            "diff": self.diff,
            "adapted": [{"from": a, "to": b} for a, b in self.adapted],
            "origin": u.origin,
            "locale": u.locale,
            "author": u.author,
            "article": u.article.title if u.article is not None else None,
            "created_at": u.created_at.isoformat() + "Z",
        }


def tokens(text: str) -> list[str]:
    """Word, number and punctuation tokens of a normalised text."""
    return _TOKEN.findall(normalise(text))


@functools.lru_cache(maxsize=100_000)
def _masked_source(source: str) -> tuple[str, ...]:
    """The masked tokens of a memory source, cached: a scan over a large memory tokenizes once."""
    return tuple(_masked(tokens(source)))


def _masked(toks: list[str]) -> list[str]:
    """Tokens compared for similarity: lower case, every number the same token (numbers get adapted)."""
    return ["#" if _NUMBER.fullmatch(t) else t.lower() for t in toks]


def fuzzy(
    session: Session, source: str, locale: str, limit: int = 3, threshold: float = FUZZY_THRESHOLD,
    exclude_exact: bool = True, terms_of: TermsOf | None = None,
) -> list[Suggestion]:
    """Units whose source is at least `threshold` % similar (token Indel similarity), best first.

    Each target comes with its numbers adapted and, given `terms_of`, its glossary terms: where the
    memory's English had one term and this sentence has another in its place, the Spanish is swapped.
    """
    # only ids and sources for the scan (no ORM objects); the few best units are loaded after
    rows = session.execute(
        select(TMUnit.id, TMUnit.source, TMUnit.source_key).where(TMUnit.locale.in_(locales(locale)), VISIBLE)
    ).all()
    query_tokens = tokens(source)
    query = _masked(query_tokens)
    skey = key(source)
    choices = {i: _masked_source(src) for i, src, k in rows if not (exclude_exact and k == skey)}
    found = process.extract(
        query, choices, scorer=Indel.normalized_similarity, processor=None,
        score_cutoff=threshold / 100, limit=limit * 3,
    )
    by_id = {u.id: u for u in session.scalars(select(TMUnit).where(TMUnit.id.in_([f[2] for f in found])))}
    suggestions = []
    for _choice, score, unit_id in found:
        unit = by_id.get(unit_id)
        if unit is None:
            continue
        unit_tokens = tokens(unit.source)
        target, adapted = adapt_numbers(unit_tokens, query_tokens, unit.target)
        if terms_of is not None:
            target, swapped = adapt_terms(terms_of(unit.source), terms_of(source), target)
            adapted += swapped
        suggestions.append(Suggestion(unit, shown_score(unit_tokens, query_tokens), target,
                                      diff(unit_tokens, query_tokens), adapted, rank=score * 100))
    suggestions.sort(key=lambda s: (-s.rank, -s.score, s.unit.locale != locale, -s.unit.created_at.timestamp()))
    seen, best = set(), []
    for s in suggestions:  # one suggestion per distinct target
        if s.target not in seen:
            seen.add(s.target)
            best.append(s)
    return best[:limit]


def shown_score(old: list[str], new: list[str]) -> float:
    """The similarity (0-100) an editor sees: tokens as written (case aside), 100 only when nothing differs."""
    score = Indel.normalized_similarity([t.lower() for t in old], [t.lower() for t in new]) * 100
    return score if old == new else min(score, 99.0)


def diff(old: list[str], new: list[str]) -> list[dict]:
    """How the memory's source (old) differs from the sentence (new), as token runs with an op each."""
    out = []
    for op in Levenshtein.opcodes(old, new):  # Levenshtein: a changed word is one "replace"
        out.append({"op": op.tag, "tm": " ".join(old[op.src_start:op.src_end]),
                    "text": " ".join(new[op.dest_start:op.dest_end])})
    return out


def adapt_numbers(old: list[str], new: list[str], target: str) -> tuple[str, list[tuple[str, str]]]:
    """The target with the numbers that changed between the sources swapped (integers, same count only)."""
    old_nums = [t for t in old if _NUMBER.fullmatch(t)]
    new_nums = [t for t in new if _NUMBER.fullmatch(t)]
    if len(old_nums) != len(new_nums):
        return target, []
    adapted = []
    for a, b in zip(old_nums, new_nums, strict=True):
        if a == b or not (_INTEGER.fullmatch(a) and _INTEGER.fullmatch(b)):
            continue
        digits_a, digits_b = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
        for m in _INTEGER.finditer(target):
            if re.sub(r"\D", "", m.group()) == digits_a:
                rendered = _group(digits_b, m.group(1))
                target = target[: m.start()] + rendered + target[m.end():]
                adapted.append((m.group(), rendered))
                break
    return target, adapted


def adapt_terms(old: Sequence[Term], new: Sequence[Term], target: str) -> tuple[str, list[tuple[str, str]]]:
    """The target with the renderings of glossary terms that changed between the sources swapped.

    Terms only in the memory's English pair, in order, with terms only in the new sentence; when
    their counts differ nothing is swapped (no guessing which replaced which).
    """
    old = [t for t in old if t.kind in TERM_KINDS]
    new = [t for t in new if t.kind in TERM_KINDS]
    old_keys = {(t.entry_id, t.target) for t in old}
    new_keys = {(t.entry_id, t.target) for t in new}
    gone = [t for t in old if (t.entry_id, t.target) not in new_keys]
    came = [t for t in new if (t.entry_id, t.target) not in old_keys]
    if not gone or len(gone) != len(came):
        return target, []
    adapted = []
    for a, b in zip(gone, came, strict=True):
        m = re.search(r"(?<!\w)" + re.escape(a.target) + r"(?!\w)", target, re.IGNORECASE)
        if m is None:
            continue  # the translator did not use the glossary's word: leave it to them
        rendered = b.target[:1].upper() + b.target[1:] if m.group()[:1].isupper() else b.target
        target = target[: m.start()] + rendered + target[m.end():]
        adapted.append((m.group(), rendered))
    return target, adapted


def _group(digits: str, separator: str | None) -> str:
    """Digits grouped by thousands with the separator the target used (none: as they are)."""
    if not separator or len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    return separator.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def all_units(session: Session, locale: str | None = None) -> list[TMUnit]:
    """Every unit (of one locale) but those of deleted articles, oldest first."""
    query = select(TMUnit).where(VISIBLE).order_by(TMUnit.id)
    if locale:
        query = query.where(TMUnit.locale == locale)
    return list(session.scalars(query))
