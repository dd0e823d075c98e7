"""The quality checks, one group of tests per check (app.translation.checks)."""

from __future__ import annotations

import pytest

from app.english import tagger
from app.spanish import morphology
from app.translation import checks
from app.translation.checks import Model, Pair
from tests.support.app import REQUIRE_ENGINES


def found(source: str, target: str, **pair) -> dict[str, list[str]]:
    """{check: [severity, ...]} of the failed checks of one pair."""
    out: dict[str, list[str]] = {}
    for issue in checks.run([Pair(source, target, **pair)])[0]:
        out.setdefault(issue.check, []).append(str(issue.severity))
    return out


@pytest.fixture
def analysers():
    if not (tagger.available() and morphology.available()):
        if REQUIRE_ENGINES:  # CI: a missing engine fails the run instead of skipping the checks' tests
            pytest.fail("Apertium's English tagger and Spanish analyser are not installed")
        pytest.skip("Apertium's English tagger and Spanish analyser are not installed")


# --- numbers, amounts, percentages, dates, times ----------------------------------------------------


@pytest.mark.parametrize("target", ["Unas 40.000 casas.", "Unas 40 000 casas.", "Unas 40,000 casas.",
                                    "Unas cuarenta mil casas."])
def test_grouped_thousands_in_any_locale_are_the_same_number(target):
    assert "number" not in found("About 40,000 homes.", target)


@pytest.mark.parametrize("source, target", [
    ("nearly $6 million in public funds", "casi 6 millones de dólares en fondos públicos"),
    ("nearly $6 million in public funds", "casi $6 millones en fondos públicos"),
    ("won 54.3% of the vote", "obtuvo el 54,3% de los votos"),
    ("at 7 p.m. Monday", "a las 7 de la noche del lunes"),
    ("at 7 p.m. Monday", "a las 19:00 del lunes"),
    ("on March 16 at 9 a.m.", "el 16 de marzo a las 9 de la mañana"),
    ("sentenced to eight years", "condenado a ocho años"),
    ("was guaranteed $2.5 million", "tenía garantizados 2,5 millones de dólares"),
])
def test_the_same_quantity_written_the_spanish_way_passes(source, target):
    assert "number" not in found(source, target)


@pytest.mark.parametrize("source, target", [
    ("More than 300 immigrants were moved.", "Más de 30 inmigrantes fueron trasladados."),
    ("A budget of $3 billion.", "Un presupuesto de 3 billones de dólares."),  # a billón is a million millions
    ("The result is due Monday, March 30.", "El resultado se espera el lunes, Marcha 30."),
    ("Polls close at 8 p.m.", "Las urnas cierran a las 9 de la noche."),
])
def test_a_lost_or_changed_quantity_is_an_error(source, target):
    assert found(source, target)["number"] == ["error"]


def test_a_number_only_the_translation_has_is_a_warning():
    assert found("He spent a year there.", "Pasó 2 años allí.")["number"] == ["warning"]


def test_an_english_month_left_as_it_is_is_a_lost_date():
    assert found("The first round was in March.", "La primera ronda fue en March.")["number"] == ["error"]


# --- negation ---------------------------------------------------------------------------------------


def test_a_lost_negation_is_an_error():
    assert found("The transfers were not detected.", "Los traslados fueron detectados.")["negation"] == ["error"]


def test_an_added_negation_is_a_warning():
    assert found("The transfers were detected.", "Los traslados no fueron detectados.")["negation"] == ["warning"]


@pytest.mark.parametrize("source, target", [
    ("He was never charged.", "Nunca fue acusado."),
    ("Nobody wants that.", "Nadie quiere eso."),
    ("It was unclear whether they would go.", "No estaba claro si irían."),  # negative without a negative word
    ("He will be freed unless the state acts.", "Será liberado a no ser que el estado actúe."),
    ("The agency did not say anything.", "La agencia no dijo nada."),  # Spanish double negation
])
def test_negation_kept_or_implied_passes(source, target):
    assert "negation" not in found(source, target)


# --- glossary terms ---------------------------------------------------------------------------------


def test_a_missing_glossary_term_from_the_report_is_an_error():
    terms = [{"entry": 7, "kind": "translate", "source": "hearing", "target": "audiencia", "start": 4, "end": 11,
              "status": "missing"},
             {"entry": None, "kind": "number", "source": "40", "target": "40", "start": 0, "end": 2,
              "status": "missing"}]
    issues = checks.run([Pair("The hearing lasted 40 minutes.", "El oído duró 40 minutos.", terms=terms)])[0]
    term = [i for i in issues if i.check == "term"]
    assert len(term) == 1 and term[0].params["target"] == "audiencia"  # localised numbers are the number check's


