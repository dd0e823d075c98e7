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


LOCALES = ("es", "es-419", "es-SV", "es-MX", "es-US")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("raw, spain, america", [
    # the comma and the period go after the closing quote (RAE, Ortografía 2010, §3.4.8.3)
    ('" Apelaremos," Jackson dijo.', "«Apelaremos», Jackson dijo.", "“Apelaremos”, Jackson dijo."),
    ('Castro dijo "si el dinero es correcto."', "Castro dijo «si el dinero es correcto».",
     "Castro dijo “si el dinero es correcto”."),
    ('"No me voy a quedar callado."', "«No me voy a quedar callado».", "“No me voy a quedar callado”."),
    ('Dijo, "esto es todo;" y salió.', "Dijo, «esto es todo»; y salió.", "Dijo, “esto es todo”; y salió."),
    # a quotation ending in ? or an abbreviation still takes the sentence's period after the quote
    ('Preguntó: "¿Vienes?"', "Preguntó: «¿Vienes?».", "Preguntó: “¿Vienes?”."),
    ('Preguntó: "Dónde está?"', "Preguntó: «¿Dónde está?».", "Preguntó: “¿Dónde está?”."),
    ('Vive en "los EE. UU."', "Vive en «los EE. UU.».", "Vive en “los EE. UU.”."),
    # a quotation that runs on into the next sentence keeps its period inside
    ('"Nunca volverán.', "«Nunca volverán.", "“Nunca volverán."),
])
def test_punctuation_after_closing_quotes(locale, raw, spain, america):
    assert typography.clean(raw, locale) == (spain if locale == "es" else america)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("raw, clean", [
    # incisos between rayas attached to them, whatever dash the engine wrote (RAE, §3.4.7)
    ("El alcalde — que fue elegido en 2020 — dijo que sí.", "El alcalde —que fue elegido en 2020— dijo que sí."),
    ("shorts - camiseta, calcetines - y celdas.", "shorts —camiseta, calcetines— y celdas."),
    ("un total -- dijo él -- de cinco.", "un total —dijo él— de cinco."),
    ("el lunes—y el martes—, dijo.", "el lunes —y el martes—, dijo."),
    # an inciso that runs to the end keeps its closing raya before the period
    ("Debía reflejar el daño — no solo el dinero.", "Debía reflejar el daño —no solo el dinero—."),
    ("Fijó la fianza en 250.000 dólares — una cantidad que no podía pagar.",
     "Fijó la fianza en 250.000 dólares —una cantidad que no podía pagar—."),
    # left alone: an agency dateline, a title's suffix, ranges and scores, hyphenated words, a lone dash
    ("LAS VEGAS (AP) — Diego Castro ganó.", "LAS VEGAS (AP) — Diego Castro ganó."),
    ("Qué saber sobre la megacárcel - Associated Press", "Qué saber sobre la megacárcel - Associated Press"),
    ("Ganó 115-113 y de 9 - 5 cada día.", "Ganó 115-113 y de 9 - 5 cada día."),
    ("una ley anti-pandillas", "una ley anti-pandillas"),
    ("—", "—"),
])
def test_rayas(locale, raw, clean):
    assert typography.clean(raw, locale) == clean


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
