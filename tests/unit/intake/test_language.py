"""Language identification: English, Spanish, or None when unsure or in another language."""

from __future__ import annotations

import pytest

from app.intake import language
from tests.support.segment_es import DEV, HELDOUT


def test_the_bundled_article_is_english(seed_text):
    assert language.detect(seed_text) == "en"


def test_a_spanish_article_is_spanish():
    article = "Juicio masivo en San Salvador\n\n" + "\n\n".join(text for text, _ in DEV + HELDOUT)
    assert language.detect(article) == "es"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The detainees were moved to a prison outside the capital overnight.", "en"),
        ("A federal judge ordered the government to stop the flights.", "en"),
        ("JUDGE ORDERS RELEASE OF DEPORTED TEACHER", "en"),
        ("Los detenidos fueron trasladados de madrugada a un penal fuera de la capital.", "es"),
        ("Un juez federal ordenó al gobierno detener los vuelos.", "es"),
        ("¿Dónde están nuestros hijos?", "es"),
        ("Las madres de los reclusos hicieron fila desde las cuatro de la mañana.", "es"),
        ("El video se volvió viral en TikTok y el hashtag fue tendencia.", "es"),  # English loanwords
    ],
)
def test_sentences(text, expected):
    assert language.detect(text) == expected


@pytest.mark.parametrize(
    "text, language_of_text",
    [
        ("Guards at the Centro de Confinamiento del Terrorismo shaved the men's heads.", "en"),
        ("Sánchez, Pérez and Ramírez were charged.", "en"),
        ("El Wall Street Journal y The New York Times publicaron la noticia.", "es"),
    ],
)
def test_mixed_sentences_may_be_unsure_but_never_wrong(text, language_of_text):
    assert language.detect(text) in (language_of_text, None)


@pytest.mark.parametrize(
    "text",
    [
        "Le tribunal a ordonné la libération des détenus lundi.",
        "O tribunal ordenou a libertação dos presos na segunda-feira.",
        "Il tribunale ha ordinato il rilascio dei detenuti lunedì.",
        "Das Gericht ordnete am Montag die Freilassung der Häftlinge an.",
        "El tribunal va ordenar l'alliberament dels detinguts dilluns.",  # Catalan
    ],
)
def test_other_languages_are_none(text):
    assert language.detect(text) is None


@pytest.mark.parametrize("text", ["", "   ", "12345", "2025-03-16 · 10:30", "Bukele", "CECOT"])
def test_nothing_to_go_on_is_none(text):
    assert language.detect(text) is None


def test_answers_are_stable_and_the_model_loads_once():
    language.preload()
    model = language._identifier()
    text = "The court will hear the case on Friday."
    assert {language.detect(text) for _ in range(5)} == {"en"}
    assert language._identifier() is model
