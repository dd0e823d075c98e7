"""TMX files and the translation memory: read TMX from OmegaT, Trados, memoQ or Paralelo into it, write it out.

TMX 1.1 to 1.4b, read with lxml without resolving entities, loading DTDs or touching the network.
Inline codes (bpt, ept, ph, it, ut) are dropped, their text being native markup; hi and sub keep
their text. Each unit is reported: added, duplicate, or skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from sqlalchemy.orm import Session

from app.core.messages import N_, UserError
from app.core.models import TMUnit, utcnow
from app.translation import memory

from .base import tmx_date

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_IMPORT_BYTES = 20_000_000
_CODES = {"bpt", "ept", "ph", "it", "ut"}


class TMXError(UserError):
    """The file cannot be read as TMX; the message says why."""


@dataclass
class TU:
    """One translation unit: its languages' texts and metadata."""

    number: int
    tuid: str | None
    texts: dict[str, str]  # language code (as written) -> text
    created_at: datetime | None = None
    author: str | None = None
    note: str = ""


@dataclass
class ImportReport:
    """What happened to each unit of an imported TMX."""

    units: list[dict] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for u in self.units if u["status"] == status)

    def summary(self) -> str:
        return (f"{self.count('added')} added, {self.count('duplicate')} duplicates, "
                f"{self.count('skipped')} skipped")

    def as_dict(self) -> dict:
        return {"added": self.count("added"), "duplicates": self.count("duplicate"),
                "skipped": self.count("skipped"), "units": self.units}


def seg_text(seg: etree._Element) -> str:
    """The plain text of a `seg`, without inline codes, comments or processing instructions.

    Entities are never expanded (billion laughs, XXE): a reference to one the file declares stays
    as it is written ("&name;"), so no text is silently lost.
    """
    parts = [seg.text or ""]
    for child in seg:
        if isinstance(child, etree._Entity):
            parts.append(child.text or "")
        elif isinstance(child.tag, str) and etree.QName(child).localname not in _CODES:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def parse_date(value: str | None) -> datetime | None:
    """A TMX date (20250317T120000Z), or None."""
    try:
        return datetime.strptime(value or "", "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None


def read(data: bytes) -> tuple[str | None, list[TU]]:
    """(header srclang, units) of a TMX file; TMXError if it is not one."""
    if len(data) > MAX_IMPORT_BYTES:
        raise TMXError(N_("The file is over %(limit)s bytes."), limit=f"{MAX_IMPORT_BYTES:,}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TMXError(N_("The TMX file could not be parsed: %(error)s"), error=str(exc)) from None
    if etree.QName(root).localname != "tmx":
        raise TMXError(N_("This is not a TMX file (its root element is not <tmx>)."))
    header = root.find("header")
    srclang = header.get("srclang") if header is not None else None
    units = []
    for number, tu in enumerate(root.iter("tu"), 1):
        texts = {}
        dated = [tu]  # OmegaT dates the target tuv, others the tu
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if lang and seg is not None:
                texts.setdefault(lang, seg_text(seg))
                dated.append(tuv)
        dates = [d for d in (parse_date(e.get("changedate") or e.get("creationdate")) for e in dated) if d]
        authors = [a for a in (e.get("changeid") or e.get("creationid") for e in dated) if a]
        notes = [n.text or "" for n in tu.findall("note")]
        units.append(TU(
            number=number,
            tuid=tu.get("tuid"),
            texts=texts,
            created_at=max(dates) if dates else None,
            author=authors[0] if authors else None,
            note="; ".join(n for n in notes if n),
        ))
    return srclang, units


def pick(texts: dict[str, str], wanted: str) -> tuple[str, str] | None:
    """The (language, text) matching `wanted` exactly (any case), else by its primary language."""
    lowered = {k.lower(): k for k in texts}
    if wanted.lower() in lowered:
        lang = lowered[wanted.lower()]
        return lang, texts[lang]
    primary = wanted.split("-")[0].lower()
    for lang, text in texts.items():
        if lang.lower().split("-")[0].split("_")[0] == primary:
            return lang, text
    return None


def import_tmx(
    session: Session, data: bytes, who: str, locale: str | None = None, source_lang: str = "en",
    origin: str = "import",
) -> ImportReport:
    """Add a TMX's en -> es units to the memory; `locale` stores them as that variant (default: as written)."""
    _srclang, units = read(data)
    report = ImportReport()
    for tu in units:
        item = {"unit": tu.number, "tuid": tu.tuid}
        source = pick(tu.texts, source_lang)
        others = {k: v for k, v in tu.texts.items() if source is None or k != source[0]}
        target = pick(others, locale or "es")
        if source is None:
            report.units.append({**item, "status": "skipped", "reason": N_("no English text")})
        elif target is None:
            report.units.append({**item, "status": "skipped", "reason": N_("no Spanish text")})
        elif not memory.normalise(source[1]) or not memory.normalise(target[1]):
            report.units.append({**item, "status": "skipped", "reason": N_("empty text")})
        elif len(target[1]) > 5000 or len(source[1]) > 5000:
            report.units.append({**item, "status": "skipped", "reason": N_("longer than 5000 characters")})
        else:
            unit_locale = locale or _locale_code(target[0])
            # a date in the future is a claim, not a right: it would outrank every later unit
            dated = min(tu.created_at, utcnow()) if tu.created_at else None
            _unit, added = memory.remember(
                session, source[1], target[1], unit_locale, origin,
                author=(tu.author or who)[:80], note=tu.note, created_at=dated,
            )
            report.units.append({**item, "status": "added" if added else "duplicate", "locale": unit_locale})
    return report


def _locale_code(lang: str) -> str:
    """es_ES / ES-419 -> es-ES / es-419."""
    language, _, region = lang.replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def source_lang_of(locale: str) -> str:
    """The language a memory unit's source is in: English for a Spanish target, Spanish for "en"."""
    return "es" if locale.split("-")[0] == "en" else "en"


def _srclang(units: list[TMUnit]) -> str:
    """The header's source language: the units' one, or "*all*" when both directions are there (TMX 1.4)."""
    found = {source_lang_of(u.locale) for u in units}
    return found.pop() if len(found) == 1 else ("en" if not found else "*all*")


def write(units: list[TMUnit], exported_at: datetime, tool_version: str,
          author: Callable[[str | None], str | None] = lambda who: who) -> bytes:
    """The memory as TMX 1.4b (no DOCTYPE), one `tu` per unit with origin, article and note; `author`
    gives the creationid the reader may see (app.web.authors: "editor" for anonymous readers)."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "Paralelo", "creationtoolversion": tool_version, "segtype": "sentence",
        "o-tmf": "Paralelo", "adminlang": "en", "srclang": _srclang(units), "datatype": "plaintext",
        "creationdate": tmx_date(exported_at),
    })
    body = etree.SubElement(root, "body")
    for unit in units:
        attrs = {"tuid": f"tm{unit.id}", "creationdate": tmx_date(unit.created_at)}
        who = author(unit.author)
        if who:
            attrs["creationid"] = who
        tu = etree.SubElement(body, "tu", attrs)
        etree.SubElement(tu, "prop", type="x-origin").text = unit.origin
        if unit.article is not None:
            etree.SubElement(tu, "prop", type="x-article").text = unit.article.slug
        if unit.note:
            etree.SubElement(tu, "note").text = unit.note
        for lang, text in ((source_lang_of(unit.locale), unit.source), (unit.locale, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
