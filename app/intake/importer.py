"""Bring an article in: parse, segment, store with a unique slug. Queueing its translation is app.translation.jobs'."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import ENGINES, TARGET_LOCALES
from app.core import textclean
from app.core.messages import N_
from app.core.models import Article, Segment
from app.core.states import ArticleStatus
from app.glossary import term_index
from app.glossary.matcher import load_matcher

from . import headline, parse, segment

MAX_ARTICLE_BYTES = 1_000_000
MAX_ARTICLE_SENTENCES = 20_000


def slugify(title: str, max_len: int = 60) -> str:
    """An ASCII, hyphenated slug for a title."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "article"


def unique_slug(session: Session, title: str) -> str:
    """The title's slug, numbered (-2, -3...) if another article has it."""
    base = slugify(title)
    taken = set(session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def import_article(
    session: Session,
    text: str,
    title: str | None = None,
    target_lang: str = "es-419",
    engine: str = "auto",
    max_bytes: int = MAX_ARTICLE_BYTES,
    max_sentences: int = MAX_ARTICLE_SENTENCES,
) -> Article:
    """Parse, segment and store an article (not committed). Raises ArticleError on bad input.

    The text is stored as typed except for app.core.textclean's normalisation (NFC, no control characters).
    """
    text, title = textclean.clean(text), textclean.clean(title) if title else title
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise parse.ArticleError(
            N_("The article is over the size limit of %(limit)s bytes."), limit=f"{max_bytes:,}"
        )
    if target_lang not in TARGET_LOCALES:
        raise parse.ArticleError(
            N_("Unknown target language '%(lang)s'; supported: %(known)s"),
            lang=target_lang, known=", ".join(TARGET_LOCALES),
        )
    if engine not in ENGINES:
        raise parse.ArticleError(
            N_("Unknown engine %(name)s; choose one of: %(known)s"), name=engine, known=", ".join(ENGINES)
        )
    parsed = parse.parse(text, title)
    shown = headline.readable(parsed.title, load_matcher(session))  # an ALL-CAPS headline, readable
    sentences = segment.segment(parsed.blocks, shown, parsed.byline)
    if len(sentences) > max_sentences:
        raise parse.ArticleError(
            N_("The article has %(count)s sentences; the limit is %(limit)s. Split it into parts."),
            count=f"{len(sentences):,}", limit=f"{max_sentences:,}",
        )
    article = Article(
        slug=unique_slug(session, shown),
        title=shown,
        original_title=parsed.title if shown != parsed.title else None,
        byline=parsed.byline,
        target_lang=target_lang,
        original_text=text,
        engine=engine,
        status=ArticleStatus.QUEUED,
    )
    for s in sentences:
        article.segments.append(
            Segment(paragraph=s.paragraph, index=s.index, kind=s.kind, source=s.text, source_hash=s.source_hash)
        )
    session.add(article)
    session.flush()
    term_index.add(session, article.segments)
    return article
