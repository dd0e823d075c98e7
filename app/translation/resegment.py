"""Re-segment a stored article with the current segmenter, carrying translations over.

Articles keep the segmentation they were imported with; an editor asks for this explicitly. A sentence
whose source text is unchanged keeps its segment row (same id), so its machine translation, its
post-edits and their history stay with it; sentences matched in order, by source hash. Removed
sentences go with their translations (their post-edits are listed in the report); new sentences are
queued for translation with an import job, as at import. The caller commits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher

from sqlalchemy.orm import Session

from app.core.messages import N_, UserError
from app.core.models import Article, Segment
from app.core.states import BUSY, ArticleStatus
from app.glossary import term_index
from app.intake import parse, segment

from . import jobs


class ResegmentError(UserError):
    """The article cannot be re-segmented now; the message says why."""

    http_status = 409  # the article cannot be re-segmented in its current state


@dataclass
class PostEdit:
    """A human translation of a sentence, as the report lists it."""

    key: str
    source: str
    text: str


@dataclass
class ResegmentReport:
    """What a re-segmentation did: sentences kept, added and removed, post-edits carried or dropped."""

    article_id: int
    before: int
    after: int
    kept: int
    added: list[str] = field(default_factory=list)  # keys of the new sentences, queued for translation
    removed: list[str] = field(default_factory=list)  # old keys of the sentences that are gone
    carried_postedits: list[PostEdit] = field(default_factory=list)  # with their new keys
    dropped_postedits: list[PostEdit] = field(default_factory=list)  # with their old keys
    job_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    def as_dict(self) -> dict:
        return asdict(self)


def reparse(article: Article) -> list[segment.Sentence]:
    """The article's sentences as the current segmenter splits its stored text.

    The stored text holds the title as its first paragraph unless the title was given apart at import;
    the reading whose paragraph count matches the stored segments is the one import used.
    """
    paragraphs = 1 + max((s.paragraph for s in article.segments), default=0)
    readings = []
    for title in (None, article.title):
        try:
            parsed = parse.parse(article.original_text, title)
        except parse.ArticleError:
            continue
        if parsed.title == article.title:
            readings.append(parsed)
    if not readings:
        raise ResegmentError(N_("The article's stored text can no longer be read; it keeps its sentences."))
    parsed = next((p for p in readings if _paragraphs(p) == paragraphs), readings[0])
    return segment.segment(parsed.blocks, parsed.title, parsed.byline, lang=article.source_lang)


def _paragraphs(parsed: parse.ParsedArticle) -> int:
    return 1 + bool(parsed.byline) + len(parsed.blocks)


def resegment(session: Session, article: Article) -> ResegmentReport:
    """Re-segment the article in place and queue translation of new sentences (does not commit)."""
    if article.status in BUSY:
        raise ResegmentError(N_("The article is being translated; re-segment it when that is done."))
    old = list(article.segments)
    new = reparse(article)
    matched = _match(old, new)  # new index -> old segment
    report = ResegmentReport(article_id=article.id, before=len(old), after=len(new), kept=len(matched))
    kept_ids = {seg.id for seg in matched.values()}
    for seg in old:
        if seg.id not in kept_ids:
            report.removed.append(seg.key)
            human = _human(seg)
            if human is not None:
                report.dropped_postedits.append(PostEdit(seg.key, seg.source, human))
            article.segments.remove(seg)
    # Park the kept rows away from every final position first: (article, paragraph, index) is unique.
    for n, seg in enumerate(matched.values()):
        seg.paragraph, seg.index = -1 - n, 0
    session.flush()
    for i, sentence in enumerate(new):
        seg = matched.get(i)
        if seg is None:
            seg = Segment(source=sentence.text, source_hash=sentence.source_hash)
            article.segments.append(seg)
            report.added.append(sentence.key)
        seg.paragraph, seg.index, seg.kind = sentence.paragraph, sentence.index, sentence.kind
        human = _human(seg) if i in matched else None
        if human is not None:
            report.carried_postedits.append(PostEdit(sentence.key, seg.source, human))
    session.flush()
    term_index.add(session, [seg for seg in article.segments if seg.id not in kept_ids], article.source_lang)
    session.expire(article, ["segments"])  # reload in (paragraph, index) order
    if report.added:
        article.status, article.progress = ArticleStatus.QUEUED, 0.0
        report.job_id = jobs.enqueue_import(session, article).id
    return report


def _match(old: list[Segment], new: list[segment.Sentence]) -> dict[int, Segment]:
    """Pair unchanged sentences, in order: new index -> old segment with the same source text."""
    matcher = SequenceMatcher(None, [s.source_hash for s in old], [s.source_hash for s in new], autojunk=False)
    pairs: dict[int, Segment] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.b + k] = old[block.a + k]
    return pairs


def _human(seg: Segment) -> str | None:
    """The text of the segment's newest human translation, if it has one."""
    human = [t for t in seg.translations if t.origin == "human"]
    return human[-1].text if human else None
