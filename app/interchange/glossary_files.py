"""Glossary import and export: the bundled JSON, TSV (DeepL/Google/OmegaT form), CSV and TBX.

Layouts: TSV and `omegat` (the same, named .txt so OmegaT reads it as UTF-8): source TAB target
TAB note, no header. CSV: a header row `source,target,kind,domain,gender,number,note,origin,pos,
source_plural,target_plural,direction` (direction: both, en-es or es-en; a new entry from a file
without the column works both ways). On import, columns go by their header's names or by position
(app.interchange.glossary_columns), and an entry that exists is updated only in the fields the
file has; the result says what happened to each entry and which fields changed.
TBX: TBX core (martif), one termEntry per entry with its note before the langSets, as the TBX
core structure (TBXcdv04.dtd, and the tbx.xsd Debian's OmegaT ships) requires.
CSV and TSV cells a spreadsheet would run as formulas are written with a leading apostrophe
(app.interchange.spreadsheet) and read back without it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.core.messages import N_
from app.core.models import GlossaryChange, GlossaryEntry, source_key
from app.core.uow import transact
from app.glossary import edit, pos, search
from app.glossary.matcher import Entry, GlossaryError, prime_plurals
from app.spanish import gender

from .glossary_columns import CSV_COLUMNS, read_csv, read_tsv
from .spreadsheet import guard

FORMATS = {
    "tsv": ("text/tab-separated-values", "tsv"),
    "csv": ("text/csv", "csv"),
    "tbx": ("application/x-tbx", "tbx"),
    "omegat": ("text/plain", "txt"),  # OmegaT's glossary format: the TSV layout, UTF-8 as .txt
}
MAX_IMPORT_BYTES = 5_000_000


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[GlossaryError] = field(default_factory=list)  # "line N: why", one per bad line
    affected: list[Entry] = field(default_factory=list)  # old and new forms whose sentences need work
    # what happened to each entry: {"line", "source", "status": added|updated|unchanged|skipped, "fields"}
    entries: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """The problems in English, for the CLI and the logs."""
        return [str(p) for p in self.problems]

    def summary(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.skipped} skipped"

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "skipped": self.skipped, "errors": self.errors,
                "entries": self.entries}

    def extend(self, other: ImportResult) -> None:
        """Add another chunk's result to this one."""
        self.added += other.added
        self.updated += other.updated
        self.skipped += other.skipped
        self.problems.extend(other.problems)
        self.affected.extend(other.affected)
        self.entries.extend(other.entries)

    def note(self, line: int, source: str, status: str, fields: list[str] | None = None) -> None:
        self.entries.append({"line": line, "source": source, "status": status, "fields": fields or []})


def bundled_rows() -> list[dict]:
    """The curated glossary shipped with the app."""
    text = resources.files("app.data").joinpath("glossary.json").read_text("utf-8")
    return json.loads(text)


def load_bundled(session: Session) -> ImportResult:
    """Load or refresh the bundled glossary; entries a user has edited or deleted are left alone."""
    return import_rows(session, [(i + 1, row) for i, row in enumerate(bundled_rows())], "bundle", bundled=True)


def import_in_chunks(
    sessions: sessionmaker[Session], rows: Sequence[tuple[int, dict]], who: str, size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ImportResult, int]:
    """Import in bounded transactions, each retried while the database is busy and queueing the
    re-translation its changes need: other writers get in between. (result, segments queued)."""
    from app.translation import jobs  # jobs -> pipeline -> glossary: no cycle back here

    total = ImportResult()
    queued = 0
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]

        def work(session: Session, chunk=chunk) -> tuple[ImportResult, int]:
            part = import_rows(session, chunk, who)
            _jobs, segments = jobs.after_glossary_change(session, part.affected)
            return part, segments

        part, segments = transact(sessions, work)
        part.affected = []  # queued already, chunk by chunk
        total.extend(part)
        queued += segments
        if progress:
            progress(min(start + size, len(rows)), len(rows))
    return total, queued


