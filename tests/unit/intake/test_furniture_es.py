"""Spanish bylines and credit lines: recognised at import and written in English by template."""

from __future__ import annotations

import pytest

from app.intake import furniture_es, parse


@pytest.mark.parametrize("spanish, kind, english", [
    ("Por Ana Beatriz Cruz", "byline", "By Ana Beatriz Cruz"),
    ("Publicado el 21 de enero de 2026", "byline", "Published Jan. 21, 2026"),
    ("Por Ana Ruiz Publicado el 4 de julio de 2025", "byline", "By Ana Ruiz · Published July 4, 2025"),
    ("Por María López y Luis Pérez | AP", "byline", "By María López and Luis Pérez · Associated Press"),
    ("Colaboró en este despacho el periodista de AP Luis Pérez, desde San Salvador.", "credit",
     "Associated Press journalist Luis Pérez contributed to this report from San Salvador."),
    ("La periodista de AP Sofía Ruiz colaboró con este despacho desde Lima.", "credit",
     "Associated Press journalist Sofía Ruiz contributed to this report from Lima."),
    ("Marcos Alemán informó desde San Salvador.", "credit", "Marcos Alemán reported from San Salvador."),
])
def test_recognised_and_written_in_english(spanish, kind, english):
    found = furniture_es.recognise(spanish)
    assert found is not None and found.kind == kind
    assert furniture_es.render(kind, spanish) == english


@pytest.mark.parametrize("text", ["Por primera vez, la corte falló.", "Publicado el martes.",
                                  "Colaboró con la policía durante años."])
def test_ordinary_sentences_are_not_furniture(text):
    assert furniture_es.recognise(text) is None


def test_a_spanish_byline_and_credit_are_found_at_import():
    text = "Un titular\n\nPor Ana Cruz\n\nTexto uno.\n\nTexto dos.\n\nColaboró en este despacho Luis Pérez."
    parsed = parse.parse(text)
    assert parsed.byline == "Por Ana Cruz"
    assert [b.kind for b in parsed.blocks] == ["paragraph", "paragraph", "credit"]
