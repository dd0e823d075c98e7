"""Parallel-text exports: one module per format behind one registry (translate-toolkit's factory).

The web download views and `paralelo export` are both driven by FORMATS; adding a format is adding a
module with an Exporter subclass and listing it here. No Flask in this package.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import object_session

from app.core.messages import N_, UserError
from app.core.models import Article, GlossaryEntry
from app.core.states import BUSY, ArticleStatus

from .base import Exporter, ParallelDoc, Unit, build_doc
from .html import BilingualHTML
from .jsonl import JSONL
from .omegat import OmegaTProject
from .reading_text import ReadingText
from .tabular import CSV, TSV
from .tmx import TMX
from .txt import AlignedText
from .xliff import XLIFF
from .xliff2 import XLIFF2

__all__ = [
    "FORMATS", "ExportError", "Exported", "Exporter", "NotReady", "ParallelDoc",
    "Unit", "UnknownFormat", "build_doc", "export", "formats", "get", "names",
]

# menu order within each audience (the reader's menu puts the formats for readers first)
_EXPORTERS = (TMX, XLIFF, XLIFF2, TSV, CSV, JSONL, BilingualHTML, AlignedText, OmegaTProject, ReadingText)
FORMATS: dict[str, Exporter] = {cls.name: cls() for cls in _EXPORTERS}


class ExportError(UserError):
    """An export that cannot be made; the message says why."""


class UnknownFormat(ExportError, LookupError):
    """No exporter is registered under this name."""

    def __init__(self, name: str):
        self.name = name
        self.known = names()
        super().__init__(N_("Unknown format '%(name)s'; known: %(known)s"), name=name, known=", ".join(self.known))


class NotReady(ExportError):
    """The article is still being fetched, queued or translated, or failed before it had any text."""

    http_status = 409

    def __init__(self, article: Article):
        self.status = article.status
        self.progress = round(article.progress, 3)
        super().__init__(
            N_("Article '%(slug)s' is %(status)s (%(percent)s%% done); export it when its translation is ready."),
            slug=article.slug, status=article.status, percent=round(self.progress * 100),
        )


@dataclass(frozen=True)
class Exported:
    """A written export: its bytes and how to name and type them."""

    filename: str
    mimetype: str
    data: bytes
    units: int


def names() -> list[str]:
    """Registered format names, in menu order."""
    return list(FORMATS)


def formats() -> list[Exporter]:
    """Registered exporters, in menu order."""
    return list(FORMATS.values())


def get(name: str | None) -> Exporter:
    """The exporter registered as `name`; UnknownFormat (listing the known ones) otherwise."""
    try:
        return FORMATS[name or ""]
    except KeyError:
        raise UnknownFormat(name or "") from None


REVIEWED = ("only", "mark")
MT_MARK = "[MT] "  # before a target no person has read, in the plain formats with ?reviewed=mark


def export(article: Article, name: str, reviewed: str | None = None) -> Exported:
    """Write an article in a format; UnknownFormat or NotReady when that cannot be done.

    `reviewed`: "only" keeps the sentences a person has read (reviewed, edited, approved); "mark" keeps
    all and marks the others (metadata in TMX, XLIFF and JSONL; "[MT] " before the target elsewhere).
    """
    exporter = get(name)
    if reviewed not in (None, "", *REVIEWED):
        raise ExportError(N_("'reviewed' must be one of: %(known)s"), known=", ".join(REVIEWED))
    if article.status in BUSY or (article.status == ArticleStatus.FAILED and not article.segments):
        raise NotReady(article)
    doc = build_doc(article)
    if reviewed == "only":
        doc = replace(doc, units=[u for u in doc.units if u.read_by_a_person])
    elif reviewed == "mark" and not exporter.structured:
        doc = replace(doc, units=[u if u.read_by_a_person or not u.translated else replace(u, target=MT_MARK + u.target)
                                  for u in doc.units])
    if exporter.needs_glossary:
        doc = replace(doc, glossary=glossary_rows(article))
    return Exported(exporter.filename(doc), exporter.mimetype, exporter.write(doc), len(doc.units))


def glossary_rows(article: Article) -> tuple[tuple[str, str, str], ...]:
    """(source, target, note) of every live glossary entry, read through the article's session."""
    rows = object_session(article).scalars(
        select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False)).order_by(GlossaryEntry.source_key)
    )
    return tuple((e.source, e.target, e.note or "") for e in rows)
