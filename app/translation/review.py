"""Review statuses and the review queue: who has read which sentence, and what to read next.

A sentence's current translation is machine (nobody has read it here), reviewed (a person read it
and kept it), edited (a person changed it) or approved (a second person confirmed it). The queue
puts first what most needs a person: sentences with failed checks (errors, then warnings), then
with words the engine did not know, then those the engine was least sure of, then the rest.
Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.core.messages import N_, UserError
from app.core.models import Article, Segment, Translation, utcnow
from app.core.states import READ_BY_A_PERSON, ReviewStatus, Severity

LOW_CONFIDENCE = 0.5  # an engine's confidence below this puts the sentence before the unflagged ones
NEEDS = ("review", "approval")


class ReviewError(UserError):
    """The review cannot be recorded as asked."""

    http_status = 409


class BadReviewRequest(ReviewError):
    """A review status or queue that does not exist (bad input, not a conflict)."""

    http_status = 400


class NoTranslation(ReviewError):
    """The sentence has no translation to review yet."""


def status_of(tr: Translation | None) -> str | None:
    """The review status of a translation (None for no translation)."""
    if tr is None:
        return None
    return tr.review_status or (ReviewStatus.EDITED if tr.origin == "human" else ReviewStatus.MACHINE)


def mark(session: Session, seg: Segment, status: str, who: str, version: int | None = None) -> Translation:
    """Set the review status of a sentence's current translation; ReviewError when the step is not allowed.

    reviewed: a machine translation read and kept. approved: a reviewed or edited sentence confirmed by
    someone other than who reviewed or edited it. machine: take a review or approval back.
    """
    if status not in tuple(ReviewStatus):
        raise BadReviewRequest(N_("Unknown review status '%(status)s'; use one of: %(known)s"), status=status,
                          known=", ".join(s for s in ReviewStatus if s != ReviewStatus.EDITED))
    session.refresh(seg, with_for_update=True)
    session.expire(seg, ["translations"])
    tr = seg.current
    if tr is None:
        raise NoTranslation(N_("This sentence has no translation to review yet."))
    if version is not None and int(version) != tr.id:
        raise ReviewError(N_("This sentence was changed by someone else since you loaded it."))
    current = status_of(tr)
    if status == ReviewStatus.EDITED:
        raise ReviewError(N_("A sentence becomes edited when someone saves a new translation of it."))
    if status == ReviewStatus.REVIEWED:
        if current == ReviewStatus.EDITED and tr.stale:  # an edit read again after a glossary change
            tr.stale, tr.reviewed_by, tr.reviewed_at = False, who, utcnow()
        elif current in (ReviewStatus.EDITED, ReviewStatus.APPROVED):
            raise ReviewError(N_("This sentence was already read by a person (%(status)s)."), status=current)
        else:
            tr.review_status, tr.reviewed_by, tr.reviewed_at = ReviewStatus.REVIEWED, who, utcnow()
    elif status == ReviewStatus.APPROVED:
        if current == ReviewStatus.MACHINE:
            raise ReviewError(N_("Only a reviewed or edited sentence can be approved."))
        first = tr.reviewed_by if current == ReviewStatus.REVIEWED else tr.author
        if current != ReviewStatus.APPROVED and first == who:
            raise ReviewError(N_("A second person must approve what %(who)s reviewed or edited."), who=who)
        tr.review_status, tr.approved_by, tr.approved_at = ReviewStatus.APPROVED, who, utcnow()
        tr.stale = False
    else:  # back to unreviewed: an edit stays an edit
        back = ReviewStatus.EDITED if tr.origin == "human" and tr.engine != "tm" else ReviewStatus.MACHINE
        tr.review_status, tr.approved_by, tr.approved_at = back, None, None
        if back == ReviewStatus.MACHINE:
            tr.reviewed_by, tr.reviewed_at = None, None
    session.flush()
    return tr


def progress(session: Session, article_ids: Iterable[int]) -> dict[int, dict]:
    """Per article: how many sentences have a translation in each review status, and how many a person read."""
    ids = list(article_ids)
    out = {i: {s.value: 0 for s in ReviewStatus} | {"total": 0, "read": 0} for i in ids}
    if not ids:
        return out
    rows = session.execute(
        select(Segment.article_id, Translation.review_status, func.count(Translation.id))
        .join(Translation, and_(Translation.segment_id == Segment.id, Translation.current))
        .where(Segment.article_id.in_(ids))
        .group_by(Segment.article_id, Translation.review_status)
    ).all()
    for article_id, status, count in rows:
        entry = out[article_id]
        entry[status] = entry.get(status, 0) + count
        entry["total"] += count
        entry["read"] += count if status in READ_BY_A_PERSON else 0
    return out


@dataclass
class Item:
    """One sentence of the queue: the segment, its article, its current translation and why it is where it is."""

    segment: Segment
    article: Article
    translation: Translation
    rank: int  # 0 errors, 1 warnings, 2 unknown words, 3 low confidence, 4 the rest
    reason: str


def rank_of(tr: Translation) -> tuple[int, str]:
    """Where a translation goes in the queue, and why."""
    severities = {c.get("severity") for c in (tr.checks or [])}
    if Severity.ERROR in severities:
        return 0, "error"
    if Severity.WARNING in severities:
        return 1, "warning"
    if tr.unknown:
        return 2, "unknown"
    if tr.confidence is not None and tr.confidence < LOW_CONFIDENCE:
        return 3, "confidence"
    return 4, "rest"


def waiting(tr: Translation, need: str, who: str | None) -> bool:
    """Whether the translation waits for this kind of reading by this person."""
    status = status_of(tr)
    if need == "approval":
        first = tr.reviewed_by if status == ReviewStatus.REVIEWED else tr.author
        return status in (ReviewStatus.REVIEWED, ReviewStatus.EDITED) and (who is None or first != who)
    return status == ReviewStatus.MACHINE or (tr.origin == "human" and tr.stale and status != ReviewStatus.APPROVED)


def queue(session: Session, article_id: int | None = None, need: str = "review", who: str | None = None,
          limit: int = 50, offset: int = 0) -> tuple[list[Item], int]:
    """The sentences waiting for a person, flagged first (see the module docstring): (one page, how many in all)."""
    if need not in NEEDS:
        raise BadReviewRequest(N_("'need' must be one of: %(known)s"), known=", ".join(NEEDS))
    query = (
        select(Segment, Translation, Article)
        .join(Translation, and_(Translation.segment_id == Segment.id, Translation.current))
        .join(Article, Article.id == Segment.article_id)
        .where(Article.deleted_at.is_(None))
        .order_by(Article.id, Segment.paragraph, Segment.index, Translation.id)
    )
    if article_id is not None:
        query = query.where(Segment.article_id == article_id)
    if need == "review":
        query = query.where(Translation.review_status.in_((ReviewStatus.MACHINE, ReviewStatus.EDITED)))
    else:
        query = query.where(Translation.review_status.in_((ReviewStatus.REVIEWED, ReviewStatus.EDITED)))
    items: dict[int, Item] = {}
    for seg, tr, article in session.execute(query):
        if not waiting(tr, need, who):
            continue
        rank, reason = rank_of(tr)
        items[seg.id] = Item(seg, article, tr, rank, reason)  # the newest current translation wins
    ordered = sorted(items.values(), key=lambda i: i.rank)  # stable: reading order within a rank
    return ordered[offset: offset + limit], len(ordered)
