"""Import an article from a URL (a background "fetch" job) or from a whole saved web page.

A URL import stores the article at once with status "fetching" and no sentences; app.translation.jobs queues a
"fetch" job for it, and when a worker runs that job it calls fetch_page (network and extraction, no
database) and then fill (the sentences and metadata) before queueing the usual translation job.
Nothing here commits. No Flask here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from app.config import ENGINES, TARGET_LOCALES
from app.core.messages import N_
from app.core.models import Article, Segment
from app.core.states import ArticleStatus
from app.glossary import term_index

from . import importer, segment
from .extract import ExtractedPage, PageMetadata, extract
from .fetch import FetchError, FetchSettings, decode_html, fetch
from .parse import ArticleError, ParsedArticle, decode_upload

log = logging.getLogger(__name__)

MAX_URL_CHARS = 2000
Progress = Callable[[int, int | None], None]


def fetch_settings(config: Mapping) -> FetchSettings:
    """FetchSettings from the app's configuration (FETCH_* keys)."""
    return FetchSettings(
        connect_timeout=float(config.get("FETCH_CONNECT_TIMEOUT", 5)),
        total_timeout=float(config.get("FETCH_TIMEOUT", 20)),
        max_bytes=int(config.get("FETCH_MAX_BYTES", 5_000_000)),
        allow_private=bool(config.get("FETCH_ALLOW_PRIVATE", False)),
        user_agent=str(config.get("FETCH_USER_AGENT", "Paralelo")),
    )


def check_options(target_lang: str, engine: str) -> None:
    """Refuse an unknown target language or engine (the same messages as a text import)."""
    if target_lang not in TARGET_LOCALES:
        raise ArticleError(
            N_("Unknown target language '%(lang)s'; supported: %(known)s"),
            lang=target_lang, known=", ".join(TARGET_LOCALES),
        )
    if engine not in ENGINES:
        raise ArticleError(
            N_("Unknown engine %(name)s; choose one of: %(known)s"), name=engine, known=", ".join(ENGINES)
        )


def check_address(url: str) -> str:
    """A syntactically usable http(s) URL, stripped; the network checks happen when it is fetched."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(N_("Only http and https addresses can be imported."))
    if not parts.hostname or len(url) > MAX_URL_CHARS or any(c.isspace() for c in url):
        raise FetchError(N_("The address %(url)s is not valid."), url=url[:200])
    return url


def decode_file(data: bytes) -> str:
    """An uploaded file as text: UTF-8 as for any import, or a saved web page in its declared charset."""
    try:
        return decode_upload(data)
    except ArticleError:
        if b"\x00" in data or not re.search(rb"<(html|body)[\s>]", data[:200_000], re.IGNORECASE):
            raise
        return decode_html(data)[0]


def queue_url(session: Session, url: str, target_lang: str, engine: str) -> Article:
    """Store an article waiting to be fetched from url (the caller queues its fetch job and commits)."""
    url = check_address(url)
    check_options(target_lang, engine)
    parts = urlsplit(url)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or parts.hostname
    article = Article(
        slug=importer.unique_slug(session, name.replace("_", "-")),
        title=url,  # until the page is read
        target_lang=target_lang,
        original_text="",
        engine=engine,
        status=ArticleStatus.FETCHING,
        source_url=url,
    )
    session.add(article)
    session.flush()
    return article


def import_page(
    session: Session, html: str, url: str | None, target_lang: str, engine: str, max_bytes: int = 1_000_000
) -> Article:
    """Extract the article from a saved page and store it (the caller queues its translation and commits)."""
    if len(html.encode("utf-8")) > max_bytes:
        raise ArticleError(N_("The article is over the size limit of %(limit)s bytes."), limit=f"{max_bytes:,}")
    if url:
        url = check_address(url)
    check_options(target_lang, engine)
    page = extract(html, url)
    article = Article(
        slug=importer.unique_slug(session, page.article.title),
        target_lang=target_lang,
        engine=engine,
        status=ArticleStatus.QUEUED,
        original_text="",
    )
    session.add(article)
    fill(session, article, page, url)
    return article


def fill(session: Session, article: Article, page: ExtractedPage, url: str | None) -> None:
    """Give an article the extracted page's text, sentences (indexed) and metadata."""
    parsed, meta = page.article, page.meta
    article.title, article.byline = parsed.title, parsed.byline
    article.original_text = as_text(parsed)
    set_metadata(article, meta, url)
    for s in segment.segment(parsed.blocks, parsed.title, parsed.byline):
        article.segments.append(
            Segment(paragraph=s.paragraph, index=s.index, kind=s.kind, source=s.text, source_hash=s.source_hash)
        )
    session.flush()
    term_index.add(session, article.segments)


def set_metadata(article: Article, meta: PageMetadata, url: str | None) -> None:
    """Keep the page's metadata; a canonical URL that is not http(s) (say javascript:) is ignored."""
    article.source_url = _web_url(meta.url) or _web_url(url) or article.source_url
    article.site_name = (meta.site_name or "")[:200] or None
    article.author = meta.author
    article.published = meta.published


def _web_url(value: str | None) -> str | None:
    return value[:MAX_URL_CHARS] if value and urlsplit(value).scheme in ("http", "https") else None


def as_text(parsed: ParsedArticle) -> str:
    """The extracted article as Markdown-ish text (kept as the article's original text)."""
    parts = [parsed.title]
    for block in parsed.blocks:
        parts.append(f"## {block.text}" if block.kind == "heading" else block.text)
    return "\n\n".join(parts) + "\n"


def fetch_page(url: str, settings: FetchSettings, progress: Progress | None = None) -> tuple[ExtractedPage, str]:
    """Fetch and extract a page (network only, no database): (page, the URL it was read from)."""
    fetched = fetch(url, settings, progress)
    return extract(fetched.html, fetched.url), fetched.url
