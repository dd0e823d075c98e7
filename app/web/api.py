"""JSON API under /api: articles, engines. Errors are {"error": "..."} with a 4xx status."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _

from .. import postedit, present
from ..article_admin import live_articles
from ..articles import ArticleError
from ..config import ENGINES
from ..db import get_session
from ..glossary_edit import ConflictError
from ..store import WITH_TRANSLATIONS, Article, Job, Segment
from .common import current_user_name, import_and_queue, message, submit
from .security import import_limit, limiter, translate_limit

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body() -> dict:
    """The request's JSON object, or a 400 saying what is wrong."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        abort(400, _("The JSON is nested too deeply."))
    if not isinstance(data, dict):
        abort(400, _("Send a JSON object with Content-Type: application/json."))
    if not valid_unicode(data):
        abort(400, _("The JSON holds text that is not valid Unicode (a lone surrogate)."))
    return data


def valid_unicode(data) -> bool:
    """True if every string in the parsed JSON (keys too) can be stored as UTF-8."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True


def get_article(article_id: int) -> Article:
    article = get_session().get(Article, article_id)
    if article is None or article.deleted_at is not None:
        abort(404, _("No article with id %(id)s.", id=article_id))
    return article


@bp.get("/articles")
def list_articles():
    session = get_session()
    rows = session.scalars(live_articles())
    return jsonify(articles=[present.article_summary(a) for a in rows])


@bp.post("/articles")
@limiter.limit(import_limit)
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
        abort(400, message(exc))
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.get("/articles/<int:article_id>")
def show_article(article_id: int):
    article = get_session().get(Article, article_id, options=[WITH_TRANSLATIONS])
    if article is None or article.deleted_at is not None:
        abort(404, _("No article with id %(id)s.", id=article_id))
    return jsonify(present.article_dict(get_session(), article))


@bp.post("/articles/<int:article_id>/translate")
@limiter.limit(translate_limit)
def retranslate(article_id: int):
    """Translate the whole article again (optionally with another engine); human edits are kept."""
    data = request.get_json(silent=True) or {}
    article = get_article(article_id)
    if article.status in ("queued", "translating"):
        return jsonify(error=_("The article is already being translated."), progress=article.progress), 409
    engine = data.get("engine") or article.engine
    if engine not in ENGINES:
        abort(400, _("Unknown engine %(name)s; choose one of: %(known)s", name=engine, known=", ".join(ENGINES)))
    session = get_session()
    article.engine, article.status, article.progress = engine, "queued", 0.0
    job = Job(article_id=article.id, segment_ids=[s.id for s in article.segments], reason="retranslate")
    session.add(job)
    session.commit()
    submit([job.id])
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.get("/engines")
def engines():
    found = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return jsonify(setting=current_app.config["ENGINE"], engines=found)


def get_segment(article_id: int, segment_id: int) -> Segment:
    """A segment of this article; 404 if it does not exist or belongs to another article."""
    article = get_article(article_id)
    seg = get_session().get(Segment, segment_id)
    if seg is None or seg.article_id != article.id:
        abort(404, _("Article %(a)s has no sentence %(s)s.", a=article_id, s=segment_id))
    return seg


def segment_dict(seg: Segment) -> dict:
    return {"id": seg.id, "key": seg.key, "source": seg.source, "version": postedit.version_of(seg),
            **present.translation_dict(seg.current)}


@bp.put("/articles/<int:article_id>/segments/<int:segment_id>")
def edit_segment(article_id: int, segment_id: int):
    """Store a human post-edit of one sentence."""
    data = json_body()
    seg = get_segment(article_id, segment_id)
    version = data.get("version")
    if version is not None and not isinstance(version, int):
        abort(400, _("'version' must be an integer."))
    try:
        postedit.save(get_session(), seg, data.get("text"), who=current_user_name(), version=version)
    except ConflictError as exc:
        return jsonify(error=message(exc), current=exc.current), 409
    except postedit.EditError as exc:
        abort(400, message(exc))
    get_session().commit()
    return jsonify(segment_dict(seg))


@bp.delete("/articles/<int:article_id>/segments/<int:segment_id>/edit")
def undo_edit(article_id: int, segment_id: int):
    """Go back to the machine translation of one sentence."""
    seg = get_segment(article_id, segment_id)
    try:
        postedit.undo(get_session(), seg, who=current_user_name())
    except postedit.EditError as exc:
        abort(409, message(exc))
    get_session().commit()
    return jsonify(segment_dict(seg))


@bp.post("/articles/<int:article_id>/segments/<int:segment_id>/revert/<int:translation_id>")
def revert_segment(article_id: int, segment_id: int, translation_id: int):
    """Make an earlier translation of the sentence current again (its history is kept)."""
    seg = get_segment(article_id, segment_id)
    try:
        postedit.restore(get_session(), seg, translation_id)
    except postedit.EditError as exc:
        abort(404, message(exc))
    get_session().commit()
    return jsonify(segment_dict(seg))


@bp.get("/articles/<int:article_id>/segments/<int:segment_id>/history")
def segment_history(article_id: int, segment_id: int):
    seg = get_segment(article_id, segment_id)
    items = [{"id": t.id, "text": t.text, "origin": t.origin, "author": t.author, "engine": t.engine,
              "current": t.current, "stale": t.stale, "at": t.created_at.isoformat() + "Z"}
             for t in seg.translations]
    return jsonify(segment=seg.id, translations=items)
