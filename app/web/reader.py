"""Reader pages: the article list with the import form, the bilingual reader, the engines page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import present
from ..articles import ArticleError, decode_upload
from ..config import TARGET_LOCALES
from ..db import get_session
from ..engines import ENGINE_NAMES
from ..glossary import DOMAINS
from ..store import WITH_TRANSLATIONS, Article
from .common import import_and_queue, message
from .security import import_limit, limiter

bp = Blueprint("reader", __name__)


@bp.get("/")
def index():
    session = get_session()
    items = session.scalars(select(Article).order_by(Article.created_at.desc())).all()
    return render_template(
        "index.html", articles=items, locales=TARGET_LOCALES, engine_names=ENGINE_NAMES,
        default_locale=current_app.config["DEFAULT_TARGET_LANG"],
    )


@bp.post("/articles")
@limiter.limit(import_limit)
def create():
    text = request.form.get("text", "")
    upload = request.files.get("file")
    try:
        if upload and upload.filename:
            text = decode_upload(upload.read())
        article = import_and_queue(
            get_session(), text, request.form.get("title") or None,
            request.form.get("target_lang") or current_app.config["DEFAULT_TARGET_LANG"],
            request.form.get("engine") or current_app.config["ENGINE"],
        )
    except ArticleError as exc:
        flash(message(exc), "error")
        return redirect(url_for("reader.index")), 303
    return redirect(url_for("reader.read", slug=article.slug)), 303


@bp.get("/articles/<slug>")
def read(slug: str):
    session = get_session()
    article = session.scalars(select(Article).where(Article.slug == slug).options(WITH_TRANSLATIONS)).first()
    if article is None:
        abort(404, _("No article called %(slug)s.", slug=slug))
    views = present.segment_views(session, article)
    engine_label, translated_at = present.engine_summary(article)
    only_unknown = request.args.get("only") == "unknown"  # post-editors: sentences with unknown words
    return render_template(
        "reader.html",
        article=article,
        rows=present.paragraphs([v for v in views if v.unknown] if only_unknown else views),
        unknown_count=sum(len(v.unknown) for v in views),
        only_unknown=only_unknown,
        engine_label=engine_label,
        translated_at=translated_at,
        pending=present.pending_jobs(session, article.id),
        domains=DOMAINS,
    )


@bp.get("/engines")
def engines():
    installed = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return render_template("engines.html", engines=installed, setting=current_app.config["ENGINE"])
