"""Locale-aware numbers and dates: English spans rendered as the target Spanish locale writes them.

Machine translation mangles dates ("March 16, 2025" -> "Marcha 16, 2025") and keeps English digit
grouping, so `terms()` finds dates, years, amounts, percentages, measures and large numbers in the
English source and returns Terms whose target is the Babel (CLDR) rendering for the target locale;
the engine puts that target into its output verbatim.

Choices, so the next person need not rediscover them:
- Weekdays, dates, months and times are found and rendered whole, with their preposition, by
  app.spanish.when ("on Sunday, March 16" -> "el domingo 16 de marzo"); this module adds what is
  left: centuries, years, amounts, percentages, measures and large numbers.
- Years stay as written, never grouped; a bare comma-less 1000-2199 is a year (AP style writes
  counts of a thousand or more with a comma).
- Grouping follows CLDR's minimumGroupingDigits, which Babel (2.19) does not apply: Spain ("es",
  2) writes 3000 and 40.000, es-419 and its children (es-MX, es-SV, es-US, ...; 1) write 3,000.
- Dollars: where the locale's own symbol for USD is "$" (es-SV, es-US: dollarised or US press) the
  amount keeps the symbol, "$6 millones", "$250"; elsewhere "$" means pesos or is ambiguous, so
  it is spelled out, "6 millones de dólares", "250 dólares". Euros and pounds are always spelled.
- English billion is Spanish "mil millones": "$1.5 billion" -> "1500 millones de dólares"
  (es-419: "1,500 millones"); trillion is "billón". Without a currency only the number is a term
  ("3.5 million people" -> "3,5" and the engine's own "millones de personas").
- Numbers below 1000 without decimals, ranges ("65 to 70"), slashed dates, version numbers and
  anything malformed ("March 45, 2025", "1,2,3", "$") get no term.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_decimal
from babel.units import format_unit

from app.core.terms import Term

from . import when

# English unit words, singular|plural|spelling variants -> CLDR unit ids (Babel has the Spanish).
_UNIT_FORMS = {
    "kilometer|kilometers|kilometre|kilometres": "length-kilometer",
    "meter|meters|metre|metres": "length-meter",
    "centimeter|centimeters|centimetre|centimetres": "length-centimeter",
    "mile|miles": "length-mile",
    "foot|feet": "length-foot",
    "inch|inches": "length-inch",
    "yard|yards": "length-yard",
    "kilogram|kilograms": "mass-kilogram",
    "gram|grams": "mass-gram",
    "pound|pounds": "mass-pound",
    "ounce|ounces": "mass-ounce",
    "tonne|tonnes|metric ton|metric tons": "mass-tonne",
    "square kilometer|square kilometers|square kilometre|square kilometres": (
        "area-square-kilometer"
    ),
    "square mile|square miles": "area-square-mile",
    "square meter|square meters|square metre|square metres": "area-square-meter",
    "square foot|square feet": "area-square-foot",
    "acre|acres": "area-acre",
    "hectare|hectares": "area-hectare",
    "liter|liters|litre|litres": "volume-liter",
    "gallon|gallons": "volume-gallon",
    "mile per hour|miles per hour": "speed-mile-per-hour",
    "kilometer per hour|kilometers per hour|kilometre per hour|kilometres per hour": (
        "speed-kilometer-per-hour"
    ),
}
_UNITS = {form: unit for forms, unit in _UNIT_FORMS.items() for form in forms.split("|")}
_CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "dollar": "USD", "euro": "EUR"}
# Running text names the currency; "dólares" rather than Babel's "dólares estadounidenses".
_CURRENCY_WORDS = {
    "USD": ("dólar", "dólares"), "EUR": ("euro", "euros"), "GBP": ("libra", "libras"),
}

_D = "[0-9]"
_NUM = rf"(?:{_D}{{1,3}}(?:,{_D}{{3}})+(?:\.{_D}+)?|{_D}+(?:\.{_D}+)?)"
_START = r"(?<![\w.,:/$€£\-–])"  # not inside a word, number, time, slashed date or range
_END = rf"(?!\w|[.,:/\-–]{_D})"
_SP = "[ \u00a0]+"
_SCALE = "million|billion|trillion"
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))

_PATTERN = re.compile(
    rf"""
    (?P<century>{_START}(?P<c>{_D}{{1,2}})(?P<cs>st|nd|rd|th){_SP}century\b)
    |(?P<money>(?<![\w$€£])(?P<cur>US\$|\$|€|£)[ \u00a0]?(?P<amt>{_NUM}){_END}
        (?:{_SP}(?P<scale>{_SCALE})\b)?)
    |(?P<money_words>{_START}(?P<amt2>{_NUM}){_END}(?:{_SP}(?P<scale2>{_SCALE}))?
        {_SP}(?:US{_SP})?(?P<curw>dollar|euro)s?\b)
    |(?P<percent>{_START}(?P<pct>{_NUM})(?:[ \u00a0]?%|{_SP}per(?:{_SP})?cent\b))
    |(?P<measure>{_START}(?P<qty>{_NUM}){_SP}(?P<unit>{_UNIT})\b)
    |(?P<num>{_START}{_NUM}{_END})
    """,
    re.VERBOSE,
)
_MAX_DIGITS = 15  # beyond this a "number" is an identifier, not a quantity


def terms(text: str, target_lang: str) -> list[Term]:
    """Numbers, amounts, dates, weekdays and times in the English text, rendered for the target locale."""
    if not isinstance(text, str) or not isinstance(target_lang, str):
        return []
    locale = _locale(target_lang)
    if locale is None:
        return []
    found = when.terms(text, locale)
    taken = [(t.start, t.end) for t in found] + when.date_spans(text)
    for match in _PATTERN.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue  # part of a date or time phrase (or of an impossible date)
        try:
            term = _render(match, locale)
        except (ValueError, ArithmeticError):  # malformed: the engine gets the span as written
            term = None
        if term is not None:
            found.append(term)
    return sorted(found, key=lambda t: t.start)


@functools.lru_cache(maxsize=64)
def _locale(target_lang: str) -> Locale | None:
    """The Babel locale for "es-419"-style codes; None for unknown or non-Spanish ones."""
    try:
        locale = Locale.parse(target_lang.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return locale if locale.language == "es" else None


def _render(m: re.Match[str], locale: Locale) -> Term | None:
    kind = m.lastgroup
    if kind == "century":
        return _date_term(m, "century", _century(m["c"], m["cs"]))
    if kind == "money":
        amount = _money(m["amt"], m["scale"], _CURRENCIES[m["cur"]], locale)
        return _number_term(m, "money", amount)
    if kind == "money_words":
        amount = _money(m["amt2"], m["scale2"], _CURRENCIES[m["curw"]], locale)
        return _number_term(m, "money_words", amount)
    if kind == "percent":
        pattern = locale.percent_formats[None]
        number = _number(m["pct"], locale)
        return _number_term(m, "percent", pattern.prefix[0] + number + pattern.suffix[0])
    if kind == "measure":
        return _number_term(m, "measure", _measure(m["qty"], m["unit"], locale))
    return _plain_number(m, locale)


def _century(number: str, suffix: str) -> str:
    """"18th century" -> "siglo XVIII" (Spanish writes centuries in Roman numerals)."""
    n = int(number)
    expected = "th" if 10 < n % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    if not 1 <= n <= 39 or suffix != expected:
        raise ValueError(f"not an ordinal century: {number}{suffix}")
    tens, ones = divmod(n, 10)
    units = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    return "siglo " + "X" * tens + units[ones]


def _plain_number(m: re.Match[str], locale: Locale) -> Term | None:
    source = m["num"]
    if "," in source or "." in source:
        return _number_term(m, "num", _number(source, locale))
    if source.startswith("0") or len(source) < 4:
        return None  # small counts translate fine; leading zeros are codes
    if len(source) == 4 and 1000 <= int(source) <= 2199:
        return _date_term(m, "num", source)  # a year: never grouped
    return _number_term(m, "num", _number(source, locale))


def _number(source: str, locale: Locale) -> str:
    """An English-written number ("40,000", "1.5") as the locale writes it."""
    value, decimals = _parse(source)
    return _format(value, decimals, locale)


def _parse(source: str) -> tuple[Decimal, int]:
    """The value of an English-written number and how many decimals it was written with."""
    plain = source.replace(",", "")
    whole, _, fraction = plain.partition(".")
    if len(whole) + len(fraction) > _MAX_DIGITS:
        raise ValueError(f"too many digits: {source}")
    return Decimal(plain), len(fraction)


def _format(value: Decimal, decimals: int, locale: Locale) -> str:
    return format_decimal(value, format=_pattern(value, decimals, locale), locale=locale)


def _pattern(value: Decimal, decimals: int, locale: Locale) -> str:
    """A number pattern keeping the source's decimals and CLDR's minimum grouping digits."""
    digits = len(str(int(abs(value))))
    grouped = digits >= 3 + _min_grouping_digits(str(locale))
    return ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")


@functools.cache
def _min_grouping_digits(locale_id: str) -> int:
    """CLDR minimumGroupingDigits (not in Babel's data): es 2, es-419 and its children 1."""
    parents = get_global("parent_exceptions")
    return 1 if locale_id == "es_419" or parents.get(locale_id) == "es_419" else 2


def _money(amount: str, scale: str | None, currency: str, locale: Locale) -> str:
    """An amount like "$1.5 billion" in the locale's words: "1500 millones de dólares"."""
    value, decimals = _parse(amount)
    if scale == "billion":  # English billion = Spanish "mil millones"
        value, decimals = value * 1000, max(0, decimals - 3)
    number = _format(value, decimals, locale)
    if scale:
        singular, plural = ("billón", "billones") if scale == "trillion" else ("millón", "millones")
        number = f"{number} {singular if value == 1 else plural}"
    if currency == "USD" and locale.currency_symbols.get("USD") == "$":
        pattern = locale.currency_formats["standard"]
        return (pattern.prefix[0] + number + pattern.suffix[0]).replace("¤", "$")
    singular, plural = _CURRENCY_WORDS[currency]
    if scale:
        return f"{number} de {plural}"
    return f"{number} {singular if value == 1 else plural}"


def _measure(quantity: str, unit: str, locale: Locale) -> str:
    """"72 kilometers" -> "72 kilómetros", with the locale's number format and plural."""
    value, decimals = _parse(quantity)
    pattern = _pattern(value, decimals, locale)
    return format_unit(value, _UNITS[unit], length="long", format=pattern, locale=locale)


def _date_term(m: re.Match[str], group: str, target: str) -> Term:
    return Term(m.start(group), m.end(group), m[group], target, kind="date")


def _number_term(m: re.Match[str], group: str, target: str) -> Term:
    return Term(m.start(group), m.end(group), m[group], target, kind="number")
