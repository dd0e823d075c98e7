"""Add, edit, delete and revert glossary entries, with a history row for every change."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import textclean
from app.core.messages import N_
from app.core.models import GlossaryChange, GlossaryEntry, source_key, utcnow
from app.spanish import gender

from . import pos, search
from .matcher import (
    DIRECTIONS,
    DOMAINS,
    KINDS,
    MAX_NOTE_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TARGET_CHARS,
    Entry,
    GlossaryError,
    english_plural,
    spanish_plural,
)

FIELDS = (
    "source", "target", "source_plural", "target_plural", "kind", "case_sensitive",
    "gender", "number", "domain", "note", "origin", "pos", "direction",
)


class ConflictError(GlossaryError):
    """The change clashes with another entry or with a newer version of this one."""

    http_status = 409

    def __init__(self, template: str, current: dict | None = None, **params: object):
        super().__init__(template, **params)
        self.current = current


class NotFound(GlossaryError):
    """No such entry or change."""

    http_status = 404


@dataclass
class Change:
    """What a change did: the entry, the history row, and the forms whose segments it touches."""

    entry: GlossaryEntry
    record: GlossaryChange
    affected: list[Entry]


def snapshot(entry: GlossaryEntry) -> dict:
    """The entry's editable fields plus id, version and deleted flag, as JSON."""
    data = {f: getattr(entry, f) for f in FIELDS}
    data.update(id=entry.id, version=entry.version, deleted=entry.deleted)
    return data


def validate(data: Mapping, partial: bool = False, base: Mapping | None = None) -> dict:
    """Check and clean entry fields; raises GlossaryError with a message a person can act on."""
    out = dict(base or {})
    unknown = set(data) - set(FIELDS) - {"version", "id"}
    if unknown:
        raise GlossaryError(N_("Unknown field(s): %(fields)s"), fields=", ".join(sorted(unknown)))
    for key in FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "case_sensitive":
            out[key] = _flag(value)
            continue
        if value is not None and not isinstance(value, str):
            raise GlossaryError(N_("%(field)s must be text"), field=key)
        value = textclean.clean(value) if isinstance(value, str) else value  # NFC, no controls
        value = " ".join(value.split()) if isinstance(value, str) and key != "note" else value
        out[key] = value.strip() if isinstance(value, str) else value
    if not partial or "source" in data:
        _require(out, "source", MAX_SOURCE_CHARS)
    if not partial or "target" in data:
        _require(out, "target", MAX_TARGET_CHARS)
    out.setdefault("kind", "translate")
    out["kind"] = out["kind"] or "translate"
    if out["kind"] not in KINDS:
        raise GlossaryError(N_("kind must be one of: %(known)s"), known=", ".join(KINDS))
    if out.get("gender") not in (None, "", "m", "f"):
        raise GlossaryError(N_("gender must be m, f or empty"))
    if out.get("number") not in (None, "", "sg", "pl"):
        raise GlossaryError(N_("number must be sg, pl or empty"))
    if out.get("pos") not in (None, "", *pos.POS):
        raise GlossaryError(N_("part of speech must be one of: %(known)s"), known=", ".join(pos.POS))
    if not partial or "direction" in data:
        out["direction"] = out.get("direction") or "both"
        if out["direction"] not in DIRECTIONS:
            raise GlossaryError(N_("direction must be one of: %(known)s"), known=", ".join(DIRECTIONS))
    out["domain"] = out.get("domain") or "general"
    if out["domain"] not in DOMAINS:
        raise GlossaryError(N_("domain must be one of: %(known)s"), known=", ".join(DOMAINS))
    if len(out.get("note") or "") > MAX_NOTE_CHARS:
        raise GlossaryError(N_("The note is longer than %(limit)s characters."), limit=MAX_NOTE_CHARS)
    for key in ("gender", "number", "source_plural", "target_plural", "pos"):
        out[key] = out.get(key) or None
    out["note"] = out.get("note") or ""
    out["origin"] = out.get("origin") or ""
    return out


