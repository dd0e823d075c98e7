"""Times of day per locale (app.spanish.clock)."""

from __future__ import annotations

import pytest
from babel import Locale

from app.spanish import clock

ES, MX = Locale.parse("es"), Locale.parse("es_MX")


@pytest.mark.parametrize("hour, minute, spain, america", [
    (19, 0, "las 19:00", "las 7 de la noche"),
    (9, 0, "las 9:00", "las 9 de la mañana"),
    (10, 30, "las 10:30", "las 10:30 de la mañana"),
    (13, 0, "las 13:00", "la 1 de la tarde"),
    (1, 15, "la 1:15", "la 1:15 de la madrugada"),
    (12, 0, "las 12:00", "las 12 del mediodía"),
    (18, 0, "las 18:00", "las 6 de la tarde"),
    (0, 0, "la medianoche", "la medianoche"),
])
def test_clock(hour, minute, spain, america):
    assert clock.clock(hour, minute, ES) == spain
    assert clock.clock(hour, minute, MX) == america


@pytest.mark.parametrize("text, end, spanish", [
    ("7 p.m. Saturday", 6, "las 7 de la noche"),
    ("7pm", 3, "las 7 de la noche"),
    ("11 PM", 5, "las 11 de la noche"),
    ("4:30 p.m. local time", 20, "las 4:30 de la tarde hora local"),
    ("12 a.m.", 6, "la medianoche"),  # the abbreviation's period ends the sentence: it stays outside
    ("noon", 4, "el mediodía"),
])
def test_time_at(text, end, spanish):
    assert clock.time_at(text, 0, MX) == (end, spanish)


@pytest.mark.parametrize("text", ["13 p.m.", "0 a.m.", "7 a month", "7 amps", "seven p.m."])
def test_not_a_time(text):
    assert clock.time_at(text, 0, MX) is None


def test_clock_model_comes_from_cldr():
    assert clock.twenty_four_hour(ES) and not clock.twenty_four_hour(MX)
    assert not clock.twenty_four_hour(Locale.parse("es_US"))
