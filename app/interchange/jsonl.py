"""JSON Lines: one object per sentence, every field of the parallel document, UTF-8 unescaped.

Untranslated sentences have target "" and origin null.
"""

from __future__ import annotations

import json

from .base import N_, Exporter, ParallelDoc, Unit, iso_date, message


def record(unit: Unit, doc: ParallelDoc | None = None) -> dict:
    """The JSON object of one sentence pair (with the document's languages, given it)."""
    languages = {"source_lang": doc.source_lang, "target_lang": doc.target_lang} if doc is not None else {}
    return {
        **languages,
        "id": unit.id,
        "key": unit.key,
        "paragraph": unit.paragraph,
        "index": unit.index,
        "kind": unit.kind,
        "source": unit.source,
        "target": unit.target,
        "origin": unit.origin,
        "engine": unit.engine,
        "engine_version": unit.engine_version,
        "glossary_revision": unit.glossary_revision,
        "terms": unit.terms,
        "unknown": unit.unknown,
        "stale": unit.stale,
        "translated_at": iso_date(unit.translated_at),
        "review": unit.review,
        "checks": [{"check": c.get("check"), "severity": c.get("severity"), "message": message(c)}
                   for c in unit.checks],
        "confidence": unit.confidence,
    }


class JSONL(Exporter):
    structured = True
    name = "jsonl"
    label = N_("JSON Lines")
    extension = "jsonl"
    mimetype = "application/jsonl"

    def write(self, doc: ParallelDoc) -> bytes:
        """One compact JSON object per line."""
        dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        return "".join(dump(record(u, doc)) + "\n" for u in doc.units).encode("utf-8")
