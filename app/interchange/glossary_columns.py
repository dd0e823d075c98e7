"""The columns of a glossary spreadsheet (TSV, CSV): named by a header row, or in the usual positions.

A header row names its columns in any order ("target,source,note" is fine), with the names people
and tools use ("en", "Spanish", "part of speech", "target plural"...). Without a header, columns go
by position: TSV is source, target, then a note (DeepL, Google, OmegaT) or gender and number (four
columns); CSV follows the export's order (CSV_COLUMNS). A row gives only the fields its file has:
a re-import leaves the fields a file lacks as they are. CSV and TSV cells a spreadsheet would run as
formulas come back without the apostrophe the export put before them. No Flask here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from .spreadsheet import unguard

CSV_COLUMNS = ("source", "target", "kind", "domain", "gender", "number", "note", "origin", "pos",
               "source_plural", "target_plural", "direction")
TSV_LAYOUTS = {2: ("source", "target"), 3: ("source", "target", "note"), 4: ("source", "target", "gender", "number")}
# header cell (lower case, "_" and "-" as spaces) -> field
NAMES = {
    **{name.replace("_", " "): name for name in (*CSV_COLUMNS, "case_sensitive")},
    "en": "source", "english": "source", "term": "source", "source term": "source",
    "es": "target", "spanish": "target", "translation": "target", "target term": "target",
    "english plural": "source_plural", "plural source": "source_plural", "en plural": "source_plural",
    "spanish plural": "target_plural", "plural": "target_plural", "plural target": "target_plural",
    "es plural": "target_plural", "notes": "note", "comment": "note", "part of speech": "pos",
    "case sensitive": "case_sensitive",
}

Row = tuple[int, dict]


def field_of(cell: str) -> str | None:
    """The field a header cell names, or None."""
    return NAMES.get(" ".join(cell.strip().lower().replace("_", " ").replace("-", " ").split()))


def header(cells: Sequence[str]) -> list[str | None] | None:
    """The fields a header row names, column by column (None: not a field); None if it is no header."""
    fields = [field_of(c) for c in cells]
    return fields if "source" in fields and "target" in fields else None


def read_tsv(text: str) -> list[Row]:
    """(line number, fields) of a TSV glossary; bad lines carry an _error, a header's odd columns a _warning."""
    rows: list[Row] = []
    columns: list[str | None] | None = None
    first = True
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [unguard(c) for c in line.split("\t")]
        if first:
            first = False
            columns = header(cells)
            if columns is not None:
                rows.extend(_header_warnings(number, cells, columns))
                continue
        layout = columns
        positional = TSV_LAYOUTS.get(len(cells))
        if columns is None or (positional and columns == list(positional[: len(columns)])):
            layout = positional  # no header, or the classic "source TAB target" one over longer rows
        if layout is None or len(cells) < 2:
            rows.append((number, {"_error": f"expected 2, 3 or 4 tab-separated columns, got {len(cells)}"}))
        elif len(cells) > len(layout):
            rows.append((number, {"_error": f"expected at most {len(layout)} columns, got {len(cells)}"}))
        else:
            rows.append((number, _fields(layout, cells)))
    return rows


def read_csv(text: str) -> list[Row]:
    """(line number, fields) of a CSV glossary, by its header's names or in CSV_COLUMNS order."""
    reader = csv.reader(io.StringIO(text))
    rows: list[Row] = []
    columns: list[str | None] | None = None
    first = True
    try:
        for record in reader:
            number = reader.line_num
            if not record or not any(c.strip() for c in record):
                continue
            if first:
                first = False
                columns = header(record)
                if columns is not None:
                    rows.extend(_header_warnings(number, record, columns))
                    continue
            layout = columns or CSV_COLUMNS
            if len(record) < 2 or len(record) > len(layout):
                rows.append((number, {"_error": f"expected 2 to {len(layout)} columns, got {len(record)}"}))
                continue
            rows.append((number, _fields(layout, [unguard(c) for c in record])))
    except csv.Error as exc:
        rows.append((reader.line_num, {"_error": f"CSV error: {exc}"}))
    return rows


def _fields(layout: Sequence[str | None], cells: Iterable[str]) -> dict:
    """The row's fields: each named column once (the first of that name), unnamed columns left out."""
    out: dict = {}
    for name, value in zip(layout, cells, strict=False):
        if name is not None and name not in out:
            out[name] = value
    return out


def _header_warnings(number: int, cells: Sequence[str], columns: Sequence[str | None]) -> list[Row]:
    """A _warning row naming the header's columns that are no field, or that name a field twice."""
    seen: set[str] = set()
    odd = []
    for cell, name in zip(cells, columns, strict=True):
        if name is None or name in seen:
            odd.append(cell.strip() or "(empty)")
        elif name:
            seen.add(name)
    if not odd:
        return []
    return [(number, {"_warning": f"column(s) {', '.join(odd)} ignored: not a glossary field, or named twice"})]
