"""Spans of time around the dates: "last week", "the past two years", "for three years", "a day", holidays.

Word by word an engine writes "último año" for "last year", "sobre el pasado dos años" for "over the
past two years", "para tres años" for "for three years", "un día" for "a day" (a rate) and "encima
Día de Elección" for "on Election Day". Each function here reads one such phrase at a position of
the English text and gives its end and its Spanish; app.spanish.when puts the preposition in front.
Holidays are capitalised as the Ortografía (2010, chapter IV on capitals) writes festivities ("Nochebuena", "Día de
Acción de Gracias"); "el día de las elecciones" is not a festivity's name and stays lower case.
"""

from __future__ import annotations

import re

_SP = r"[ \u00a0]+"
# English unit -> (Spanish singular, plural, gender)
UNITS = {
    "day": ("día", "días", "m"), "week": ("semana", "semanas", "f"),
    "weekend": ("fin de semana", "fines de semana", "m"),
    "month": ("mes", "meses", "m"), "year": ("año", "años", "m"), "decade": ("década", "décadas", "f"),
    "hour": ("hora", "horas", "f"), "minute": ("minuto", "minutos", "m"),
}
_NUMBERS = dict(enumerate(
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis"
    " diecisiete dieciocho diecinueve veinte".split()
))
_NUMBER_WORDS = {
    w: n for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
        " seventeen eighteen nineteen twenty".split()
    )
}
_QUANTIFIERS = {  # before a count: "more than three years" -> "más de tres años"
    "more than": "más de", "over": "más de", "less than": "menos de", "fewer than": "menos de",
    "nearly": "casi", "almost": "casi", "about": "unos", "around": "unos", "at least": "al menos",
    "up to": "hasta",
}
_UNIT_ALT = "|".join(sorted(UNITS, key=len, reverse=True))
_COUNT = (
    rf"(?:(?P<q>{'|'.join(q.replace(' ', _SP) for q in _QUANTIFIERS)}){_SP})?"
    rf"(?P<n>\d{{1,3}}|{'|'.join(_NUMBER_WORDS)}|several|a{_SP}few|a|an){_SP}"
)
_DURATION = re.compile(rf"(?i:{_COUNT})(?P<unit>{_UNIT_ALT})(?P<pl>s)?\b(?![ \u00a0]+(?:ago|later|earlier|old|of)\b)")
_BARE_DURATION = re.compile(r"(?P<unit>days|weeks|months|years|decades|hours)\b")
_RECENT = re.compile(
    rf"the{_SP}(?P<rel>past|last|next|coming){_SP}(?:(?P<n>\d{{1,3}}|{'|'.join(_NUMBER_WORDS)}|several|few){_SP})?"
    rf"(?P<unit>{_UNIT_ALT})(?P<pl>s)?\b"
)
_RELATIVE = re.compile(
    rf"(?i:(?P<rel>last|next|this)){_SP}(?P<unit>week|weekend|month|year|decade)\b"
    rf"|(?i:over){_SP}the{_SP}(?P<over>weekend)\b"
)
_RATE = re.compile(
    rf"\b(?:\d[\d,.]*|{'|'.join(_NUMBER_WORDS)}|dozen|hundreds?|thousands?|millions?|billions?)\b"
    rf"(?:{_SP}[\w%$-]+){{0,2}}?{_SP}(?P<rate>a{_SP}(?P<unit>day|week|month|year))(?![\w-])"
    rf"(?![ \u00a0]+(?:ago|later|earlier|after|before|old)\b)"
)
_RATES = {"day": "al día", "week": "a la semana", "month": "al mes", "year": "al año"}
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})(?![\w–/-]|[.,]\d)")
HOLIDAYS = {  # English -> (Spanish, whether it takes "en" where English has "on")
    "Election Day": ("el día de las elecciones", False),
    "Christmas Eve": ("Nochebuena", True),
    "Christmas Day": ("el día de Navidad", False),
    "Christmas": ("Navidad", True),
    "New Year's Eve": ("la víspera de Año Nuevo", False),
    "New Year's Day": ("el día de Año Nuevo", False),
    "Thanksgiving Day": ("el Día de Acción de Gracias", False),
    "Thanksgiving": ("el Día de Acción de Gracias", False),
    "Independence Day": ("el Día de la Independencia", False),
    "Memorial Day": ("el Día de los Caídos", False),
    "Labor Day": ("el Día del Trabajo", False),
    "Veterans Day": ("el Día de los Veteranos", False),
    "Easter Sunday": ("el Domingo de Pascua", False),
    "Easter": ("Pascua", True),
    "Mother's Day": ("el Día de la Madre", False),
    "Father's Day": ("el Día del Padre", False),
}
_HOLIDAY = re.compile(
    "(?:" + "|".join(re.escape(h).replace("'", "['’]") for h in sorted(HOLIDAYS, key=len, reverse=True))
    + r")(?![\w'’])"
)


