"""TMX 1.4b, level 1 (plain text, no inline markup), through translate-toolkit, with provenance.

One `tu` per translated sentence, `tuid` = segment key. Untranslated sentences are left out: an
empty target in a translation memory would be offered as a match. Provenance goes into `prop`
elements with the `x-` prefix TMX asks for user-defined types: x-origin, x-kind, x-engine,
x-engine-version, x-glossary-revision, and x-stale on stale human edits; the term report goes into
a `note`.
"""

from __future__ import annotations

from .base import N_, Exporter, ParallelDoc, Unit, terms_note, tmx_date


def unit_props(unit: Unit) -> list[tuple[str, str]]:
    """The (type, value) pairs written as `prop` elements of a unit's `tu`."""
    props = [("x-origin", unit.origin or ""), ("x-kind", unit.kind)]
    if unit.engine:
        props.append(("x-engine", unit.engine))
    if unit.engine_version:
        props.append(("x-engine-version", unit.engine_version))
    if unit.glossary_revision is not None:
        props.append(("x-glossary-revision", str(unit.glossary_revision)))
    if unit.confidence is not None:
        kind = "alignment" if unit.engine == "aligned" else "engine"
        props.append((f"x-{kind}-confidence", f"{unit.confidence:.2f}"))
    if unit.stale:
        props.append(("x-stale", "true"))
    if unit.review:
        props.append(("x-review", unit.review))
    return props


class TMX(Exporter):
    structured = True
    name = "tmx"
    label = N_("TMX translation memory")
    extension = "tmx"
    mimetype = "application/x-tmx+xml"

    def write(self, doc: ParallelDoc) -> bytes:
        """A TMX 1.4b memory of the translated sentence pairs."""
        from lxml import etree  # translate-toolkit and lxml load when a memory is written, not at start-up
        from translate.storage import tmx as tt_tmx

        store = tt_tmx.tmxfile(sourcelanguage=doc.source_lang, targetlanguage=doc.target_lang)
        store.addheader()
        header = store.document.getroot().find("header")
        header.attrib.update({
            "creationtool": doc.tool,
            "creationtoolversion": doc.tool_version,
            "creationdate": tmx_date(doc.exported_at),
            "datatype": "plaintext",
            "o-tmf": doc.tool,
            "adminlang": "en",
            "srclang": doc.source_lang,
        })
        for name, value in doc.source_fields:  # where the article came from: x-source-url, x-author, ...
            prop = etree.SubElement(header, "prop", type=f"x-{name}")
            prop.text = value
        for unit in doc.units:
            if not unit.translated:
                continue
            tu = store.addsourceunit(unit.source, doc.source_lang)
            tu.settarget(unit.target, doc.target_lang, append=True)
            element = tu.xmlelement
            element.set("tuid", unit.key)
            if unit.translated_at:
                element.set("creationdate", tmx_date(unit.translated_at))
            first_tuv = element.find("tuv")
            for kind, value in unit_props(unit):
                prop = etree.Element("prop", type=kind)
                prop.text = value
                first_tuv.addprevious(prop)
            if unit.terms:
                tu.addnote(terms_note(unit))
        # no DOCTYPE: translate-toolkit's names a tmx14.dtd that would not be found beside the file
        return etree.tostring(store.document.getroot(), pretty_print=True, xml_declaration=True, encoding="UTF-8")
