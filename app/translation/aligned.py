"""An existing translation, aligned with its article sentence by sentence and stored as human translations.

The alignment job runs after the article's machine translation (the bridge: app.translation.align). The
edition's text is split with its own language's rules; each unit of the alignment becomes:
- 1-1 and 1-2: the edition's sentence(s) as the segment's human translation;
- 2-1: the source sentences joined into one segment (their machine translations joined too), the
  edition's sentence its human translation;
- 1-0: nothing from the edition: the segment keeps its machine translation;
- 0-1: a segment with no source, whose translation is the edition's sentence.
Each human translation records provenance `aligned` (engine "aligned", engine_version the edition's
address or name) and the aligner's confidence; confident pairs feed the translation memory. Paragraphs
break where both editions break (at unit boundaries). `join` and `split` let an editor fix a unit
without retyping: join a segment with the next, or split one at a sentence boundary on each side.
Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.core.direction import Direction
from app.core.messages import N_, UserError
from app.core.models import Article, Segment, SegmentToken, Translation
from app.core.states import Origin, ReviewStatus
from app.core.terms import Term, report
from app.glossary import term_index
from app.intake import parse, segment
from app.intake.segment import Sentence

from . import align, memory
from .engines import EngineError, pick
from .pipeline import Work, engine_input, terms_for, translate

ENGINE = "aligned"  # the engine name an aligned human translation records
TM_ORIGIN = "aligned"


class AlignmentError(UserError):
    """The alignment cannot be changed as asked; the message says why."""

    http_status = 409


@dataclass(frozen=True)
class Result:
    """What an alignment stored: units by shape, and how many are below the confidence threshold."""

    shapes: dict[str, int]
    low_confidence: int

    def as_dict(self) -> dict:
        return {"shapes": self.shapes, "low_confidence": self.low_confidence}


def edition_sentences(article: Article) -> list[Sentence]:
    """The edition's sentences, split by its own language's rules (title and byline kept whole)."""
    parsed = parse.parse(article.edition_text or "")
    lang = Direction.of(article).target_base
    return segment.segment(parsed.blocks, parsed.title, parsed.byline, lang=lang)


def back_translations(engines, article: Article, sentences: Sequence[str], matcher) -> list[str] | None:
    """The edition's sentences machine-translated into the article's language (the glossary enforced), for
    the aligner's second look; None when no engine translates that way."""
    back = Direction("es", "en") if Direction.of(article).source == "en" else Direction("en", "es")
    try:
        engine = pick(engines, article.engine if article.engine != "libretranslate" else "auto", back.pair)
    except EngineError:
        return None
    works = [Work(i, engine_input(s), terms_for(engine_input(s), matcher, back, s)) for i, s in enumerate(sentences)]
    try:
        return [o.text for o in translate(engine, works, back)]
    except EngineError:
        return None


def bridge_of(seg: Segment) -> str:
    """The machine translation the aligner compares with the edition: the newest non-human one."""
    machine = [t for t in seg.translations if t.origin != Origin.HUMAN]
    return machine[-1].text if machine else ""


def units_of(article: Article, back: Sequence[str] | None = None) -> list[align.Unit]:
    """The alignment of the article's sentences with its edition's (headlines paired)."""
    segs = [s for s in article.segments if s.source]
    theirs = edition_sentences(article)
    titles = bool(segs and theirs and segs[0].kind == "title" and theirs[0].kind == "title")
    return align.align([s.source for s in segs], [t.text for t in theirs], [bridge_of(s) for s in segs], titles, back)


