"""The glossary read backwards: Spanish text matched through the analyser, enforcing the English."""

from __future__ import annotations

import pytest

from app.glossary import reverse
from app.glossary.matcher import Entry, Matcher
from app.spanish import tagger

pytestmark = pytest.mark.skipif(not tagger.available(), reason="needs apertium-eng-spa's Spanish tagger")

ENTRIES = [
    Entry(1, "inmate", "recluso", None, "reclusos", gender="m", pos="noun"),
    Entry(2, "gang member", "pandillero", None, "pandilleros", gender="m", pos="noun"),
    Entry(3, "detainee", "detenido", None, "detenidos", gender="m", pos="noun"),
    Entry(4, "immigration judge", "juez de inmigración", None, "jueces de inmigración", gender="m", pos="noun"),
    Entry(5, "Tren de Aragua", "Tren de Aragua", kind="keep", pos="name"),
    Entry(6, "U.S.", "EE. UU.", gender="m", number="pl"),
    Entry(7, "US", "EE. UU.", gender="m", number="pl", direction="en-es"),
    Entry(8, "handcuffs", "esposas", gender="f", number="pl", direction="en-es"),
    Entry(9, "visit", "visita", None, "visitas", gender="f", pos="noun", direction="es-en"),
    Entry(10, "visitation", "visita", None, "visitas", gender="f", pos="noun"),
]


def found(text: str) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in reverse.ReverseMatcher(ENTRIES).terms(text)]


@pytest.mark.parametrize("spanish, english", [
    ("Los reclusos esperan.", ("reclusos", "inmates")),
    ("Las reclusas esperan.", ("reclusas", "inmates")),
    ("Un recluso murió.", ("recluso", "inmate")),
    ("Detuvieron a los pandilleros.", ("pandilleros", "gang members")),
    ("Dos pandilleras declararon.", ("pandilleras", "gang members")),
    ("Habló con los jueces de inmigración.", ("jueces de inmigración", "immigration judges")),
    ("Opera en EE. UU. desde 2020.", ("EE. UU.", "U.S.")),
    ("El Tren de Aragua negó todo.", ("Tren de Aragua", "Tren de Aragua")),
    ("Suspendieron las visitas.", ("visitas", "visits")),  # the es-en entry wins over the older one
])
def test_any_inflection_matches_and_the_english_follows_its_number(spanish, english):
    assert english in found(spanish)


def test_a_participle_is_not_a_noun_entry():
    assert found("Catorce aficionados fueron detenidos.") == []
    assert found("El partido estuvo detenido una hora.") == []
    assert ("detenidos", "detainees") in found("Los detenidos salen hoy.")


def test_one_way_entries_stay_in_their_direction():
    assert found("Las esposas de los presos esperan.") == []  # handcuffs is English -> Spanish only
    assert [e.source for e in Matcher(ENTRIES).entries if e.id == 9] == []  # and visit Spanish -> English only


def test_the_stems_of_a_word_the_analyser_lacks():
    assert {"pandillero", "pandiller"} <= reverse.stems("pandilleras")
    assert "juez" in reverse.stems("jueza")
