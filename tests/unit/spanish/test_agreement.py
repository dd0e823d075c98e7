"""Agreement around enforced terms: what is governed, what is repaired, what is left alone."""

from __future__ import annotations

import json

import pytest

from app.core.terms import Term, present
from app.glossary import matcher as glossary
from app.spanish import agreement, postprocess
from app.translation.pipeline import enforce_terms
from tests.support.app import FakeEngine, make_app, wait_jobs
from tests.support.morphology import lt_proc  # noqa: F401
from tests.support.paths import DATA

pytestmark = pytest.mark.usefixtures("lt_proc")
CASES = DATA / "agreement_cases.json"


def t(target: str, gender: str, number: str = "sg", kind: str = "translate") -> Term:
    return Term(0, 1, "x", target, kind=kind, gender=gender, number=number)


def fix(text: str, *terms: Term) -> str:
    [(out, _)] = agreement.repair([text], [list(terms)])
    return out


def test_determiners_adjectives_and_participles_take_the_terms_gender_and_number():
    reclusion = t("reclusión", "f")
    assert fix("El reclusión nuevo estuvo ordenado por el juez.", reclusion) == (
        "La reclusión nueva estuvo ordenada por el juez.")
    assert fix("Aquello reclusión es duro.", reclusion) == "Aquella reclusión es dura."
    assert fix("Todos los nuevos reclusión", t("reclusión", "f", "pl")) == "Todas las nuevas reclusión"
    assert fix("Del reclusión", reclusion) == "De la reclusión"
    assert fix("Los personas detenidas fueron trasladados.", t("personas detenidas", "f", "pl")) == (
        "Las personas detenidas fueron trasladadas.")


def test_predicates_through_relative_clauses_and_coordination():
    penal = t("penal", "m")
    assert fix("La penal, la cual ya estaba muy criticada, es nueva.", penal) == (
        "El penal, el cual ya estaba muy criticado, es nuevo.")
    assert fix("La orden que fue emitido el lunes es claro.", t("orden", "f")) == (
        "La orden que fue emitida el lunes es clara.")
    assert fix("La orden fue emitido por un juez federal y es válido.", t("orden", "f")) == (
        "La orden fue emitida por un juez federal y es válida.")
    # the verb takes the term's number only together with a predicate that agrees
    assert fix("Las pruebas estuvo presentada en corte.", t("pruebas", "f", "pl")) == (
        "Las pruebas estuvieron presentadas en corte.")


def test_past_a_word_left_in_english_and_a_year():
    # issue 23: the grammar check found these where the repair had looked
    assert fix("Nació en un infamously cárcel anárquica.", t("cárcel", "f")) == (
        "Nació en una infamously cárcel anárquica.")
    assert fix("La Ley de Enemigos Extranjeros de 1798, el cual ha sido utilizado tres veces.",
               t("Ley de Enemigos Extranjeros", "f")) == (
        "La Ley de Enemigos Extranjeros de 1798, la cual ha sido utilizada tres veces.")


@pytest.mark.parametrize("text", [
    "La demanda ha presentado pruebas nuevas.",  # compound tense: the participle never agrees
    "El penal limpia las celdas.",  # "limpia" is also a finite verb: not safely an adjective
    "La demanda del juez fue archivado.",  # another noun between the term and the verb
    "Cualquier prueba son de hecho miembros.",  # a copula with no agreeing predicate keeps its number
    "Dijo que la demanda que el fiscal fue acusado.",  # the copula after another subject
])
def test_words_not_governed_by_the_term_are_left_alone(text):
    term = next(t(w, g) for w, g in (("prueba", "f"), ("demanda", "f"), ("penal", "m")) if w in text)
    assert fix(text, term) == text


def test_only_gendered_translate_terms_and_words_outside_other_terms():
    assert fix("El reclusión nuevo", t("reclusión", None)) == "El reclusión nuevo"
    assert fix("El Tren de Aragua nuevo", t("Tren de Aragua", "f", kind="keep")) == "El Tren de Aragua nuevo"
    # "federal" belongs to another glossary term: a term's own words are never touched
    terms = [t("demanda", "f"), Term(0, 1, "y", "juez federal", gender="m", number="sg")]
    assert fix("La demanda juez federal", *terms) == "La demanda juez federal"


def test_repairs_are_reported_and_errors_checked_by_the_analyser():
    text, term = "Un demanda nuevo fue rechazado.", t("demanda", "f")
    [errors] = agreement.errors([text], [[term]])
    assert {e["word"] for e in errors} == {"Un", "nuevo", "rechazado"}
    [done] = postprocess.finish([text], [[term]], "es-419")
    assert done.text == "Una demanda nueva fue rechazada."
    assert done.terms[0]["status"] == "enforced"
    assert done.terms[0]["repairs"] == [
        {"from": "Un", "to": "Una"}, {"from": "nuevo", "to": "nueva"}, {"from": "rechazado", "to": "rechazada"}]
    assert agreement.errors([done.text], [[term]]) == [[]]


def test_test_set_has_no_agreement_errors_after_enforcement(apertium):
    data = json.loads(CASES.read_text())
    assert len(data["sentences"]) >= 80
    assert {(e["gender"], e["number"]) for e in data["terms"]} == {("m", "sg"), ("f", "sg"), ("m", "pl"), ("f", "pl")}
    matcher = glossary.Matcher(glossary.Entry.of(dict(e, id=i)) for i, e in enumerate(data["terms"]))
    sentences = data["sentences"]
    terms = [matcher.terms(s) for s in sentences]
    assert all(terms)
    outputs = [f.text for f in postprocess.finish(enforce_terms(apertium, sentences, terms), terms, "es-419")]
    assert all(present(term.target, out) for out, ts in zip(outputs, terms, strict=True) for term in ts)
    assert sum(map(len, agreement.errors(outputs, terms))) == 0


class WrongAgreementEngine(FakeEngine):
    """Stands for any engine (Argos...): puts the term in but leaves the words around it masculine."""

    def translate_batch(self, sentences, terms=None, progress=None):
        self.calls.append(list(sentences))
        out = []
        for i, sentence in enumerate(sentences):
            given = (terms or [[]] * len(sentences))[i]
            noun = next((t.target for t in given if t.source == "confinement"), "confinamiento")
            out.append(f"El nuevo {noun} fue ordenado." if "confinement" in sentence else f"ES({sentence})")
        return out


def test_the_pipeline_repairs_any_engines_output_and_reports_it(tmp_path):
    app = make_app(tmp_path, {"fake": WrongAgreementEngine()})
    try:
        client = app.test_client()
        client.post("/api/glossary", json={"source": "confinement", "target": "reclusión"})
        resp = client.post("/api/articles", json={"title": "A title", "text": "The new confinement was ordered."})
        wait_jobs(app)
        seg = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()["segments"][1]
        assert seg["target"] == "La nueva reclusión fue ordenada."
        [item] = [t for t in seg["terms"] if t["target"] == "reclusión"]
        assert item["status"] == "enforced"
        assert item["repairs"] == [{"from": "El", "to": "La"}, {"from": "nuevo", "to": "nueva"},
                                   {"from": "ordenado", "to": "ordenada"}]
    finally:
        app.extensions["paralelo.jobs"].shutdown()