def align_article(session: Session, article: Article, units: Sequence[align.Unit] | None = None) -> Result:
    """Align the article with its edition and store the pairs (units computed here unless given)."""
    segs = [s for s in article.segments if s.source]
    theirs = edition_sentences(article)
    if units is None:
        units = units_of(article)
    rows: list[tuple[Segment, bool]] = []  # (segment, starts a paragraph)
    changed: list[Segment] = []  # joined segments: their word index is made again
    shapes: dict[str, int] = {}
    low = 0
    previous: tuple[int | None, int | None] = (None, None)  # last source and edition paragraph
    for unit in units:
        mine = [segs[i] for i in unit.source]
        texts = [theirs[j] for j in unit.target]
        shapes[unit.shape] = shapes.get(unit.shape, 0) + 1
        breaks = (mine[0].paragraph != previous[0] if mine else True,
                  texts[0].paragraph != previous[1] if texts else True)
        previous = (mine[-1].paragraph if mine else previous[0], texts[-1].paragraph if texts else previous[1])
        seg = _joined(session, article, mine) if mine else _added(article, texts[0].kind)
        if len(mine) > 1:
            changed.append(seg)
        if texts:
            text = " ".join(t.text for t in texts)
            _store(session, article, seg, text, unit.confidence)
            low += unit.confidence < align.LOW_CONFIDENCE
        rows.append((seg, breaks[0] and breaks[1] or seg.kind in ("title", "byline")))
    _renumber(session, rows)
    reindex(session, changed, article.source_lang)
    session.expire(article, ["segments"])
    return Result(shapes, low)


def reindex(session: Session, segs: Sequence[Segment], lang: str) -> None:
    """Index again the words of segments whose source changed (app.glossary.term_index)."""
    if segs:
        session.execute(delete(SegmentToken).where(SegmentToken.segment_id.in_([s.id for s in segs])))
        term_index.add(session, segs, lang)


def _joined(session: Session, article: Article, segs: list[Segment]) -> Segment:
    """The first segment, holding the source (and machine translation) of all of them."""
    first, rest = segs[0], segs[1:]
    if not rest:
        return first
    first.source = " ".join(s.source for s in segs)
    first.source_hash = Sentence(0, 0, first.kind, first.source).source_hash
    machine = " ".join(bridge_of(s) for s in segs)
    for t in first.translations:
        t.current = False
    first.translations.append(Translation(text=machine, origin=Origin.MACHINE, engine=_engine_of(segs),
                                          engine_version=None, terms=[], current=True))
    for seg in rest:
        article.segments.remove(seg)
        session.delete(seg)
    return first


def _engine_of(segs: list[Segment]) -> str | None:
    found = [t.engine for s in segs for t in s.translations if t.origin == Origin.MACHINE]
    return found[0] if found else None


def _added(article: Article, kind: str) -> Segment:
    """A segment for an edition sentence the article has no counterpart of."""
    parked = -1_000_000 - len(article.segments)  # away from every other row until _renumber
    seg = Segment(paragraph=parked, index=0, kind=kind if kind in ("paragraph", "heading", "caption") else "paragraph",
                  source="", source_hash=Sentence(0, 0, "paragraph", "").source_hash)
    article.segments.append(seg)
    return seg


def _store(session: Session, article: Article, seg: Segment, text: str, confidence: float) -> Translation:
    """The edition's text as the segment's current human translation, with provenance and confidence."""
    machine = [t for t in seg.translations if t.origin != Origin.HUMAN]
    terms = [dict(i) for i in (machine[-1].terms if machine else []) if i.get("kind") in ("translate", "keep")]
    for t in seg.translations:
        t.current = False
    tr = Translation(text=text, origin=Origin.HUMAN, engine=ENGINE, engine_version=article.edition_source or None,
                     glossary_revision=machine[-1].glossary_revision if machine else 0,
                     terms=_recheck(terms, text), confidence=confidence, current=True,
                     # a person wrote it; a pairing the aligner was unsure of waits for a person to check it
                     review_status=ReviewStatus.EDITED if confidence >= align.LOW_CONFIDENCE else ReviewStatus.MACHINE)
    seg.translations.append(tr)
    if seg.source and confidence >= align.LOW_CONFIDENCE:
        session.flush()
        memory.remember_segment(session, seg, text, TM_ORIGIN, None)
    return tr


def _recheck(items: list[dict], text: str) -> list[dict]:
    terms = [Term(i["start"], i["end"], i["source"], i["target"], i["kind"], i.get("entry")) for i in items]
    return report(terms, text)


