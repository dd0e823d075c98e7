"""Checks kept on each translation wherever it is made: the engine's, a post-edit, an import, the memory.

`attach` checks translations (one batch, one call to each analyser) and stores the issues on them;
the length check needs the article's other sentences, so `refresh_lengths` re-runs it over a whole
article when a translation job finishes, and `attach` on a single post-edit reads the article's
lengths (two integers per sentence) first. Machine translations are checked by the pipeline before
the write transaction (app.translation.pipeline.translate), so that no analyser runs while the
database's write lock is held; template and memory texts written inside it are checked without the
analysers. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.core.direction import Direction
from app.core.models import Article, Segment, Translation

from . import Model, Pair, run
from .length import NAME as LENGTH

REPORTS_UNKNOWN = ("apertium",)  # engines that say which words they did not know


def pair_of(source: str, tr: Translation) -> Pair:
    """The pair the checks look at for a translation of `source`."""
    reports = tr.engine in REPORTS_UNKNOWN and tr.origin == "machine"
    return Pair(source, tr.text, terms=list(tr.terms or []), unknown=list(tr.unknown or []) if reports else None,
                origin=tr.origin)


def applies(direction: Direction) -> bool:
    """Whether the checks apply to a language pair: they read English sources and Spanish translations."""
    return direction.source == "en"


def attach(items: Sequence[tuple[str, Translation]], model: Model | None = None, analyse: bool = True) -> None:
    """Check (source, translation) pairs and store the issues on each translation (length only with `model`;
    without the analysers' subprocesses with `analyse=False`, for code holding the write lock)."""
    items = [(source, tr) for source, tr in items if tr.segment is None or applies(Direction.of(tr.segment.article))]
    if not items:
        return
    results = run([pair_of(source, tr) for source, tr in items], model, analyse)
    for (_source, tr), issues in zip(items, results, strict=True):
        tr.checks = [i.as_dict() for i in issues]


def article_model(session: Session, article_id: int) -> Model:
    """The length model of an article's current translations."""
    rows = session.execute(
        select(func.length(Segment.source), func.length(Translation.text))
        .join(Translation, and_(Translation.segment_id == Segment.id, Translation.current))
        .where(Segment.article_id == article_id)
    ).all()
    return Model.of((s or 0, t or 0) for s, t in rows)


def refresh_lengths(session: Session, article_id: int) -> int:
    """Re-run the length check on every current translation of an article; how many changed."""
    if not applies(Direction.of(session.get(Article, article_id))):
        return 0
    model = article_model(session, article_id)
    rows = session.execute(
        select(Translation, Segment.source)
        .join(Segment, Segment.id == Translation.segment_id)
        .where(Segment.article_id == article_id, Translation.current)
    ).all()
    unchecked = [(source, tr) for tr, source in rows if tr.checks is None]  # rows older than the checks
    attach(unchecked, model, analyse=False)
    changed = len(unchecked)
    for tr, source in rows:
        if any(tr is t for _s, t in unchecked):
            continue
        kept = [c for c in (tr.checks or []) if c.get("check") != LENGTH]
        new = kept + [i.as_dict() for i in model.check(source, tr.text)]
        if tr.checks is None or new != tr.checks:
            tr.checks = new
            changed += 1
    return changed
