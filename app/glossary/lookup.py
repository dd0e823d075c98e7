"""The glossary's answer to "what is this word?": the entries a word or phrase is a form of. No Flask.

The matcher knows every form of an entry (plurals from the generator, possessives, variants), so
"inmates" finds the entry "inmate" with its plural rendering "reclusos". The reader's word lookup
asks here first and the dictionary (app.spanish.lookup) second.
"""

from __future__ import annotations

import re

from . import reverse
from .matcher import MAX_SOURCE_CHARS, Matcher

_TAIL = re.compile(r"(?:['’]s?)?[.,;:!?\"”)]*")  # what may follow a term that is the whole text: 's, punctuation


def entries_for(matcher: Matcher, text: str, lang: str = "en") -> list[dict]:
    """The entries found in text (English, or Spanish with lang "es": the glossary read in reverse),
    those covering all of it first: entry id, source, target, the form matched and its rendering (the
    other language's form this text needs), kind, domain, note."""
    text = " ".join((text or "").split())[:MAX_SOURCE_CHARS]
    if not text:
        return []
    if lang == "es":
        entries = {e.id: e for e in matcher.all_entries}
        spans = [(t.start, t.end, entries[t.entry_id], t.target, t.number)
                 for t in reverse.for_matcher(matcher).terms(text) if t.entry_id in entries]
    else:
        spans = [(m.start, m.end, m.entry, m.target, m.number) for m in matcher.find(text)]
    found = []
    for start, end, entry, rendering, number in spans:
        found.append({
            "entry": entry.id,
            "source": entry.source,
            "target": entry.target,
            "matched": text[start:end],
            "rendering": rendering,  # what this text needs: "reclusos" for "inmates", "gang members" for "pandilleros"
            "number": number,
            "kind": entry.kind,
            "domain": entry.domain,
            "note": entry.note,
            "whole": start == 0 and bool(_TAIL.fullmatch(text[end:])),
        })
    found.sort(key=lambda item: not item["whole"])
    return found
