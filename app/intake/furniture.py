"""News furniture (bylines, datelines, credit lines) recognised at import and written by template.

An engine mangles these ("Posted on March 17" -> "Posted encima 17 de marzo"), and they follow
fixed patterns, so they never go to an engine: the pattern is recognised, its parts (date, names,
agency, place) are taken out, and the Spanish is written from a template with a Babel date and the
names in their usual case. The result's provenance is "template", never an engine's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.core.terms import Term
from app.spanish import localize

KINDS = ("byline", "dateline", "credit")  # segment kinds rendered by template
TERM_KIND = "template"  # a photo-caption lead-in, enforced like a glossary term
ORIGIN = "template"

_DATE_WORDS = r"[A-Z][a-z]+\.? \d{1,2}, \d{4}"
_TIME = r"(?:,? (?:at )?[\d:]+ ?[AaPp]\.?[Mm]\.?(?: [A-Z]{2,4})?)?"
_BYLINE_POSTED = re.compile(
    rf"^(?:Posted|Published|Updated)(?: on)? (?P<date>{_DATE_WORDS}){_TIME}"
    r",? by (?P<names>.+?)(?:\s*[·|]\s*(?P<agency>[^·|]+?))?\s*[·|]?$"
)
_BYLINE_BY = re.compile(r"^By (?P<names>[^·|]+?)(?:\s*[·|]\s*(?P<agency>[^·|]+?))?\s*[·|]?$")
_DATELINE = re.compile(
    r"^(?P<dateline>[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.'’ -]+(?:, [A-ZÁÉÍÓÚÑ][\w.'’ -]+)? \((?:AP|Reuters|AFP|EFE)\) ?[—–-]+) "
    r"(?P<rest>\S.*)$"
)
_REPORTED = re.compile(r"^(?P<names>[^.]+?) reported from (?P<place>[^.]+(?:\.[^.\s][^.]*)*?)\.$")
_CONTRIBUTED = re.compile(
    r"^(?:(?P<agency>The Associated Press|Associated Press|AP|Reuters) (?P<role>writers?|journalists?|"
    r"reporters?|correspondents?|videojournalists?|photographers?) )?(?P<names>[^.]+?)"
    r"(?: in (?P<place>[^.]+?))? contributed(?: to this (?:report|story))?\.$"
)
_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "van", "von", "der", "di", "du"}
)
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


@dataclass(frozen=True)
class Furniture:
    """A recognised piece of furniture: its kind and a function writing it in a locale."""

    kind: str
    render: Callable[[str], str]


def recognise(text: str) -> Furniture | None:
    """The furniture a whole paragraph is (byline or credit line), if any."""
    text = " ".join(text.split())
    m = _BYLINE_POSTED.match(text)
    if m:
        return Furniture("byline", lambda loc, m=m: _byline(m, loc, posted=True))
    m = _BYLINE_BY.match(text)
    if m and _looks_like_names(m["names"]):
        return Furniture("byline", lambda loc, m=m: _byline(m, loc, posted=False))
    m = _REPORTED.match(text)
    if m and _looks_like_names(m["names"]):
        return Furniture("credit", lambda loc, m=m: _reported(m))
    m = _CONTRIBUTED.match(text)
    if m and _looks_like_names(m["names"]):
        return Furniture("credit", lambda loc, m=m: _contributed(m))
    return None


# Photo-caption lead-ins: "In this photo provided by ..." -> "En esta foto proporcionada por ...".
_LEAD_IN = re.compile(
    r"^(?P<in>In )?(?P<det>[Tt]his|[Tt]hese) (?P<what>file photo|photo|image|photos|images)"
    r" (?P<verb>provided|released|taken|distributed|made available|obtained|posted) by\b"
)
_PICTURES = {"file photo": "foto de archivo", "photo": "foto", "image": "imagen", "photos": "fotos",
             "images": "imágenes"}  # all feminine: the participle below agrees
_PARTICIPLES = {"provided": "proporcionada", "released": "difundida", "taken": "tomada",
                "distributed": "distribuida", "made available": "facilitada", "obtained": "obtenida",
                "posted": "publicada"}


def lead_in(text: str) -> Term | None:
    """The caption lead-in a sentence opens with, as a term with its fixed Spanish, if any."""
    m = _LEAD_IN.match(text)
    if not m:
        return None
    plural = m["det"].lower() == "these" or m["what"] in ("photos", "images")
    picture = _PICTURES[m["what"]]
    det = "estas" if plural else "esta"
    participle = _PARTICIPLES[m["verb"]] + ("s" if plural else "")
    spanish = f"{'En ' + det if m['in'] else det.capitalize()} {picture} {participle} por"
    return Term(0, m.end(), m.group(0), spanish, kind=TERM_KIND)


def split_dateline(text: str) -> tuple[str, str] | None:
    """("SAN SALVADOR, El Salvador (AP) —", rest of the sentence) when a paragraph opens with one."""
    m = _DATELINE.match(text)
    return (m["dateline"], m["rest"]) if m else None


def render(kind: str, text: str, locale: str) -> str | None:
    """The Spanish of a furniture segment, or None when it is not one this module can write."""
    if kind == "dateline":
        return text  # a dateline stays as written, as Spanish-language agencies print it
    if kind not in KINDS:
        return None
    found = recognise(text)
    return found.render(locale) if found else None


def name_case(name: str) -> str:
    """A name in its usual case: ALL-CAPS words title-cased, particles lower, accents as given."""
    words = name.split()
    out = []
    for i, word in enumerate(words):
        if not word.isupper():
            out.append(word)
        elif i and word.lower() in _PARTICLES:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


_CAPS_RUN = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*(?: [^\W\d_]+(?:[.'’-][^\W\d_]+)*)*")  # words, one space apart


def readable_caps(text: str) -> str:
    """A byline's ALL-CAPS names and agency in their usual case, the same length ("by MARCOS ALEMÁN and
    REGINA GARCIA CANO · ASSOCIATED PRESS" -> "by Marcos Alemán and Regina Garcia Cano · Associated Press").

    Runs of capitalised words of four letters or more are re-cased; short acronyms (AP, AFP, EFE) stay.
    The length never changes, so term offsets into the text stay right; if it would, the text is kept.
    """
    def recase(m: re.Match) -> str:
        words = m.group(0).split(" ")
        if not any(w.isupper() and len(w) > 3 for w in words):
            return m.group(0)
        out = []
        for i, word in enumerate(words):
            if not word.isupper():
                out.append(word)
            elif i and word.lower() in _PARTICLES:
                out.append(word.lower())
            elif len(word) <= 3:
                out.append(word)  # AP, AFP, EFE
            else:
                out.append(re.sub(r"[^-’']+", lambda p: p[0][:1] + p[0][1:].lower(), word))  # Jean-Paul, O’Neill
        return " ".join(out)

    out = _CAPS_RUN.sub(recase, text)
    return out if len(out) == len(text) else text


def agency_case(agency: str) -> str:
    """ "ASSOCIATED PRESS" -> "Associated Press"; short acronyms (AP, AFP, EFE) stay capitals."""
    agency = " ".join(agency.split())
    if not agency.isupper():
        return agency
    return " ".join(w if len(w) <= 3 else w[:1] + w[1:].lower() for w in agency.split())


def join_names(names: list[str]) -> str:
    """Spanish list of names: "A, B y C" ("e" before a name that starts with the sound i)."""
    if len(names) < 2:
        return "".join(names)
    last = names[-1]
    conj = "e" if re.match(r"(?i)(i|hi)(?![aeiouáéíóú])", last) else "y"
    return f"{', '.join(names[:-1])} {conj} {last}"


def _names(text: str) -> list[str]:
    return [name_case(n) for n in _NAME_SPLIT.split(text.strip()) if n]


def _looks_like_names(text: str) -> bool:
    """Capitalised words only (names, initials, particles): not a sentence that happens to match."""
    names = [n for n in _NAME_SPLIT.split(text.strip()) if n]
    return bool(names) and all(
        len(n.split()) <= 5 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in n.split()) for n in names
    )


def _byline(m: re.Match, locale: str, posted: bool) -> str:
    names = join_names(_names(m["names"]))
    if posted:
        text = f"Publicado el {_date(m['date'], locale)} por {names}"
    else:
        text = f"Por {names}"
    if m["agency"]:
        text += f" · {agency_case(m['agency'])}"
    return text


def _date(source: str, locale: str) -> str:
    """A date such as "March 17, 2025" in the locale's long form ("17 de marzo de 2025")."""
    for term in localize.terms(source, locale):
        if term.kind == "date" and term.start == 0 and term.end == len(source):
            return term.target
    return source


def _reported(m: re.Match) -> str:
    names = _names(m["names"])
    verb = "informaron" if len(names) > 1 else "informó"
    return f"{join_names(names)} {verb} desde {m['place']}."


def _contributed(m: re.Match) -> str:
    names = _names(m["names"])
    plural = len(names) > 1
    text = f"{join_names(names)} {'colaboraron' if plural else 'colaboró'} en este despacho"
    if m["agency"]:
        role = "periodistas" if plural else "periodista"
        verb = "Colaboraron" if plural else "Colaboró"
        text = f"{verb} en este despacho {join_names(names)}, {role} de {m['agency']}"
    if m["place"]:
        text += f", desde {m['place']}"
    return text + "."
