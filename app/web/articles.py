"""Article pages for editors and admins: rename, delete (with a confirmation), the deleted list, restore."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.intake.parse import ArticleError
from app.reader import admin
from app.reader.admin import ArticleNotFound

from .common import current_user_name, message
from .db import get_session

bp = Blueprint("articles", __name__)


def live_or_404(article_id: int):
    try:
        return admin.get_live(get_session(), article_id)
    except ArticleNotFound as exc:
        abort(404, message(exc))


@bp.post("/articles/<int:article_id>/rename")
def rename(article_id: int):
    session = get_session()
    try:
        article = admin.rename(session, article_id, request.form.get("title", ""))
    except ArticleNotFound as exc:
        abort(404, message(exc))
    except ArticleError as exc:
        session.rollback()
        flash(message(exc), "error")
        return redirect(url_for("reader.index")), 303
    session.commit()
    flash(_("Renamed to “%(title)s”.", title=article.title), "info")
    return redirect(url_for("reader.index")), 303


@bp.get("/articles/<int:article_id>/delete")
def confirm_delete(article_id: int):
    """Ask before deleting (works without JavaScript)."""
    return render_template("article_delete.html", article=live_or_404(article_id))


@bp.post("/articles/<int:article_id>/delete")
def delete(article_id: int):
    session = get_session()
    try:
        article = admin.delete(session, article_id, current_user_name())
    except ArticleNotFound as exc:
        abort(404, message(exc))
    session.commit()
    flash(_("Deleted “%(title)s”. An admin can restore it.", title=article.title), "info")
    return redirect(url_for("reader.index")), 303


@bp.get("/deleted-articles")
def deleted():
    return render_template("articles_deleted.html", articles=admin.deleted_articles(get_session()))


@bp.post("/deleted-articles/<int:article_id>/restore")
def restore(article_id: int):
    session = get_session()
    try:
        article = admin.restore(session, article_id)
    except ArticleNotFound as exc:
        abort(404, message(exc))
    session.commit()
    flash(_("Restored “%(title)s”.", title=article.title), "info")
    return redirect(url_for("articles.deleted")), 303
