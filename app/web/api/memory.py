"""The translation memory API: TMX import and export, OmegaT round trips, the editor's suggestions."""

from __future__ import annotations

from flask import abort, current_app, g, jsonify, request
from flask_babel import gettext as _

from app.glossary.matcher import load_matcher
from app.interchange import omegat_import, tmx_memory
from app.translation import alternatives, memory

from ..access import editor_required
from ..authors import visible_author
from ..common import current_user_name
from ..db import get_session
from ..memory import locale_arg, tmx_download, upload_data
from .base import bp, get_article, get_segment


@bp.get("/tm/export")
def export_memory():
    """GET /api/tm/export[?locale=es-419]: the memory as TMX."""
    return tmx_download(locale_arg(request.args.get("locale")))


@bp.post("/tm/import")
@editor_required
def import_memory():
    """POST /api/tm/import (multipart: file, locale?): a per-unit report."""
    data = upload_data()
    if data is None:
        abort(400, _("Send the TMX as a multipart form field named 'file'."))
    report = tmx_memory.import_tmx(get_session(), data, current_user_name(), locale_arg(request.form.get("locale")))
    get_session().commit()
    return jsonify(report.as_dict())


@bp.post("/articles/<int:article_id>/omegat")
@editor_required
def import_omegat(article_id: int):
    """POST /api/articles/<id>/omegat (multipart: file): OmegaT's translation back in, with a report."""
    article = get_article(article_id)
    data = upload_data()
    if data is None:
        abort(400, _("Send the file as a multipart form field named 'file'."))
    report = omegat_import.import_file(get_session(), article, data, current_user_name())
    get_session().commit()
    return jsonify(report.as_dict())


@bp.get("/articles/<int:article_id>/segments/<int:segment_id>/suggestions")
def suggestions(article_id: int, segment_id: int):
    """Fuzzy memory matches (score, source, target, diff, provenance) and engine alternatives."""
    session = get_session()
    seg = get_segment(article_id, segment_id)
    article, current = seg.article, seg.current
    matcher = load_matcher(session)
    found = memory.fuzzy(session, seg.source, article.target_lang, limit=4, exclude_exact=False,
                         terms_of=matcher.terms)
    found = [s for s in found if current is None or s.target != current.text][:3]  # not what it already says
    engines = current_app.extensions["paralelo.engines"]
    # engine alternatives cost engine runs: only for editors (the only ones with an editor open)
    offered = alternatives.for_sentence(engines, article.engine, seg.source, limit=3) if g.get("actor") else []
    items = [dict(s.as_dict(), author=visible_author(s.unit.author)) for s in found]
    return jsonify(segment=seg.id, source=seg.source, tm=items, engines=offered)
