"""TSV and CSV: a header, then a row per sentence: id, paragraph, source, target, origin, engine.

CSV is RFC 4180 through the csv module (quoted where needed, CRLF rows, UTF-8 without a BOM), so
commas, quotes and line breaks inside a sentence survive. TSV has no quoting convention: tabs and
line breaks inside a sentence are replaced by one space, so every row is one line (`cut -f4` works).
Untranslated sentences have an empty target and origin. A cell a spreadsheet would run as a
formula (starting with = + - @) gets OWASP's leading apostrophe (app.interchange.spreadsheet).
"""

from __future__ import annotations

import csv
import io

from .base import N_, Exporter, ParallelDoc, Unit, one_line
from .spreadsheet import guard

COLUMNS = ("id", "paragraph", "source", "target", "origin", "engine")


def row(unit: Unit) -> list[str]:
    """The cells of one sentence pair, in COLUMNS order (formula cells neutralised)."""
    return [
        unit.key, str(unit.paragraph), guard(unit.source), guard(unit.target),
        unit.origin or "", unit.engine or "",
    ]


class TSV(Exporter):
    name = "tsv"
    label = N_("Tab-separated values")
    extension = "tsv"
    mimetype = "text/tab-separated-values"

    def write(self, doc: ParallelDoc) -> bytes:
        """Tab-separated rows, one line each, LF line ends."""
        lines = ["\t".join(COLUMNS)]
        lines += ["\t".join(guard(one_line(cell)) for cell in row(unit)) for unit in doc.units]
        return ("\n".join(lines) + "\n").encode("utf-8")


class CSV(Exporter):
    name = "csv"
    label = N_("CSV spreadsheet")
    extension = "csv"
    mimetype = "text/csv"

    def write(self, doc: ParallelDoc) -> bytes:
        """RFC 4180 CSV."""
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(row(unit) for unit in doc.units)
        return out.getvalue().encode("utf-8")
