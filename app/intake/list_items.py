"""Numbered and lettered lists run into one paragraph: where each item after the first starts.

A paragraph that opens with a list marker ("1.", "1.)", "2)", "• 9.", "⁃9.", "a.") and later holds the
next markers of the same style in sequence ("2.", "3." ... or "b.", "c." ...) is a list written on one
line: each item is a sentence of its own, whether or not it ends with a full stop ("1. The first item
2. The second item"). Only a paragraph that starts with a marker counts, so an enumeration inside a
sentence ("three groups: 1) minors, 2) asylum seekers and 3) residents") stays whole. Capital letters
are left out ("A. Smith met B. Jones" is two initials, not a list), and so are roman numerals.
"""

from __future__ import annotations

import re

# A piece that is only a list marker, optionally after a bullet: "1.", "12.", "1.)", "a)", "(b)", "A.",
# "iv.", "• 9.", "⁃10."; the segmenter never ends a sentence right after one.
MARKER = re.compile(r"(?:[•⁃‣◦▪*]\s*)?\(?(?:\d{1,3}|[A-Za-z]|[ivxlc]{2,6})(?:\.\)|[.)])")
_BULLETS = "•⁃‣◦▪*"
_FIRST = re.compile(rf"(?P<bullet>[{_BULLETS}]?)\s*(?P<open>\(?)(?P<value>\d{{1,3}}|[a-z])(?P<close>\.\)|[.)])\s")


def item_starts(text: str) -> list[int]:
    """Offsets where the second, third ... items of a one-paragraph list start (empty if it is no list)."""
    first = _FIRST.match(text)
    if not first:
        return []
    value = first["value"]
    bullet = re.escape(first["bullet"]) + r"\s*" if first["bullet"] else ""
    style = re.escape(first["open"]) + "{}" + re.escape(first["close"])
    starts: list[int] = []
    position = first.end()
    while True:
        value = str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
        if not value.isdigit() and value > "z":
            break
        found = re.compile(rf"(?<=\s){bullet}{style.format(value)}\s+\S").search(text, position)
        if not found:
            break
        starts.append(found.start())
        position = found.end()
    return starts
