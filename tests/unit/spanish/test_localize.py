"""Locale-rendered numbers and dates (app.spanish.localize): expected strings checked against Babel 2.19."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import TARGET_LOCALES
from app.spanish.localize import terms
from app.translation.engines.apertium import ApertiumEngine

NBSP = "\u00a0"

# Every number and date in the seed article that gets a term, per locale. Plain counts below
# 1000 ("65 to 70", "261", "eight") get none: the engine translates them fine. Dates and weekdays
# come whole with their preposition (app.spanish.when).
SEED_COMMON = {
    "on March 17, 2025": "el 17 de marzo de 2025",
    "Sunday, March 16, 2025": "el domingo 16 de marzo de 2025",
    "on Sunday": "el domingo",
    "Sunday": "el domingo",
    "In 2023": "en 2023",
    "over the weekend": "durante el fin de semana",
    "18th century": "siglo XVIII",
    "in March 2022": "en marzo de 2022",
    "72 kilometers": "72 kilómetros",
    "45 miles": "45 millas",
    "in March 2024": "en marzo de 2024",
    "in April 2021": "en abril de 2021",
    "last year": "el año pasado",
    "1798": "1798",
    "last decade": "la década pasada",
}
SEED = {
    "es": SEED_COMMON
    | {"$6 million": "6 millones de dólares", "40,000": "40.000", "110,000": "110.000",
       "36,000": "36.000"},
    "es-419": SEED_COMMON
    | {"$6 million": "6 millones de dólares", "40,000": "40,000", "110,000": "110,000",
       "36,000": "36,000"},
    "es-SV": SEED_COMMON
    | {"$6 million": "$6 millones", "40,000": "40,000", "110,000": "110,000",
       "36,000": "36,000"},
}


@pytest.mark.parametrize("lang", sorted(SEED))
def test_seed_article_numbers_and_dates(seed_text, lang):
    found = terms(seed_text, lang)
    assert {t.source: t.target for t in found} == SEED[lang]
    assert len(found) == len(SEED[lang])
    kinds = {t.source: t.kind for t in found}
    assert kinds["in March 2022"] == kinds["1798"] == kinds["18th century"] == "date"
    assert kinds["40,000"] == kinds["$6 million"] == kinds["72 kilometers"] == "number"


def test_seed_terms_are_exact_slices(seed_text):
    for t in terms(seed_text, "es"):
        assert seed_text[t.start : t.end] == t.source
        assert t.entry_id is None and t.gender is None and t.number is None


def rendered(text: str, lang: str) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in terms(text, lang)]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # Dates: with their preposition and article in running text, alone as a heading writes them.
        ("Posted on March 17, 2025 by", "es-419", [("on March 17, 2025", "el 17 de marzo de 2025")]),
        ("March 17, 2025", "es-419", [("March 17, 2025", "17 de marzo de 2025")]),
        ("Friday, Oct. 3, 2025", "es", [("Friday, Oct. 3, 2025", "viernes, 3 de octubre de 2025")]),
        ("since 16 March 2025", "es", [("since 16 March 2025", "desde el 16 de marzo de 2025")]),
        ("on the 4th of July", "es-MX", [("4th of July", "4 de julio")]),
        ("on March 16 the", "es-SV", [("on March 16", "el 16 de marzo")]),
        ("on February 29 only", "es", [("on February 29", "el 29 de febrero")]),
        ("in May, 2024 and", "es-US", [("in May, 2024", "en mayo de 2024")]),
        ("after Sept. 11", "es", [("after Sept. 11", "después del 11 de septiembre")]),
        # A weekday is rendered as the source writes it, with its date and without a comma.
        ("seen Monday, March 16, 2025", "es", [("Monday, March 16, 2025", "el lunes 16 de marzo de 2025")]),
        ("Sunday, March 16 at", "es", [("Sunday, March 16", "el domingo 16 de marzo")]),
        ("on Sunday, when", "es", [("on Sunday", "el domingo")]),
        # Years are never grouped; centuries take Roman numerals.
        ("the 1798 law", "es-419", [("1798", "1798")]),
        ("in the 21st century", "es", [("21st century", "siglo XXI")]),
        # Counts: grouping per locale, and CLDR's minimum grouping digits in Spain.
        ("with 3000 cells", "es", [("3000", "3000")]),
        ("with 3000 cells", "es-MX", [("3000", "3,000")]),
        ("some 1,500 guards", "es", [("1,500", "1500")]),
        ("some 1,500 guards", "es-419", [("1,500", "1,500")]),
        ("12345 and 1,234,567", "es", [("12345", "12.345"), ("1,234,567", "1.234.567")]),
        ("12345 and 1,234,567", "es-US", [("12345", "12,345"), ("1,234,567", "1,234,567")]),
        ("3.5 million people", "es", [("3.5", "3,5")]),
        ("3.5 million people", "es-MX", [("3.5", "3.5")]),
        ("Each cell can fit 65 to 70 prisoners.", "es", []),
        # Percentages follow the locale's percent pattern.
        ("40% or 12.5 percent", "es", [("40%", f"40{NBSP}%"), ("12.5 percent", f"12,5{NBSP}%")]),
        ("40% or 12.5 percent", "es-419", [("40%", "40%"), ("12.5 percent", "12.5%")]),
        # Money: English billion is "mil millones", trillion is "billón"; "$" kept where it is USD.
        ("It cost $1.5 billion.", "es", [("$1.5 billion", "1500 millones de dólares")]),
        ("It cost $1.5 billion.", "es-419", [("$1.5 billion", "1,500 millones de dólares")]),
        ("It cost $1.5 billion.", "es-SV", [("$1.5 billion", "$1,500 millones")]),
        ("a $2 trillion plan", "es", [("$2 trillion", "2 billones de dólares")]),
        ("$1 million", "es-MX", [("$1 million", "1 millón de dólares")]),
        ("paid $250 and $1", "es", [("$250", "250 dólares"), ("$1", "1 dólar")]),
        ("paid $250", "es-US", [("$250", "$250")]),
        ("$6,000 and $6.50", "es", [("$6,000", "6000 dólares"), ("$6.50", "6,50 dólares")]),
        ("$6,000 and $6.50", "es-419", [("$6,000", "6,000 dólares"), ("$6.50", "6.50 dólares")]),
        ("$6,000 and $6.50", "es-SV", [("$6,000", "$6,000"), ("$6.50", "$6.50")]),
        ("US$6 million", "es-419", [("US$6 million", "6 millones de dólares")]),
        ("6 million dollars", "es", [("6 million dollars", "6 millones de dólares")]),
        ("€250 or so", "es-US", [("€250", "250 euros")]),
        ("£5 million", "es-SV", [("£5 million", "5 millones de libras")]),
        # Measures: Babel's unit names, plural per number, locale number format.
        (
            "72 kilometers (45 miles) east",
            "es-SV",
            [("72 kilometers", "72 kilómetros"), ("45 miles", "45 millas")],
        ),
        ("1 mile and 1.5 miles", "es", [("1 mile", "1 milla"), ("1.5 miles", "1,5 millas")]),
        ("1,200 square metres", "es", [("1,200 square metres", "1200 metros cuadrados")]),
        ("10 feet", "es-419", [("10 feet", "10 pies")]),
        ("at 60 miles per hour", "es", [("60 miles per hour", "60 millas por hora")]),
    ],
)
def test_renderings(text, lang, expected):
    assert rendered(text, lang) == expected


MALFORMED = [
    "March 45, 2025",
    "February 30, 2024",
    "February 29, 2025",
    "$",
    "$ ",
    "1,2,3",
    "12,345,67",
    "Mar. 16",
    "the 22th century",
    "version 1.2.3",
    "at 10:30 on 3/16/2025",
    "COVID-19",
    "the 1990s",
    "an 18th-century law",
    "2020-2023",
    "agent 007",
    "$6m",
    "123456789012345678901234567890 people",
    "",
]


@pytest.mark.parametrize("text", MALFORMED)
@pytest.mark.parametrize("lang", TARGET_LOCALES)
def test_malformed_or_ambiguous_gives_no_terms(text, lang):
    assert terms(text, lang) == []


@pytest.mark.parametrize("lang", ["en", "fr-FR", "xx", "", "es-"])
def test_non_spanish_or_unknown_locale_gives_no_terms(lang):
    assert terms("On March 17, 2025, 40,000 people paid $6 million.", lang) == []


FRAGMENTS = [
    "March", "Sunday, ", "Jan.", "Mar.", " 16", " 45", ", 2025", " 2025", "16th", " century",
    "$", "US$", "€", "1.5", "40,000", "1,2", ",", ".", " million", " billion", " dollars",
    "%", " percent", " miles", " square kilometers", " per hour", "-", "/", ":", " ", "\u00a0",
    "0", "9", "1798", "12345", " of ", "May", "th",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.text(),
        st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=12).map(
            "".join
        ),
    ),
    lang=st.sampled_from([*TARGET_LOCALES, "en", "xx"]),
)
def test_terms_never_raise_and_spans_are_exact(text, lang):
    found = terms(text, lang)
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.source
        assert t.target and t.kind in ("date", "number")
        assert t.target == t.target.strip() and "  " not in t.target
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


@pytest.fixture
def apertium() -> ApertiumEngine:
    engine = ApertiumEngine()
    if not engine.available():
        if os.environ.get("PARALELO_REQUIRE_ENGINES") == "1":
            pytest.fail("Apertium eng-spa is required (PARALELO_REQUIRE_ENGINES=1) but missing")
        pytest.skip("Apertium eng-spa is not installed")
    return engine


@pytest.mark.apertium
@pytest.mark.parametrize(
    "lang, date, number, money",
    [
        ("es-419", "el domingo 16 de marzo de 2025", "40,000", "6 millones de dólares"),
        ("es", "el domingo 16 de marzo de 2025", "40.000", "6 millones de dólares"),
        ("es-SV", "el domingo 16 de marzo de 2025", "40,000", "$6 millones"),
    ],
)
def test_apertium_output_carries_locale_renderings(apertium, lang, date, number, money):
    sentences = [
        "Video released Sunday, March 16, 2025 showed 40,000 inmates.",
        "The administration will pay the government $6 million for one year of services.",
    ]
    out = apertium.translate_batch(sentences, [terms(s, lang) for s in sentences])
    assert date in out[0] and number in out[0]
    assert "Marcha" not in out[0] and "2,025" not in out[0]
    assert money in out[1]
