"""The Apertium engine for real: one process call, 1:1 alignment, terms put in verbatim."""

from __future__ import annotations

import subprocess

import pytest

from app.core.terms import Term
from app.intake import parse, segment
from app.translation.engines.apertium import STANDINS, ApertiumEngine
from app.translation.engines.base import EngineError


def term(sentence: str, source: str, target: str, **kw) -> Term:
    i = sentence.index(source)
    return Term(i, i + len(source), source, target, **kw)


def test_whole_seed_in_one_call_keeps_alignment(apertium, seed_text, monkeypatch):
    parsed = parse.parse(seed_text)
    sentences = [s.text for s in segment.segment(parsed.blocks, parsed.title, parsed.byline)]
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    out = apertium.translate_batch(sentences)
    assert len([c for c in calls if "eng-spa" in c[0]]) == 1
    assert len(out) == len(sentences) == 37
    assert all(o.strip() for o in out)
    assert out[11].startswith("Cada celda puede")  # p8.s1 "Each cell can fit ...": real Spanish


def test_markup_characters_survive(apertium):
    out = apertium.translate_batch(["It costs $6 [sic] and a/b <tag> @home {x} back\\slash ^caret.", "Next."])
    assert len(out) == 2
    for piece in ("$6", "[sic]", "/b", "{x}", "^caret"):
        assert piece in out[0]


def test_terms_and_agreement(apertium):
    s = "Bukele's justice minister met the federal judge. Trump spoke about the Alien Enemies Act."
    terms = [
        term(s, "Bukele", "Bukele", kind="keep", possessive=True),
        term(s, "federal judge", "juez federal", gender="m", number="sg"),
        term(s, "Trump", "Trump", kind="keep"),
        term(s, "Alien Enemies Act", "Ley de Enemigos Extranjeros", gender="f", number="sg"),
    ]
    [out] = apertium.translate_batch([s], [terms])
    assert "ministro de justicia de Bukele" in out  # genitive reordered around the stand-in
    assert "Trump habló" in out  # no "Triunfo", next word not capitalised
    assert "la Ley de Enemigos Extranjeros" in out  # determiner made feminine
    assert "juez federal" in out


def test_possessive_owning_a_term_is_turned_round(apertium):
    s = "He visited El Salvador's mega-prison."
    terms = [
        term(s, "El Salvador", "El Salvador", kind="keep", possessive=True),
        term(s, "mega-prison", "megacárcel", gender="f", number="sg"),
    ]
    [out] = apertium.translate_batch([s], [terms])
    assert "la megacárcel de El Salvador" in out


def test_sentence_initial_term_is_capitalised(apertium):
    s = "Federal judges disagreed."
    [out] = apertium.translate_batch([s], [[term(s, "Federal judges", "jueces federales", number="pl")]])
    assert out.startswith("Jueces federales")
    # with a gender the term is stood in for by a noun, and Spanish gives it its article
    [out] = apertium.translate_batch([s], [[term(s, "Federal judges", "jueces federales", gender="m", number="pl")]])
    assert out.startswith("Los jueces federales")


def test_standins_come_out_unchanged(apertium):
    out = apertium.translate_batch([f"{name} spoke." for name in STANDINS])
    assert [o.split()[0] for o in out] == list(STANDINS)


def test_empty_batch_and_missing_binary():
    assert ApertiumEngine().translate_batch([]) == []
    missing = ApertiumEngine(binary="/nonexistent/apertium")
    assert not missing.available()
    with pytest.raises(EngineError, match="apt-get install apertium"):
        missing.translate_batch(["Hello."])


def test_describe(apertium):
    info = apertium.describe()
    assert info["available"] and info["name"] == "apertium" and info["version"]


def test_a_number_stands_in_for_a_number(apertium):
    # a superblank here made Apertium read "paid" as a participle ("pagado") and "holds" as a noun
    s = "The Trump administration paid $6 million for a year. That prison holds 40,000 people."
    terms = [term(s, "$6 million", "6 millones de dólares", kind="number"),
             term(s, "40,000", "40.000", kind="number")]
    [out] = apertium.translate_batch([s], [terms])
    assert "pagó 6 millones de dólares" in out
    assert "aguanta 40.000 personas" in out


def test_a_name_modifying_a_noun_goes_after_it_with_its_article(apertium):
    s = "CECOT prisoners do not receive visits."
    terms = [term(s, "CECOT", "CECOT", kind="keep", gender="m", number="sg"),
             term(s, "prisoners", "presos", gender="m", number="pl")]
    [out] = apertium.translate_batch([s], [terms])
    assert out == "Los presos del CECOT no reciben visitas."  # not "CECOT presos no recibe"


def test_a_name_after_a_quantifier_and_a_name_without_article(apertium):
    s = "Many TPS holders have children, and Bukele supporters cheered."
    terms = [term(s, "TPS", "TPS", kind="keep", gender="m"), term(s, "Bukele", "Bukele", kind="keep")]
    [out] = apertium.translate_batch([s], [terms])
    assert out.startswith("Muchos titulares del TPS tienen")
    assert "seguidores de Bukele" in out


def test_an_unknown_capitalised_name_modifying_a_noun(apertium):
    out = apertium.translate_batch(["A lawyer for Rikers prisoners spoke.", "They passed their GED exams."])
    assert "abogado para los prisioneros de Rikers" in out[0]
    assert "sus exámenes de GED" in out[1]


def test_a_title_case_headline_is_translated_without_stray_capitals(tmp_path, apertium):
    from app.core.models import Article
    from tests.support.app import make_app, translate_now

    app = make_app(tmp_path, {"apertium": apertium}, RUN_JOBS=False)
    article_id = translate_now(app, "Inmate Held Without Trial For Months In Texas Jail\n\nThe man waited in jail.")
    with app.extensions["paralelo.db"]() as session:
        title = session.get(Article, article_id).segments[0]
        assert title.source == "Inmate Held Without Trial For Months In Texas Jail"  # shown as written
        spanish = title.current.text
    words = spanish.split()
    assert words[0][0].isupper() and "Texas" in words
    assert [w for w in words[1:] if w[0].isupper()] == ["Texas"], spanish


def test_word_choices_are_words_an_editor_can_use(apertium):
    from app.translation.engines.apertium_words import word_choices

    choices = {c["source"]: c["options"] for c in word_choices("He became a judge of the courts.")}
    assert "llegar a ser" in choices["became"]  # the bidix writes "llegar# a ser"
    assert "tribunales" in choices["courts"]  # a plural noun comes out plural
    assert not [o for options in choices.values() for o in options if any(c in o for c in "#_<>@*")]
