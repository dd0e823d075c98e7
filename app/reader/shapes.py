"""The JSON shapes of the API: an article, its segments and their translations, with review and checks.
No Flask: the views pass gettext and how people are named to the viewer (app.web.authors)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.models import Article, Job, Translation
from app.core.states import JobStatus
from app.translation import checks, postedit, review

from . import paging


def pending_jobs(session: Session, article_id: int) -> int:
    return session.scalar(
        select(func.count(Job.id))
        .where(Job.article_id == article_id, Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)))
    )


def checks_list(items: list | None, gettext=None) -> list[dict]:
    """Stored check issues as the API shows them: check, severity, message (in gettext's language), params."""
    return [{"check": c.get("check"), "severity": c.get("severity"), "message": checks.message(c, gettext),
             "params": c.get("params") or {}} for c in items or []]


def _as_recorded(who: str | None) -> str | None:
    return who


def review_dict(tr: Translation, author: Callable[[str | None], str | None] = _as_recorded) -> dict:
    """Who read a translation: its review status, the reviewer and the approver (as `author` shows people to
    the viewer: app.web.authors.visible_author) with dates."""
    return {
        "status": review.status_of(tr),
        "reviewed_by": author(tr.reviewed_by),
        "reviewed_at": tr.reviewed_at.isoformat() + "Z" if tr.reviewed_at else None,
        "approved_by": author(tr.approved_by),
        "approved_at": tr.approved_at.isoformat() + "Z" if tr.approved_at else None,
    }


def translation_dict(tr: Translation | None, gettext=None,
                     author: Callable[[str | None], str | None] = _as_recorded) -> dict:
    if tr is None:
        return {"target": None, "origin": None, "engine": None, "terms": [], "unknown": [], "checks": [],
                "review": None}
    return {
        "target": tr.text,
        "origin": tr.origin,
        "engine": tr.engine,
        "engine_version": tr.engine_version,
        "glossary_revision": tr.glossary_revision,
        "stale": tr.stale,
        "translated_at": tr.created_at.isoformat() + "Z",
        "terms": tr.terms,
        "unknown": list(tr.unknown or []),
        "checks": checks_list(tr.checks, gettext),
        "checked": tr.checks is not None,
        "confidence": tr.confidence,
        "review": review_dict(tr, author),
    }


def article_summary(article: Article) -> dict:
    return {
        "id": article.id,
        "slug": article.slug,
        "title": article.title,
        "original_title": article.original_title,
        "status": article.status,
        "progress": round(article.progress, 3),
        "source_lang": article.source_lang,
        "target_lang": article.target_lang,
        "original_lang": article.original_lang,
        "engine": article.engine,
        "created_at": article.created_at.isoformat() + "Z",
    }


def article_dict(session: Session, article: Article, page: paging.Page | None = None, gettext=None,
                 author: Callable[[str | None], str | None] = _as_recorded) -> dict:
    """The JSON shape of GET /api/articles/<id>: the article and one page of its segments (people named as
    `author` shows them to the viewer)."""
    page = page or paging.segment_page(session, article.id)
    data = article_summary(article)
    data["review"] = review.progress(session, [article.id])[article.id]
    data["byline"] = article.byline
    data["translation_source"] = article.edition_source
    data.update(source_metadata(article))
    data["error"] = article.error
    data["pending_jobs"] = pending_jobs(session, article.id)
    data["engines_used"] = paging.engines_used(session, article.id)
    data["total_segments"], data["offset"], data["limit"] = page.total, page.offset, page.limit
    data["next_offset"] = page.next_offset
    data["segments"] = [
        {
            "id": seg.id,
            "key": seg.key,
            "paragraph": seg.paragraph,
            "index": seg.index,
            "kind": seg.kind,
            "source": seg.source,
            "version": postedit.version_of(seg),  # what PUT .../segments/<id> sends back to detect conflicts
            **translation_dict(seg.current, gettext, author),
        }
        for seg in page.segments
    ]
    return data


def source_metadata(article: Article) -> dict:
    """Where the article came from (a web page import): URL, site, author, publication date (ISO)."""
    return {
        "source_url": article.source_url,
        "site_name": article.site_name,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
    }
