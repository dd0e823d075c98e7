"""Weekdays, dates and times rendered whole, with their preposition, as the Spanish locale's press writes them.

An engine translates "on Monday" word by word ("encima lunes"), leaves months in English ("en March")
and copies "7 p.m.". `terms()` finds the whole temporal phrase in the English source (preposition,
modifier, weekday, date, part of the day, time, and the ranges "from X to Y", "between X and Y") and
returns one Term with its Spanish; the engine puts it in verbatim, like a glossary term.

Choices, with the rules they follow:
- Running text: a weekday or a date takes the article, "on Monday" -> "el lunes", "on March 16" ->
  "el 16 de marzo", and a weekday with its date is one specifying phrase without a comma, "Sunday,
  March 16" -> "el domingo 16 de marzo" (RAE, Ortografía 2010, and Fundéu: the comma only where
  the date heads a text or a letter: "domingo, 16 de marzo de 2025", used when the date is the whole
  text, as in a byline). After a determiner ("the March 16 hearing") the date has no article.
  Names of weekdays and months are lower case (Ortografía 2010, chapter IV on capitals).
- Prepositions are translated with the phrase, with "al"/"del" contraction: "until Monday" -> "hasta
  el lunes", "before March 16" -> "antes del 16 de marzo", "from Monday to Friday" -> "del lunes al
  viernes", "at 7 p.m. Saturday" -> "a las 7 de la noche del sábado".
- Times follow the locale's clock (app.spanish.clock): "7 p.m." -> "las 19:00" in Spain, "las 7 de la
  noche" in the American locales. Spans of time, rates, years after a preposition and holidays come
  from app.spanish.periods: "until 2023" -> "hasta 2023", "for three years" -> "durante tres años",
  "over the past two years" -> "en los últimos dos años", "900 people a day" -> "al día".
- "May" is only a month next to a day, a year or a preposition; a capitalised word before a weekday
  ("Super Tuesday", "Black Friday") and a possessive ("Tuesday's vote") leave it to the engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date, format_skeleton

from app.core.terms import Term

from . import clock, periods

MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
AP_ABBREVIATIONS = {"Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}
MONTH_NUMBER = {name: i for i, name in enumerate(MONTHS, 1)} | AP_ABBREVIATIONS
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# English preposition -> Spanish, per kind of phrase it may head (day, time, month, year, duration, ...).
_PREPS_DAY = {
    "on": "", "by": "para", "until": "hasta", "till": "hasta", "through": "hasta", "since": "desde",
    "from": "desde", "to": "a", "before": "antes de", "after": "después de", "for": "para",
    "during": "durante", "starting": "a partir de", "beginning": "a partir de", "between": "entre",
    "of": "de", "around": "alrededor de", "as of": "a partir de", "shortly after": "poco después de",
    "shortly before": "poco antes de", "just after": "justo después de", "just before": "justo antes de",
    "until at least": "al menos hasta",
}
_PREPS_TIME = {k: v for k, v in _PREPS_DAY.items() if k not in ("on", "of", "during")} | {
    "at": "a", "about": "alrededor de", "at about": "alrededor de", "at around": "alrededor de",
}
_PREPS_MONTH = {k: v for k, v in _PREPS_DAY.items() if k not in ("on", "of")} | {"in": "en"}
_PREPS_YEAR = {k: v for k, v in _PREPS_MONTH.items() if k not in ("around",)}
_PREPS_DURATION = {"for": "durante", "within": "en un plazo de"}
_PREPS_RECENT = {"over": "en", "in": "en", "during": "durante", "for": "durante", "within": "en"}
_PREPS_BY_KIND = {"day": _PREPS_DAY, "time": _PREPS_TIME, "month": _PREPS_MONTH, "year": _PREPS_YEAR,
                  "duration": _PREPS_DURATION, "recent": _PREPS_RECENT, "holiday": _PREPS_DAY}
_PREPS = sorted({p for table in _PREPS_BY_KIND.values() for p in table}, key=len, reverse=True)
_PREP = re.compile(r"(?i:" + "|".join(p.replace(" ", "[ \u00a0]+") for p in _PREPS) + r")[ \u00a0]+")
# Words after which a date is a modifier, not an adverbial: no article ("the March 16 hearing").
_DETERMINERS = frozenset(
    "the a an this that these those its his her their our my your each every any no whose last next first"
    " second third fourth final same following previous".split()
)
_ENDS_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)[ \u00a0]+$")

_SP = r"[ \u00a0]+"
_WD = re.compile(rf"(?P<wd>{'|'.join(WEEKDAYS)})(?P<pl>s)?(?![\w'’-])")
_MOD = re.compile(rf"(?i:(?P<mod>last|next|this|early|late|every|each)){_SP}")
_PART = re.compile(rf"{_SP}(?P<part>morning|afternoon|evening|night)\b")
_MONTH_ALT = "|".join(re.escape(m) for m in sorted(MONTH_NUMBER, key=len, reverse=True))
_YEAR = r"(?P<year>[12]\d{3})(?![\w,.]\d)(?!\w)"
_MD = re.compile(
    rf"(?P<month>{_MONTH_ALT}){_SP}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\w:/.,-]\d)(?!\w)(?:,?{_SP}{_YEAR})?"
)
_DM = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?(?P<month>{_MONTH_ALT})(?!\w)(?:,?{_SP}{_YEAR})?"
)
_DATE_SHAPE = re.compile(
    rf"\b(?:{_MONTH_ALT}){_SP}\d{{1,2}}(?:st|nd|rd|th)?(?!\w)(?:,?{_SP}\d{{4}})?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?{_SP}(?:of{_SP})?(?:{_MONTH_ALT})(?!\w)(?:,?{_SP}\d{{4}})?"
)
_MONTH_ONLY = re.compile(
    rf"(?:(?i:(?P<mod>early|late|mid)){_SP}|(?i:mid)-)?(?P<month>{'|'.join(MONTHS)})(?!\w)(?:,?{_SP}{_YEAR})?"
)
# An amount of money just before "for" + a duration: the period paid for ("$6 million for one year": "por").
_PAYMENT = re.compile(
    r"(?:[$€£][\d,.]+(?:[ \u00a0]+(?:million|billion|trillion))?|\d[\d,.]*(?:[ \u00a0]+(?:million|billion))?"
    r"[ \u00a0]+(?:dollars|euros|pounds))[ \u00a0]+$"
)
_SENTENCE_END = re.compile(r"[ \u00a0]*[\"'”’»)\]]*[ \u00a0]*$")
_CONNECT = re.compile(rf",?{_SP}|,")


@dataclass(frozen=True)
class _Phrase:
    """A parsed temporal phrase: where it ends in the English and its Spanish noun phrase."""

    end: int
    spanish: str


def terms(text: str, locale: Locale) -> list[Term]:
    """Temporal phrases of an English text (weekdays, dates, times, with their prepositions) as Terms."""
    found: list[Term] = []
    pos = 0
    for m in re.finditer(r"(?<![\w$€£.,/:'’-])[A-Za-z0-9]", text):
        if m.start() < pos:
            continue
        try:
            term = _phrase_at(text, m.start(), locale)
        except ValueError:  # an impossible date ("February 30"): the engine gets it as written
            term = None
        if term is not None:
            found.append(term)
            pos = term.end
    for start, end, spanish in periods.rates(text):  # "900 people a day" -> "al día"
        if not any(start < t.end and t.start < end for t in found):
            found.append(Term(start, end, text[start:end], spanish, kind="date"))
    return sorted(found, key=lambda t: t.start)


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans shaped like a month-day date, valid or not ("March 45, 2025"): no number in them is a term."""
    return [(m.start(), m.end()) for m in _DATE_SHAPE.finditer(text)]


