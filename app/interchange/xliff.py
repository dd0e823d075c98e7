"""XLIFF 1.2 through translate-toolkit: one trans-unit per sentence, id = segment key.

States (on `target`), chosen so that a CAT tool shows what still needs a translator's eye:
  machine output            needs-review-translation, state-qualifier="mt-suggestion"
  template (byline, credit) needs-review-translation (written by Paralelo's furniture templates)
  human edit                translated, and approved="yes" on the trans-unit: a person's post-edit
                            is the final word here, and translate-toolkit (Weblate, Pootle) reads
                            an unapproved target as fuzzy
  stale human edit          needs-review-translation (edited before a later glossary change)
  no translation yet        no `target` element (XLIFF's way of saying "new")
Each unit carries its segment key as id and resname, and notes with its provenance and its term
report. The notes say from="developer": translate-toolkit (xliff2po, Weblate, Pootle) keeps such
notes as extracted comments and drops notes from anyone else.
"""

from __future__ import annotations

import functools

from .base import N_, Exporter, ParallelDoc, Unit, checks_note, provenance_note, terms_note

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"


@functools.cache
def xliff12_store() -> type:
    """translate-toolkit's XLIFF store in the 1.2 namespace (its default is 1.1), made on first use so that
    translate-toolkit and lxml load when an XLIFF is written, not at start-up."""
    from translate.storage import xliff as tt_xliff

    class Xliff12Unit(tt_xliff.xliffunit):
        namespace = XLIFF12_NS

    class Xliff12File(tt_xliff.xlifffile):
        UnitClass = Xliff12Unit
        namespace = XLIFF12_NS
        XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version="1.2" xmlns="{XLIFF12_NS}">
<file original="NoName" source-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""

    return Xliff12File


def target_state(unit: Unit) -> tuple[str, str | None]:
    """(state, state-qualifier) of a translated unit's `target`."""
    if unit.origin == "machine" and unit.review in ("reviewed", "approved"):
        return ("signed-off" if unit.review == "approved" else "translated"), "mt-suggestion"
    if unit.origin == "machine":
        return "needs-review-translation", "mt-suggestion"
    if unit.origin == "template":
        return "needs-review-translation", None
    if unit.review == "approved":
        return "signed-off", None
    return ("needs-review-translation" if unit.stale else "translated"), None


class XLIFF(Exporter):
    structured = True
    name = "xliff"
    label = N_("XLIFF 1.2")
    extension = "xlf"
    mimetype = "application/x-xliff+xml"

    def write(self, doc: ParallelDoc) -> bytes:
        """An XLIFF 1.2 file with one trans-unit per sentence."""
        from lxml import etree

        store = xliff12_store()(sourcelanguage=doc.source_lang, targetlanguage=doc.target_lang)
        store.switchfile(doc.slug, createifmissing=True)
        filenode = store.getfilenode(doc.slug)
        filenode.set("tool-id", "paralelo")
        header = etree.Element(store.namespaced("header"))
        etree.SubElement(header, store.namespaced("tool"), {
            "tool-id": "paralelo", "tool-name": doc.tool, "tool-version": doc.tool_version,
        })
        for name, value in doc.source_fields:  # where the article came from
            note = etree.SubElement(header, store.namespaced("note"), {"from": "paralelo"})
            note.text = f"{name}: {value}"
        filenode.insert(0, header)  # the header comes before the body
        for unit in doc.units:
            tu = store.addsourceunit(unit.source, filename=doc.slug)
            tu.setid(unit.key)
            tu.xmlelement.set("resname", unit.key)  # the id tools show and keep (xliff2po: #: location)
            if unit.translated:
                tu.settarget(unit.target)
                state, qualifier = target_state(unit)
                target = tu.getlanguageNode(index=1)
                target.set("state", state)
                if qualifier:
                    target.set("state-qualifier", qualifier)
                if state in ("translated", "signed-off"):
                    tu.xmlelement.set("approved", "yes")
                else:
                    tu.xmlelement.attrib.pop("approved", None)  # the toolkit sets it on settarget
                tu.addnote(provenance_note(unit), origin="developer")
            if unit.terms:
                tu.addnote(terms_note(unit), origin="developer")
            if unit.checks:
                tu.addnote(checks_note(unit), origin="developer")
        return bytes(store)
