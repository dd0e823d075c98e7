"""Reader pages: the article list with the import form, the bilingual reader, the engines page."""

from __future__ import annotations

import json
from typing import NamedTuple

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.http import is_resource_modified, quote_etag

from app.config import TARGET_LOCALES
from app.core.messages import UserError
from app.core.models import Article
from app.glossary.matcher import DOMAINS
from app.intake import importer
from app.intake.furniture import readable_caps
from app.reader import cache as reader_cache
from app.reader import paging, present
from app.reader.admin import LIVE, live_articles, translated_titles

from . import fastpath
from .access import editor_required
from .common import import_and_queue, message
from .db import get_session
from .labels import domain_label
from .security import import_limit, limiter, url_import_limiter

bp = Blueprint("reader", __name__)
VIEWS = ("side", "interleaved", "en", "es")


@bp.get("/")
def index():
    session = get_session()
    items = session.scalars(live_articles()).all()
    engines = current_app.extensions["paralelo.engines"]
    spanish = str(get_locale()) == "es"  # a Spanish interface lists the Spanish titles, the English under them
    return render_template(
        "index.html", articles=items, locales=TARGET_LOCALES,
        titles=translated_titles(session, [a.id for a in items]) if spanish else {},
        engine_names=[name for name, engine in engines.items() if engine.available()],  # only installed ones
        default_locale=current_app.config["DEFAULT_TARGET_LANG"],
        prefill_url=request.args.get("url", "")[:2000],  # from the bookmarklet: shown, never fetched here
        bookmarklet_index=public_index_url(),
        bookmarklet=bookmarklet(public_index_url()),
    )


def public_index_url() -> str:
    """This page's address for the bookmarklet, never taken from the request's Host header (a forged
    Host must not reach a link people save): absolute with a configured SERVER_NAME, else relative,
    made absolute by the page's script from the address the browser itself shows (pages.js)."""
    server = current_app.config.get("SERVER_NAME")
    path = url_for("reader.index")
    if server:
        return f"{current_app.config.get('PREFERRED_URL_SCHEME') or 'http'}://{server}{path}"
    return path


def bookmarklet(index_url: str) -> str:
    """A javascript: link that opens this import form with the current tab's address filled in (nothing is posted)."""
    target = json.dumps(index_url + "?url=")
    return f"javascript:void(window.open({target}+encodeURIComponent(location.href)+'#import'))"


@bp.post("/articles")
@limiter.limit(import_limit)
@url_import_limiter
@editor_required
def create():
    form, upload = request.form, request.files.get("file")
    try:
        source = importer.source_of(form.get("text", ""), form.get("title") or None, form.get("url", ""),
                                    upload.read() if upload and upload.filename else None)
        edition = None
        if form.get("translation_text", "").strip() or form.get("translation_url", "").strip():
            edition = importer.Edition(text=form.get("translation_text", ""),
                                       url=form.get("translation_url", "").strip() or None,
                                       name=form.get("translation_name", "").strip() or None,
                                       original=form.get("original") == "translation")
        # the variant is what English articles are read in; a Spanish article is read in English
        article = import_and_queue(get_session(), source, None, form.get("engine"), form.get("source_lang") or None,
                                   edition, spanish_variant=form.get("target_lang") or None)
    except UserError as exc:
        flash(message(exc), "error")
        return redirect(url_for("reader.index")), 303
    return redirect(url_for("reader.read", slug=article.slug)), 303


@bp.get("/articles/<slug>")
def read(slug: str):
    """The bilingual reader, rendered once per (article and glossary revision, locale, view, role)."""
    revision = revision_memo().get(get_session, slug)
    if revision is None:
        moved = get_session().scalar(select(Article.slug).where(Article.former_slug == slug, LIVE))
        if moved is None:
            abort(404, _("No article called %(slug)s.", slug=slug))
        return redirect(url_for("reader.read", slug=moved, **request.args)), 301  # a fetched page's new address
    view = request.args.get("view") if request.args.get("view") in VIEWS else "side"
    role = "editor" if g.get("actor") else "reader"
    only_unknown = request.args.get("only") == "unknown"  # post-editors: sentences with unknown words
    part = max(1, min(request.args.get("page", 1, type=int) or 1, 1_000_000))  # big articles come in parts
    key = (revision.key, str(get_locale()), view, role, only_unknown, part)
    pages = page_cache()
    if has_text(revision):
        body = pages.get(("body", *key), lambda: render_body(get_session(), revision, view, only_unknown, part))
    else:
        body = None  # nothing to read: article_empty.html says why, and what an editor can do
    # A page with nobody's name, token or message in it is the same for every reader: cache it whole.
    # (?lang= answers with a Set-Cookie, which a shared cache must not keep: that one stays private.)
    shared = (role == "reader" and not request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
              and "lang" not in request.args)
    if shared:
        html, tag = pages.get(("page", *key, request.path), lambda: tagged(render_page(revision, body)))
        if not request.query_string:  # the fast path may answer the next request with this response
            request.environ[fastpath.SHARED] = fastpath.SharedPage(slug, revision.key, tag)
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