def date_text(month_name: str, day: str, year: str | None, locale: Locale) -> str:
    """A day and month, with or without a year, in the locale's long form; raises if invalid."""
    month = MONTH_NUMBER[month_name]
    if year is None:  # a leap year, so that February 29 is a valid day
        return format_skeleton("MMMMd", dt.date(2000, month, int(day)), locale=locale)
    return format_date(dt.date(int(year), month, int(day)), "long", locale=locale)


def _phrase_at(text: str, start: int, locale: Locale) -> Term | None:
    """The temporal phrase starting at `start` (with its preposition, if any), or None."""
    prep_m = _PREP.match(text, start)
    if prep_m:
        phrase = _headed(text, prep_m, locale)
        if phrase is not None:
            return _term(text, start, phrase)
        relative = periods.relative_at(text, start)  # "over the weekend" opens with a preposition
        return _term(text, start, _Phrase(*relative)) if relative else None
    if _after_name(text, start):
        return None
    core = _core(text, start, locale, bare=not _after_determiner(text, start))
    if core is None:
        return None
    whole = not text[:start].strip(" \u00a0\"'“‘«(") and not _SENTENCE_END.sub("", text[core.end :]).strip(".,")
    if whole:  # a date standing alone (a byline's, a heading): no article, the comma of a heading
        heading = _heading(text, start, locale)
        if heading is not None:
            core = heading
    return _term(text, start, core)


