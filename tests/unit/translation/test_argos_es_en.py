"""Argos Spanish->English with real generated packages: installed next to an en->es one, chosen by the article's
pair, loaded, and a Spanish article translated through the import API with the glossary enforced backwards.

The packages are built like the en->es ones (tests/support/argos_model.py: sentencepiece trained on Paralelo's
own Spanish and English test texts, a CTranslate2 Transformer with generated weights), so the tests check the
plumbing and the guarantees (the pair, provenance, every English term in the output), never wording.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.direction import Direction
from app.core.terms import missing
from app.glossary import matcher as glossary
from app.intake import furniture
from app.translation import pipeline
from app.translation.engines import argos, pick
from app.translation.engines.argos import ArgosEngine
from app.translation.engines.argos_packages import install_file, list_installed
from tests.support.app import make_app, wait_jobs
from tests.support.argos_model import build_argosmodel
from tests.support.paths import ROOT, SEED

pytestmark = pytest.mark.apertium  # the glossary read backwards uses Apertium's Spanish analyser
SPANISH = ROOT / "bench" / "data" / "bilingual" / "spanish_source"
ARTICLE = SPANISH / "consulado_los_angeles_deportacion.es.txt"
SPANISH_TO_ENGLISH = Direction("es", "en")


@pytest.fixture(scope="module")
def es_en_files(tmp_path_factory) -> dict[str, Path]:
    """Generated es->en packages (random and copying weights) and an en->es one to install beside them."""
    out = tmp_path_factory.mktemp("argos-es-en")
    text = "\n".join(p.read_text("utf-8") for p in sorted(SPANISH.glob("*.txt")))
    return {
        "random": build_argosmodel(out / "random", from_code="es", to_code="en", text=text),
        "copy": build_argosmodel(out / "copy", from_code="es", to_code="en", text=text, copy=True),
        "en_es": build_argosmodel(out / "en-es"),
    }


def spanish_terms(sentences: list[str]) -> list[list]:
    """The bundled glossary's terms in Spanish sentences, with their English (plus numbers and dates)."""
    entries = [glossary.Entry.of(e) for e in json.loads((SEED.parent / "glossary.json").read_text("utf-8"))]
    matcher = glossary.Matcher(entries)
    return [pipeline.terms_for(s, matcher, SPANISH_TO_ENGLISH) for s in sentences]


SENTENCES = [
    "Los pandilleros detenidos fueron trasladados al penal el 16 de marzo de 2026.",
    "Las reclusas esperan a la jueza en la cárcel.",
    "El consulado atendió a más de 300 familias de detenidos.",
]


def test_the_pair_chooses_the_package(tmp_path, apertium, es_en_files):
    packages = tmp_path / "argos"
    install_file(packages, es_en_files["en_es"])
    install_file(packages, es_en_files["random"], "es", "en")
    assert sorted((p["name"], p["from_code"], p["to_code"]) for p in list_installed(packages)) == [
        ("translate-en_es", "en", "es"), ("translate-es_en", "es", "en")]
    engines = {"apertium": apertium, "argos": ArgosEngine(str(packages))}
    back = pick(engines, "auto", ("es", "en"))  # Argos comes before Apertium for either pair
    assert (back.name, back.languages, back.version) == ("argos", ("es", "en"), "translate-es_en 1.0")
    assert pick(engines, "auto", ("en", "es")).version == "translate-en_es 1.0"
    assert back.describe()["pairs"] == {"en-es": True, "es-en": True}


def test_an_es_en_package_alone_serves_only_its_pair(tmp_path, es_en_files):
    install_file(tmp_path / "argos", es_en_files["random"], None, None)  # the pair read from the file
    engine = ArgosEngine(str(tmp_path / "argos"))
    assert engine.for_pair("es", "en").available() and not engine.available()
    assert engine.describe()["install"].startswith("paralelo models install en es")
    assert engine.for_pair("es", "en").model().target_prefix == []
    page = make_app(tmp_path, {"argos": engine}, RUN_JOBS=False).test_client().get("/engines").text
    assert "<td>Installed <span class=\"pairs\">en → es ✗ · es → en ✓</span></td>" in " ".join(page.split())


