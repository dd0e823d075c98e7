"""JSON API for managing articles: rename, soft delete, list deleted ones and restore (admins)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from app.intake.parse import ArticleError
from app.reader import admin, present
from app.reader.admin import ArticleNotFound

from .api import json_body
from .common import current_user_name, message
from .db import get_session

bp = Blueprint("articles_api", __name__, url_prefix="/api/articles")


def summary(article) -> dict:
    data = present.article_summary(article)
    data["deleted_at"] = article.deleted_at.isoformat() + "Z" if article.deleted_at else None
    return data


@bp.patch("/<int:article_id>")
def rename(article_id: int):
    """PATCH {"title": "..."}: a new title (the slug, and so the reader's address, stays)."""
    session = get_session()
    data = json_body()
    try:
        article = admin.rename(session, article_id, data.get("title"))
    except ArticleNotFound as exc:
        abort(404, message(exc))
    except ArticleError as exc:
        abort(400, message(exc))
    session.commit()
    return jsonify(summary(article))


@bp.delete("/<int:article_id>")
def delete(article_id: int):
    """Soft delete: hidden everywhere, kept with its history for an admin to restore."""
    session = get_session()
    try:
        article = admin.delete(session, article_id, current_user_name())
    except ArticleNotFound as exc:
        abort(404, message(exc))
    session.commit()
    return jsonify(deleted=article.id, deleted_at=summary(article)["deleted_at"])


@bp.get("/deleted")
def deleted():
    """Deleted articles (admins only)."""
    return jsonify(articles=[summary(a) for a in admin.deleted_articles(get_session())])


@bp.post("/<int:article_id>/restore")
def restore(article_id: int):
    """Bring a deleted article back (admins only)."""
    session = get_session()
    try:
        article = admin.restore(session, article_id)
    except ArticleNotFound as exc:
        abort(404, message(exc))
    session.commit()
    return jsonify(summary(article))
