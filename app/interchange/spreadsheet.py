"""Spreadsheet-safe cells for CSV and TSV files (formula injection, CWE-1236).

A spreadsheet treats a cell that starts with = + - @ (or a tab or carriage return before one) as a
formula, so a sentence such as `=HYPERLINK("http://evil.example", "click")` would run when a
translator opens the export. As OWASP advises, such a cell is written with a leading apostrophe,
which spreadsheets show as text and hide. Importers take the apostrophe off again (`unguard`), so
an exported glossary imports back unchanged.
"""

from __future__ import annotations

# OWASP "CSV Injection": the characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: str) -> str:
    """The cell with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def unguard(cell: str) -> str:
    """Undo guard(): drop the apostrophe in front of a formula character, and only there."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell
