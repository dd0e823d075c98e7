"""A self-contained, print-friendly bilingual HTML page: two columns, one table row per sentence.

No external assets and no scripts (inline CSS only), so it can be mailed, archived or printed as is.
Every piece of text is escaped. One `tbody` per paragraph keeps paragraphs together on paper; rows
carry the segment key (`id`, `data-key`) and origin; CSS marks human edits with a dagger.
The page's own words (headings, provenance line) are English: it is a document, not the interface.
"""

from __future__ import annotations

from itertools import groupby

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from .base import N_, Exporter, ParallelDoc, Unit

STYLE = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; margin: 2em auto; max-width: 60em;
       padding: 0 1em; color: #111; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
.title-target { font-size: 1.2em; font-style: italic; margin: 0 0 .6em; }
.byline, .source, .provenance { color: #444; font-size: .9em; margin: .2em 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1.2em; table-layout: fixed; }
th { text-align: left; border-bottom: 2px solid #333; padding: .3em .6em; }
td { vertical-align: top; padding: .15em .6em; width: 50%; white-space: pre-line; }
td + td, th + th { border-left: 1px solid #bbb; }
tbody { break-inside: avoid; page-break-inside: avoid; }
tbody + tbody tr:first-child td { padding-top: .8em; }
.kind-title td { font-weight: bold; font-size: 1.15em; }
.kind-heading td { font-weight: bold; }
.kind-byline td, .kind-caption td { font-style: italic; color: #444; }
td.human::after { content: " \\2020"; color: #666; }
td.stale::after { content: " \\2020\\2021"; color: #a00; }
td.untranslated { background: #f3f3f3; }
@page { margin: 1.8cm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def language_name(code: str) -> str:
    """'es-419' -> 'Spanish (Latin America)'; the code itself if Babel does not know it."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


def provenance(doc: ParallelDoc) -> str:
    """The line under the title: engines, target locale, post-edits, export date."""
    target = f"{language_name(doc.target_lang)} ({doc.target_lang})"
    if doc.engines:
        parts = [f"Machine translation into {target} by {', '.join(doc.engines)}."]
    else:
        parts = [f"Translation into {target}."]
    if doc.human_count:
        sentences = "1 sentence" if doc.human_count == 1 else f"{doc.human_count} sentences"
        parts.append(f"{sentences} post-edited by a person (marked \u2020).")
    if any(u.stale for u in doc.units):
        parts.append("\u2020\u2021 marks an edit made before a later glossary change.")
    if any(not u.translated for u in doc.units):
        parts.append("Shaded cells are not translated yet.")
    stamp = doc.exported_at.strftime("%Y-%m-%d %H:%M UTC")
    parts.append(f"Exported {stamp} by {doc.tool} {doc.tool_version}.")
    return " ".join(parts)


def source_line(doc: ParallelDoc) -> Markup:
    """Author, site, publication date and a link to the original, when the article came from a web page."""
    parts = []
    if doc.author:
        parts.append(Markup("By {}").format(doc.author))
    if doc.site_name:
        parts.append(Markup("{}").format(doc.site_name))
    if doc.published:
        parts.append(Markup('<time datetime="{0}">{0}</time>').format(doc.published.isoformat()))
    if doc.source_url:
        parts.append(Markup('<a href="{0}">{0}</a>').format(doc.source_url))
    if not parts:
        return Markup("")
    return Markup('<p class="source">{}</p>\n').format(Markup(" · ").join(parts))


def row(unit: Unit, source_lang: str, target_lang: str) -> Markup:
    """One sentence pair as a table row."""
    classes = ["untranslated"] if not unit.translated else [unit.origin or ""]
    if unit.stale:
        classes.append("stale")
    return Markup(
        '<tr id="{key}" data-key="{key}" data-origin="{origin}">'
        '<td class="src" lang="{src_lang}">{source}</td>'
        '<td class="tgt {classes}" lang="{lang}">{target}</td></tr>'
    ).format(
        key=unit.key, origin=unit.origin or "", src_lang=source_lang, source=unit.source,
        classes=" ".join(classes), lang=target_lang, target=unit.target,
    )


class BilingualHTML(Exporter):
    name = "html"
    label = N_("Printable page, both languages")
    extension = "html"
    mimetype = "text/html"
    audience = "reader"

    def write(self, doc: ParallelDoc) -> bytes:
        """The whole page as UTF-8."""
        title_target = doc.translated_title
        bodies = []
        for _, group in groupby(doc.units, key=lambda u: u.paragraph):
            units = list(group)
            rows = Markup("\n").join(row(u, doc.source_lang, doc.target_lang) for u in units)
            body = Markup('<tbody class="kind-{}">\n{}\n</tbody>')
            bodies.append(body.format(units[0].kind, rows))
        page = Markup(
            "<!doctype html>\n"
            '<html lang="{src_lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="{tool} {version}">\n'
            "<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n<header>\n"
            "<h1>{title}</h1>\n{title_target}{byline}{source}"
            '<p class="provenance">{provenance}</p>\n</header>\n'
            "<table>\n<thead><tr>"
            '<th scope="col">{src_name}</th><th scope="col">{tgt_name}</th>'
            "</tr></thead>\n{bodies}\n</table>\n</body>\n</html>\n"
        ).format(
            src_lang=doc.source_lang, tool=doc.tool, version=doc.tool_version, title=doc.title,
            style=Markup(STYLE),
            title_target=Markup('<p class="title-target" lang="{}">{}</p>\n').format(
                doc.target_lang, title_target) if title_target else "",
            byline=Markup('<p class="byline">{}</p>\n').format(doc.byline) if doc.byline else "",
            source=source_line(doc),
            provenance=provenance(doc),
            src_name=language_name(doc.source_lang), tgt_name=language_name(doc.target_lang),
            bodies=Markup("\n").join(bodies),
        )
        return str(page).encode("utf-8")
