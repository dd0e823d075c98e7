"""Glossary import and export: the bundled JSON, TSV (DeepL/Google/OmegaT form), CSV and TBX.

Layouts: TSV and `omegat` (the same, named .txt so OmegaT reads it as UTF-8): source TAB target
TAB note, no header. CSV: a header row `source,target,kind,domain,gender,number,note,origin,pos,direction`
(direction: both, en-es or es-en; an older file without the column makes entries that work both ways).
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

from .spreadsheet import guard, unguard

FORMATS = {
    "tsv": ("text/tab-separated-values", "tsv"),
    "csv": ("text/csv", "csv"),
    "tbx": ("application/x-tbx", "tbx"),
    "omegat": ("text/plain", "txt"),  # OmegaT's glossary format: the TSV layout, UTF-8 as .txt
}
CSV_COLUMNS = ("source", "target", "kind", "domain", "gender", "number", "note", "origin", "pos", "direction")
MAX_IMPORT_BYTES = 5_000_000


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[GlossaryError] = field(default_factory=list)  # "line N: why", one per bad line
    affected: list[Entry] = field(default_factory=list)  # old and new forms whose sentences need work

    @property
    def errors(self) -> list[str]:
        """The problems in English, for the CLI and the logs."""
        return [str(p) for p in self.problems]

    def summary(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.skipped} skipped"

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "skipped": self.skipped, "errors": self.errors}


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
        total.added += part.added
        total.updated += part.updated
        total.skipped += part.skipped
        total.problems.extend(part.problems)
        queued += segments
        if progress:
            progress(min(start + size, len(rows)), len(rows))
    return total, queued


def import_rows(
    session: Session, rows: Iterable[tuple[int, dict]], who: str, bundled: bool = False
) -> ImportResult:
    """Add new entries (in bulk), update changed ones (never a user-edited bundled entry), report the rest.

    Not committed; for big files see import_in_chunks. A later line for the same source wins.
    """
    result = ImportResult()
    rows = list(rows)
    gender.prime([row.get("target") or "" for _, row in rows if not row.get("gender")])  # one lt-proc call
    valid: list[tuple[int, dict]] = []
    for line, row in rows:
        if "_error" in row:
            result.skipped += 1
            result.problems.append(_line_error(line, row["_error"]))
            continue
        try:
            valid.append((line, gender.fill(edit.validate(row))))  # part of speech below: new entries only
        except GlossaryError as exc:
            result.skipped += 1
            result.problems.append(_line_error(line, exc))
    keys = list({source_key(fields["source"]) for _line, fields in valid})
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
    prime_plurals([Entry.of(pos.with_default(fields)) for _line, fields in valid])  # one generator call
    for line, fields in valid:
        key = source_key(fields["source"])
        entry = live.get(key)
        if entry is None or not fields.get("pos"):
            # a file that names no part of speech leaves an existing entry's alone
            fields = pos.with_default(fields) if entry is None else {k: v for k, v in fields.items() if k != "pos"}
        row = {"case_sensitive": False, **fields, "source_key": key, "bundled": bundled}
        row["search_text"] = search.search_text(row)
        if key in new:  # the file names this source twice: the later line wins
            result.updated += new[key] != row
            result.skipped += new[key] == row
            new[key] = row
        elif entry is None:
            if bundled and key in deleted:
                result.skipped += 1  # a user deleted this bundled entry: it stays deleted
            else:
                new[key] = row
                result.added += 1
        elif bundled and (entry.edited or not entry.bundled):
            result.skipped += 1  # a user's own word wins over the bundle
        elif all(getattr(entry, k) == v for k, v in fields.items()):
            result.skipped += 1
        else:
            try:
                change = edit.update(session, entry.id, fields, who, action="import" if bundled else "edit")
            except GlossaryError as exc:
                result.skipped += 1
                result.problems.append(_line_error(line, exc))
                continue
            result.affected.extend(change.affected)
            result.updated += 1
    if new:
        try:
            with session.begin_nested():
                result.affected.extend(_insert(session, list(new.values()), who))
        except IntegrityError:  # someone added one of these sources meanwhile: one by one, then
            for fields in new.values():
                try:
                    editable = {k: fields[k] for k in edit.FIELDS}
                    change = edit.add(session, editable, who, bundled=bundled)
                except GlossaryError as exc:
                    result.added -= 1
                    result.skipped += 1
                    result.problems.append(exc)
                    continue
                result.affected.extend(change.affected)
    return result


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
        return _read_tsv(text)
    if fmt == "csv":
        return _read_csv(text)
    raise _unknown_format(fmt)


def _read_tsv(text: str) -> list[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [unguard(c) for c in line.split("\t")]
        if number == 1 and [c.strip().lower() for c in cols[:2]] in (["source", "target"], ["en", "es"]):
            continue
        if len(cols) not in (2, 3):
            rows.append((number, {"_error": f"expected 2 or 3 tab-separated columns, got {len(cols)}"}))
            continue
        row = {"source": cols[0], "target": cols[1]}
        if len(cols) == 3:
            row["note"] = cols[2]
        rows.append((number, row))
    return rows


def _read_csv(text: str) -> list[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, dict]] = []
    header: list[str] | None = None
    try:
        for record in reader:
            number = reader.line_num
            if not record or not any(c.strip() for c in record):
                continue
            if header is None and [c.strip().lower() for c in record[:2]] == ["source", "target"]:
                header = [c.strip().lower() for c in record]
                continue
            cols = header or list(CSV_COLUMNS[: len(record)])
            if len(record) < 2 or len(record) > len(cols):
                rows.append((number, {"_error": f"expected 2 to {len(cols)} columns, got {len(record)}"}))
                continue
            rows.append(
                (number, {k: unguard(v) for k, v in zip(cols, record, strict=False) if k in edit.FIELDS})
            )
    except csv.Error as exc:
        rows.append((reader.line_num, {"_error": f"CSV error: {exc}"}))
    return rows


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
