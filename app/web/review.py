"""Editors' pages of issue 25: the flagged-first review queue (per article and across articles) and the
glossary suggestions learned from post-edits."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.models import Article
from app.translation import suggestions

from .access import editor_required
from .common import after_glossary_change, current_user_name, message, open_suggestions
from .db import get_session

bp = Blueprint("review", __name__)


@bp.get("/review")
def queue_all():
    """The review queue across articles (its sentences come from GET /api/review)."""
    return render_template("review.html", article=None)


@bp.get("/articles/<slug>/review")
def queue_article(slug: str):
    """One article's review queue."""
    article = get_session().scalars(select(Article).where(Article.slug == slug,
                                                          Article.deleted_at.is_(None))).first()
    if article is None:
        abort(404, _("No such article."))
    return render_template("review.html", article=article)


@bp.get("/glossary/suggestions")
def suggestions_page():
    """Suggestions learned from post-edits, with their evidence and what they would change."""
    found = open_suggestions(get_session())
    return render_template("suggestions.html", suggestions=found, min_edits=current_app.config["LEARN_MIN_EDITS"])


@bp.post("/glossary/suggestions/<key>/accept")
@editor_required
def accept(key: str):
    session = get_session()
    try:
        change = suggestions.accept(session, key, current_user_name(), current_app.config["LEARN_MIN_EDITS"])
    except suggestions.SuggestionError as exc:
        flash(message(exc), "error")
        return redirect(url_for("review.suggestions_page"))
    queued = after_glossary_change(session, [change])
    flash(_("Added to the glossary: %(source)s → %(target)s (%(count)s sentences to translate again).",
            source=change.entry.source, target=change.entry.target, count=queued), "ok")
    return redirect(url_for("review.suggestions_page"))


@bp.post("/glossary/suggestions/<key>/dismiss")
@editor_required
def dismiss(key: str):
    session = get_session()
    try:
        suggestions.dismiss(session, key, current_user_name(), current_app.config["LEARN_MIN_EDITS"])
    except suggestions.SuggestionError as exc:
        flash(message(exc), "error")
        return redirect(url_for("review.suggestions_page"))
    session.commit()
    flash(_("Suggestion dismissed."), "ok")
    return redirect(url_for("review.suggestions_page"))