def import_rows(
    session: Session, rows: Iterable[tuple[int, dict]], who: str, bundled: bool = False
) -> ImportResult:
    """Add new entries (in bulk), update existing ones in the fields the file has (never a user-edited
    bundled entry), and report each entry. Not committed; for big files see import_in_chunks. A later
    line for the same source wins.
    """
    result = ImportResult()
    rows = list(rows)
    gender.prime([row.get("target") or "" for _, row in rows if not row.get("gender")])  # one lt-proc call
    valid: list[tuple[int, dict, list[str]]] = []
    for line, row in rows:
        if "_warning" in row:  # the file is read anyway; the report says what was left out
            result.problems.append(_line_error(line, row["_warning"]))
            continue
        if "_error" in row:
            _skip(result, line, row, row["_error"])
            continue
        try:
            valid.append((line, edit.validate(row), [k for k in edit.FIELDS if k in row]))
        except GlossaryError as exc:
            _skip(result, line, row, exc)
    keys = list({source_key(fields["source"]) for _line, fields, _given in valid})
    live: dict[str, GlossaryEntry] = {}
    deleted: set[str] = set()
    for start in range(0, len(keys), 500):  # stay under the database's bound-parameter limits
        part = keys[start : start + 500]
        for entry in session.scalars(select(GlossaryEntry).where(GlossaryEntry.source_key.in_(part))):
            if entry.deleted:
                deleted.add(entry.source_key)
            else:
                live[entry.source_key] = entry
    new: dict[str, dict] = {}
    added_at: dict[str, int] = {}  # source key -> index of its entry in result.entries
    prime_plurals([Entry.of(edit.complete(fields)) for _line, fields, _given in valid])  # one generator call
    for line, clean, given in valid:
        key = source_key(clean["source"])
        entry = live.get(key)
        if entry is None:
            row = {"case_sensitive": False, **edit.complete(clean), "source_key": key, "bundled": bundled}
            row["search_text"] = search.search_text(row)
            if key in new:  # the file names this source twice: the later line wins
                changed = [k for k in edit.FIELDS if new[key].get(k) != row.get(k)]
                result.updated += bool(changed)
                result.skipped += not changed
                result.note(line, clean["source"], "updated" if changed else "unchanged", changed)
                new[key] = row
            elif bundled and key in deleted:
                result.skipped += 1  # a user deleted this bundled entry: it stays deleted
                result.note(line, clean["source"], "skipped")
            else:
                new[key] = row
                result.added += 1
                added_at[key] = len(result.entries)
                result.note(line, clean["source"], "added")
            continue
        # an entry that exists changes only in the fields the file has (an empty part of speech
        # leaves it alone: it means "not said", as an empty gender does)
        fields = {k: clean[k] for k in given if k != "pos" or clean[k]}
        if bundled and (entry.edited or not entry.bundled):
            result.skipped += 1  # a user's own word wins over the bundle
            result.note(line, entry.source, "skipped")
        elif all(getattr(entry, k) == v for k, v in fields.items()):
            result.skipped += 1
            result.note(line, entry.source, "unchanged")
        else:
            try:
                change = edit.update(session, entry.id, fields, who, action="import" if bundled else "edit")
            except GlossaryError as exc:
                _skip(result, line, fields, exc)
                continue
            result.affected.extend(change.affected)
            result.updated += 1
            before, after = change.record.before or {}, change.record.after
            result.note(line, entry.source, "updated", [k for k in edit.FIELDS if before.get(k) != after.get(k)])
    if new:
        try:
            with session.begin_nested():
                result.affected.extend(_insert(session, list(new.values()), who))
        except IntegrityError:  # someone added one of these sources meanwhile: one by one, then
            for key, fields in new.items():
                try:
                    editable = {k: fields[k] for k in edit.FIELDS}
                    change = edit.add(session, editable, who, bundled=bundled)
                except GlossaryError as exc:
                    result.added -= 1
                    result.skipped += 1
                    result.problems.append(exc)
                    if key in added_at:
                        result.entries[added_at[key]]["status"] = "skipped"
                    continue
                result.affected.extend(change.affected)
    return result


def _skip(result: ImportResult, line: int, row: dict, error: str | GlossaryError) -> None:
    result.skipped += 1
    result.problems.append(_line_error(line, error))
    result.note(line, str(row.get("source") or ""), "skipped")


