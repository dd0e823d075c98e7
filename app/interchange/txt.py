"""Aligned plain text: a zip of `<slug>.en.txt` and `<slug>.<target_lang>.txt`, line N twins line N.

The usual input of corpus and alignment tools (Moses, OPUS). One sentence a line, LF ends, UTF-8;
line breaks and tabs inside a sentence become one space so lines stay paired; an untranslated
sentence is an empty line.
"""

from __future__ import annotations

import io
import zipfile

from .base import N_, Exporter, ParallelDoc, one_line


class AlignedText(Exporter):
    name = "txt"
    label = N_("Aligned plain text")
    extension = "zip"
    mimetype = "application/zip"

    def write(self, doc: ParallelDoc) -> bytes:
        """A zip with the two line-aligned text files."""
        sides = {
            f"{doc.slug}.{doc.source_lang}.txt": [u.source for u in doc.units],
            f"{doc.slug}.{doc.target_lang}.txt": [u.target for u in doc.units],
        }
        stamp = doc.exported_at.timetuple()[:6]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, lines in sides.items():
                text = "".join(one_line(line) + "\n" for line in lines)
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16  # rw-r--r-- when unzipped
                archive.writestr(info, text.encode("utf-8"))
        return out.getvalue()
