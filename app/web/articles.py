"""Article pages for editors and admins: rename, retry a failed import, delete (with a confirmation), the
deleted list, restore."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.intake.parse import ArticleError
from app.reader import admin
from app.translation import jobs

from .access import admin_required, editor_required
from .api.articles import DELETED_ARTICLES
from .common import current_user_name, message, submit
from .db import get_session
from .labels import article_label

bp = Blueprint("articles", __name__)


@bp.post("/articles/<int:article_id>/rename")
@editor_required
def rename(article_id: int):
    session = get_session()
    admin.get_live(session, article_id)  # a 404 (the one error handler) before any form error
    try:
        article = admin.rename(session, article_id, request.form.get("title", ""))
    except ArticleError as exc:
        session.rollback()
        flash(message(exc), "error")
        return redirect(url_for("reader.index")), 303
    session.commit()
    flash(_("Renamed to “%(title)s”.", title=article.title), "info")
    return redirect(url_for("reader.index")), 303


@bp.post("/articles/<int:article_id>/retry")
@editor_required
def retry(article_id: int):
    """Try a failed import again: the page is fetched again if it was never read, else translated again."""
    session = get_session()
    article = admin.get_live(session, article_id)
    try:
        job = jobs.retry_failed(session, article)
    except jobs.JobError as exc:
        flash(message(exc), "error")
        return redirect(url_for("reader.index")), 303
    session.commit()
    submit([job.id])
    flash(_("Trying “%(title)s” again.", title=article_label(article)), "info")
    return redirect(url_for("reader.index", _anchor=f"article-{article.id}")), 303


@bp.get("/articles/<int:article_id>/delete")
@editor_required
def confirm_delete(article_id: int):
    """Ask before deleting (works without JavaScript)."""
    return render_template("article_delete.html", article=admin.get_live(get_session(), article_id))


@bp.post("/articles/<int:article_id>/delete")
@editor_required
def delete(article_id: int):
    session = get_session()
    article = admin.delete(session, article_id, current_user_name())
    session.commit()
    flash(_("Deleted “%(title)s”. An admin can restore it.", title=article_label(article)), "info")
    return redirect(url_for("reader.index")), 303


@bp.get("/deleted-articles")
@admin_required(DELETED_ARTICLES)
def deleted():
    return render_template("articles_deleted.html", articles=admin.deleted_articles(get_session()))


@bp.post("/deleted-articles/<int:article_id>/restore")
@admin_required(DELETED_ARTICLES)
def restore(article_id: int):
    session = get_session()
    article = admin.restore(session, article_id)
    session.commit()
    flash(_("Restored “%(title)s”.", title=article.title), "info")
    return redirect(url_for("articles.deleted")), 303
