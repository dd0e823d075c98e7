"""Glossary matching, plurals, term reports and the bundled curated data."""

from __future__ import annotations

import pytest

from app.core.terms import accuracy, report, spans
from app.glossary import matcher as glossary
from app.glossary.matcher import Entry, Matcher, english_plural, spanish_plural
from app.interchange.glossary_files import bundled_rows


def found(matcher: Matcher, text: str) -> list[tuple[str, str, str, bool]]:
    return [(text[m.start : m.end], m.target, m.number, m.possessive) for m in matcher.find(text)]


@pytest.fixture
def matcher() -> Matcher:
    return Matcher(
        [
            Entry(1, "prison", "cárcel", gender="f", target_plural="cárceles"),
            Entry(2, "mega-prison", "megacárcel", gender="f", target_plural="megacárceles"),
            Entry(3, "El Salvador", "El Salvador", kind="keep"),
            Entry(4, "pavilion", "pabellón", gender="m"),
            Entry(5, "Alien Enemies Act", "Ley de Enemigos Extranjeros", gender="f"),
            Entry(6, "ICE", "ICE", kind="keep", case_sensitive=True),
            Entry(7, "human rights violation", "violación de derechos humanos", gender="f"),
            Entry(8, "human rights", "derechos humanos", gender="m", number="pl"),
            Entry(9, "federal judge", "juez federal", gender="m", target_plural="jueces federales"),
        ]
    )


def test_longest_match_wins(matcher):
    assert found(matcher, "They alleged human rights violations.") == [
        ("human rights violations", "violaciones de derechos humanos", "pl", False)
    ]
    assert found(matcher, "A mega-prison, not a prison.") == [
        ("mega-prison", "megacárcel", "sg", False),
        ("prison", "cárcel", "sg", False),
    ]


def test_hyphen_variants_plurals_and_case(matcher):
    text = "Megaprisons and mega prisons; PAVILIONS and Federal Judges."
    assert found(matcher, text) == [
        ("Megaprisons", "megacárceles", "pl", False),
        ("mega prisons", "megacárceles", "pl", False),
        ("PAVILIONS", "pabellones", "pl", False),
        ("Federal Judges", "jueces federales", "pl", False),
    ]


def test_possessives(matcher):
    assert found(matcher, "El Salvador's prisons and the prisons’ guards") == [
        ("El Salvador", "El Salvador", "sg", True),
        ("prisons", "cárceles", "pl", False),
        ("prisons", "cárceles", "pl", True),
    ]


def test_word_boundaries_and_case_sensitivity(matcher):
    assert found(matcher, "imprisonment, prisoner, nice ICE, ice cream") == [("ICE", "ICE", "sg", False)]


def test_terms_carry_entry_data(matcher):
    text = "the Alien Enemies Act"
    [term] = matcher.terms(text)
    assert (term.start, term.end, term.source) == (4, 21, "Alien Enemies Act")
    assert (term.target, term.gender, term.number, term.entry_id) == ("Ley de Enemigos Extranjeros", "f", "sg", 5)


def test_empty_matcher():
    assert Matcher([]).find("anything") == []


@pytest.mark.parametrize(
    "singular, plural",
    [("pabellón", "pabellones"), ("juez federal", "jueces federales"), ("celda", "celdas"),
     ("centro de detención", "centros de detención"), ("crisis", "crisis"), ("reo", "reos")],
)
def test_spanish_plural(singular, plural):
    assert spanish_plural(singular) == plural


@pytest.mark.parametrize(
    "singular, plural",
    [("federal judge", "federal judges"), ("penitentiary", "penitentiaries"), ("bus", "buses"),
     ("violation of rights", "violations of rights"), ("policeman", "policemen")],
)
def test_english_plural(singular, plural):
    assert english_plural(singular) == plural


def test_report_counts_repeats_and_whole_words():
    terms = [glossary.Term(0, 1, "a", "cárcel"), glossary.Term(2, 3, "b", "cárcel")]
    assert [r["status"] for r in report(terms, "La cárcel y la otra cárcel.")] == ["enforced"] * 2
    assert [r["status"] for r in report(terms, "La cárcel y las cárceles.")] == ["enforced", "missing"]
    assert accuracy([report(terms, "La cárcel.")]) == (1, 2)


def test_spans_in_spanish_text():
    assert spans("La megacárcel y la cárcel.", ["cárcel", "megacárcel"]) == [
        (3, 13, "megacárcel"),
        (19, 25, "cárcel"),
    ]


def test_bundled_glossary_is_curated():
    rows = bundled_rows()
    assert len(rows) >= 80
    sources = [r["source"].lower() for r in rows]
    assert len(sources) == len(set(sources))
    for row in rows:
        assert row["source"].strip() and row["target"].strip()
        assert row["kind"] in glossary.KINDS and row["domain"] in glossary.DOMAINS
        assert row["note"] and row["origin"], row["source"]
        if row["kind"] == "keep":
            assert row["target"] == row["source"]
    by_source = {r["source"]: r for r in rows}
    assert by_source["Alien Enemies Act"]["target"] == "Ley de Enemigos Extranjeros"
    assert by_source["Terrorism Confinement Center"]["target"] == "Centro de Confinamiento del Terrorismo"
    for name in ("Tren de Aragua", "Cristosal", "Nayib Bukele", "Trump", "Tecoluca", "CECOT"):
        assert by_source[name]["kind"] == "keep"
    domains = {r["domain"] for r in rows}
    assert {"legal", "prison", "immigration", "human-rights", "names"} <= domains


def test_en_dash_separates_words_and_shouted_acronyms_match(matcher):
    assert found(matcher, "El Salvador–ICE deal") == [
        ("El Salvador", "El Salvador", "sg", False),
        ("ICE", "ICE", "sg", False),
    ]
    shouted = "ICE RAIDS THE PRISON"
    sentence_case = "Ice raids the prison"
    assert [(m.start, m.end) for m in matcher.find(sentence_case, cased=shouted)] == [(0, 3), (14, 20)]
    assert [(m.start, m.end) for m in matcher.find(sentence_case)] == [(14, 20)]
