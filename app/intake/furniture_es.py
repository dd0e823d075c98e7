"""Spanish news furniture (bylines, credit lines) recognised at import and written in English by template.

The twin of app.intake.furniture for Spanish articles: "Por Ana Cruz" -> "By Ana Cruz", "Publicado el
14 de febrero de 2026" -> "Published Feb. 14, 2026", "Colaboró en este despacho la periodista de AP
Karla Ayala, desde San Salvador." -> "Associated Press journalist Karla Ayala contributed to this report
from San Salvador.", "X informó desde Y." -> "X reported from Y.". A dateline ("SAN SALVADOR (AP) —")
stays as written. Never sent to an engine, which mangles them ("Published on 14 February 2026").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.english.localize import MONTHS, date_text

_NAME_WORD = r"[A-ZÁÉÍÓÚÑÜ][\w.'’-]*"
_PARTICLE = r"(?:de|del|la|las|los|y|e|da|van|von)"
_NAME = rf"{_NAME_WORD}(?: (?:{_PARTICLE} )*{_NAME_WORD}){{0,5}}"
_NAMES = rf"(?P<names>{_NAME}(?:(?:, | y | e ){_NAME})*)"
_DATE = rf"(?P<day>\d{{1,2}}) de (?P<month>{'|'.join(MONTHS)})(?: de(?:l)? (?P<year>\d{{4}}))?"
_TIME = r"(?:,? (?:a las )?(?P<time>\d{1,2}(?::\d{2})?) ?(?P<ap>[ap])\. ?m\.)?"
_AGENCY = r"(?P<agency>AP|Associated Press|EFE|AFP|Reuters|[A-ZÁÉÍÓÚÑ][\w ]{1,40}?)"
_POSTED = rf"(?P<verb>Publicado|Actualizado)(?: el)? {_DATE}{_TIME}"
_BYLINES = (
    re.compile(rf"^Por {_NAMES}(?:\s*[·|]\s*{_AGENCY})?(?:\s*[·|]?\s*{_POSTED})?\s*[·|]?$"),
    re.compile(rf"^{_POSTED}(?:,? por {_NAMES}(?:\s*[·|]\s*{_AGENCY})?)?\s*[·|]?$"),
)
_ROLE = r"(?:el|la|los|las) (?P<role>periodistas?|reporteros?|reporteras?|corresponsal(?:es)?|fotógrafos?|fotógrafas?)"
_CONTRIBUTED = (
    re.compile(
        rf"^(?P<verb>Colaboró|Colaboraron) (?:en|con) (?:este|el) (?:despacho|informe|reportaje)"
        rf"(?: {_ROLE} de {_AGENCY})? {_NAMES}(?:,? desde (?P<place>[^.]+?))?\.$"
    ),
    re.compile(
        rf"^(?:(?P<article>El|La|Los|Las) (?P<role>periodistas?|reporteros?|reporteras?|corresponsal(?:es)?) de "
        rf"{_AGENCY} )?{_NAMES} (?:colaboró|colaboraron) (?:en|con) (?:este|el) (?:despacho|informe|reportaje)"
        rf"(?:,? desde (?P<place>[^.]+?))?\.$"
    ),
)
_REPORTED = re.compile(rf"^{_NAMES} (?:informó|informaron|reportó|reportaron) desde (?P<place>[^.]+?)\.$")
_AGENCIES = {"AP": "Associated Press"}
_ROLES = {"periodista": "journalist", "reportero": "reporter", "reportera": "reporter", "corresponsal": "correspondent",
          "fotógrafo": "photographer", "fotógrafa": "photographer"}


@dataclass(frozen=True)
class Furniture:
    """A recognised piece of Spanish furniture: its kind and a function writing it in English."""

    kind: str
    render: Callable[[], str]


def recognise(text: str) -> Furniture | None:
    """The furniture a whole Spanish paragraph is (byline or credit line), if any."""
    text = " ".join(text.split())
    for pattern in _BYLINES:
        m = pattern.match(text)
        if m:
            return Furniture("byline", lambda m=m: _byline(m))
    for pattern in _CONTRIBUTED:
        m = pattern.match(text)
        if m:
            return Furniture("credit", lambda m=m: _contributed(m))
    m = _REPORTED.match(text)
    if m:
        return Furniture("credit", lambda m=m: f"{_english_names(m['names'])} reported from {m['place']}.")
    return None


def render(kind: str, text: str) -> str | None:
    """The English of a Spanish furniture segment, or None when it is not one this module can write."""
    if kind == "dateline":
        return text  # "SAN SALVADOR (AP) —" reads the same in English
    if kind not in ("byline", "credit"):
        return None
    found = recognise(text)
    return found.render() if found is not None and found.kind == kind else None


def _english_names(names: str) -> str:
    """ "Ana López y Luis Pérez" -> "Ana López and Luis Pérez"; three or more with commas."""
    parts = [p for p in re.split(r", | y | e ", names) if p]
    if len(parts) < 2:
        return names
    return f"{', '.join(parts[:-1])}{',' if len(parts) > 2 else ''} and {parts[-1]}"


def _agency(value: str | None) -> str:
    return _AGENCIES.get(value or "", value or "")


def _byline(m: re.Match) -> str:
    parts = []
    if m["names"]:
        by = f"By {_english_names(m['names'])}"
        if m["agency"]:
            by += f" · {_agency(m['agency'])}"
        parts.append(by)
    if m["day"]:
        verb = "Published" if m["verb"] == "Publicado" else "Updated"
        when = date_text(int(m["day"]), MONTHS.index(m["month"]) + 1, int(m["year"]) if m["year"] else None)
        if m["time"]:
            when += f", {m['time']} {m['ap']}.m."
        parts.append(f"{verb} {when}")
    return " · ".join(parts)


def _contributed(m: re.Match) -> str:
    names = _english_names(m["names"])
    role = m["role"] or ""
    plural = role.endswith("s") and role not in _ROLES
    singular = role[:-2] if role.endswith("es") and role[:-2] in _ROLES else role.rstrip("s") if plural else role
    english_role = _ROLES.get(singular, "")
    if english_role and plural:
        english_role += "s"
    agency = _agency(m["agency"])
    who = " ".join(p for p in (agency, english_role, names) if p)
    text = f"{who} contributed to this report"
    if m["place"]:
        text += f" from {m['place']}"
    return text + "."
