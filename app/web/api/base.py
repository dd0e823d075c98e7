"""The API blueprint and what its views share: the JSON body, the live article or sentence, conflicts."""


from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _

from app.core.models import Article, Segment

from ..common import message
from ..db import get_session

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


def get_segment(article_id: int, segment_id: int) -> Segment:
    """A segment of a live article; 404 if it does not exist or belongs to another article."""
    article = get_article(article_id)
    seg = get_session().get(Segment, segment_id)
    if seg is None or seg.article_id != article.id:
        abort(404, _("Article %(a)s has no sentence %(s)s.", a=article_id, s=segment_id))
    return seg


def conflict(exc, **extra):
    """409 with the saved version (`current`), so the client can show both and let the editor choose."""
    return jsonify(error=message(exc), current=exc.current, **extra), 409
