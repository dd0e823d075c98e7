"""Spans of time, rates, years and holidays (app.spanish.periods)."""

from __future__ import annotations

import pytest

from app.spanish import periods


@pytest.mark.parametrize("text, spanish", [
    ("last week", "la semana pasada"), ("last year", "el año pasado"), ("last decade", "la década pasada"),
    ("next month", "el próximo mes"), ("next week", "la próxima semana"), ("this weekend", "este fin de semana"),
    ("over the weekend", "durante el fin de semana"),
])
def test_relative(text, spanish):
    assert periods.relative_at(text, 0) == (len(text), spanish)


@pytest.mark.parametrize("text, spanish", [
    ("the past two years", "los últimos dos años"), ("the last 14 days", "los últimos 14 días"),
    ("the past year", "el último año"), ("the next three months", "los próximos tres meses"),
    ("the coming days", "los próximos días"), ("the past several weeks", "las últimas varias semanas"),
])
def test_recent(text, spanish):
    assert periods.recent_at(text, 0) == (len(text), spanish)


@pytest.mark.parametrize("text, spanish", [
    ("three years", "tres años"), ("a week", "una semana"), ("an hour", "una hora"),
    ("more than a year", "más de un año"), ("14 days", "14 días"), ("at least seven hours", "al menos siete horas"),
    ("years", "años"),
])
def test_duration(text, spanish):
    assert periods.duration_at(text, 0) == (len(text), spanish)


@pytest.mark.parametrize("text", ["two years ago", "a years", "three year", "one year of services", "10 of"])
def test_not_a_duration(text):
    assert periods.duration_at(text, 0) is None


def test_rates_need_a_quantity():
    text = "900 people a day, $14 million a year, two days a week; he spent a day in jail, a year ago"
    assert [(text[s:e], sp) for s, e, sp in periods.rates(text)] == [
        ("a day", "al día"), ("a year", "al año"), ("a week", "a la semana")]


def test_years_and_holidays():
    assert periods.year_at("2023, when", 0) == (4, "2023")
    assert periods.year_at("2023-24", 0) is None and periods.year_at("20234", 0) is None
    assert periods.holiday_at("Christmas Eve.", 0) == (13, "Nochebuena", True)
    assert periods.holiday_at("Election Day", 0) == (12, "el día de las elecciones", False)
    assert periods.holiday_at("New Year’s Day", 0) == (14, "el día de Año Nuevo", False)