def _headed(text: str, prep_m: re.Match[str], locale: Locale) -> _Phrase | None:
    """A phrase opened by a preposition: "until Monday", "from 9 a.m. to 5 p.m.", "in early March"."""
    prep = " ".join(prep_m.group(0).lower().split())
    core = _core(text, prep_m.end(), locale, bare=True, headed=True)
    if core is None:
        return None
    table = _PREPS_BY_KIND[core.kind]
    if prep not in table:
        return None
    first = core.spanish
    if core.kind == "holiday" and prep in ("on", "at") and core.takes_en:
        return _Phrase(core.end, f"en {first}")  # "on Christmas Eve" -> "en Nochebuena"
    if core.kind == "duration" and prep == "for" and _PAYMENT.search(text[: prep_m.start()]):
        return _Phrase(core.end, f"por {first}")  # "pay $6 million for one year" -> "por un año"
    # ranges: "from X to Y" -> "del X al Y"; "between X and Y" -> "entre X y Y"
    if prep in ("from", "between"):
        joiner = r"(?i:to|through|until|till|thru)" if prep == "from" else r"(?i:and)"
        m = re.compile(rf"{_SP}{joiner}{_SP}").match(text, core.end)
        second = _core(text, m.end(), locale, bare=True, headed=True) if m else None
        if second is not None and second.kind == core.kind:
            if prep == "from":
                return _Phrase(second.end, f"{_join('de', first)} {_join('a', second.spanish)}")
            return _Phrase(second.end, f"entre {first} y {second.spanish}")
    if prep == "in" and first.split()[0] in ("principios", "finales", "mediados"):
        return _Phrase(core.end, "a " + first)  # "in early March" -> "a principios de marzo"
    return _Phrase(core.end, _join(table[prep], first))


@dataclass(frozen=True)
class _Core:
    kind: str  # day | time | month | year | duration | recent | holiday
    end: int
    spanish: str
    takes_en: bool = False  # a holiday written without article: "on Christmas Eve" -> "en Nochebuena"


