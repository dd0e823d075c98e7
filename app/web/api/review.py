"""The review API: a sentence's review status, and the queue of sentences waiting for a person (issue 25)."""

from __future__ import annotations

from flask import abort, jsonify, request
from flask_babel import gettext
from flask_babel import gettext as _

from app.reader import shapes
from app.translation import postedit, review

from ..access import editor_required
from ..authors import visible_author
from ..common import current_user_name, db_int
from ..db import get_session
from .base import bp, get_article, get_segment, json_body

MAX_QUEUE = 200


def item_dict(item: review.Item) -> dict:
    """One sentence of the queue with its article, its translation, its checks and why it is where it is."""
    seg, article = item.segment, item.article
    return {"id": seg.id, "key": seg.key, "kind": seg.kind, "source": seg.source, "version": item.translation.id,
            "article": {"id": article.id, "slug": article.slug, "title": article.title},
            "rank": item.rank, "reason": item.reason,
            **shapes.translation_dict(item.translation, gettext, visible_author)}


@bp.get("/review")
def review_queue():
    """Sentences waiting for a person, flagged first: ?article=<id>, ?need=review|approval, ?offset, ?limit."""
    article_id = request.args.get("article", type=db_int)
    if "article" in request.args and article_id is None:
        abort(400, _("'article' must be an article id."))
    if article_id is not None:
        get_article(article_id)  # 404 for a missing or deleted article
    offset = request.args.get("offset", 0, type=db_int)
    limit = request.args.get("limit", 50, type=db_int)
    if offset is None or limit is None or not 1 <= limit <= MAX_QUEUE:
        abort(400, _("'offset' and 'limit' must be whole numbers (limit from 1 to %(max)s).", max=MAX_QUEUE))
    need = request.args.get("need", "review")
    items, total = review.queue(get_session(), article_id, need, current_user_name(), limit, offset)
    ids = [article_id] if article_id is not None else sorted({i.article.id for i in items})
    return jsonify(need=need, total=total, offset=offset, limit=limit, items=[item_dict(i) for i in items],
                   progress={str(k): v for k, v in review.progress(get_session(), ids).items()})


@bp.post("/articles/<int:article_id>/segments/<int:segment_id>/review")
@editor_required
def review_segment(article_id: int, segment_id: int):
    """Set a sentence's review status: {"status": "reviewed" | "approved" | "machine", "version"?}."""
    data = json_body()
    status, version = data.get("status"), data.get("version")
    if not isinstance(status, str):
        abort(400, _("'status' must be one of: reviewed, approved, machine."))
    if version is not None and not isinstance(version, int):
        abort(400, _("'version' must be an integer."))
    seg = get_segment(article_id, segment_id)
    tr = review.mark(get_session(), seg, status, current_user_name(), version)
    get_session().commit()
    return jsonify({"id": seg.id, "key": seg.key, "source": seg.source, "version": postedit.version_of(seg),
                    **shapes.translation_dict(tr, gettext, visible_author),
                    "progress": review.progress(get_session(), [article_id])[article_id]})
