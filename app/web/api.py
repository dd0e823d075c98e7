"""JSON API under /api: articles, engines. Errors are {"error": "..."} with a 4xx status."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from .. import present
from ..articles import ArticleError
from ..db import get_session
from ..store import Article
from .common import import_and_queue

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body() -> dict:
    """The request's JSON object, or a 400 saying what is wrong."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, _("Send a JSON object with Content-Type: application/json."))
    return data


def get_article(article_id: int) -> Article:
    article = get_session().get(Article, article_id)
    if article is None:
        abort(404, _("No article with id %(id)s.", id=article_id))
    return article


@bp.get("/articles")
def list_articles():
    session = get_session()
    rows = session.scalars(select(Article).order_by(Article.created_at.desc()))
    return jsonify(articles=[present.article_summary(a) for a in rows])


@bp.post("/articles")
def create_article():
    data = json_body()
    text, title = data.get("text"), data.get("title")
    if not isinstance(text, str) or (title is not None and not isinstance(title, str)):
        abort(400, _("'text' (and 'title', if given) must be strings."))
    try:
        article = import_and_queue(
            get_session(), text, title,
            str(data.get("target_lang") or current_app.config["DEFAULT_TARGET_LANG"]),
            str(data.get("engine") or current_app.config["ENGINE"]),
        )
    except ArticleError as exc:
        abort(400, str(exc))
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.get("/articles/<int:article_id>")
def show_article(article_id: int):
    return jsonify(present.article_dict(get_session(), get_article(article_id)))


@bp.get("/engines")
def engines():
    found = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return jsonify(setting=current_app.config["ENGINE"], engines=found)
