"""Decode a web page's bytes as browsers do: BOM, declared charset, UTF-8, windows-1252, detection.

Only real text encodings are used: the ones the WHATWG Encoding Standard lets a page declare (what
browsers accept). A label naming anything else, a Python codec that is no text encoding ("base64",
"rot13", "hex", "zlib", "undefined"), an escape codec ("unicode_escape", "punycode") or UTF-7 (a
known way to slip script past filters) is ignored, as browsers ignore labels they do not know, and
the page is decoded by the next candidate. No Flask here.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG: pages labelled latin-1 or ASCII are decoded as windows-1252, as browsers do.
_WINDOWS_1252 = {"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "latin1"}
# WHATWG labels Python does not know, or decodes with a narrower codec than browsers do.
_ALIASES = {"gb2312": "gbk", "x-gbk": "gbk", "windows-874": "cp874", "tis-620": "cp874", "iso-8859-11": "cp874",
            "x-mac-cyrillic": "mac-cyrillic", "iso-8859-8-i": "iso8859-8", "x-sjis": "shift_jis"}
# The encodings of the WHATWG Encoding Standard, by their Python codec names (codecs.lookup().name).
TEXT_CODECS = frozenset({
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp866", "koi8-r", "koi8-u", "mac-roman",
    "mac-cyrillic", "cp874", "gbk", "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    *(f"cp125{n}" for n in range(9)),
})


def decode_html(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: BOM, then the header's charset, then <meta charset>, then UTF-8, windows-1252, detection.

    A declared charset that cannot decode the bytes (a server saying utf-8 for a windows-1252 page), or
    that is no text encoding, is skipped, not trusted: the next candidate is tried.
    """
    candidates = []
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            candidates.append(name)
    if header_charset:
        candidates.append(header_charset)
    meta = _META_CHARSET.search(data[:8192])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    candidates += ["utf-8", "cp1252"]  # undeclared: UTF-8, else windows-1252 as browsers assume for English
    for name in candidates:
        codec = text_codec(name)
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeError:  # UnicodeDecodeError, and whatever else a codec raises on bad bytes
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and text_codec(best.encoding or ""):
        return str(best), best.encoding
    return data.decode("cp1252", "replace"), "cp1252"


def text_codec(label: str) -> str | None:
    """The Python codec for a charset label if it names a text encoding browsers accept; None otherwise."""
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name
    except (LookupError, ValueError):  # unknown, or a label with a NUL in it
        return None
    return name if name in TEXT_CODECS else None
