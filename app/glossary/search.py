"""Find glossary entries ignoring accents and case, a page at a time or all of them for an export.

Mechanism: every entry keeps a normalised `search_text` column (accents stripped, case-folded)
holding its source and target, the plural forms the matcher uses (given or derived), and its note.
It is written with every change (glossary_edit records each one), and a query is normalised the
same way and matched with LIKE. Chosen over SQLite FTS5 and PostgreSQL `unaccent` because it
behaves the same on both databases, needs no extension or virtual table, finds substrings ("carc"
finds "cárcel") and is small: count plus one page over the 251 bundled entries takes about 1 ms.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.core.models import GlossaryEntry

from .matcher import Entry

PER_PAGE = 50
MAX_PER_PAGE = 500


def normalise(text: str | None) -> str:
    """Lower-case text without accents or doubled spaces: "Cárcel  Pública" -> "carcel publica"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def search_text(entry) -> str:
    """What a search looks in: every source and target form of the entry, and its note.

    `entry` is a GlossaryEntry, an Entry or a plain dict of entry fields (as bulk inserts build them).
    """
    fields = Entry.of(entry)
    parts = [part for source, target, _number in fields.forms() for part in (source, target)]
    parts += [fields.source_plural, fields.target_plural, fields.note]
    seen: list[str] = []
    for part in map(normalise, parts):
        if part and part not in seen:
            seen.append(part)
    return "\n".join(seen)


def refresh(entry: GlossaryEntry) -> None:
    """Bring the entry's search_text in step with its fields (call after every change)."""
    entry.search_text = search_text(entry)


@dataclass(frozen=True)
class Page:
    """One page of search results, with what page links need."""

    entries: list[GlossaryEntry]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        """1-based position of the first entry shown (0 when there are none)."""
        return (self.page - 1) * self.per_page + 1 if self.entries else 0

    @property
    def last(self) -> int:
        return self.first + len(self.entries) - 1 if self.entries else 0

    def links(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and a few around this one; None marks a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.page - around), min(self.pages, self.page + around) + 1)})
        out: list[int | None] = []
        for number in shown:
            if out and number - out[-1] > 1:
                out.append(None)
            out.append(number)
        return out


def matching(q: str = "", domain: str = "") -> Select:
    """The live entries whose text contains q (accents and case ignored), optionally in one domain."""
    query = select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False))
    needle = normalise(q)
    if needle:
        query = query.where(GlossaryEntry.search_text.contains(needle, autoescape=True))
    if domain:
        query = query.where(GlossaryEntry.domain == domain)
    return query


def _ordered(query: Select) -> Select:
    return query.order_by(GlossaryEntry.source_key, GlossaryEntry.id)


def search_all(session: Session, q: str = "", domain: str = "") -> list[GlossaryEntry]:
    """Every matching entry, never truncated (exports use this)."""
    return list(session.scalars(_ordered(matching(q, domain))))


def search_page(session: Session, q: str = "", domain: str = "", page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of matching entries; a page past the end shows the last one."""
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    query = matching(q, domain)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(1, page), max(1, math.ceil(total / per_page)))
    rows = session.scalars(_ordered(query).offset((page - 1) * per_page).limit(per_page))
    return Page(list(rows), total, page, per_page)


def page_of(session: Session, entry_id: int, q: str = "", domain: str = "", per_page: int = PER_PAGE) -> int | None:
    """The page on which a search shows this entry; None if the search does not find it."""
    query = matching(q, domain)
    entry = session.scalars(query.where(GlossaryEntry.id == entry_id)).first()
    if entry is None:
        return None
    earlier = query.where(or_(GlossaryEntry.source_key < entry.source_key,
                              and_(GlossaryEntry.source_key == entry.source_key, GlossaryEntry.id < entry.id)))
    count = session.scalar(select(func.count()).select_from(earlier.subquery())) or 0
    return count // max(1, per_page) + 1
