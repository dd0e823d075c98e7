"""Weekdays, dates and times rendered whole with their preposition (app.spanish.when)."""

from __future__ import annotations

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import TARGET_LOCALES
from app.spanish import when


def rendered(text: str, lang: str = "es-419") -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in when.terms(text, Locale.parse(lang.replace("-", "_")))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a weekday takes its article; prepositions are translated with it, with "al" and "del"
        ("They were moved on Monday.", [("on Monday", "el lunes")]),
        ("Officials said Monday that", [("Monday", "el lunes")]),
        ("the suspect was arrested last Tuesday", [("last Tuesday", "el martes pasado")]),
        ("until next Thursday night", [("until next Thursday night", "hasta el próximo jueves por la noche")]),
        ("on Saturday afternoon", [("on Saturday afternoon", "el sábado por la tarde")]),
        ("visits on Mondays and every Friday", [("on Mondays", "los lunes"), ("every Friday", "cada viernes")]),
        ("before Friday", [("before Friday", "antes del viernes")]),
        ("postponed to Wednesday", [("to Wednesday", "al miércoles")]),
        ("late Monday and early Tuesday", [("late Monday", "la noche del lunes"),
                                          ("early Tuesday", "la madrugada del martes")]),
        # weekday + date: one specifying phrase, no comma
        ("set for Sunday, March 16.", [("for Sunday, March 16", "para el domingo 16 de marzo")]),
        ("on Monday, March 30", [("on Monday, March 30", "el lunes 30 de marzo")]),
        ("starting Saturday, June 6", [("starting Saturday, June 6", "a partir del sábado 6 de junio")]),
        ("on March 16 to five years", [("on March 16", "el 16 de marzo")]),
        ("since 16 March 2025", [("since 16 March 2025", "desde el 16 de marzo de 2025")]),
        # ranges
        ("open from Monday to Friday", [("from Monday to Friday", "del lunes al viernes")]),
        ("between Monday and Wednesday", [("between Monday and Wednesday", "entre el lunes y el miércoles")]),
        # months are never left in English; "May" only next to a preposition, a day or a year
        ("signed in March", [("in March", "en marzo")]),
        ("in early March and mid-March", [("in early March", "a principios de marzo"),
                                          ("mid-March", "mediados de marzo")]),
        ("He may come in May 2024.", [("in May 2024", "en mayo de 2024")]),
        ("You may go.", []),
        ("promoters mentioned September in Las Vegas", [("September", "septiembre")]),
        ("the March primary", [("March", "marzo")]),
        ("March Madness and April Ryan. March on.", []),
        # times (es-419: the 12-hour clock with the part of the day)
        ("polls close at 7 p.m. Saturday", [("at 7 p.m. Saturday", "a las 7 de la noche del sábado")]),
        ("until 10 p.m. on Tuesday", [("until 10 p.m. on Tuesday", "hasta las 10 de la noche del martes")]),
        ("on March 16 at 9 a.m.", [("on March 16 at 9 a.m", "el 16 de marzo a las 9 de la mañana")]),
        ("shortly after midnight", [("shortly after midnight", "poco después de la medianoche")]),
        ("at noon", [("at noon", "al mediodía")]),
        ("until at least 7 p.m. Monday",
         [("until at least 7 p.m. Monday", "al menos hasta las 7 de la noche del lunes")]),
        # spans of time, rates, years after a preposition, holidays
        ("jailed for three years, 10 hours a day", [("for three years", "durante tres años"), ("a day", "al día")]),
        ("will pay $6 million for one year.", [("for one year", "por un año")]),
        ("not detected until 2023, when", [("until 2023", "hasta 2023")]),
        ("over the past two years", [("over the past two years", "en los últimos dos años")]),
        ("released on Christmas Eve", [("on Christmas Eve", "en Nochebuena")]),
        # after a determiner a date is a modifier: no article
        ("the March 16 hearing", [("March 16", "16 de marzo")]),
        # names and possessives are left to the engine
        ("Super Tuesday and Black Friday", []),
        ("Tuesday's vote", []),
        ("February 30, 2025 was", []),
    ],
)
def test_phrases_in_running_text(text, expected):
    assert rendered(text) == expected


def test_a_date_standing_alone_is_written_as_a_heading():
    assert rendered("March 17, 2025") == [("March 17, 2025", "17 de marzo de 2025")]
    assert rendered("Sunday, March 16, 2025") == [("Sunday, March 16, 2025", "domingo, 16 de marzo de 2025")]


def test_the_sentence_keeps_its_full_stop_after_a_time():
    text = "The planes landed at 6 p.m."
    (term,) = when.terms(text, Locale.parse("es_MX"))
    assert term.source == "at 6 p.m" and text[term.end :] == "."


@pytest.mark.parametrize("lang, spanish", [
    ("es", "a las 19:00 del sábado"), ("es-419", "a las 7 de la noche del sábado"),
    ("es-SV", "a las 7 de la noche del sábado"), ("es-MX", "a las 7 de la noche del sábado"),
    ("es-US", "a las 7 de la noche del sábado"),
])
def test_times_follow_the_locale(lang, spanish):
    assert rendered("at 7 p.m. Saturday", lang) == [("at 7 p.m. Saturday", spanish)]


def test_weekday_and_month_names_are_lower_case_in_every_locale():
    for lang in TARGET_LOCALES:
        for _, spanish in rendered("on Sunday, March 16 and in April", lang):
            assert spanish == spanish.lower()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "on", "On", "Monday", "Mondays", "March", "16", ",", " ", "at", "7", "p.m.", "a.m.", "noon", "last", "the",
    "from", "to", "between", "and", "early", "in", "2025", "for", "three", "years", "a", "day", "over",
    "weekend", "'s", "Christmas", "Eve", "-", "mid", "within", "past",
]), max_size=14).map(" ".join))
def test_terms_are_exact_ordered_slices(text):
    found = when.terms(text, Locale.parse("es"))
    for t in found:
        assert text[t.start : t.end] == t.source and t.target and t.kind == "date"
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
