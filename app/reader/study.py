"""The study list: words, terms and phrases saved with their sentence, kept per account, exported as a
CSV file or an Anki deck. No Flask; nothing here commits (the caller owns the unit of work).

Readers without an account keep their list in the browser and send it to the export as JSON; the
export stores nothing. Every item is checked and bounded the same way on both paths (`clean`).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import sqlite3
import time
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.messages import N_, UserError
from app.core.models import Article, StudyItem

MAX_ITEMS = 2000  # in one export, and on one account
MAX_FRONT = 200
MAX_BACK = 1000
MAX_CONTEXT = 4000
FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"), "apkg": ("application/apkg", "apkg")}

# Stable ids, so that importing a newer export into Anki updates the same deck and note type.
DECK_ID = 1_733_424_112
MODEL_ID = 1_733_424_113
CARD_CSS = """.card { font-family: system-ui, sans-serif; font-size: 22px; text-align: center; color: #1d232b;
  background: #fff; }
.back { font-weight: 600; }
.context { font-size: 16px; color: #4d5663; text-align: left; margin-top: 1em; }
"""

if TYPE_CHECKING:
    import genanki


class StudyError(UserError):
    """A study item or list that cannot be kept or exported as sent; the message says why."""

    http_status = 400


class NoSuchItem(StudyError):
    http_status = 404


@dataclass(frozen=True)
class Item:
    """One card: the word or phrase (front), what it means (back), its sentence in both languages."""

    front: str
    back: str = ""
    context: str = ""
    lang: str = "en"

    def as_dict(self) -> dict:
        return {"front": self.front, "back": self.back, "context": self.context, "lang": self.lang}


def _text(data: dict, key: str, limit: int, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise StudyError(N_("'%(field)s' must be text."), field=key)
    value = value.replace("\r\n", "\n").strip()
    if required and not value:
        raise StudyError(N_("'%(field)s' must not be empty."), field=key)
    if len(value) > limit:
        raise StudyError(N_("'%(field)s' is longer than %(limit)s characters."), field=key, limit=limit)
    return value


def clean(data: object) -> Item:
    """An item from JSON {"front", "back"?, "context"?, "lang"?}, or a StudyError saying what is wrong."""
    if not isinstance(data, dict):
        raise StudyError(N_("Each item must be an object with 'front', 'back' and 'context'."))
    lang = _text(data, "lang", 16) or "en"
    return Item(_text(data, "front", MAX_FRONT, required=True), _text(data, "back", MAX_BACK),
                _text(data, "context", MAX_CONTEXT), lang)


def clean_all(data: object) -> list[Item]:
    """The items of an export request ({"items": [...]}), at least one and at most MAX_ITEMS."""
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise StudyError(N_("Send the study list as {\"items\": [{\"front\", \"back\", \"context\"}, ...]}."))
    if len(items) > MAX_ITEMS:
        raise StudyError(N_("A study list can hold at most %(limit)s items."), limit=MAX_ITEMS)
    return [clean(item) for item in items]


# --- files -----------------------------------------------------------------------------------------


def to_csv(items: list[Item]) -> bytes:
    """A CSV file with a header row (front, back, context), UTF-8, for a spreadsheet or Anki's importer."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["front", "back", "context"])
    for item in items:
        writer.writerow([_formula_safe(item.front), _formula_safe(item.back), _formula_safe(item.context)])
    return out.getvalue().encode("utf-8")


def _formula_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _field(text: str) -> str:
    """Anki fields are HTML: the text escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def anki_model() -> genanki.Model:
    """The note type of a Paralelo card: the word, its meaning, the sentence it came from."""
    import genanki  # loaded for an export, not at start-up

    return genanki.Model(
        MODEL_ID, "Paralelo (word, meaning, sentence)",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Context"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Front}}<div class=context>{{Context}}</div>",
            "afmt": "{{Front}}<hr id=answer><div class=back>{{Back}}</div><div class=context>{{Context}}</div>",
        }],
        css=CARD_CSS,
    )


def to_apkg(items: list[Item], deck_name: str = "Paralelo") -> bytes:
    """An Anki package (.apkg): a zip holding collection.anki2 (SQLite) and an empty media list.

    genanki writes the collection into an in-memory database here: its own write_to_file leaves a
    temporary file behind on every call.
    """
    import genanki

    model = anki_model()
    deck = genanki.Deck(DECK_ID, deck_name)
    for item in items:
        deck.add_note(genanki.Note(
            model=model, fields=[_field(item.front), _field(item.back), _field(item.context)],
            guid=genanki.guid_for(item.front, item.back),  # the same word again updates its note
        ))
    conn = sqlite3.connect(":memory:")
    try:
        stamp = time.time()
        genanki.Package(deck).write_to_db(conn.cursor(), stamp, _ids(stamp))
        conn.commit()
        database = conn.serialize()
    finally:
        conn.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", database)
        archive.writestr("media", "{}")
    return out.getvalue()


def _ids(stamp: float):
    next_id = int(stamp * 1000)
    while True:
        yield next_id
        next_id += 1


def export(items: list[Item], fmt: str) -> tuple[bytes, str, str]:
    """(data, MIME type, file name) of the list in a format of FORMATS."""
    if fmt not in FORMATS:
        raise StudyError(N_("Unknown format '%(name)s'; known: %(known)s"), name=fmt, known=", ".join(FORMATS))
    mimetype, extension = FORMATS[fmt]
    data = to_csv(items) if fmt == "csv" else to_apkg(items)
    digest = hashlib.sha256(data).hexdigest()[:8]
    return data, mimetype, f"paralelo-study-{digest}.{extension}"


# --- an account's list -----------------------------------------------------------------------------


def item_dict(row: StudyItem, slug: str | None = None) -> dict:
    return {"id": row.id, "front": row.front, "back": row.back, "context": row.context, "lang": row.lang,
            "article": slug, "key": row.segment_key, "saved_at": row.created_at.isoformat() + "Z"}


def one_item(session: Session, row: StudyItem) -> dict:
    """An item as the API shows it, with its article's slug."""
    article = session.get(Article, row.article_id) if row.article_id else None
    return item_dict(row, article.slug if article is not None and article.deleted_at is None else None)


def list_items(session: Session, owner: str) -> list[dict]:
    """The owner's items, oldest first, with the slug of each item's article (None once it is deleted)."""
    rows = session.execute(
        select(StudyItem, Article.slug)
        .outerjoin(Article, (Article.id == StudyItem.article_id) & Article.deleted_at.is_(None))
        .where(StudyItem.owner == owner)
        .order_by(StudyItem.id)
    ).all()
    return [item_dict(row, slug) for row, slug in rows]


def add(session: Session, owner: str, item: Item, article_id: int | None = None,
        segment_key: str | None = None) -> StudyItem:
    """Keep an item on the owner's list; the same front and back again gives the existing item."""
    same = session.scalars(
        select(StudyItem).where(StudyItem.owner == owner, StudyItem.front == item.front, StudyItem.back == item.back)
    ).first()
    if same is not None:
        return same
    count = session.scalar(select(func.count(StudyItem.id)).where(StudyItem.owner == owner))
    if count >= MAX_ITEMS:
        raise StudyError(N_("A study list can hold at most %(limit)s items."), limit=MAX_ITEMS)
    if article_id is not None and session.get(Article, article_id) is None:
        article_id = None
    row = StudyItem(owner=owner, front=item.front, back=item.back, context=item.context, lang=item.lang,
                    article_id=article_id, segment_key=(segment_key or None) and segment_key[:32])
    session.add(row)
    session.flush()
    return row


def remove(session: Session, owner: str, item_id: int) -> None:
    """Take an item off the owner's list (another owner's item is not found)."""
    row = session.get(StudyItem, item_id)
    if row is None or row.owner != owner:
        raise NoSuchItem(N_("Your study list has no item %(id)s."), id=item_id)
    session.delete(row)
