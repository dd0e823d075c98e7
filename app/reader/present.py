"""Turn stored articles into the shapes the reader, the API and the exports share. No Flask."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby

from markupsafe import Markup, escape
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.core.models import Article, GlossaryEntry, Segment, Translation
from app.core.states import READ_BY_A_PERSON, ReviewStatus
from app.core.terms import spans as find_spans
from app.intake.furniture import readable_caps
from app.translation import review
from app.translation.align import LOW_CONFIDENCE  # an aligned pair below it is marked for checking


@dataclass
class Piece:
    """A run of sentence text, with the term it belongs to (None for plain text)."""

    text: str
    term: dict | None = None
    unknown: bool = False  # a word the engine did not know (left in English)


@dataclass
class SegmentRow:
    """The columns of a segment the reader shows (a plain row: no ORM object to build)."""

    id: int
    paragraph: int
    index: int
    kind: str
    source: str

    @property
    def key(self) -> str:
        return f"p{self.paragraph}.s{self.index}"


@dataclass
class TranslationRow:
    """The columns of a current translation the reader shows."""

    id: int
    text: str
    origin: str
    stale: bool
    author: str | None
    terms: list
    engine: str | None
    engine_version: str | None
    created_at: object
    unknown: list | None = None
    review_status: str | None = None
    confidence: float | None = None  # the engine's, or the aligner's for a pair from an existing translation


@dataclass
class SegmentView:
    seg: SegmentRow
    translation: TranslationRow | None
    source_pieces: list[Piece] = field(default_factory=list)
    target_pieces: list[Piece] = field(default_factory=list)

    @property
    def unknown(self) -> list[str]:
        """Source words the engine did not know (machine translations only)."""
        tr = self.translation
        return list(tr.unknown or []) if tr is not None and tr.origin == "machine" else []

    @property
    def missing_terms(self) -> list[dict]:
        return [t for t in (self.translation.terms if self.translation else []) if t["status"] == "missing"]

    @property
    def low_confidence(self) -> bool:
        """An aligned pair the aligner was unsure of."""
        tr = self.translation
        return (tr is not None and tr.engine == "aligned" and tr.confidence is not None
                and tr.confidence < LOW_CONFIDENCE)

    @property
    def review(self) -> str | None:
        """The sentence's review status (app.core.states.ReviewStatus); None while untranslated."""
        return review.status_of(self.translation)

    @property
    def checked(self) -> bool:
        """A person read the sentence (edited, reviewed or approved it): the reader marks it ✓."""
        return self.review in READ_BY_A_PERSON

    @property
    def css_class(self) -> str:
        """The translation's classes: its review status, edited by a person, aligned (and uncertain), stale,
        with a lost term."""
        tr = self.translation
        out = "seg"
        if tr is not None:
            out += f" review-{self.review}"
            out += " human" if tr.origin == "human" else ""
            out += " aligned" if tr.engine == "aligned" else ""
            out += " low-confidence" if self.low_confidence else ""
            out += " template" if tr.origin == "template" else ""
            out += " has-unknown" if self.unknown else ""
            out += " stale" if tr.stale else ""
            out += " has-missing" if self.missing_terms else ""
        return out


def pieces(text: str, spans: list[tuple[int, int, dict]]) -> list[Piece]:
    """Cut text into plain and term pieces at the given (start, end, term) spans."""
    out: list[Piece] = []
    pos = 0
    for start, end, term in sorted(spans, key=lambda s: s[0]):
        if start < pos or end > len(text):
            continue
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], term))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


LOCALIZED_KINDS = ("number", "date")  # localised by rule, not glossary entries: not underlined


def term_key(item: dict) -> str:
    """The key of a term in the reader's term map: its glossary entry, or kind and source for a localised one."""
    entry = item.get("entry")
    return str(entry) if entry is not None else f"{item['kind']}:{item['source']}"


def term_info(entries: dict, item: dict) -> dict:
    """What a tooltip shows for one term of a report."""
    entry = entries.get(item.get("entry"))
    return {
        "key": term_key(item),
        "source": item["source"],
        "target": item["target"],
        "status": item["status"],
        "kind": item["kind"],
        "entry": item.get("entry"),
        "domain": entry.domain if entry else item["kind"],
        "note": entry.note if entry else "",
    }


READER_COLUMNS = (
    Segment.id, Segment.paragraph, Segment.index, Segment.kind, Segment.source,
    Translation.id, Translation.text, Translation.origin, Translation.stale, Translation.author, Translation.terms,
    Translation.engine, Translation.engine_version, Translation.created_at, Translation.unknown,
    Translation.review_status,
    Translation.confidence,
)


def reader_views(session: Session, article_id: int, paragraphs: range | None = None) -> list[SegmentView]:
    """The segments (of some paragraphs, or all) with their current translation and their terms marked
    on both sides, for the reader.

    One query of plain rows, no ORM objects: this is the uncached render's hot path.
    """
    query = (
        select(*READER_COLUMNS)
        .outerjoin(Translation, and_(Translation.segment_id == Segment.id, Translation.current))
        .where(Segment.article_id == article_id)
        .order_by(Segment.paragraph, Segment.index, Translation.id)
    )
    if paragraphs is not None:
        query = query.where(Segment.paragraph >= paragraphs.start, Segment.paragraph < paragraphs.stop)
    rows = session.execute(query).all()
    pairs: dict[int, tuple] = {}
    for row in rows:  # several current translations: the newest one is shown, as Segment.current does
        tr = TranslationRow(*row[5:]) if row[5] is not None else None
        seg = SegmentRow(*row[:5])
        if seg.kind == "byline":  # "by MARCOS ALEMÁN": shown as the Spanish side writes it (same length)
            seg.source = readable_caps(seg.source)
        pairs[row[0]] = (seg, tr)
    return _views(session, list(pairs.values()))


