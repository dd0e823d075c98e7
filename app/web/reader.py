"""Reader pages: the article list with the import form, the bilingual reader, the engines page."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import present
from ..article_admin import LIVE, live_articles
from ..config import TARGET_LOCALES
from ..db import get_session
from ..extract import looks_like_page
from ..glossary import DOMAINS
from ..messages import UserError
from ..store import WITH_TRANSLATIONS, Article
from ..url_import import decode_file
from .common import import_and_queue, import_web_page, message
from .security import import_limit, limiter, url_import_limiter

bp = Blueprint("reader", __name__)


@bp.get("/")
def index():
    session = get_session()
    items = session.scalars(live_articles()).all()
    engines = current_app.extensions["paralelo.engines"]
    return render_template(
        "index.html", articles=items, locales=TARGET_LOCALES,
        engine_names=[name for name, engine in engines.items() if engine.available()],  # only installed ones
        default_locale=current_app.config["DEFAULT_TARGET_LANG"],
        prefill_url=request.args.get("url", "")[:2000],  # from the bookmarklet: shown, never fetched here
        bookmarklet=bookmarklet(url_for("reader.index", _external=True)),
    )


def bookmarklet(index_url: str) -> str:
    """A javascript: link that opens this import form with the current tab's address filled in (nothing is posted)."""
    target = json.dumps(index_url + "?url=")
    return f"javascript:void(window.open({target}+encodeURIComponent(location.href)+'#import'))"


@bp.post("/articles")
@limiter.limit(import_limit)
@url_import_limiter
def create():
    text = request.form.get("text", "")
    url = request.form.get("url", "").strip()
    upload = request.files.get("file")
    target_lang = request.form.get("target_lang") or current_app.config["DEFAULT_TARGET_LANG"]
    engine = request.form.get("engine") or current_app.config["ENGINE"]
    try:
        if upload and upload.filename:
            text = decode_file(upload.read())
        if url and not text.strip():  # a URL alone: fetched in the background
            article = import_web_page(get_session(), url, None, target_lang, engine)
        elif looks_like_page(text):  # a whole saved page: extract the article from it
            article = import_web_page(get_session(), url or None, text, target_lang, engine)
        else:
            article = import_and_queue(get_session(), text, request.form.get("title") or None, target_lang, engine)
    except UserError as exc:
        flash(message(exc), "error")
        return redirect(url_for("reader.index")), 303
    return redirect(url_for("reader.read", slug=article.slug)), 303


@bp.get("/articles/<slug>")
def read(slug: str):
    session = get_session()
    article = session.scalars(select(Article).where(Article.slug == slug, LIVE).options(WITH_TRANSLATIONS)).first()
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
