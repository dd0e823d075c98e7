"""Spanish typography of machine output: spaces, punctuation, ¿ ¡, quotes per locale; entry case."""

from __future__ import annotations

import pytest

from app.core.terms import Term
from app.spanish import termcase, typography


@pytest.mark.parametrize("raw, clean", [
    ("El Salvador  agresivo", "El Salvador agresivo"),
    ("En 2023,  abrió", "En 2023, abrió"),
    ("Dijo , pues ; y : no .", "Dijo, pues; y: no."),
    ("Cuántos presos hay ?", "¿Cuántos presos hay?"),
    ("¡ Basta !", "¡Basta!"),
    ("en los EE. UU..", "en los EE. UU."),
    ("Y luego... nada", "Y luego... nada"),
    ("  espacios al borde  ", "espacios al borde"),
])
def test_spaces_and_punctuation(raw, clean):
    assert typography.clean(raw, "es-419") == clean


def test_quotes_follow_the_locale():
    raw = 'Dijo "vamos ahora" y “ya” con «calma».'
    assert typography.clean(raw, "es") == "Dijo «vamos ahora» y «ya» con «calma»."
    for locale in ("es-419", "es-SV", "es-MX", "es-US"):
        assert typography.clean(raw, locale) == "Dijo “vamos ahora” y “ya” con “calma”."
    # a quote that runs on into the next sentence still opens
    assert typography.clean('"Nunca volverán', "es") == "«Nunca volverán"
    assert typography.clean("el 'apodo' y l'amour", "es") == "el 'apodo' y l'amour"  # single quotes alone


def test_old_name_still_works():
    from app.translation import pipeline

    assert pipeline.spanish_punctuation("Qué es el CECOT?") == "¿Qué es el CECOT?"


def term(target: str, kind: str = "translate") -> Term:
    return Term(0, 1, "x", target, kind=kind)


def test_entry_case_wins_in_running_text():
    terms = [term("presidente"), term("juez federal")]
    assert termcase.entry_case("El gobierno de Presidente Nayib Bukele y un Juez Federal.", terms) == (
        "El gobierno de presidente Nayib Bukele y un juez federal.")
    # a sentence may still start with a capital, after a full stop too
    assert termcase.entry_case("Presidente Bukele habló. Juez federal dijo.", terms) == (
        "Presidente Bukele habló. Juez federal dijo.")
    # proper names and kept names are written as the entry writes them, everywhere
    names = [term("Centro de Confinamiento del Terrorismo"), term("CECOT", kind="keep")]
    assert termcase.entry_case("el centro de confinamiento del terrorismo, o Cecot", names) == (
        "el Centro de Confinamiento del Terrorismo, o CECOT")
    # words that only look like the term are not touched
    assert termcase.entry_case("Presidentes y vicepresidente", terms) == "Presidentes y vicepresidente"
