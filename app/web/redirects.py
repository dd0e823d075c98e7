"""The one check for every `next` address a form or link asks to go back to."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: object, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirects).

    Refused: anything not starting with one "/" ("//evil", "https://evil", "javascript:"),
    backslashes (browsers read "/\\evil" as "//evil"), and control characters or white space
    (browsers drop a tab, so "/%09/evil" arrives as "/\\t/evil" and would become "//evil").
    """
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
