"""Times of day as the Spanish locale's press writes them: "7 p.m." -> "las 19:00" or "las 7 de la noche".

The clock follows the locale's CLDR short time format. Spain (`es`, "H:mm") writes the 24-hour clock
with a colon, "las 19:00", "las 9:30" (Fundéu: the 24-hour model is the usual one when the hour is
written in figures; the RAE's Ortografía 2010 and Fundéu: the colon is the usual separator). The
American locales (`es-419`, `es-MX`, `es-SV`, `es-US`: "h:mm a") write the 12-hour clock with the
part of the day, "las 7 de la noche", "las 10:30 de la mañana", "la 1 de la tarde", as the
Spanish-language service of the AP and the US Spanish press do (the RAE accepts both models; Fundéu
prefers not to mix figures and words, which this press usage does). Parts of the day: madrugada
(1-5 a.m.), mañana (6-11 a.m.), mediodía (12 p.m.), tarde (1-6 p.m.), noche (7-11 p.m.); noon and
midnight are "el mediodía" and "la medianoche" everywhere, and "12 a.m." is midnight (RAE).
"""

from __future__ import annotations

import re

from babel import Locale

_TIME = re.compile(
    r"(?P<h>\d{1,2})(?::(?P<mi>[0-5]\d))?[ \u00a0]?(?P<ap>[AaPp])\.?[ \u00a0]?[Mm](?![\w])(?P<dot>\.)?"
    r"|(?P<word>noon|midnight)\b"
)
_LOCAL = re.compile(r"[ \u00a0]+local[ \u00a0]+time\b")
_SENTENCE_END = re.compile(r"[ \u00a0]*[\"'”’»)\]]*[ \u00a0]*")


def time_at(text: str, pos: int, locale: Locale) -> tuple[int, str] | None:
    """The English time of day at `pos` ("7 p.m.", "10:30 a.m. local time", "noon"): (end, Spanish)."""
    m = _TIME.match(text, pos)
    if m is None:
        return None
    end = m.end()
    if m["dot"] and _SENTENCE_END.fullmatch(text, end):
        end -= 1  # the abbreviation's period also ends the sentence: it stays the sentence's
    if m["word"]:
        spanish = "el mediodía" if m["word"] == "noon" else "la medianoche"
    else:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        if not 1 <= hour <= 12:
            return None
        spanish = clock(hour % 12 + (12 if m["ap"] in "Pp" else 0), minute, locale)
    local = _LOCAL.match(text, end)
    if local is not None:
        spanish, end = f"{spanish} hora local", local.end()
    return end, spanish


def clock(hour: int, minute: int, locale: Locale) -> str:
    """A time of day (24-hour `hour`) with its article, as the locale's press writes it."""
    if hour == 0 and minute == 0:
        return "la medianoche"
    if twenty_four_hour(locale):
        return f"{'la' if hour == 1 else 'las'} {hour}:{minute:02d}"
    twelve = hour % 12 or 12
    figures = f"{twelve}:{minute:02d}" if minute else str(twelve)
    if hour == 12:
        part = "del mediodía"
    elif hour < 6:
        part = "de la madrugada"
    elif hour < 12:
        part = "de la mañana"
    elif hour < 19:
        part = "de la tarde"
    else:
        part = "de la noche"
    return f"{'la' if twelve == 1 else 'las'} {figures} {part}"


def twenty_four_hour(locale: Locale) -> bool:
    """True where the locale's CLDR short time format uses the 24-hour clock (H), as Spain's does."""
    return "H" in locale.time_formats["short"].pattern
