"""The study list API: a signed-in person's list, and the CSV / Anki export anyone may use (it stores nothing)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, jsonify, request, send_file
from flask_babel import gettext as _

from app.reader import study

from ..access import editor_required, public
from ..common import current_user_name
from ..db import get_session
from ..security import limiter, study_export_limit
from .base import bp, json_body


@bp.get("/study")
@editor_required  # every account is an editor's: "signed in"
def list_study():
    """GET /api/study: {"items": [{"id", "front", "back", "context", "lang", "article", "key", "saved_at"}]}."""
    return jsonify(items=study.list_items(get_session(), current_user_name()))


@bp.post("/study")
@editor_required
def add_study():
    """POST /api/study {"front", "back"?, "context"?, "lang"?, "article_id"?, "key"?}: 201 with the item."""
    data = json_body()
    article_id, key = data.get("article_id"), data.get("key")
    if article_id is not None and (not isinstance(article_id, int) or isinstance(article_id, bool)):
        abort(400, _("'article_id' must be an integer."))
    if key is not None and not isinstance(key, str):
        abort(400, _("'key' must be text."))
    session = get_session()
    row = study.add(session, current_user_name(), study.clean(data), article_id, key)
    session.commit()
    return jsonify(item=study.one_item(session, row)), 201


@bp.delete("/study/<int:item_id>")
@editor_required
def remove_study(item_id: int):
    """DELETE /api/study/<id>: {"deleted": id}; 404 for an item that is not the caller's."""
    session = get_session()
    study.remove(session, current_user_name(), item_id)
    session.commit()
    return jsonify(deleted=item_id)


@bp.post("/study/export")
@limiter.limit(study_export_limit)
@public  # anyone: the list comes in the request and nothing is kept
def export_study():
    """POST /api/study/export?format=apkg|csv {"items": [{"front", "back", "context"}]}: the file."""
    fmt = request.args.get("format", "apkg")
    if fmt not in study.FORMATS:
        abort(400, _("Unknown format '%(name)s'; known: %(known)s", name=fmt, known=", ".join(study.FORMATS)))
    data, mimetype, filename = study.export(study.clean_all(json_body()), fmt)
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0)