def test_an_enforced_term_passes():
    terms = [{"entry": 7, "kind": "translate", "source": "hearing", "target": "audiencia", "start": 4, "end": 11,
              "status": "enforced"}]
    assert "term" not in found("The hearing lasted.", "La audiencia duró.", terms=terms)


# --- names and acronyms -----------------------------------------------------------------------------


@pytest.mark.parametrize("source, target", [
    ("ICE officers handed out water.", "Agentes de hielo repartieron agua."),
    ("County commissioner Ellen Park said so.", "La comisionada Ellen Aparca lo dijo."),
    ("LAS VEGAS (AP) — Diego Castro kept his title.", "LAS VEGA (AP) — Diego Castro retuvo su título."),
])
def test_a_name_translated_as_a_word_is_flagged(analysers, source, target):
    assert found(source, target)["name"] == ["warning"]


@pytest.mark.parametrize("source, target", [
    ("NEW YORK (AP) — New York City agreed.", "NUEVA YORK (AP) — La ciudad de Nueva York aceptó."),
    ("MESA, Ariz. (AP) — Voters chose.", "MESA, Arizona (AP) — Los votantes eligieron."),
    ("U.S. District Judge Robert Quinlan said.", "El juez federal de distrito Robert Quinlan dijo."),
    ("Rents in Michigan rose.", "Los alquileres en Míchigan subieron."),
])
def test_names_kept_or_in_their_spanish_form_pass(analysers, source, target):
    assert "name" not in found(source, target)


# --- English left -----------------------------------------------------------------------------------


def test_english_words_left_are_a_warning(analysers):
    issues = checks.run([Pair("I will spend my life trying to repay them.", "Pasaré mi vida intentando repay les.")])
    left = [i for i in issues[0] if i.check == "untranslated"]
    assert left and left[0].params["words"] == "repay"


def test_words_spanish_shares_are_not_english_left(analysers):
    assert "untranslated" not in found("He was taken to a federal hospital.", "Fue llevado a un hospital federal.")


def test_only_the_words_the_engine_did_not_know_count_where_it_says(analysers):
    pair = {"unknown": []}  # Apertium knew every word: "diabetes" is its Spanish, not English left over
    assert "untranslated" not in found("People with diabetes.", "Personas con diabetes.", **pair)


def test_a_sentence_left_in_english_is_an_error():
    assert found("The judge heard the case.", "The judge heard the case.")["untranslated"] == ["error"]


# --- length -----------------------------------------------------------------------------------------


def test_a_sentence_far_shorter_than_the_article_usually_is_flagged():
    source = "The detention center held an average of 900 people a day last year, according to federal data."
    typical = [(len(source), int(len(source) * 1.15))] * 12
    model = Model.of(typical)
    assert model.check(source, "El centro de detención albergó.")[0].check == "length"
    assert model.check(source, "El centro de detención albergó un promedio de 900 personas al día el año "
                               "pasado, según datos federales.") == []


def test_too_few_sentences_use_the_prior():
    assert Model.of([(100, 110)] * 3) == Model()


# --- brackets, quotes, doubled words ----------------------------------------------------------------


def test_unpaired_brackets_and_quotes_are_flagged():
    result = found('"It was hot," he said (35 degrees).', "“Hacía calor, dijo (35 grados.")
    assert result["brackets"] == ["warning"] and result["quotes"] == ["warning"]


def test_spanish_quotation_marks_and_added_brackets_pass():
    assert not ({"brackets", "quotes"} & set(found('"It was hot," said an ICE agent.',
                                                      "“Hacía calor”, dijo un agente del ICE (Inmigración).")))


def test_a_quotation_spanning_sentences_is_not_flagged():
    assert "quotes" not in found('"I have lived here all my life.', "“He vivido aquí toda mi vida.")


def test_a_doubled_word_is_flagged_unless_the_original_doubles_it():
    assert found("He said it was fair.", "Dijo que que era justo.")["doubled"] == ["warning"]
    assert "doubled" not in found("Sirhan Sirhan was denied parole.", "A Sirhan Sirhan le negaron la libertad.")


def test_messages_are_english_templates_with_their_values():
    issue = checks.run([Pair("More than 300 people.", "Más de 30 personas.")])[0][0]
    assert checks.message(issue.as_dict()) == "300 became 30 in the translation."
    assert checks.message(issue.as_dict(), lambda t, **p: "«" + t % p + "»").startswith("«300")