def latest_machine(views: list[SegmentView]) -> tuple[str | None, object]:
    """(engine label with version, time) of the newest current machine translation among views."""
    latest = None
    for view in views:
        tr = view.translation
        if tr is not None and tr.origin == "machine" and (latest is None or tr.created_at > latest.created_at):
            latest = tr
    if latest is None:
        return None, None
    return f"{latest.engine} {latest.engine_version}", latest.created_at


def _views(session: Session, pairs: list[tuple]) -> list[SegmentView]:
    entry_ids = {t.get("entry") for _seg, tr in pairs if tr is not None for t in tr.terms} - {None}
    entries = {
        row.id: row
        for row in session.execute(
            select(GlossaryEntry.id, GlossaryEntry.domain, GlossaryEntry.note).where(GlossaryEntry.id.in_(entry_ids))
        )
    } if entry_ids else {}
    views = []
    for seg, tr in pairs:
        view = SegmentView(seg, tr)
        items = tr.terms if tr else []
        infos = [term_info(entries, t) for t in items]
        view.source_pieces = pieces(seg.source, [(t["start"], t["end"], i) for t, i in zip(items, infos, strict=True)])
        if tr:
            by_target = {i["target"]: i for i in infos if i["status"] == "enforced"}
            spans = find_spans(tr.text, by_target)
            view.target_pieces = mark_unknown(
                pieces(tr.text, [(s, e, by_target[t]) for s, e, t in spans]), view.unknown
            )
        views.append(view)
    return views


def mark_unknown(found: list[Piece], words: list[str]) -> list[Piece]:
    """Split plain pieces so that each unknown word is a piece of its own, flagged."""
    if not words:
        return found
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)")
    out: list[Piece] = []
    for piece in found:
        if piece.term is not None:
            out.append(piece)
            continue
        pos = 0
        for m in pattern.finditer(piece.text):
            if m.start() > pos:
                out.append(Piece(piece.text[pos : m.start()]))
            out.append(Piece(m.group(0), unknown=True))
            pos = m.end()
        if pos < len(piece.text):
            out.append(Piece(piece.text[pos:]))
    return out


def term_map(views: list[SegmentView], label) -> dict[str, dict]:
    """Each term's card once per page (entry or localised span), keyed as the marks' data-entry."""
    found: dict[str, dict] = {}
    labels: dict[str, str] = {}  # a handful of domains: translate each once
    for view in views:
        for piece in view.source_pieces:
            term = piece.term
            if term is None or term["key"] in found:
                continue
            if term["domain"] not in labels:
                labels[term["domain"]] = str(label(term["domain"]))
            found[term["key"]] = {
                "source": term["source"],
                "target": term["target"],
                "kind": term["kind"],
                "domain": labels[term["domain"]],
                "note": term["note"],
            }
    return found


def sentence_html(parts: list[Piece], unknown_title: str = "") -> Markup:
    """A sentence as escaped HTML with a light mark per term (the card comes from the term map)."""
    out = []
    for p in parts:
        term = p.term
        if term is None:
            if p.unknown:  # a word the engine did not know: marked, its card comes from the page
                out.append(f'<span class="unknown" title="{escape(unknown_title)}">{escape(p.text)}</span>')
            else:
                out.append(escape(p.text))
            continue
        classes = f"term d-{_css_word(term['domain'])}"  # the reader marks some domains only (legal, prison)
        if term["kind"] in LOCALIZED_KINDS:
            classes += " loc"
        elif term["kind"] == "keep":
            classes += " keep"
        if term["status"] == "missing":
            classes += " missing"
        out.append(f'<span class="{classes}" data-entry="{escape(term["key"])}">{escape(p.text)}</span>')
    return Markup("".join(out))


def _css_word(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", str(text).lower()) or "general"


def paragraphs(views: list[SegmentView]) -> list[list[SegmentView]]:
    """Group segment views by paragraph, in order."""
    return [list(group) for _, group in groupby(views, key=lambda v: v.seg.paragraph)]


@dataclass(frozen=True)
class ReviewSummary:
    """How much of an article a person has checked: what the machine-translation notice says."""

    sentences: int
    by_a_person: int
    machine: int  # sentences whose current translation is the engine's

    @property
    def machine_translated(self) -> bool:
        return self.machine > 0


def review_summary(session: Session, article_id: int) -> ReviewSummary:
    """Sentences of the whole article, those a person has read, and those nobody has read yet (the review
    statuses of app.translation.review.progress)."""
    counts = review.progress(session, [article_id])[article_id]
    sentences = session.scalar(select(func.count(Segment.id)).where(Segment.article_id == article_id)) or 0
    return ReviewSummary(sentences, counts["read"], counts[ReviewStatus.MACHINE])


def titles(session: Session, article: Article) -> dict[str, str]:
    """The article's title in each of its languages (primary subtags): {"en": ..., "es": ...}."""
    found = {article.source_lang.split("-")[0]: article.title}
    translated = session.scalar(
        select(Translation.text)
        .join(Segment, Segment.id == Translation.segment_id)
        .where(Segment.article_id == article.id, Segment.kind == "title", Translation.current)
        .order_by(Segment.paragraph, Segment.index, Translation.id.desc())
        .limit(1)
    )
    if translated:
        found[article.target_lang.split("-")[0]] = translated
    return found