def complete(values: dict) -> dict:
    """Valid entry values with what was left empty derived: gender and number (the analyser), part of speech."""
    return pos.with_default(gender.fill(values))


# Whole sentences for each side: a translation need not fit "source" and "target" into one template.
_REQUIRED = {
    "source": (N_("The source term must not be empty."), N_("The source term is longer than %(limit)s characters.")),
    "target": (N_("The target term must not be empty."), N_("The target term is longer than %(limit)s characters.")),
}


def _require(data: dict, key: str, limit: int) -> None:
    value = data.get(key)
    empty, too_long = _REQUIRED[key]
    if not value:
        raise GlossaryError(empty)
    if len(value) > limit:
        raise GlossaryError(too_long, limit=limit)


def find_duplicate(session: Session, source: str, exclude_id: int | None = None) -> GlossaryEntry | None:
    """The live entry whose source equals this one in any case, if there is one."""
    query = select(GlossaryEntry).where(
        GlossaryEntry.source_key == source_key(source), GlossaryEntry.deleted.is_(False)
    )
    if exclude_id is not None:
        query = query.where(GlossaryEntry.id != exclude_id)
    return session.scalars(query).first()


def _record(session: Session, entry: GlossaryEntry, action: str, who: str, before: dict | None) -> GlossaryChange:
    search.refresh(entry)  # every change passes here: the search column stays in step
    session.flush()
    change = GlossaryChange(entry_id=entry.id, action=action, who=who, before=before, after=snapshot(entry))
    session.add(change)
    session.flush()
    entry.revision = change.id
    change.after = snapshot(entry)
    return change


def add(session: Session, data: Mapping, who: str = "system", bundled: bool = False) -> Change:
    """Create an entry; ConflictError if an entry with the same source exists."""
    clean = complete(validate(data))
    dup = find_duplicate(session, clean["source"])
    if dup:
        raise ConflictError(
            N_("An entry for '%(source)s' already exists (id %(id)s); edit it instead."),
            snapshot(dup), source=clean["source"], id=dup.id,
        )
    entry = GlossaryEntry(**clean, bundled=bundled)
    session.add(entry)
    with _unique_source(session, clean["source"]):
        record = _record(session, entry, "add", who, None)
    return Change(entry, record, [Entry.of(entry)])


@contextmanager
def _unique_source(session: Session, source: str):
    """Turn the database's unique-source guard (a concurrent duplicate) into a ConflictError."""
    try:
        with session.begin_nested():
            yield
    except IntegrityError:
        raise ConflictError(N_("An entry for '%(source)s' already exists; edit it instead."), source=source) from None


def get(session: Session, entry_id: int, lock: bool = False) -> GlossaryEntry:
    """A live entry (locked for update with `lock`); NotFound otherwise."""
    entry = session.get(GlossaryEntry, entry_id, with_for_update=lock or None, populate_existing=lock)
    if entry is None or entry.deleted:
        raise NotFound(N_("No glossary entry %(id)s."), id=entry_id)
    return entry


def update(
    session: Session, entry_id: int, data: Mapping, who: str = "system", version: int | None = None,
    action: str = "edit",
) -> Change:
    """Edit an entry; with `version`, refuse (ConflictError) if someone saved a newer one."""
    entry = get(session, entry_id, lock=True)
    if version is not None and _int(version) != entry.version:
        raise ConflictError(
            N_("Entry %(id)s was changed by someone else (version %(version)s, yours %(yours)s)."),
            snapshot(entry), id=entry_id, version=entry.version, yours=version,
        )
    before = snapshot(entry)
    clean = plurals_follow(before, complete(validate(data, partial=True, base={f: before[f] for f in FIELDS})))
    dup = find_duplicate(session, clean["source"], exclude_id=entry.id)
    if dup:
        raise ConflictError(
            N_("An entry for '%(source)s' already exists (id %(id)s)."),
            snapshot(dup), source=clean["source"], id=dup.id,
        )
    old = Entry.of(entry)
    for key, value in clean.items():
        setattr(entry, key, value)
    entry.version += 1
    entry.edited = entry.edited or action != "import"
    entry.updated_at = utcnow()
    with _unique_source(session, clean["source"]):
        record = _record(session, entry, action, who, before)
    return Change(entry, record, [old, Entry.of(entry)])