def _renumber(session: Session, rows: list[tuple[Segment, bool]]) -> None:
    """Paragraph and sentence numbers in unit order; rows parked first (the triple is unique)."""
    _park(session, [seg for seg, _ in rows])
    paragraph, index = -1, 0
    for seg, starts in rows:
        if starts or paragraph < 0:
            paragraph, index = paragraph + 1, 0
        seg.paragraph, seg.index = paragraph, index
        index += 1
    session.flush()


def _park(session: Session, segs: Sequence[Segment]) -> None:
    """Move segments away from every final position ((article, paragraph, index) is unique)."""
    for n, seg in enumerate(segs):
        seg.paragraph, seg.index = -1 - n, 0
    session.flush()


# --- an editor's fixes --------------------------------------------------------------------------------


def join(session: Session, article: Article, seg: Segment) -> Segment:
    """Join a segment with the next one: sources, machine and human translations each joined; the
    result is a human pair with full confidence (an editor made it)."""
    segs = list(article.segments)
    at = next(i for i, s in enumerate(segs) if s.id == seg.id)
    if at + 1 >= len(segs):
        raise AlignmentError(N_("The last sentence has nothing after it to join."))
    nxt = segs[at + 1]
    human = " ".join(t for t in (_human_text(seg), _human_text(nxt)) if t)
    source = " ".join(s for s in (seg.source, nxt.source) if s)
    machine = " ".join(t for t in (bridge_of(seg), bridge_of(nxt)) if t)
    seg.source = source
    seg.source_hash = Sentence(0, 0, seg.kind, source).source_hash
    if machine:
        for t in seg.translations:
            t.current = False
        seg.translations.append(Translation(text=machine, origin=Origin.MACHINE, engine=_engine_of([seg, nxt]),
                                            terms=[], current=True))
    article.segments.remove(nxt)
    session.delete(nxt)
    session.flush()
    if human:
        _store(session, article, seg, human, 1.0)
    reindex(session, [seg], article.source_lang)
    session.flush()
    return seg


def split(session: Session, article: Article, seg: Segment, source_at: int, target_at: int) -> Segment:
    """Split a segment after its `source_at`-th source sentence and its translation after its
    `target_at`-th sentence; the new segment follows in the same paragraph. Both parts become human
    pairs with full confidence. Returns the new segment."""
    direction = Direction.of(article)
    sources = segment.split_sentences(seg.source, direction.source) if seg.source else []
    human = _human_text(seg) or ""
    targets = segment.split_sentences(human, direction.target_base) if human else []
    inside = 0 <= source_at <= len(sources) and 0 <= target_at <= len(targets)
    if not inside or (source_at, target_at) in ((0, 0), (len(sources), len(targets))):
        raise AlignmentError(
            N_("Split after one of the %(sources)s source sentences and one of the %(targets)s translated ones."),
            sources=len(sources), targets=len(targets),
        )
    later = sorted((s for s in article.segments if s.paragraph == seg.paragraph and s.index > seg.index),
                   key=lambda s: s.index)
    final = [(s, s.index + 1) for s in later]
    _park(session, later)
    for s, index in final:
        s.paragraph, s.index = seg.paragraph, index
    session.flush()
    first_source, second_source = " ".join(sources[:source_at]), " ".join(sources[source_at:])
    first_text, second_text = " ".join(targets[:target_at]), " ".join(targets[target_at:])
    new = Segment(paragraph=seg.paragraph, index=seg.index + 1, kind=seg.kind if seg.kind != "title" else "paragraph",
                  source=second_source, source_hash=Sentence(0, 0, seg.kind, second_source).source_hash)
    article.segments.append(new)
    seg.source = first_source
    seg.source_hash = Sentence(0, 0, seg.kind, first_source).source_hash
    session.flush()
    for part, text in ((seg, first_text), (new, second_text)):
        if text:
            _store(session, article, part, text, 1.0)
        else:  # no translation left for it: the machine one (queued) or none
            for t in part.translations:
                if t.origin == Origin.HUMAN:
                    t.current = False
    reindex(session, [seg], article.source_lang)
    term_index.add(session, [new], article.source_lang)
    session.flush()
    session.expire(article, ["segments"])
    return new


def _human_text(seg: Segment) -> str | None:
    current = seg.current
    return current.text if current is not None and current.origin == Origin.HUMAN else None
