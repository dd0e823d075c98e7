"""Quantities an English sentence states: numbers (digits or words), amounts, percentages, dates and times.

The quality check for numbers (app.translation.checks.numbers) compares them with what the Spanish
says (app.spanish.quantities). Each quantity carries every value a faithful translation may write:
"7 p.m." may become "las 7 de la noche" or "las 19:00"; "$6 million" is 6,000,000 whether written
"6 millones" or "6.000.000". Ordinary words that only look like numbers ("one of them", "several
hundred", "first") are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBREVIATIONS = {"Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10,
                       "Nov.": 11, "Dec.": 12}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}

# 40,000 | 2.5 | 54.3 | 1990 ; a digit run glued to letters (a model number "F-150", "COVID-19") still counts
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th|s)?(?![\d])")
_SCALE = re.compile(r"[ \u00a0-]*(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_TIME = re.compile(r"(?<!\d)(\d{1,2})(?::(\d{2}))?[ \u00a0]*([ap])\.?[ \u00a0]?m\b\.?", re.IGNORECASE)
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
    r"(?:[ -](one|two|three|four|five|six|seven|eight|nine))?"
    r"((?:[ \u00a0-]+(?:hundred|thousand|million|billion))*)\b",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"(?<![\w.])(" + "|".join(MONTHS) + "|" + "|".join(re.escape(a) for a in MONTH_ABBREVIATIONS) + r")(?![\w])"
)
_WEEKDAY = re.compile(r"(?<![\w])(" + "|".join(WEEKDAYS) + r")s?(?![\w])")


@dataclass(frozen=True)
class Quantity:
    """A quantity of the source: the text as written, the values a translation may give it, and its kind."""

    text: str
    values: frozenset[float]
    kind: str = "number"  # number | time | month | weekday
    start: int = 0


def _value(integer: str, decimals: str | None) -> float:
    return float(integer.replace(",", "") + (decimals or ""))


def quantities(text: str) -> list[Quantity]:
    """The quantities of an English sentence, in order."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, values: set[float], kind: str = "number") -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(Quantity(text[start:end], frozenset(values), kind, start))

    for m in _TIME.finditer(text):
        hour = int(m.group(1))
        afternoon = m.group(3).lower() == "p"
        other = (hour % 12) + 12 if afternoon else hour % 12
        add(m.start(), m.end(), {float(hour), float(other)}, "time")
    for m in _CLOCK.finditer(text):
        hour = int(m.group(1))
        add(m.start(), m.end(), {float(hour), float(hour + 12 if hour < 12 else hour - 12)}, "time")
    for m in _NUMBER.finditer(text):
        if m.group(0).endswith("s") and not m.group(0)[:-1].isdigit():
            continue
        value = _value(m.group(1), m.group(2))
        scale = _SCALE.match(text, m.end())
        end = m.end()
        values = {value}
        if scale:
            values = {value * SCALES[scale.group(1).lower()]}
            end = scale.end()
        add(m.start(), end, values)
    for m in _WORD_NUMBER.finditer(text):
        value = WORDS[m.group(1).lower()] + (WORDS.get((m.group(2) or "").lower(), 0) or _units(m.group(2)))
        for scale in re.findall(r"hundred|thousand|million|billion", m.group(3) or "", re.IGNORECASE):
            value *= SCALES[scale.lower()]
        add(m.start(), m.end(), {float(value)})
    for m in _MONTH.finditer(text):
        name = m.group(1)
        if name == "May" and not re.match(r"[ \u00a0]*\d", text[m.end():]) and not re.search(r"\d[ \u00a0,]*$",
                                                                                              text[: m.start()]):
            continue  # "May" is a month only next to a number: "May 3", "3 May"
        if name == "March" and m.start() == 0 and not re.match(r"[ \u00a0]*\d", text[m.end():]):
            continue  # "March to the square" opening a sentence
        number = MONTHS.index(name) + 1 if name in MONTHS else MONTH_ABBREVIATIONS[name]
        add(m.start(), m.end(), {float(number)}, "month")
    for m in _WEEKDAY.finditer(text):
        add(m.start(), m.end(), {float(WEEKDAYS.index(m.group(1)) + 1)}, "weekday")
    return sorted(found, key=lambda q: q.start)


def _units(word: str | None) -> int:
    return {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9}.get((word or "").lower(), 0)