def relative_at(text: str, pos: int) -> tuple[int, str] | None:
    """ "last week" -> "la semana pasada", "next year" -> "el próximo año", "over the weekend"."""
    m = _RELATIVE.match(text, pos)
    if m is None:
        return None
    if m["over"]:
        return m.end(), "durante el fin de semana"
    singular, _, gender = UNITS[m["unit"].lower()]
    rel = m["rel"].lower()
    if rel == "last":
        return m.end(), f"{'la' if gender == 'f' else 'el'} {singular} {'pasada' if gender == 'f' else 'pasado'}"
    if rel == "next":
        return m.end(), f"{'la próxima' if gender == 'f' else 'el próximo'} {singular}"
    return m.end(), f"{'esta' if gender == 'f' else 'este'} {singular}"


def recent_at(text: str, pos: int) -> tuple[int, str] | None:
    """ "the past two years" -> "los últimos dos años"; "the coming days" -> "los próximos días"."""
    m = _RECENT.match(text, pos)
    if m is None or (m["n"] and not m["pl"]):
        return None  # "the past two year"
    singular, plural, gender = UNITS[m["unit"]]
    adjective = "últim" if m["rel"] in ("past", "last") else "próxim"
    if not m["pl"]:
        return m.end(), f"{'la' if gender == 'f' else 'el'} {adjective}{'a' if gender == 'f' else 'o'} {singular}"
    article = "las" if gender == "f" else "los"
    count = f" {_count(m['n'], gender)}" if m["n"] else ""
    return m.end(), f"{article} {adjective}{'as' if gender == 'f' else 'os'}{count} {plural}"


def duration_at(text: str, pos: int) -> tuple[int, str] | None:
    """ "three years" -> "tres años", "more than a week" -> "más de una semana", "years" -> "años"."""
    m = _DURATION.match(text, pos)
    if m is None:
        bare = _BARE_DURATION.match(text, pos)
        return (bare.end(), UNITS[bare["unit"][:-1]][1]) if bare else None
    singular, plural, gender = UNITS[m["unit"].lower()]
    n = " ".join(m["n"].lower().split())
    one = n in ("a", "an", "one", "1")
    if one == bool(m["pl"]):
        return None  # "a years", "three year": not a duration this reads
    spanish = f"{_count(n, gender)} {singular if one else plural}"
    if m["q"]:
        spanish = f"{_QUANTIFIERS[' '.join(m['q'].lower().split())]} {spanish}"
    return m.end(), spanish


def _count(n: str, gender: str) -> str:
    """An English count as Spanish words or figures: "two" -> "dos", "a" -> "una" (feminine), "14"."""
    n = " ".join(n.lower().split())
    if n in ("a", "an", "one", "1"):
        return "una" if gender == "f" else "un"
    if n == "several":
        return "varias" if gender == "f" else "varios"
    if n in ("few", "a few"):
        return "unas pocas" if gender == "f" else "unos pocos"
    if n in _NUMBER_WORDS:
        return _NUMBERS[_NUMBER_WORDS[n]]
    return n


def year_at(text: str, pos: int) -> tuple[int, str] | None:
    """A year after a preposition ("until 2023"): it stays as written."""
    m = _YEAR.match(text, pos)
    return (m.end(), m["year"]) if m else None


def holiday_at(text: str, pos: int) -> tuple[int, str, bool] | None:
    """A holiday's name: (end, Spanish, whether "on" becomes "en" rather than nothing)."""
    m = _HOLIDAY.match(text, pos)
    if m is None:
        return None
    spanish, takes_en = HOLIDAYS[m.group(0).replace("’", "'")]
    return m.end(), spanish, takes_en


def rates(text: str) -> list[tuple[int, int, str]]:
    """Rates after a quantity: "900 people a day" -> ("a day", "al día"), as (start, end, Spanish)."""
    return [(m.start("rate"), m.end("rate"), _RATES[m["unit"]]) for m in _RATE.finditer(text)]
