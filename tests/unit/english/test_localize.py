"""Spanish dates, sums and numbers rendered whole in English (AP style), as terms the engine must carry."""

from __future__ import annotations

import pytest

from app.english import localize


def rendered(text: str) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in localize.terms(text)]


@pytest.mark.parametrize("spanish, english", [
    ("Fue detenido el 16 de marzo de 2026.", ("el 16 de marzo de 2026", "March 16, 2026")),
    ("Llegó el 3 de febrero.", ("el 3 de febrero", "Feb. 3")),
    ("El 1.º de mayo marcharon.", ("El 1.º de mayo", "May 1")),
    ("Desde mayo de 2022 no hay visitas.", ("mayo de 2022", "May 2022")),
    ("Hay 40.000 reclusos.", ("40.000", "40,000")),
    ("Creció un 3,5 %.", ("3,5 %", "3.5%")),
    ("Pagó 6 millones de dólares.", ("6 millones de dólares", "$6 million")),
    ("Cuesta entre 35 y 170 dólares.", ("entre 35 y 170 dólares", "between $35 and $170")),
    ("A las 10:30 a. m. abrió.", ("10:30 a. m.", "10:30 a.m.")),
    ("Vive en el 2.º piso.", ("2.º", "2nd")),
])
def test_spanish_forms_are_written_the_english_way(spanish, english):
    assert english in rendered(spanish)


def test_plain_numbers_and_years_are_left_to_the_engine():
    assert rendered("En 2026 hubo 14 casos.") == []


def test_ordinals():
    assert [localize.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
