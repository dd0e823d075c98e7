"""Spanish dates, numbers, sums and times rendered whole in English, as fixed terms the engine must carry.

Engines mangle them ("40.000" stays "40.000", "3,5" stays "3,5", "16 de marzo" becomes "16 March",
"10:30 a. m." becomes "10:30 to. m."), so each is found in the Spanish, written the way U.S. news copy
writes it (AP style: "March 16, 2026", "Feb. 14", "40,000", "3.5", "$6 million", "10:30 a.m.", "1st",
"40%") and handed to the engine as a Term of kind "date" or "number", like a glossary term. The twin of
app.spanish.localize for Spanish articles.
"""

from __future__ import annotations

import re

from app.core.terms import Term

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
# AP style: a month with a day is abbreviated, except the five short ones.
AP_SHORT = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_MONTH = "|".join(MONTHS + ("setiembre",))
_DAY = r"(?:[12]?\d|3[01])(?:\.?[º°])?"
# "el 16 de marzo de 2026", "1.º de mayo", "16 de marzo del 2026"; the article before the day is part of
# the span: English writes "March 16" for "el 16 de marzo" (AP: "was arrested March 16")
_DATE = re.compile(
    rf"(?<![\w.,])(?:(?P<el>[Ee]l) )?(?:(?P<weekday>lunes|martes|miércoles|jueves|viernes|sábado|domingo),? )?"
    rf"(?P<day>{_DAY}) de (?P<month>{_MONTH})(?: de(?:l)? (?P<year>\d{{4}}))?(?![\w])",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<![\w])(?P<month>{_MONTH}) de(?:l)? (?P<year>\d{{4}})(?!\w)", re.IGNORECASE)
_WEEKDAYS = {"lunes": "Monday", "martes": "Tuesday", "miércoles": "Wednesday", "jueves": "Thursday",
             "viernes": "Friday", "sábado": "Saturday", "domingo": "Sunday"}
# numbers: 40.000 / 1.200.000 (thousands with stops), 3,5 (decimal comma); an amount of dollars or a
# percentage takes its unit along
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+"
_SCALE = r"(?: (?P<scale>mil millones|millones|millón|mil))?"
_MONEY = re.compile(
    rf"(?<![\w.,])(?:US\$ ?|\$ ?)?(?P<num>{_NUMBER}){_SCALE}(?: de)? (?:dólares|dólar)(?: estadounidenses)?(?!\w)"
    rf"|(?<![\w.,])(?:US\$ ?|\$ ?)(?P<num2>{_NUMBER}){_SCALE.replace('scale', 'scale2')}(?![\w])",
    re.IGNORECASE,
)
# "entre 35 y 170 dólares": both amounts are dollars ("between $35 and $170")
_MONEY_RANGE = re.compile(
    rf"(?<![\w.,])(?:(?P<between>[Ee]ntre|[Dd]e) )?(?P<a>{_NUMBER}) (?P<word>y|a) (?P<b>{_NUMBER}){_SCALE}(?: de)?"
    rf" dólares(?: estadounidenses)?(?!\w)",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})\s?(?:%|por ciento)(?!\w)")
_PLAIN = re.compile(r"(?<![\w.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\w]|[.,]\d)")
_ORDINAL = re.compile(r"(?<![\w.])(?P<num>\d+)\.?[ºª°](?!\w)")
_TIME = re.compile(
    r"(?<![\w:])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))? ?(?P<ap>[ap])\.? ?m\.(?!\w)", re.IGNORECASE
)
_SCALES = {"mil millones": "billion", "millones": "million", "millón": "million", "mil": "thousand"}


def terms(text: str) -> list[Term]:
    """Dates, sums, percentages, times, ordinals and numbers of a Spanish sentence, as English terms."""
    found: list[Term] = []

    def add(start: int, end: int, english: str, kind: str) -> None:
        if not any(start < t.end and t.start < end for t in found):
            found.append(Term(start, end, text[start:end], english, kind=kind))

    for m in _DATE.finditer(text):
        start = m.start("el") if m["el"] else m.start("weekday") if m["weekday"] else m.start("day")
        add(start, m.end(), _date(m), "date")
    for m in _MONTH_YEAR.finditer(text):
        add(m.start(), m.end(), f"{MONTH_NAMES[_month(m['month'])]} {m['year']}", "date")
    for m in _TIME.finditer(text):
        minutes = f":{m['m']}" if m["m"] else ""
        add(m.start(), m.end(), f"{int(m['h'])}{minutes} {m['ap'].lower()}.m.", "number")
    for m in _MONEY_RANGE.finditer(text):
        unit = f" {_SCALES[m['scale'].lower()]}" if m["scale"] else ""
        joint = "and" if m["word"].lower() == "y" else "to"
        lead = {"entre": "between ", "de": "from "}.get((m["between"] or "").lower(), "")
        if m["between"] and m["between"][0].isupper():
            lead = lead.capitalize()
        english = f"{lead}${english_number(m['a'])}{unit} {joint} ${english_number(m['b'])}{unit}"
        add(m.start(), m.end(), english, "number")
    for m in _MONEY.finditer(text):
        number, scale = (m["num"], m["scale"]) if m["num"] else (m["num2"], m["scale2"])
        unit = f" {_SCALES[scale.lower()]}" if scale else ""
        add(m.start(), m.end(), f"${english_number(number)}{unit}", "number")
    for m in _PERCENT.finditer(text):
        add(m.start(), m.end(), f"{english_number(m['num'])}%", "number")
    for m in _ORDINAL.finditer(text):
        add(m.start(), m.end(), ordinal(int(m["num"])), "number")
    for m in _PLAIN.finditer(text):
        add(m.start(), m.end(), english_number(m["num"]), "number")
    return sorted(found, key=lambda t: t.start)


def english_number(spanish: str) -> str:
    """ "40.000" -> "40,000", "3,5" -> "3.5", "1.200,75" -> "1,200.75"; plain digits stay."""
    whole, _, decimals = spanish.partition(",")
    digits = whole.replace(".", "")
    grouped = f"{int(digits):,}" if len(digits) > 4 or "." in whole else digits
    return grouped + (f".{decimals}" if decimals else "")


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def date_text(day: int, month: int, year: int | None = None) -> str:
    """AP style: (16, 3, 2026) -> "March 16, 2026"; (14, 2) -> "Feb. 14"."""
    text = f"{AP_SHORT[month - 1]} {day}"
    return f"{text}, {year}" if year else text


def _month(name: str) -> int:
    name = name.lower().replace("setiembre", "septiembre")
    return MONTHS.index(name)


def _date(m: re.Match) -> str:
    day = int(re.sub(r"\D", "", m["day"]))
    text = date_text(day, _month(m["month"]) + 1, int(m["year"]) if m["year"] else None)
    if m["weekday"]:
        text = f"{_WEEKDAYS[m['weekday'].lower()]}, {text}"
    return text
