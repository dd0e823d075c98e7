"""The normalisation every imported text gets, and nothing more: NFC and no control characters.

- Unicode NFC: text pasted from macOS arrives decomposed ("cafe" + U+0301); composed, it matches
  the glossary entry "café" and compares equal to what people type elsewhere.
- Control characters cannot be shown, break engines (a NUL flushes Apertium's stream; PostgreSQL
  refuses it in text) and have no meaning in an article. Those that separate lines (vertical tab,
  form feed, U+001C-U+001F, U+0085) become a line break; other C0 and C1 controls (tab, line feed
  and carriage return are kept), DEL, lone surrogates and Unicode noncharacters (U+FDD0-U+FDEF and
  U+xFFFE/U+xFFFF in every plane) are removed.
No Flask here.
"""

from __future__ import annotations

import re
import unicodedata

_LINE_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
_UNWANTED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def clean(text: str) -> str:
    """The text in NFC, with line-separating controls as line breaks and other controls removed."""
    if not text:
        return text
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _UNWANTED.sub("", text)
    return unicodedata.normalize("NFC", text)

