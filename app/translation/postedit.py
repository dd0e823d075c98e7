"""Human post-edits: saved beside the machine translation, never overwritten by a machine."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import textclean
from app.core.messages import N_, UserError
from app.core.models import Segment, Translation
from app.core.states import ReviewStatus
from app.core.terms import report
from app.glossary import matcher
from app.glossary.edit import ConflictError

from . import learning, memory
from .checks import store as checks_store

MAX_EDIT_CHARS = 5000


class EditError(UserError):
    """The edit cannot be stored; the message says why."""


class NothingToUndo(EditError):
    """The sentence has no machine translation to go back to."""

    http_status = 409


class TranslationNotFound(EditError):
    """No such translation of this sentence."""

    http_status = 404


def version_of(seg: Segment) -> int:
    """A segment's version: the id of its current translation (0 before any)."""
    current = seg.current
    return current.id if current else 0


def save(
    session: Session, seg: Segment, text: str, who: str = "editor", version: int | None = None,
    engine: str | None = None, tm_origin: str = "post-edit",
) -> Translation:
    """Store a human translation as the current one; with `version`, refuse a stale base (409).

    `engine` names the tool the human used (e.g. "omegat"); `tm_origin` is what the memory records.
    """
    if not isinstance(text, str) or not text.strip():
        raise EditError(N_("The translation must not be empty."))
    text = " ".join(textclean.clean(text).split())  # NFC, no control characters, as at import
    if not text:
        raise EditError(N_("The translation must not be empty."))
    if len(text) > MAX_EDIT_CHARS:
        raise EditError(N_("The translation is longer than %(limit)s characters."), limit=MAX_EDIT_CHARS)
    _lock(session, seg)
    if version is not None and int(version) != version_of(seg):
        current = seg.current
        raise ConflictError(
            N_("This sentence was changed by someone else since you loaded it."),
            {"version": version_of(seg), "target": current.text if current else None,
             "origin": current.origin if current else None},
        )
    machine = next((t for t in reversed(seg.translations) if t.origin != "human"), None)
    terms_from = [t for t in (machine.terms if machine else []) if t["kind"] in matcher.KINDS]
    for t in seg.translations:
        t.current = False
    edit = Translation(
        text=text,
        origin="human",
        author=who,
        engine=engine,
        engine_version=None,
        glossary_revision=machine.glossary_revision if machine else 0,
        terms=_recheck(terms_from, text),
        current=True,
        review_status=ReviewStatus.EDITED,
    )
    seg.translations.append(edit)
    session.flush()
    learning.record(session, edit, machine)  # what the editor changed, for glossary suggestions
    checks_store.attach([(seg.source, edit)], checks_store.article_model(session, seg.article_id))
    memory.remember_segment(session, seg, text, tm_origin, who)  # reusable in other articles
    return edit


def undo(session: Session, seg: Segment, who: str = "editor") -> Translation:
    """Go back to the newest machine translation (the human edits stay in the history)."""
    _lock(session, seg)
    machine = next((t for t in reversed(seg.translations) if t.origin != "human"), None)
    if machine is None:
        raise NothingToUndo(N_("There is no machine translation to go back to."))
    for t in seg.translations:
        t.current = False
    machine.current = True
    session.flush()
    return machine


def restore(session: Session, seg: Segment, translation_id: int) -> Translation:
    """Make an earlier translation of this sentence (human or machine) the current one again."""
    _lock(session, seg)
    chosen = next((t for t in seg.translations if t.id == translation_id), None)
    if chosen is None:
        raise TranslationNotFound(
            N_("Sentence %(sentence)s has no translation %(translation)s."), sentence=seg.id, translation=translation_id
        )
    for t in seg.translations:
        t.current = False
    chosen.current = True
    session.flush()
    return chosen


def _lock(session: Session, seg: Segment) -> None:
    """Reload the segment and its translations, locking the row where the database can."""
    session.refresh(seg, with_for_update=True)
    session.expire(seg, ["translations"])


def _recheck(items: list[dict], text: str) -> list[dict]:
    """The machine's term report, re-checked against the human text."""
    terms = [matcher.Term(i["start"], i["end"], i["source"], i["target"], i["kind"], i["entry"]) for i in items]
    return report(terms, text)
