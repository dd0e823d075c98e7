"""Glossary import and export: the bundled JSON, TSV (DeepL/Google/OmegaT form), CSV and TBX."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import gender, glossary_edit
from .glossary import Entry, GlossaryError
from .messages import N_
from .store import GlossaryEntry, source_key

FORMATS = {
    "tsv": ("text/tab-separated-values", "tsv"),
    "csv": ("text/csv", "csv"),
    "tbx": ("application/x-tbx", "tbx"),
}
CSV_COLUMNS = ("source", "target", "kind", "domain", "gender", "number", "note", "origin")
MAX_IMPORT_BYTES = 5_000_000


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[GlossaryError] = field(default_factory=list)  # "line N: why", one per bad line
    changes: list[glossary_edit.Change] = field(default_factory=list)

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
    return import_rows(session, ((i + 1, row) for i, row in enumerate(bundled_rows())), "bundle", bundled=True)


def import_rows(
    session: Session, rows: Iterable[tuple[int, dict]], who: str, bundled: bool = False
) -> ImportResult:
    """Add new entries, update changed ones (never a user-edited bundled entry), report the rest."""
    result = ImportResult()
    rows = list(rows)
    gender.prime([row.get("target") or "" for _, row in rows if not row.get("gender")])  # one lt-proc call
    for line, row in rows:
        if "_error" in row:
            result.skipped += 1
            result.problems.append(_line_error(line, row["_error"]))
            continue
        try:
            clean = gender.fill(glossary_edit.validate(row))
        except GlossaryError as exc:
            result.skipped += 1
            result.problems.append(_line_error(line, exc))
            continue
        live = glossary_edit.find_duplicate(session, clean["source"])
        try:
            if live is None:
                if bundled and _deleted_by_a_user(session, clean["source"]):
                    result.skipped += 1  # a user deleted this bundled entry: it stays deleted
                    continue
                result.changes.append(glossary_edit.add(session, clean, who, bundled=bundled))
                result.added += 1
            elif bundled and (live.edited or not live.bundled):
                result.skipped += 1  # a user's own word wins over the bundle
            elif all(getattr(live, k) == v for k, v in clean.items()):
                result.skipped += 1
            else:
                action = "import" if bundled else "edit"
                result.changes.append(glossary_edit.update(session, live.id, clean, who, action=action))
                result.updated += 1
        except GlossaryError as exc:  # e.g. someone added the same term at the same moment
            result.skipped += 1
            result.problems.append(_line_error(line, exc))
    session.commit()
    return result


def _deleted_by_a_user(session: Session, source: str) -> bool:
    return session.scalar(
        select(GlossaryEntry.id).where(GlossaryEntry.source_key == source_key(source), GlossaryEntry.deleted.is_(True))
    ) is not None


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
    if fmt == "tsv":
        return _read_tsv(text)
    if fmt == "csv":
        return _read_csv(text)
    raise _unknown_format(fmt)


def _read_tsv(text: str) -> list[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
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
            rows.append((number, {k: v for k, v in zip(cols, record, strict=False) if k in glossary_edit.FIELDS}))
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
        rows.append((number, row))
    return rows


def write(entries: Iterable[GlossaryEntry | Entry], fmt: str) -> bytes:
    """Export entries as TSV (source, target, note), CSV (all columns) or TBX (en -> es)."""
    entries = list(entries)
    if fmt == "tsv":
        lines = ["\t".join(_one_line(x) for x in (e.source, e.target, e.note)) for e in entries]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow([getattr(e, c, "") or "" for c in CSV_COLUMNS])
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
        return bytes(store)
    raise _unknown_format(fmt)


def _unknown_format(fmt: str) -> GlossaryError:
    return GlossaryError(
        N_("Unknown glossary format '%(name)s'; use one of: %(known)s"), name=fmt, known=", ".join(FORMATS)
    )


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
