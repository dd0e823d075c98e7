"""Plain text for reading: the article sentence by sentence, each English sentence over its translation.

For readers rather than tools: a short header (title in both languages, where it came from, how it
was translated), then one block per sentence (English line, translated line, blank line); a sentence
not translated yet has an empty second line. UTF-8, LF line ends, line breaks inside a sentence
folded into a space so that every block stays three lines. The header's words are English, as in
the bilingual HTML page: it is a document, not the interface.
"""

from __future__ import annotations

from .base import N_, Exporter, ParallelDoc, one_line
from .html import provenance

RULE = "=" * 60


class ReadingText(Exporter):
    name = "text"
    label = N_("Plain text, both languages")
    extension = "txt"
    mimetype = "text/plain"
    audience = "reader"

    def write(self, doc: ParallelDoc) -> bytes:
        """The header, a rule, then the sentence blocks."""
        title_target = doc.translated_title
        head = [one_line(doc.title)]
        if title_target:
            head.append(one_line(title_target))
        if doc.source_url:
            head.append(f"Source: {doc.source_url}")
        head.append(one_line(provenance(doc)))
        lines = [*head, RULE, ""]
        for unit in doc.units:
            lines += [one_line(unit.source), one_line(unit.target), ""]
        return "\n".join(lines).encode("utf-8")
