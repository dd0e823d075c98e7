"""The Flask-free parallel document every exporter writes, and the exporter interface."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

from app.core.messages import N_  # noqa: F401  (re-exported: the format modules mark their labels with it)
from app.core.models import Article, utcnow
from app.core.states import READ_BY_A_PERSON
from app.translation.checks import message
from app.version import __version__

TOOL = "Paralelo"
TOOL_VERSION = __version__

# Characters that end a line for str.splitlines() and most line-oriented readers.
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Text with every run of tabs and line breaks replaced by one space."""
    return _LINE_BREAKS.sub(" ", text)


def tmx_date(value: datetime) -> str:
    """A naive UTC datetime in the compact ISO 8601 form TMX uses: 20250317T120000Z."""
    return value.strftime("%Y%m%dT%H%M%SZ")


def iso_date(value: datetime | None) -> str | None:
    """A naive UTC datetime as ISO 8601 with a Z, or None."""
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


@dataclass(frozen=True)
class Unit:
    """One sentence pair with the provenance of its current translation."""

    id: int
    key: str
    paragraph: int
    index: int
    kind: str
    source: str
    target: str = ""  # "" while the sentence has no translation yet
    origin: str | None = None  # machine | template | human; None while untranslated
    engine: str | None = None
    engine_version: str | None = None
    glossary_revision: int | None = None
    terms: list[dict] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # source words the engine did not know
    stale: bool = False
    translated_at: datetime | None = None
    checks: list[dict] = field(default_factory=list)  # failed quality checks (app.translation.checks)
    confidence: float | None = None  # the engine's or, for a pair from an existing translation, the aligner's
    review: str | None = None  # machine | reviewed | edited | approved (app.core.states.ReviewStatus)

    @property
    def read_by_a_person(self) -> bool:
        """Reviewed, edited or approved, and not stale: what ?reviewed=only keeps."""
        return self.review in READ_BY_A_PERSON and not self.stale

    @property
    def translated(self) -> bool:
        """Whether the sentence has a translation yet."""
        return self.origin is not None

    @property
    def engine_label(self) -> str:
        """'apertium 3.8.3', or '' when no engine is recorded (a human edit may have none)."""
        return " ".join(p for p in (self.engine, self.engine_version) if p)


@dataclass(frozen=True)
class ParallelDoc:
    """An article as sentence pairs in reading order, ready to be written in any format."""

    title: str
    byline: str
    slug: str
    source_lang: str
    target_lang: str
    created_at: datetime
    units: list[Unit]
    exported_at: datetime = field(default_factory=utcnow)
    tool: str = TOOL
    tool_version: str = TOOL_VERSION
    # (source, target, note) of the live glossary, for formats that carry it (needs_glossary)
    glossary: tuple[tuple[str, str, str], ...] = ()
    # Where the article came from (web page imports, issue 14); None when unknown
    source_url: str | None = None
    site_name: str | None = None
    author: str | None = None
    published: date | None = None
    original_lang: str | None = None  # the edition written first, when a translation was aligned

    @property
    def source_fields(self) -> list[tuple[str, str]]:
        """(name, value) of the source metadata the article has: source-url, site, author, published."""
        fields = [("source-url", self.source_url), ("site", self.site_name), ("author", self.author),
                  ("published", self.published.isoformat() if self.published else None)]
        return [(name, value) for name, value in fields if value]

    @property
    def translated_title(self) -> str:
        """The translation of the article's title, or "" while it has none."""
        return next((u.target for u in self.units if u.kind == "title" and u.target), "")

    @property
    def engines(self) -> list[str]:
        """Every engine (with version) that made a current machine translation, sorted."""
        return sorted({u.engine_label for u in self.units if u.origin == "machine" and u.engine})

    @property
    def human_count(self) -> int:
        """How many sentences carry a human post-edit."""
        return sum(1 for u in self.units if u.origin == "human")


def build_doc(article: Article, exported_at: datetime | None = None) -> ParallelDoc:
    """The article's sentence pairs with each sentence's current translation (Segment.current)."""
    units = []
    for seg in article.segments:
        tr = seg.current
        provenance = {} if tr is None else {
            "target": tr.text,
            "origin": tr.origin,
            "engine": tr.engine,
            "engine_version": tr.engine_version,
            "glossary_revision": tr.glossary_revision,
            "terms": list(tr.terms or []),
            "unknown": list(tr.unknown or []),
            "stale": tr.stale,
            "translated_at": tr.created_at,
            "checks": list(tr.checks or []),
            "review": tr.review_status or ("edited" if tr.origin == "human" else "machine"),
            "confidence": tr.confidence,
        }
        units.append(
            Unit(seg.id, seg.key, seg.paragraph, seg.index, seg.kind, seg.source, **provenance)
        )
    return ParallelDoc(
        title=article.title,
        byline=article.byline,
        slug=article.slug,
        source_lang=article.source_lang,
        target_lang=article.target_lang,
        created_at=article.created_at,
        units=units,
        exported_at=exported_at or utcnow(),
        source_url=article.source_url,
        site_name=article.site_name,
        author=article.author,
        published=article.published,
        original_lang=article.original_lang,
    )


class Exporter(ABC):
    """One export format: its name, label, file extension, MIME type and writer."""

    name: ClassVar[str]
    label: ClassVar[str]
    extension: ClassVar[str]
    mimetype: ClassVar[str]
    needs_glossary: ClassVar[bool] = False  # export() fills ParallelDoc.glossary for these
    # carries each sentence's review status as metadata; plain formats mark unread targets in the text instead
    structured: ClassVar[bool] = False
    audience: ClassVar[str] = "translator"  # "reader": offered first, to everyone who reads (the reader's menu)

    @abstractmethod
    def write(self, doc: ParallelDoc) -> bytes:
        """The document in this format."""

    def filename(self, doc: ParallelDoc) -> str:
        """`<slug>.<extension>`."""
        return f"{doc.slug}.{self.extension}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def provenance_note(unit: Unit) -> str:
    """A one-line provenance summary for the notes of TMX and XLIFF units."""
    parts = [f"origin: {unit.origin}"]
    if unit.engine_label:
        parts.append(f"engine: {unit.engine_label}")
    if unit.glossary_revision is not None:
        parts.append(f"glossary revision: {unit.glossary_revision}")
    if unit.confidence is not None:
        kind = "alignment" if unit.engine == "aligned" else "engine"
        parts.append(f"{kind} confidence: {unit.confidence:.2f}")
    if unit.stale:
        parts.append("stale: edited before a later glossary change; review it")
    if unit.review:
        parts.append(f"review: {unit.review}")
    if unit.translated_at:
        parts.append(f"translated: {iso_date(unit.translated_at)}")
    return "; ".join(parts)


def checks_note(unit: Unit) -> str:
    """The failed checks as one line, e.g. 'checks: number (error): 12 is missing ...', or ''."""
    items = [f"{c.get('check')} ({c.get('severity')}): {message(c)}" for c in unit.checks]
    return "checks: " + "; ".join(items) if items else ""


def terms_note(unit: Unit) -> str:
    """The term report as one line, e.g. 'terms: CECOT -> CECOT (enforced)', or ''."""
    items = [f"{t.get('source')} -> {t.get('target')} ({t.get('status')})" for t in unit.terms]
    return "terms: " + "; ".join(items) if items else ""