def _insert(session: Session, rows: list[dict], who: str) -> list[Entry]:
    """New entries with their history rows and revisions, in three statements."""
    ids = session.scalars(
        insert(GlossaryEntry).returning(GlossaryEntry.id, sort_by_parameter_order=True), rows
    ).all()
    after = [{**{f: r[f] for f in edit.FIELDS}, "id": i, "version": 1, "deleted": False}
             for i, r in zip(ids, rows, strict=True)]
    change_ids = session.scalars(
        insert(GlossaryChange).returning(GlossaryChange.id, sort_by_parameter_order=True),
        [{"entry_id": i, "action": "add", "who": who, "after": a} for i, a in zip(ids, after, strict=True)],
    ).all()
    session.execute(update(GlossaryEntry), [{"id": i, "revision": r} for i, r in zip(ids, change_ids, strict=True)])
    return [Entry.of(a) for a in after]


def _line_error(line: int, error: str | GlossaryError) -> GlossaryError:
    return GlossaryError(N_("line %(line)s: %(error)s"), line=line, error=error)


def read(data: bytes, fmt: str) -> list[tuple[int, dict]]:
    """Parse an uploaded glossary into (line number, fields); unreadable lines carry an _error."""
    if len(data) > MAX_IMPORT_BYTES:
        raise GlossaryError(N_("The file is over %(limit)s bytes."), limit=f"{MAX_IMPORT_BYTES:,}")
    if fmt == "tbx":
        return _read_tbx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryError(N_("The file is not UTF-8 text.")) from None
    if fmt in ("tsv", "omegat", "txt"):
        return read_tsv(text)
    if fmt == "csv":
        return read_csv(text)
    raise _unknown_format(fmt)


def _read_tbx(data: bytes) -> list[tuple[int, dict]]:
    from translate.storage import tbx

    try:
        store = tbx.tbxfile.parsestring(data)
    except Exception as exc:  # lxml and translate-toolkit raise many types for broken XML
        raise GlossaryError(N_("The TBX file could not be parsed: %(error)s"), error=str(exc)) from None
    rows = []
    for number, unit in enumerate(store.units, 1):
        row = {"source": unit.source or "", "target": unit.target or ""}
        note = unit.getnotes()
        if note:
            row["note"] = note
        for term_note in unit.xmlelement.iter("termNote"):
            if term_note.get("type") == "partOfSpeech" and term_note.text:
                value = term_note.text.strip()
                row["pos"] = _TBX_POS_IN.get(value, value if value in pos.POS else "any")
        rows.append((number, row))
    return rows


# TBX's partOfSpeech values where they differ from ours (a name is a proper noun; "any" is left out).
_TBX_POS_OUT = {"name": "properNoun"}
_TBX_POS_IN = {v: k for k, v in _TBX_POS_OUT.items()} | {"other": "any"}


def write(entries: Iterable[GlossaryEntry | Entry], fmt: str) -> bytes:
    """Export entries as TSV (source, target, note), CSV (all columns) or TBX (en -> es)."""
    entries = list(entries)
    if fmt in ("tsv", "omegat"):
        lines = ["\t".join(guard(_one_line(x)) for x in (e.source, e.target, e.note)) for e in entries]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow([guard(getattr(e, c, "") or "") for c in CSV_COLUMNS])
        return buf.getvalue().encode("utf-8")
    if fmt == "tbx":
        from translate.storage import tbx

        store = tbx.tbxfile()
        store.setsourcelanguage("en")
        store.settargetlanguage("es")
        for e in entries:
            unit = store.addsourceunit(e.source)
            unit.target = e.target
            if e.note:
                unit.addnote(e.note, origin="translator")
        for e, unit in zip(entries, store.units, strict=True):
            if (e.pos or "any") != "any":  # on the English term: <tig><term/><termNote type="partOfSpeech"/></tig>
                tig = unit.xmlelement.find("langSet/tig")
                note = tig.makeelement("termNote", {"type": "partOfSpeech"})
                note.text = _TBX_POS_OUT.get(e.pos, e.pos)
                tig.append(note)
        for entry in store.document.getroot().iter("termEntry"):
            for note in entry.findall("note"):
                note.attrib.pop("from", None)  # not a TBX attribute
                entry.insert(0, note)  # entry-level notes come before the langSets
        return bytes(store)
    raise _unknown_format(fmt)


def _unknown_format(fmt: str) -> GlossaryError:
    return GlossaryError(
        N_("Unknown glossary format '%(name)s'; use one of: %(known)s"), name=fmt, known=", ".join(FORMATS)
    )


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