def test_english_terms_forced_into_a_model_that_loses_them(tmp_path, apertium, es_en_files):
    install_file(tmp_path / "argos", es_en_files["random"], "es", "en")
    engine = ArgosEngine(str(tmp_path / "argos")).for_pair("es", "en")
    terms = spanish_terms(SENTENCES)
    assert [t.target for t in terms[0] if t.kind == "translate"] == ["gang members"]
    assert "March 16, 2026" in {t.target for t in terms[0]}
    assert {"inmates", "judge", "prison"} <= {t.target for t in terms[1]}
    out = engine.translate_batch(SENTENCES, terms)
    assert len(out) == len(SENTENCES)
    for sentence_terms, text in zip(terms, out, strict=True):
        assert missing(sentence_terms, text) == [], text
    assert engine.stats["forced_terms"] > 0


def test_placeholders_restored_in_english(tmp_path, apertium, es_en_files):
    install_file(tmp_path / "argos", es_en_files["copy"], "es", "en")
    engine = ArgosEngine(str(tmp_path / "argos")).for_pair("es", "en")
    terms = spanish_terms(SENTENCES[:2])
    out = engine.translate_batch(SENTENCES[:2], terms)
    # the copying model repeats the Spanish; each term comes back as its English, a sentence start capitalised
    assert out[0].startswith("Los gang members detenidos ") and "March 16, 2026" in out[0]
    assert out[1] == "Las inmates esperan a la judge en la prison."
    assert not any(p in text for p in argos.PLACEHOLDERS for text in out)
    assert engine.stats["placeholder_sentences"] == 2 and engine.stats["forced_sentences"] == 0


@pytest.fixture
def app(tmp_path):
    """The app with its real engines; its Argos packages folder under tmp_path."""
    app = make_app(tmp_path)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


@pytest.mark.parametrize("weights", ["copy", "random"])
def test_a_spanish_article_through_argos(app, apertium, es_en_files, weights):
    """Installed with the CLI, picked for the article's pair, loaded and run by the translation job."""
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["models", "install", "--file", str(es_en_files[weights])])
    assert result.exit_code == 0, result.output
    assert "Installed translate-es_en 1.0 (es -> en)" in result.output
    refused = runner.invoke(main, ["models", "install", "en", "es", "--file", str(es_en_files[weights])])
    assert refused.exit_code == 2 and "translates es -> en, not en -> es" in refused.output

    client = app.test_client()
    response = client.post("/api/articles", json={"text": ARTICLE.read_text("utf-8"), "source_lang": "es",
                                                  "engine": "argos"})
    assert response.status_code == 202, response.get_json()
    wait_jobs(app, 120)
    article = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
    assert article["status"] == "ready", article["error"]
    assert (article["source_lang"], article["target_lang"]) == ("es", "en")
    body = [s for s in article["segments"] if s["kind"] not in furniture.KINDS]
    assert len(body) >= 10
    assert {(s["origin"], s["engine"], s["engine_version"]) for s in body} == {
        ("machine", "argos", "translate-es_en 1.0")}
    terms = [(s, t) for s in body for t in s["terms"]]
    translated = [t["target"] for _, t in terms if t["kind"] == "translate"]
    assert len(translated) >= 5 and {"deportation order", "asylum seekers", "detainees"} <= set(translated)
    assert all(t["status"] == "enforced" for _, t in terms)
    # enforced means in the text: every English term is in its sentence's output, no placeholder left
    assert all(t["target"].casefold() in s["target"].casefold() for s, t in terms if t["kind"] == "translate")
    assert not any(p in s["target"] for s in body for p in argos.PLACEHOLDERS)