def _core(text: str, pos: int, locale: Locale, bare: bool, headed: bool = False) -> _Core | None:
    """A temporal phrase at `pos`; `bare`: a weekday or date takes its article; `headed`: after a preposition
    (years and durations are only read there: "until 2023", "for three years")."""
    time = _time(text, pos, locale)
    if time is not None and not bare:  # "the 7 p.m. deadline": the figure without its article
        return _Core("time", time.end, time.spanish.split(" ", 1)[1])
    if time is not None:  # "7 p.m. Saturday", "7 p.m. on Saturday, March 16"
        m = re.compile(rf"(?:,?{_SP}(?i:on){_SP}|{_SP})").match(text, time.end)
        day = _day(text, m.end(), locale, article=True) if m else None
        if day is not None:
            return _Core("time", day.end, f"{time.spanish} {_join('de', day.spanish)}")
        return _Core("time", time.end, time.spanish)
    day = _day(text, pos, locale, article=bare)
    if day is not None:  # "Saturday at 7 p.m."
        m = re.compile(rf",?{_SP}(?i:at){_SP}").match(text, day.end)
        time = _time(text, m.end(), locale) if m else None
        if time is not None:
            return _Core("day", time.end, f"{day.spanish} {_join('a', time.spanish)}")
        return _Core("day", day.end, day.spanish)
    for kind, reader in (("day", periods.relative_at), ("recent", periods.recent_at)):
        found = reader(text, pos)
        if found is not None:
            return _Core(kind, *found)
    holiday = periods.holiday_at(text, pos)
    if holiday is not None:
        return _Core("holiday", *holiday)
    if headed:
        for kind, reader in (("year", periods.year_at), ("duration", periods.duration_at)):
            found = reader(text, pos)
            if found is not None:
                return _Core(kind, *found)
    month = _MONTH_ONLY.match(text, pos)
    if month is not None and (month["mod"] or month["year"] or month.group(0)[:4].lower() == "mid-"
                              or _PREP_BEFORE.search(text[:pos]) or _plain_month(text, month)):
        return _Core("month", month.end(), _month(month, locale))
    return None


def _plain_month(text: str, m: re.Match[str]) -> bool:
    """A month name alone in mid-sentence ("mentioned September", "the March primary"), not a name.

    Not "May" (a verb too), not at a sentence start, not next to another capitalised word ("March
    Madness", "April Ryan", "Tom March").
    """
    if m["month"] == "May" or m.start() != m.start("month"):
        return False
    before = re.search(r"(\S+)[ \u00a0]+$", text[: m.start()])
    after = re.match(r"[ \u00a0]+(\S+)", text[m.end() :])
    if before is None or before.group(1)[-1] in ".!?:\"“«" or before.group(1)[:1].isupper():
        return False
    return after is None or not after.group(1)[:1].isupper()


_PREP_BEFORE = re.compile(rf"\b(?i:{'|'.join(p.replace(' ', _SP) for p in _PREPS)}){_SP}$")


def _day(text: str, pos: int, locale: Locale, article: bool) -> _Phrase | None:
    """A weekday (with modifier, part of the day, date) or a date: "el domingo 16 de marzo"."""
    mod_m = _MOD.match(text, pos)
    mod = mod_m["mod"].lower() if mod_m else None
    if mod in ("last", "next") and not article:
        return None  # "the last Monday of the month" is not "el lunes pasado"
    at = mod_m.end() if mod_m else pos
    wd_m = _WD.match(text, at)
    if wd_m is not None:
        if _ENDS_POSSESSIVE.match(text, wd_m.end()) or text[wd_m.end() : wd_m.end() + 2] in ("'s", "’s"):
            return None
        name = _weekday(wd_m["wd"], locale, plural=bool(wd_m["pl"]))
        end = wd_m.end()
        part_m = _PART.match(text, end)
        part = None
        if part_m:
            part, end = part_m["part"], part_m.end()
        date = None
        sep = _CONNECT.match(text, end)
        if sep and not part:
            date = _date(text, sep.end(), locale)
        if date is not None:
            name, end = f"{name} {date.spanish}", date.end
        return _Phrase(end, _weekday_phrase(name, mod, part, bool(wd_m["pl"]), article))
    if mod_m is not None and mod not in ("early", "late"):
        return None
    date = _date(text, at, locale)
    if date is None:
        return None
    spanish = date.spanish
    if mod == "early":
        spanish = f"la madrugada del {spanish}"
    elif mod == "late":
        spanish = f"la noche del {spanish}"
    elif article:
        spanish = f"el {spanish}"
    return _Phrase(date.end, spanish)


def _weekday_phrase(name: str, mod: str | None, part: str | None, plural: bool, article: bool) -> str:
    """ "el lunes", "el martes pasado", "el próximo jueves", "los lunes por la mañana", "la noche del lunes"."""
    when = {"morning": " por la mañana", "afternoon": " por la tarde", "evening": " por la noche",
            "night": " por la noche"}.get(part or "", "")
    if mod == "last":
        return f"el {name} pasado{when}"
    if mod == "next":
        return f"el próximo {name}{when}"
    if mod == "this":
        return f"este {name}{when}"
    if mod in ("every", "each"):
        return f"cada {name}{when}"
    if mod == "early":
        return f"la madrugada del {name}"
    if mod == "late":
        return f"la noche del {name}"
    if not article:
        return f"{name}{when}"
    return f"{'los' if plural else 'el'} {name}{when}"


