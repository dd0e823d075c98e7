"""The glossary's answer to "what is this word?": the entries a word or phrase is a form of. No Flask.

The matcher knows every form of an entry (plurals from the generator, possessives, variants), so
"inmates" finds the entry "inmate" with its plural rendering "reclusos". The reader's word lookup
asks here first and the dictionary (app.spanish.lookup) second.
"""

from __future__ import annotations

import re

from .matcher import MAX_SOURCE_CHARS, Matcher

_TAIL = re.compile(r"(?:['’]s?)?[.,;:!?\"”)]*")  # what may follow a term that is the whole text: 's, punctuation


def entries_for(matcher: Matcher, text: str) -> list[dict]:
    """The entries found in text, those covering all of it first: entry id, source, target, the form
    matched and its rendering, kind, domain, note."""
    text = " ".join((text or "").split())[:MAX_SOURCE_CHARS]
    if not text:
        return []
    found = []
    for match in matcher.find(text):
        entry = match.entry
        found.append({
            "entry": entry.id,
            "source": entry.source,
            "target": entry.target,
            "matched": text[match.start:match.end],
            "rendering": match.target,  # the form this text needs: "reclusos" for "inmates"
            "number": match.number,
            "kind": entry.kind,
            "domain": entry.domain,
            "note": entry.note,
            "whole": match.start == 0 and bool(_TAIL.fullmatch(text[match.end:])),
        })
    found.sort(key=lambda item: not item["whole"])
    return found
