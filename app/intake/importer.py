"""Bring an article in, whatever the source: one path for text, Markdown, HTML, a saved page or a URL.

`import_article(session, source, options, limits)` stores an Article (not committed; queueing its
translation is app.translation.jobs'). Every source takes the same steps, so every limit holds on
every path: Unicode clean-up (app.core.textclean), the size limit, the HTML complexity budget
(inside parse for HTML text, before extraction for pages), parse or extract, a readable headline,
segmentation, the sentence limit, a slug from the title, and the word index glossary edits use.
A `Url` is stored at once with status "fetching" and no sentences; the fetch job reads the page and
calls `fill_from_page`, which takes the same steps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import DEFAULTS, TARGET_LOCALES
from app.core import textclean
from app.core.messages import N_
from app.core.models import Article, Segment
from app.core.states import ArticleStatus
from app.glossary import term_index
from app.glossary.matcher import load_matcher

from . import headline, html_budget, segment
from .extract import PageMetadata, extract, looks_like_page
from .fetch import decode_html
from .parse import ArticleError, ParsedArticle, decode_upload, parse
from .web_page import MAX_URL_CHARS, check_address

SLUG_CHARS = 60


@dataclass(frozen=True)
class Limits:
    """The most one article may hold (defaults: app.config.DEFAULTS)."""

    max_bytes: int = DEFAULTS["MAX_ARTICLE_BYTES"]
    max_sentences: int = DEFAULTS["MAX_ARTICLE_SENTENCES"]

    @classmethod
    def from_config(cls, config: Mapping) -> Limits:
        return cls(int(config["MAX_ARTICLE_BYTES"]), int(config["MAX_ARTICLE_SENTENCES"]))


@dataclass(frozen=True)
class Options:
    """How an imported article is to be translated (whether its engine can run is the caller's check:
    app.translation.engines.pick, before the import)."""

    target_lang: str = DEFAULTS["DEFAULT_TARGET_LANG"]
    engine: str = DEFAULTS["ENGINE"]

    def check(self) -> None:
        """Refuse an unknown target language."""
        if self.target_lang not in TARGET_LOCALES:
            raise ArticleError(
                N_("Unknown target language '%(lang)s'; supported: %(known)s"),
                lang=self.target_lang, known=", ".join(TARGET_LOCALES),
            )


@dataclass(frozen=True)
class Text:
    """Pasted or uploaded text: plain, Markdown-ish or HTML; the title is its first line unless given."""

    text: str
    title: str | None = None


@dataclass(frozen=True)
class Page:
    """A whole saved web page: the article is extracted from it."""

    html: str
    url: str | None = None


@dataclass(frozen=True)
class Url:
    """A web address, fetched later by a background job."""

    url: str


Source = Text | Page | Url


def from_file(data: bytes, title: str | None = None) -> Text | Page:
    """An uploaded file as a source: a whole saved web page (in its declared charset) or text (UTF-8)."""
    try:
        text = decode_upload(data)
    except ArticleError:
        if b"\x00" in data or not re.search(rb"<(html|body)[\s>]", data[:200_000], re.IGNORECASE):
            raise
        text = decode_html(data)[0]
    return Page(text) if looks_like_page(text) else Text(text, title)


def source_of(text: str = "", title: str | None = None, url: str = "", file: bytes | None = None) -> Source:
    """The source an import form describes: an uploaded file, a whole page pasted (with the address it
    came from, if given), text, or an address alone (fetched later)."""
    url = (url or "").strip()
    if file is not None:
        source = from_file(file, title)
        return Page(source.html, url or None) if isinstance(source, Page) else source
    if looks_like_page(text):
        return Page(text, url or None)
    if url and not text.strip():
        return Url(url)
    return Text(text, title)


def import_article(session: Session, source: Source, options: Options, limits: Limits) -> Article:
    """Store an article from any source (not committed). Raises ArticleError (a UserError) on bad input."""
    options.check()
    if isinstance(source, Url):
        return _queue_url(session, source.url, options)
    article = Article(target_lang=options.target_lang, engine=options.engine, status=ArticleStatus.QUEUED,
                      original_text="")
    if isinstance(source, Page):
        url = check_address(source.url) if source.url else None
        _fill(session, article, *_extract(source.html, url, limits), url, limits)
    else:
        _fill(session, article, *_parse(source, limits), None, limits)
    return article


def fill_from_page(session: Session, article: Article, html: str, url: str, limits: Limits) -> None:
    """Give a fetched URL import its text, sentences and metadata, by the same steps as any import."""
    _fill(session, article, *_extract(html, url, limits), url, limits)


def _parse(source: Text, limits: Limits) -> tuple[ParsedArticle, None, str]:
    text = textclean.clean(source.text)
    title = textclean.clean(source.title) if source.title else source.title
    _check_size(text, limits)
    return parse(text, title), None, text


def _extract(html: str, url: str | None, limits: Limits) -> tuple[ParsedArticle, PageMetadata, str]:
    html = textclean.clean(html)
    _check_size(html, limits)
    try:
        html_budget.check_markup(html)  # before lxml and trafilatura: their attribute checks are quadratic
    except html_budget.HtmlTooComplex as exc:
        raise ArticleError(exc.template, **exc.params) from None
    page = extract(html, url)
    return page.article, page.meta, as_text(page.article)


def _check_size(text: str, limits: Limits) -> None:
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise ArticleError(N_("The article is over the size limit of %(limit)s bytes."), limit=f"{limits.max_bytes:,}")


def _fill(session: Session, article: Article, parsed: ParsedArticle, meta: PageMetadata | None, original: str,
          url: str | None, limits: Limits) -> None:
    """The steps every source shares once it is parsed: headline, sentences, limits, slug, metadata, index."""
    shown = headline.readable(parsed.title, load_matcher(session))  # an ALL-CAPS headline, readable
    shown = headline.without_site(shown, meta.site_name if meta else None)  # " - Associated Press": the site
    sentences = segment.segment(parsed.blocks, shown, parsed.byline)
    if len(sentences) > limits.max_sentences:
        raise ArticleError(
            N_("The article has %(count)s sentences; the limit is %(limit)s. Split it into parts."),
            count=f"{len(sentences):,}", limit=f"{limits.max_sentences:,}",
        )
    article.title, article.byline = shown, parsed.byline
    article.original_title = parsed.title if shown != parsed.title else None
    article.original_text = original
    if meta is not None:
        set_metadata(article, meta, url)
    slug = unique_slug(session, shown, article)
    if article.slug and article.slug != slug:
        article.former_slug = article.slug  # the address it had while fetching still leads to it
    article.slug = slug
    for s in sentences:
        article.segments.append(
            Segment(paragraph=s.paragraph, index=s.index, kind=s.kind, source=s.text, source_hash=s.source_hash)
        )
    session.add(article)
    session.flush()
    term_index.add(session, article.segments)


def _queue_url(session: Session, url: str, options: Options) -> Article:
    """An article waiting to be fetched from url; its slug comes from the address until the title is read."""
    url = check_address(url)
    parts = urlsplit(url)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or parts.hostname
    article = Article(target_lang=options.target_lang, engine=options.engine, status=ArticleStatus.FETCHING,
                      title=url, original_text="", source_url=url)
    article.slug = unique_slug(session, name.replace("_", "-"))
    session.add(article)
    session.flush()
    return article


def slugify(title: str, max_len: int = SLUG_CHARS) -> str:
    """An ASCII, hyphenated slug for a title, cut at a word boundary."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_len]
    return slug.strip("-") or "article"


def unique_slug(session: Session, title: str, article: Article | None = None) -> str:
    """The title's slug, numbered (-2, -3...) if another article has it (`article` itself does not count)."""
    base = slugify(title)
    query = select(Article.slug).where(Article.slug.like(f"{base}%"))
    if article is not None and article.id is not None:
        query = query.where(Article.id != article.id)
    taken = set(session.scalars(query))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


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