def init_app(app) -> None:
    """The reader's caches (made once per app), and the fast path in front of it for shared pages."""
    app.extensions["paralelo.reader_revisions"] = reader_cache.RevisionMemo(app.config["READER_REVISION_TTL"])
    app.extensions["paralelo.reader_cache"] = reader_cache.PageCache(app.config["READER_CACHE_SIZE"])
    fastpath.init_app(app, app.extensions["paralelo.reader_revisions"])


def revision_memo() -> reader_cache.RevisionMemo:
    """This app's memo of article revisions (dropped on every commit; READER_REVISION_TTL seconds at most)."""
    return current_app.extensions["paralelo.reader_revisions"]


def page_cache() -> reader_cache.PageCache:
    """This app's cache of rendered reader pages."""
    return current_app.extensions["paralelo.reader_cache"]


class Body(NamedTuple):
    """A rendered article body and what the page around it needs from the same render."""

    html: str
    title: str  # the article's title in the interface language where there is one (the tab title)
    has_text: bool  # False for an article whose page was never read (a failed URL import)


def render_body(session, revision: reader_cache.Revision, view: str, only_unknown: bool = False,
                part: int = 1) -> Body:
    """The article part of the reader page: the same for everyone with the same locale and role.

    A long article is read in parts of READER_PAGE_PARAGRAPHS paragraphs, with links between them.
    """
    article = session.get(Article, revision.article_id)
    if article is None:  # deleted since its revision was read
        abort(404)
    size = current_app.config["READER_PAGE_PARAGRAPHS"]
    parts = max(1, -(-paging.paragraph_count(session, article.id) // size))
    if part > parts:
        abort(404, _("This article has %(parts)s parts.", parts=parts))
    views = present.reader_views(session, article.id, range((part - 1) * size, part * size))
    engine_label, translated_at = present.latest_machine(views)
    titles = present.titles(session, article)
    title = titles.get(str(get_locale()).split("_")[0], article.title)
    html = render_template(
        "_reader_body.html",
        article=article,
        title=title,
        rows=present.paragraphs([v for v in views if v.unknown] if only_unknown else views),
        terms=present.term_map(views, domain_label),
        unknown_count=sum(len(v.unknown) for v in views),
        review=present.review_summary(session, article.id),
        part=part, parts=parts,
        only_unknown=only_unknown,
        engine_label=engine_label,
        translated_at=translated_at,
        pending=revision.pending,
        busy=revision.busy,
        domains=DOMAINS,
        view=view,
        sentence_html=present.sentence_html,
        readable_caps=readable_caps,
    )
    return Body(html, title, bool(views))


def has_text(revision: reader_cache.Revision) -> bool:
    """Whether there is a reader to show: sentences, or a page still being read or translated."""
    return bool(revision.segments) or revision.busy


def render_page(revision: reader_cache.Revision, body: Body | None) -> str:
    """The whole page around the body (tab title in the interface's language where there is a translation);
    article_empty.html for an article with nothing to read (a failed URL import)."""
    if body is None:
        article = get_session().get(Article, revision.article_id)
        if article is None:  # deleted since its revision was read
            abort(404)
        return render_template("article_empty.html", title=revision.title, article=article)
    return render_template("reader.html", title=body.title, body=body.html, slug=revision.article[1],
                           busy=revision.busy, has_text=body.has_text)


@bp.get("/engines")
def engines():
    installed = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return render_template("engines.html", engines=installed, setting=current_app.config["ENGINE"])
