"""XLIFF 2.0 through translate-toolkit: one unit (with one segment) per sentence, id = segment key.

XLIFF 2.0 has only four core states; the finer state goes into `subState` (prefix `paralelo:`):
  machine output            state="initial"     subState="paralelo:machine"
  human edit                state="translated"  subState="paralelo:human"
  stale human edit          state="initial"     subState="paralelo:human-stale"
  no translation yet        state="initial", no `target`
So "translated" means a person wrote it and nothing changed since; the rest awaits a translator.
Provenance and the term report are unit-level notes (`<notes>` before the segment, as the spec
orders them; translate-toolkit would put them inside the segment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

from .base import N_, Exporter, ParallelDoc, Unit, checks_note, provenance_note, terms_note

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def segment_state(unit: Unit) -> tuple[str, str | None]:
    """(state, subState) of a unit's segment."""
    if not unit.translated:
        return "initial", None
    if unit.origin == "human" and unit.stale:
        return "initial", "paralelo:human-stale"
    if unit.origin == "human":
        return "translated", "paralelo:human"
    return "initial", f"paralelo:{unit.origin}"


XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"

class XLIFF2(Exporter):
    structured = True
    name = "xliff2"
    label = N_("XLIFF 2.0")
    extension = "xliff2.xlf"
    mimetype = "application/xliff+xml"

    def write(self, doc: ParallelDoc) -> bytes:
        """An XLIFF 2.0 file with one unit per sentence."""
        from translate.storage import xliff2 as tt_xliff2  # loaded when an XLIFF is written

        store = tt_xliff2.Xliff2File(sourcelanguage=doc.source_lang, targetlanguage=doc.target_lang)
        store.setsourcelanguage(doc.source_lang)
        store.settargetlanguage(doc.target_lang)
        store.setfilename(store.body, doc.slug)
        for unit in doc.units:
            segment = store.addsourceunit(unit.source)
            segment.setid(unit.key)
            if unit.translated:
                segment.settarget(unit.target)
            state, sub_state = segment_state(unit)
            # XLIFF 2.0 allows xml:space on the unit, not on the segment where the toolkit puts it
            space = segment.xmlelement.attrib.pop(XML_SPACE, None)
            if space:
                segment.getunitelement().set(XML_SPACE, space)
            segment.xmlelement.set("state", state)
            if sub_state:
                segment.xmlelement.set("subState", sub_state)
            notes = [provenance_note(unit) if unit.translated else "", terms_note(unit), checks_note(unit)]
            add_notes(segment.getunitelement(), [n for n in notes if n])
        return bytes(store)


def add_notes(unit_element: etree._Element, texts: list[str]) -> None:
    """Put a `<notes>` container first in the unit, one `<note category="paralelo">` per text."""
    if not texts:
        return
    from lxml import etree

    ns = unit_element.nsmap.get(None) or XLIFF2_NS
    notes = etree.Element(f"{{{ns}}}notes")
    for text in texts:
        etree.SubElement(notes, f"{{{ns}}}note", category="paralelo").text = text
    unit_element.insert(0, notes)
