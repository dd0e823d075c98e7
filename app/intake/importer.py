"""Bring an article in, whatever the source: one path for text, Markdown, HTML, a saved page or a URL.

`import_article(session, source, options, limits)` stores an Article (not committed; queueing its
translation is app.translation.jobs'). Every source takes the same steps, so every limit holds on
every path: Unicode clean-up (app.core.textclean), the size limit, the HTML complexity budget
(inside parse for HTML text, before extraction for pages), parse or extract, a readable headline,
segmentation, the sentence limit, a slug from the title, and the word index glossary edits use.
A `Url` is stored at once with status "fetching" and no sentences; the fetch job reads the page and
calls `fill_from_page`, which takes the same steps.

The source language is the one given, else the one the target implies ("en" is read from Spanish),
else detected from the parsed text (app.intake.language; English when unsure); the sentences are split
by that language's rules. An `Edition` (an existing translation of the article) is kept on the
article, its language checked, for the alignment job (app.translation.aligned).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import DEFAULTS
from app.core import textclean
from app.core.direction import Direction, DirectionError, base
from app.core.messages import N_
from app.core.models import Article, Segment
from app.core.states import ArticleStatus
from app.glossary import term_index
from app.glossary.matcher import load_matcher

from . import headline, html_budget, language, segment
from .charset import decode_html
from .extract import PageMetadata, extract, looks_like_page
from .fetch import check_url
from .parse import ArticleError, ParsedArticle, decode_upload, parse
from .web_page import MAX_URL_CHARS, check_address

SLUG_CHARS = 60


@dataclass(frozen=True)
class Limits:
    """The most one article may hold, and whether its address may be a local or private one
    (defaults: app.config.DEFAULTS)."""

    max_bytes: int = DEFAULTS["MAX_ARTICLE_BYTES"]
    max_sentences: int = DEFAULTS["MAX_ARTICLE_SENTENCES"]
    allow_private: bool = DEFAULTS["FETCH_ALLOW_PRIVATE"]

    @classmethod
    def from_config(cls, config: Mapping) -> Limits:
        return cls(int(config["MAX_ARTICLE_BYTES"]), int(config["MAX_ARTICLE_SENTENCES"]),
                   bool(config["FETCH_ALLOW_PRIVATE"]))


AUTO = "auto"  # the source language of a URL import until its page is read
EDITION_IS_ORIGINAL = "edition"  # original_lang until then, when the edition to align is the original


@dataclass(frozen=True)
class Options:
    """How an imported article is to be translated (whether its engine can run for the pair is the
    caller's check: app.translation.engines.pick, before the import).

    `source_lang` None: implied by the target, else detected. `target_lang` None: the source's default
    (`default_spanish` for English articles, "en" for Spanish ones).
    """

    target_lang: str | None = None
    engine: str = DEFAULTS["ENGINE"]
    source_lang: str | None = None
    default_spanish: str = DEFAULTS["DEFAULT_TARGET_LANG"]

    def check(self) -> None:
        """Refuse an unknown language or a pair Paralelo cannot translate."""
        if self.source_lang or self.target_lang:
            self.direction(self.source_lang or _implied_source(self.target_lang))

    def direction(self, detected: str | None = None) -> Direction:
        """The direction: as given, implied by the target, or from the detected language (English if none)."""
        source = self.source_lang or _implied_source(self.target_lang) or detected or "en"
        try:
            return Direction.make(source, self.target_lang, self.default_spanish)
        except DirectionError as exc:
            raise ArticleError(exc.template, **exc.params) from None

    @property
    def detects(self) -> bool:
        """True when the source language is to be detected from the text."""
        return not self.source_lang and not _implied_source(self.target_lang)


def _implied_source(target: str | None) -> str | None:
    """The source a target implies: English is read from Spanish; any Spanish target, from English."""
    if not target:
        return None
    return "es" if target.strip() == "en" else "en"


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


@dataclass(frozen=True)
class Edition:
    """An existing translation of the article, to be aligned with it: its text (or a saved page) and
    where it came from (an address or a name, the provenance of every aligned pair)."""

    text: str = ""
    html: str | None = None
    url: str | None = None
    name: str | None = None
    original: bool = False  # True when the edition was written first and the article translates it


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


def import_article(session: Session, source: Source, options: Options, limits: Limits,
                   edition: Edition | None = None) -> Article:
    """Store an article from any source (not committed), with an edition to align if given. Raises
    ArticleError (a UserError) on bad input."""
    options.check()
    if isinstance(source, Url):
        article = _queue_url(session, source.url, options, limits)
    else:
        article = Article(engine=options.engine, status=ArticleStatus.QUEUED, original_text="")
        _set_direction(article, options)
        if isinstance(source, Page):
            url = check_address(source.url) if source.url else None
            _fill(session, article, *_extract(source.html, url, limits), url, limits)
        else:
            _fill(session, article, *_parse(source, limits), None, limits)
    if edition is not None:
        attach_edition(article, edition, limits)
    return article


def fill_from_page(session: Session, article: Article, html: str, url: str, limits: Limits) -> None:
    """Give a fetched URL import its text, sentences and metadata, by the same steps as any import."""
    _fill(session, article, *_extract(html, url, limits), url, limits)


def _set_direction(article: Article, options: Options) -> None:
    """The direction given or implied; AUTO for a source to detect once the text is parsed (then a
    Spanish article's target becomes "en")."""
    direction = options.direction()
    article.source_lang, article.target_lang = direction.source, direction.target
    if options.detects:
        article.source_lang = AUTO


def attach_edition(article: Article, edition: Edition, limits: Limits) -> None:
    """Keep an existing translation on the article for the alignment job: its text (a page's article
    text), its provenance, and which edition was the original (the article's, unless set already)."""
    url = edition.url
    if edition.html is not None:
        url = check_address(url) if url else None
        text = as_text(_extract(edition.html, url, limits)[0])
    elif url and not (edition.text or "").strip():  # an address alone, read later by the fetch job:
        url = check_address(url)  # checked now as a URL import's is (one that can only fail is refused)
        check_url(url, limits.allow_private)
        text = ""
    else:
        text = textclean.clean(edition.text or "")
        _check_size(text, limits)
        parse(text)  # an ArticleError now for a translation with no readable text
    if not text.strip() and not url:
        raise ArticleError(N_("The translation has no readable text."))
    article.edition_text = text if text.strip() else None
    article.edition_source = (url or edition.name or "")[:MAX_URL_CHARS] or None
    if edition.original:  # the edition's language, known once the article's is (a URL import: when it is read)
        article.original_lang = base(article.target_lang) if article.source_lang != AUTO else EDITION_IS_ORIGINAL
    elif article.source_lang != AUTO:
        article.original_lang = article.original_lang or article.source_lang


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
    """The steps every source shares once it is parsed: language, headline, sentences, limits, slug,
    metadata, index."""
    if article.source_lang in (None, AUTO):
        detected = language.detect(as_text(parsed))
        article.source_lang = detected or "en"
        if article.source_lang == "es":
            article.target_lang = "en"
        if article.original_lang == EDITION_IS_ORIGINAL:
            article.original_lang = base(article.target_lang)
        elif article.edition_source and not article.original_lang:
            article.original_lang = article.source_lang
    shown = headline.readable(parsed.title, load_matcher(session))  # an ALL-CAPS headline, readable
    shown = headline.without_site(shown, meta.site_name if meta else None)  # " - Associated Press": the site
    sentences = segment.segment(parsed.blocks, shown, parsed.byline, lang=article.source_lang)
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
    term_index.add(session, article.segments, article.source_lang)


def _queue_url(session: Session, url: str, options: Options, limits: Limits) -> Article:
    """An article waiting to be fetched from url; its slug comes from the address until the title is read.

    The address is resolved and checked now, as the fetch will check it: one that can only be refused
    (a local or private address, a name that does not resolve) is refused here, and nothing is stored.
    """
    url = check_address(url)
    check_url(url, limits.allow_private)
    parts = urlsplit(url)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or parts.hostname
    article = Article(engine=options.engine, status=ArticleStatus.FETCHING, title=url, original_text="",
                      source_url=url)
    _set_direction(article, options)  # AUTO: detected when the page is read
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
