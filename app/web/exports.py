"""Parallel-text downloads: the reader's download links and the API's export route share these."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, jsonify, request, send_file
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.models import Article
from app.interchange import exports
from app.reader.admin import LIVE

from .api.base import bp as api_bp
from .api.base import get_article
from .db import get_session
from .labels import status_label

bp = Blueprint("exports", __name__)


@bp.app_context_processor
def export_menu() -> dict:
    """Templates get `export_formats`, the registry in menu order (see _download_menu.html)."""
    return {"export_formats": exports.formats()}


def unknown_format(name: str | None) -> str:
    """The 400 message, listing the registered formats."""
    return _("Unknown format '%(name)s'; known: %(known)s", name=name or "",
             known=", ".join(exports.names()))


def not_ready(exc: exports.NotReady) -> str:
    """The 409 message for an article still queued or translating."""
    return _("The article is still being translated (%(status)s, %(percent)s%% done); "
             "export it when it is ready.", status=status_label(exc.status),
             percent=round(exc.progress * 100))


def download(exported: exports.Exported):
    """The export as an attachment with its file name and MIME type."""
    return send_file(BytesIO(exported.data), mimetype=exported.mimetype, as_attachment=True,
                     download_name=exported.filename, max_age=0)


@api_bp.get("/articles/<int:article_id>/export")
def api_export(article_id: int):
    """GET /api/articles/<id>/export?format=F[&reviewed=only|mark]: the file, or a JSON error (400, 404, 409)."""
    fmt = request.args.get("format")
    if fmt not in exports.FORMATS:
        abort(400, unknown_format(fmt))
    article = get_article(article_id)
    try:
        return download(exports.export(article, fmt, request.args.get("reviewed")))
    except exports.NotReady as exc:
        return jsonify(error=not_ready(exc), status=exc.status, progress=exc.progress), 409


@bp.get("/articles/<slug>/export/<fmt>")
def reader_export(slug: str, fmt: str):
    """The reader's download link: the file, or an HTML error page (400, 404, 409)."""
    if fmt not in exports.FORMATS:
        abort(400, unknown_format(fmt))
    article = get_session().scalars(select(Article).where(Article.slug == slug, LIVE)).first()
    if article is None:
        abort(404, _("No article called %(slug)s.", slug=slug))
    try:
        return download(exports.export(article, fmt, request.args.get("reviewed")))
    except exports.NotReady as exc:
        abort(409, not_ready(exc))
