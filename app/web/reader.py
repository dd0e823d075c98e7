"""Reader pages: the article list with the import form, the bilingual reader, the engines page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.http import is_resource_modified, quote_etag

from .. import present, reader_cache
from ..articles import ArticleError, decode_upload
from ..config import TARGET_LOCALES
from ..db import get_session
from ..engines import ENGINE_NAMES
from ..glossary import DOMAINS
from ..store import Article
from .common import import_and_queue, message
from .labels import domain_label
from .security import import_limit, limiter

bp = Blueprint("reader", __name__)
VIEWS = ("side", "interleaved", "en", "es")


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
    """The bilingual reader, rendered once per (article and glossary revision, locale, view, role)."""
    revision = revision_memo().get(get_session, slug)
    if revision is None:
        abort(404, _("No article called %(slug)s.", slug=slug))
    view = request.args.get("view") if request.args.get("view") in VIEWS else "side"
    role = "editor" if g.get("actor") else "reader"
    key = (revision.key, str(get_locale()), view, role)
    pages = page_cache()
    body = pages.get(("body", *key), lambda: render_body(get_session(), revision, view))
    # A page with nobody's name, token or message in it is the same for every reader: cache it whole.
    # (?lang= answers with a Set-Cookie, which a shared cache must not keep: that one stays private.)
    shared = (role == "reader" and not request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
              and "lang" not in request.args)
    if shared:
        html, tag = pages.get(("page", *key, request.path), lambda: tagged(render_page(revision, body)))
    else:
        html, tag = tagged(render_page(revision, body))
    g.compress_key = tag  # the same bytes compress the same way: Flask-Compress may reuse them
    headers = {
        "ETag": quote_etag(tag),
        "Last-Modified": revision.last_modified,
        "Cache-Control": cache_control(shared, revision.busy),
        "Vary": "Cookie, Accept-Language",
    }
    if not is_resource_modified(request.environ, etag=tag, last_modified=revision.modified):
        return current_app.response_class(status=304, headers=headers)
    return current_app.response_class(html, mimetype="text/html", headers=headers)


def cache_control(shared: bool, busy: bool) -> str:
    """Anonymous pages may be kept by proxies (revalidated, or for READER_MAX_AGE when not busy)."""
    if not shared:
        return "private, no-cache"
    max_age = current_app.config["READER_MAX_AGE"]
    if max_age and not busy:
        return f"public, max-age={int(max_age)}, must-revalidate"
    return "public, no-cache"  # always revalidate (a 304 is cheap): progress stays live


def tagged(html: str) -> tuple[bytes, str]:
    """A page's bytes and its ETag."""
    data = html.encode("utf-8")
    return data, reader_cache.etag(data)


def revision_memo() -> reader_cache.RevisionMemo:
    """This app's memo of article revisions (dropped on every commit; READER_REVISION_TTL seconds at most)."""
    memo = current_app.extensions.get("paralelo.reader_revisions")
    if memo is None:
        ttl = current_app.config["READER_REVISION_TTL"]
        memo = current_app.extensions.setdefault("paralelo.reader_revisions", reader_cache.RevisionMemo(ttl))
    return memo


def page_cache() -> reader_cache.PageCache:
    """This app's cache of rendered reader pages."""
    cache = current_app.extensions.get("paralelo.reader_cache")
    if cache is None:
        size = current_app.config["READER_CACHE_SIZE"]
        cache = current_app.extensions.setdefault("paralelo.reader_cache", reader_cache.PageCache(size))
    return cache


def render_body(session, revision: reader_cache.Revision, view: str) -> str:
    """The article part of the reader page: the same for everyone with the same locale and role."""
    article = session.get(Article, revision.article_id)
    if article is None:  # deleted since its revision was read
        abort(404)
    views = present.reader_views(session, article.id)
    engine_label, translated_at = present.latest_machine(views)
    return render_template(
        "_reader_body.html",
        article=article,
        rows=present.paragraphs(views),
        terms=present.term_map(views, domain_label),
        engine_label=engine_label,
        translated_at=translated_at,
        pending=revision.pending,
        busy=revision.busy,
        domains=DOMAINS,
        view=view,
        sentence_html=present.sentence_html,
    )


def render_page(revision: reader_cache.Revision, body: str) -> str:
    return render_template("reader.html", title=revision.title, body=body)


@bp.get("/engines")
def engines():
    installed = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return render_template("engines.html", engines=installed, setting=current_app.config["ENGINE"])