def _date(text: str, pos: int, locale: Locale) -> _Phrase | None:
    """ "March 16", "March 16, 2025", "16 March 2025" at `pos`: "16 de marzo (de 2025)"; raises if invalid."""
    m = _MD.match(text, pos) or _DM.match(text, pos)
    if m is None:
        return None
    return _Phrase(m.end(), date_text(m["month"], m["day"], m["year"], locale))


def _time(text: str, pos: int, locale: Locale) -> _Phrase | None:
    found = clock.time_at(text, pos, locale)
    return _Phrase(*found) if found else None


def _weekday(english: str, locale: Locale, plural: bool = False) -> str:
    name = locale.days["format"]["wide"][WEEKDAYS.index(english)]
    return name + "s" if plural and not name.endswith("s") else name


def _month(m: re.Match[str], locale: Locale) -> str:
    """ "early March" -> "principios de marzo"; "March 2022" -> "marzo de 2022"."""
    name = locale.months["format"]["wide"][MONTH_NUMBER[m["month"]]]
    if m["year"]:
        name = format_skeleton("yMMMM", dt.date(int(m["year"]), MONTH_NUMBER[m["month"]], 1), locale=locale)
    mod = (m["mod"] or ("mid" if m.group(0).lower().startswith("mid-") else "")).lower()
    prefix = {"early": "principios de ", "late": "finales de ", "mid": "mediados de "}.get(mod, "")
    return prefix + name


def _heading(text: str, start: int, locale: Locale) -> _Phrase | None:
    """A date that is the whole text: "March 17, 2025" -> "17 de marzo de 2025", weekday with a comma."""
    wd_m = _WD.match(text, start)
    at = start
    weekday = None
    if wd_m and not wd_m["pl"]:
        sep = _CONNECT.match(text, wd_m.end())
        if sep is None:
            return None
        weekday, at = _weekday(wd_m["wd"], locale), sep.end()
    date = _date(text, at, locale)
    if date is None:
        return _Phrase(wd_m.end(), weekday) if weekday and _SENTENCE_END.fullmatch(text, wd_m.end()) else None
    return _Phrase(date.end, f"{weekday}, {date.spanish}" if weekday else date.spanish)


def _join(prep: str, phrase: str) -> str:
    """A Spanish preposition before a noun phrase, with "al" and "del"."""
    if not prep:
        return phrase
    if phrase.startswith("el "):
        if prep == "a" or prep.endswith(" a"):
            return prep[:-1] + "al " + phrase[3:]
        if prep == "de" or prep.endswith(" de"):
            return prep[:-2] + "del " + phrase[3:]
    return f"{prep} {phrase}"


def _after_determiner(text: str, start: int) -> bool:
    """True when the word before `start` is a determiner or a possessive ("the", "its", "court's")."""
    before = text[:start]
    if _ENDS_POSSESSIVE.search(before):
        return True
    m = re.search(r"(\w+)[ \u00a0]+$", before)
    return bool(m) and m.group(1).lower() in _DETERMINERS


def _after_name(text: str, start: int) -> bool:
    """True for a weekday inside a name ("Super Tuesday", "Black Friday"): a capitalised word before it."""
    if not _WD.match(text, start):
        return False
    m = re.search(r"(?:^|[^\w.!?:;\"“«(])[ \u00a0]*([A-Z][\w'’-]*)[ \u00a0]+$", text[:start])
    if not m:
        return False
    word = m.group(1) + " "
    return not (_PREP.fullmatch(word) or _MOD.fullmatch(word))


def _term(text: str, start: int, phrase: _Phrase) -> Term:
    return Term(start, phrase.end, text[start : phrase.end], phrase.spanish, kind="date")
