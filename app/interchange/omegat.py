"""An OmegaT project (zip) ready to open: source text, our translations as an auto TM, glossary, rules.

Layout (OmegaT 3.x and later):

- `omegat.project`: English -> the article's locale (es-419 as OmegaT writes it);
- `source/<slug>.txt`: the English, one sentence a line, a blank line between paragraphs, so the
  target file OmegaT writes pairs line by line with ours (and can be imported back);
- `tm/auto/<slug>.tmx`: our current translations (OmegaT inserts 100 % matches from tm/auto);
- `glossary/glossary.txt`: OmegaT's tab format, source TAB target TAB comment (the entry's note);
- `omegat/segmentation.conf`: OmegaT's SRX rules (Java beans XML), generated from the article's
  own segments: a no-break exception for every place inside one of our sentences where a
  full stop, question mark or ellipsis is followed by a space, then the usual break rules. Because
  they come from the stored segments, they follow whatever sentence splitter made them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from xml.sax.saxutils import escape

from .base import N_, Exporter, ParallelDoc, one_line
from .tmx import TMX

# A sentence-final mark, closing quotes or brackets, then white space: where OmegaT may break.
BREAK_BEFORE = r"[.?!…]+[\"'”’»)\]]*"
BREAK_AFTER = r"\s"
_INSIDE = re.compile(r"(\S*?[.?!…]+[\"'”’»)\]]*)\s+(?=(\S+))")

PROJECT = """<?xml version="1.0" encoding="UTF-8"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes>
      <mask>**/.svn/**</mask>
      <mask>**/CVS/**</mask>
      <mask>**/.cvs/**</mask>
      <mask>**/desktop.ini</mask>
      <mask>**/Thumbs.db</mask>
      <mask>**/.DS_Store</mask>
    </source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{source}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.{source_tok}</source_tok>
    <target_tok>org.omegat.tokenizer.{target_tok}</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


TOKENIZERS = {"en": "LuceneEnglishTokenizer", "es": "LuceneSpanishTokenizer"}


def tokenizer(code: str) -> str:
    """OmegaT's tokenizer class for a language (es-419 -> the Spanish one)."""
    return TOKENIZERS.get(code.split("-")[0].lower(), "LuceneEnglishTokenizer")


def omegat_locale(code: str) -> str:
    """OmegaT's form of a language code: es-419 -> es-419, es-sv -> es-SV, en -> EN stays en."""
    lang, _, region = code.partition("-")
    return f"{lang.lower()}-{region.upper()}" if region else lang.lower()


def source_text(doc: ParallelDoc) -> str:
    """The source text: one sentence a line, a blank line between paragraphs."""
    paragraphs: list[list[str]] = []
    last = None
    for unit in doc.units:
        if unit.paragraph != last:
            paragraphs.append([])
            last = unit.paragraph
        paragraphs[-1].append(one_line(unit.source).strip())
    return "\n\n".join("\n".join(p) for p in paragraphs) + "\n"


def no_break_rules(sentences: list[str]) -> list[tuple[str, str]]:
    """(before, after) regexes for every break candidate inside one of our sentences."""
    rules: dict[tuple[str, str], None] = {}
    for sentence in sentences:
        for m in _INSIDE.finditer(sentence):
            rules[(re.escape(m.group(1)), BREAK_AFTER + r"+" + re.escape(m.group(2)))] = None
    return list(rules)


def _rule(before: str, after: str, breaks: bool) -> str:
    return (
        '       <void method="add">\n'
        '        <object class="org.omegat.core.segmentation.Rule">\n'
        f'         <void property="afterbreak"><string>{escape(after)}</string></void>\n'
        f'         <void property="beforebreak"><string>{escape(before)}</string></void>\n'
        f'         <void property="breakRule"><boolean>{str(breaks).lower()}</boolean></void>\n'
        "        </object>\n"
        "       </void>\n"
    )


def _map_rule(language: str, pattern: str, rules: list[str]) -> str:
    return (
        '   <void method="add">\n'
        '    <object class="org.omegat.core.segmentation.MapRule">\n'
        f'     <void property="language"><string>{language}</string></void>\n'
        f'     <void property="pattern"><string>{pattern}</string></void>\n'
        '     <void property="rules">\n'
        '      <object class="java.util.ArrayList">\n'
        + "".join(rules)
        + "      </object>\n"
        "     </void>\n"
        "    </object>\n"
        "   </void>\n"
    )


def segmentation_conf(doc: ParallelDoc) -> str:
    """OmegaT's segmentation.conf (java.beans.XMLEncoder form of its SRX object) for this article."""
    sentences = [one_line(u.source).strip() for u in doc.units]
    exceptions = [_rule(b, a, False) for b, a in no_break_rules(sentences)]
    breaks = [_rule(BREAK_BEFORE, BREAK_AFTER, True)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<java version="1.8.0" class="java.beans.XMLDecoder">\n'
        ' <object class="org.omegat.core.segmentation.SRX">\n'
        '  <void property="mappingRules">\n'
        + _map_rule("Paralelo (generated from the article's sentences)", "EN.*", exceptions + breaks)
        + _map_rule("Default", ".*", breaks)
        + "  </void>\n"
        '  <void property="segmentSubflows"><boolean>true</boolean></void>\n'
        '  <void property="version"><string>0.2.2</string></void>\n'
        " </object>\n"
        "</java>\n"
    )


def glossary_text(rows: list[tuple[str, str, str]]) -> str:
    """OmegaT's glossary format: source TAB target TAB comment, one entry a line, no header."""
    return "".join("\t".join(one_line(c).strip() for c in row) + "\n" for row in rows)


class OmegaTProject(Exporter):
    structured = True
    name = "omegat"
    label = N_("OmegaT project")
    extension = "omegat.zip"
    mimetype = "application/zip"
    needs_glossary = True

    def write(self, doc: ParallelDoc) -> bytes:
        """A zip of a ready OmegaT project for the article."""
        # one line each, as in the source file: a line break in a target would shift the target file's lines
        folded = replace(doc, units=[
            replace(u, source=one_line(u.source).strip(), target=one_line(u.target).strip()) for u in doc.units
        ])
        top = f"{doc.slug}-omegat/"
        files = {
            "omegat.project": PROJECT.format(
                source=omegat_locale(doc.source_lang), target=omegat_locale(doc.target_lang),
                source_tok=tokenizer(doc.source_lang), target_tok=tokenizer(doc.target_lang)
            ),
            f"source/{doc.slug}.txt": source_text(doc),
            f"tm/auto/{doc.slug}.tmx": TMX().write(folded),
            "glossary/glossary.txt": glossary_text(list(doc.glossary)),
            "omegat/segmentation.conf": segmentation_conf(doc),
        }
        stamp = doc.exported_at.timetuple()[:6]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for folder in ("target/", "dictionary/"):
                archive.writestr(zipfile.ZipInfo(top + folder, stamp), b"")
            for name, text in files.items():
                info = zipfile.ZipInfo(top + name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, text if isinstance(text, bytes) else text.encode("utf-8"))
        return out.getvalue()
