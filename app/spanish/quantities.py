"""Quantities a Spanish sentence states, read every way a Spanish text may write them.

"40.000", "40 000" and "40,000" (an engine's English grouping) are all forty thousand; "2,5" is two and
a half, and so is "2.5". A number written as words counts too ("ocho años", "treinta y cinco"), and a
scale word multiplies ("6 millones", "40 mil", "mil millones"). Each number found carries every value
it can be read as, so that the check (app.translation.checks.numbers) flags only real differences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

UNITS = {
    "cero": 0, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiún": 21,
    "veintiuna": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26,
    "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200,
    "doscientas": 200, "trescientos": 300, "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400,
    "quinientos": 500, "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
    "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900,
    "mil": 1000,
}
# "uno", "un", "una" are articles far more often than numbers: they count only before a scale word
ONE = {"un": 1, "uno": 1, "una": 1}
SCALES = {"mil": 1_000, "millón": 1_000_000, "millones": 1_000_000, "millardo": 1_000_000_000,
          "millardos": 1_000_000_000, "billón": 1_000_000_000_000, "billones": 1_000_000_000_000}

_SEP = "[.,\u00a0\u202f ]"
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
# digits glued to letters count ("hombrede24años": the engine's words are wrong, the number is there)
_NUMBER = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:({_SEP})\d{{3}})+|\d+)(?:([.,])(\d+))?(?!\d)")
_SCALE = re.compile(
    r"[ \u00a0]+(?:de[ \u00a0]+)?(mil[ \u00a0]+millones|millones|millón|millardos?|billones|billón|mil)\b",
    re.IGNORECASE)
_WORD = re.compile(r"[a-záéíóúüñ]+", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number of the Spanish text: as written, every value it may mean, and whether it was digits."""

    text: str
    values: frozenset[float]
    digits: bool
    start: int = 0


def _scale(word: str) -> int:
    word = " ".join(word.lower().split())
    return 1_000_000_000 if word == "mil millones" else SCALES[word]


def _digit_values(m: re.Match) -> set[float]:
    """Every reading of a written number: grouped thousands, or one decimal separator of either kind."""
    whole, group_sep, decimals = m.group(1), m.group(2), m.group(4)
    values = set()
    digits = re.sub(r"\D", "", whole)
    if decimals is not None:
        values.add(float(f"{digits}.{decimals}"))
    else:
        values.add(float(digits))
        if group_sep in (".", ",") and whole.count(group_sep) == 1:
            head, tail = whole.split(group_sep)
            values.add(float(f"{head}.{tail}"))  # "2.500" or "2,500" written as a decimal
    return values


def numbers(text: str) -> list[Number]:
    """The numbers of a Spanish sentence (digits and number words), in order."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _CLOCK.finditer(text):  # "19:00": the hour counts, the minutes are part of it
        taken.append((m.start(), m.end()))
        found.append(Number(m.group(0), frozenset({float(m.group(1))}), True, m.start()))
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        values = _digit_values(m)
        end = m.end()
        scale = _SCALE.match(text, end)
        if scale:
            values = {v * _scale(scale.group(1)) for v in values}
            end = scale.end()
        taken.append((m.start(), end))
        found.append(Number(text[m.start():end], frozenset(values), True, m.start()))
    words = [w for w in _WORD.finditer(text) if not any(s <= w.start() < e for s, e in taken)]
    i = 0
    while i < len(words):
        value, j = _word_number(words, i, text)
        if j > i:
            start, end = words[i].start(), words[j - 1].end()
            found.append(Number(text[start:end], frozenset({float(value)}), False, start))
            i = j
        else:
            i += 1
    return sorted(found, key=lambda n: n.start)


def _word_number(words: list[re.Match], i: int, text: str) -> tuple[int, int]:
    """The value of the number words starting at words[i] and the index after them ((0, i) if none)."""
    total, current, j, seen = 0, 0, i, False

    def lower(k: int) -> str:
        return words[k].group(0).lower() if k < len(words) else ""

    while j < len(words):
        if j > i and text[words[j - 1].end():words[j].start()].strip() not in ("", "-"):
            break  # punctuation between words ends the number
        word = lower(j)
        if seen and word == "y" and lower(j + 1) in UNITS and lower(j + 1) != "mil":
            j += 1
            continue
        if word in UNITS and word != "mil":
            current += UNITS[word]
        elif word in ONE and lower(j + 1) in ("mil", "millón"):
            current += 1
        elif word == "mil" and lower(j + 1) == "millones":
            total += max(current, 1) * 1_000_000_000
            current, j = 0, j + 1
        elif word in SCALES:
            if not seen:
                break  # "millones" alone is not a number
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            break
        seen = True
        j += 1
    if not seen:
        return 0, i
    return total + current, j


def month_names(text: str) -> set[int]:
    """The months (1-12) a Spanish text names."""
    lowered = text.lower()
    return {i for i, name in enumerate(MONTHS, 1) if re.search(rf"(?<!\w){name}(?!\w)", lowered)}


def weekday_names(text: str) -> set[int]:
    """The weekdays (1-7, Monday first) a Spanish text names."""
    lowered = text.lower()
    found = {i for i, name in enumerate(WEEKDAYS, 1) if re.search(rf"(?<!\w){name}s?(?!\w)", lowered)}
    if re.search(r"(?<!\w)miercoles(?!\w)|(?<!\w)sabado(?!\w)", lowered):  # written without the accent
        found |= {3} if "miercoles" in lowered else set()
        found |= {6} if "sabado" in lowered else set()
    return found
