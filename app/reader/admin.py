"""Rename, soft-delete and restore articles; which articles readers can see.

A deleted article keeps its sentences, translations and their history: it is only hidden (lists,
API, reader and exports answer as if it did not exist) until an admin restores it. The caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core.messages import N_
from app.core.models import Article, Segment, Translation, utcnow
from app.intake.parse import MAX_TITLE_CHARS, ArticleError

LIVE = Article.deleted_at.is_(None)


class ArticleNotFound(ArticleError):
    """No such article (or, for a restore, no such deleted one)."""

    http_status = 404  # for main's one UserError-to-status handler


def live_articles() -> Select:
    """Articles not deleted, newest first."""
    return select(Article).where(LIVE).order_by(Article.created_at.desc())


def translated_titles(session: Session, article_ids: Iterable[int]) -> dict[int, str]:
    """The current translation of each article's title (its title sentences joined), for the ones that have one."""
    ids = list(article_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Segment.article_id, Segment.id, Translation.text)
        .join(Translation, Translation.segment_id == Segment.id)
        .where(Segment.article_id.in_(ids), Segment.kind == "title", Translation.current)
        .order_by(Segment.article_id, Segment.paragraph, Segment.index, Translation.id)
    ).all()
    latest: dict[int, dict[int, str]] = {}
    for article_id, segment_id, text in rows:  # the newest current translation of a sentence wins
        latest.setdefault(article_id, {})[segment_id] = text
    return {article_id: " ".join(texts.values()) for article_id, texts in latest.items()}


def deleted_articles(session: Session) -> list[Article]:
    """Deleted articles, most recently deleted first."""
    return list(session.scalars(select(Article).where(Article.deleted_at.is_not(None))
                                .order_by(Article.deleted_at.desc())))


def get_live(session: Session, article_id: int) -> Article:
    """An article that is not deleted; ArticleError (a 404 to the web layer) otherwise."""
    article = session.get(Article, article_id)
    if article is None or article.deleted_at is not None:
        raise ArticleNotFound(N_("No article with id %(id)s."), id=article_id)
    return article


def rename(session: Session, article_id: int, title) -> Article:
    """Give an article a new title (white space collapsed); ArticleError if it is empty or too long."""
    if not isinstance(title, str):
        raise ArticleError(N_("'title' must be text."))
    clean = " ".join(title.split())
    if not clean:
        raise ArticleError(N_("The title must not be empty."))
    if len(clean) > MAX_TITLE_CHARS:
        raise ArticleError(N_("The title is longer than %(limit)s characters."), limit=MAX_TITLE_CHARS)
    article = get_live(session, article_id)
    article.title = clean
    return article


def delete(session: Session, article_id: int, who: str) -> Article:
    """Hide an article (soft delete): everything it holds is kept for a restore."""
    article = get_live(session, article_id)
    article.deleted_at = utcnow()
    article.deleted_by = who
    return article


def restore(session: Session, article_id: int) -> Article:
    """Bring a deleted article back; ArticleError if there is no such deleted article."""
    article = session.get(Article, article_id)
    if article is None or article.deleted_at is None:
        raise ArticleNotFound(N_("No deleted article with id %(id)s."), id=article_id)
    article.deleted_at = None
    article.deleted_by = None
    return article