def plurals_follow(before: Mapping, after: dict) -> dict:
    """A changed term whose plural was left as it was (not given, or sent back unchanged, as the edit
    form does) gets its plural made again from the new term: "pena de prisión" -> "condena de prisión"
    turns "penas de prisión" into "condenas de prisión". A plural the editor changed is theirs."""
    out = dict(after)
    for side, make in (("target", spanish_plural), ("source", english_plural)):
        plural = f"{side}_plural"
        if after[side] != before[side] and before[plural] and after[plural] == before[plural]:
            out[plural] = make(after[side])
    return out


def delete(session: Session, entry_id: int, who: str = "system", version: int | None = None) -> Change:
    """Soft-delete an entry (its history stays; it can be reverted)."""
    entry = get(session, entry_id, lock=True)
    if version is not None and _int(version) != entry.version:
        raise ConflictError(N_("Entry %(id)s was changed by someone else."), snapshot(entry), id=entry_id)
    before = snapshot(entry)
    entry.deleted = True
    entry.version += 1
    entry.edited = True
    record = _record(session, entry, "delete", who, before)
    return Change(entry, record, [Entry.of(entry)])


def revert(session: Session, change_id: int, who: str = "system") -> Change:
    """Put an entry back as it was before the given change (undeleting it if need be)."""
    change = session.get(GlossaryChange, change_id)
    if change is None:
        raise NotFound(N_("No glossary change %(id)s."), id=change_id)
    entry = session.get(GlossaryEntry, change.entry_id, with_for_update=True, populate_existing=True)
    before = snapshot(entry)
    old = Entry.of(entry)
    if change.before is None:  # undoing an add: delete the entry
        entry.deleted = True
    else:
        if entry.deleted or change.before.get("source", "").lower() != entry.source.lower():
            dup = find_duplicate(session, change.before["source"], exclude_id=entry.id)
            if dup:
                raise ConflictError(
                    N_("Cannot revert: '%(source)s' now exists as entry %(id)s."), source=dup.source, id=dup.id
                )
        for key in FIELDS:
            if key in change.before:  # history written before a field existed lacks it: left as it is
                setattr(entry, key, change.before[key])
        entry.deleted = bool(change.before.get("deleted"))
    entry.version += 1
    entry.edited = True
    with _unique_source(session, entry.source):
        record = _record(session, entry, "revert", who, before)
    return Change(entry, record, [old, Entry.of(entry)])


_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"", "0", "false", "no", "off", "n", "f"}


def _flag(value) -> bool:
    """A yes/no field from JSON, a form or a CSV cell ("false" is no)."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise GlossaryError(N_("case_sensitive must be true or false"))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise GlossaryError(N_("version must be an integer")) from None


def history(
    session: Session, entry_id: int | None = None, limit: int = 200, before: int | None = None
) -> list[GlossaryChange]:
    """Changes newest first (of one entry, if given), only those older than change `before` if given."""
    query = select(GlossaryChange).order_by(GlossaryChange.id.desc()).limit(limit)
    if entry_id is not None:
        query = query.where(GlossaryChange.entry_id == entry_id)
    if before is not None:
        query = query.where(GlossaryChange.id < before)
    return list(session.scalars(query))


def first_change_ids(session: Session, entry_ids) -> set[int]:
    """The id of each entry's first change (the one that added it: there is nothing before it to revert to)."""
    ids = set(entry_ids)
    if not ids:
        return set()
    query = select(func.min(GlossaryChange.id)).where(GlossaryChange.entry_id.in_(ids)).group_by(
        GlossaryChange.entry_id
    )
    return set(session.scalars(query))


def get_any(session: Session, entry_id: int) -> GlossaryEntry:
    """An entry, deleted or not (its history stays readable); NotFound if it never existed."""
    entry = session.get(GlossaryEntry, entry_id)
    if entry is None:
        raise NotFound(N_("No glossary entry %(id)s."), id=entry_id)
    return entry
