"""JSON API under /api: articles, engines. Errors are {"error": "..."} with a 4xx status."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _

from app.core.messages import UserError
from app.core.models import Article, Segment
from app.glossary.edit import ConflictError
from app.intake.parse import ArticleError
from app.reader import paging, present
from app.reader.admin import live_articles
from app.translation import jobs, postedit, resegment

from .authors import visible_author
from .common import current_user_name, db_int, import_and_queue, import_web_page, message, submit
from .db import get_session
from .security import import_limit, limiter, translate_limit, url_import_limiter

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body(optional: bool = False) -> dict:
    """The request's JSON object, or a 400 saying what is wrong; `optional`: no body means {}."""
    if optional and not request.get_data(cache=True):
        return {}
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
@url_import_limiter
def create_article():
    data = json_body()
    if data.get("url") is not None or data.get("html") is not None:  # a web page: app/url_import.py
        return create_from_page(data)
    text, title = data.get("text"), data.get("title")
    if not isinstance(text, str) or (title is not None and not isinstance(title, str)):
        abort(400, _("'text' (and 'title', if given) must be strings."))
    try:
        article = import_and_queue(get_session(), text, title, *import_options(data))
    except ArticleError as exc:
        abort(400, message(exc))
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


def import_options(data: dict) -> tuple[str, str]:
    """(target_lang, engine) of an import request, the configured defaults where it names none."""
    config = current_app.config
    return str(data.get("target_lang") or config["DEFAULT_TARGET_LANG"]), str(data.get("engine") or config["ENGINE"])


def create_from_page(data: dict):
    """{"url"}: fetched in a background job (202, status "fetching"); {"html", "url"?}: extracted now."""
    url, html = data.get("url"), data.get("html")
    if (url is not None and not isinstance(url, str)) or (html is not None and not isinstance(html, str)):
        abort(400, _("'url' and 'html' must be strings."))
    try:
        article = import_web_page(get_session(), url, html, *import_options(data))
    except UserError as exc:
        abort(400, message(exc))
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.get("/articles/<int:article_id>")
def show_article(article_id: int):
    """The article with one page of segments (`offset`, `limit` up to 1000; `next_offset` for more)."""
    offset = request.args.get("offset", 0, type=db_int)
    limit = request.args.get("limit", paging.MAX_PAGE, type=db_int)
    if offset is None or limit is None or limit < 1:
        abort(400, _("'offset' and 'limit' must be whole numbers (limit at least 1)."))
    article = get_article(article_id)
    page = paging.segment_page(get_session(), article.id, offset, limit)
    return jsonify(present.article_dict(get_session(), article, page))


@bp.post("/articles/<int:article_id>/translate")
@limiter.limit(translate_limit)
def retranslate(article_id: int):
    """Translate the whole article again (optionally with another engine); human edits are kept."""
    data = json_body(optional=True)
    engine = data.get("engine")
    if engine is not None and not isinstance(engine, str):
        abort(400, _("'engine' must be a string."))
    article = get_article(article_id)
    try:
        job = jobs.retranslate(get_session(), article, engine)
    except jobs.JobError as exc:
        return jsonify(error=message(exc), progress=article.progress), exc.http_status
    get_session().commit()
    submit([job.id])
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.post("/articles/<int:article_id>/retry")
def retry(article_id: int):
    """Queue a failed translation again; it resumes where it stopped."""
    article = get_article(article_id)
    job = jobs.retry_failed(get_session(), article)
    get_session().commit()
    submit([job.id])
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.post("/articles/<int:article_id>/resegment")
def resegment_article(article_id: int):
    """Split the article again with the current segmenter; answer what was kept, added and dropped."""
    session = get_session()
    try:
        report = resegment.resegment(session, get_article(article_id))
    except resegment.ResegmentError as exc:
        return jsonify(error=message(exc)), 409
    session.commit()
    if report.job_id is not None:
        submit([report.job_id])
    return jsonify(report.as_dict())


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
        # both versions, so the client can show them side by side and let the editor choose
        return jsonify(error=message(exc), current=exc.current, submitted={"target": data.get("text")}), 409
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
    items = [{"id": t.id, "text": t.text, "origin": t.origin, "author": visible_author(t.author), "engine": t.engine,
              "current": t.current, "stale": t.stale, "at": t.created_at.isoformat() + "Z"}
             for t in seg.translations]
    return jsonify(segment=seg.id, translations=items)
