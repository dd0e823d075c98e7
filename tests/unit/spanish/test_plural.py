"""Plurals of Spanish noun phrases from Apertium's generator, with spelling rules as the fallback."""

from __future__ import annotations

import subprocess

import pytest

from app.glossary.matcher import Entry, Matcher
from app.spanish import morphology, plural
from tests.support.morphology import lt_proc  # noqa: F401


@pytest.mark.usefixtures("lt_proc")
@pytest.mark.parametrize("singular, expected", [
    ("orden judicial", "órdenes judiciales"),  # the accent the rules cannot place
    ("examen", "exámenes"),
    ("régimen de excepción", "regímenes de excepción"),  # and the one they cannot move
    ("joven", "jóvenes"),
    ("ciudad santuario", "ciudades santuario"),  # a noun in apposition keeps its number
    ("tercer país seguro", "terceros países seguros"),
    ("crimen organizado", "crímenes organizados"),  # a participle as adjective
    ("Ley penal", "Leyes penales"),  # capitals kept
    ("crisis", "crisis"),
    ("tratos crueles, inhumanos o degradantes", "tratos crueles, inhumanos o degradantes"),
    ("EE. UU.", "EE. UU."),  # an acronym the analyser does not know stays
    ("trata de personas", "tratas de personas"),  # a head it reads as a verb: spelling rules
    ("huelga de hambre", "huelgas de hambre"),  # a multiword with an invariable tail
])
def test_generator_plurals(singular, expected):
    assert plural.generated([singular]) == [expected]


@pytest.mark.usefixtures("lt_proc")
def test_a_batch_is_one_call_each_way_and_cached(monkeypatch):
    calls = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: calls.append(args[1]) or real(args, **kw))
    monkeypatch.setattr(plural, "_cache", {})
    phrases = ["celda", "pabellón", "juez federal", "orden ejecutiva"]
    plural.prime(phrases)
    assert len(calls) == 2  # analyse, generate
    assert [plural.plural(p) for p in phrases] == ["celdas", "pabellones", "jueces federales", "órdenes ejecutivas"]
    assert len(calls) == 2


def test_spelling_rules_when_lt_proc_is_missing(monkeypatch):
    monkeypatch.setattr(morphology, "available", lambda: False)
    monkeypatch.setattr(plural, "_cache", {})
    assert plural.plural("orden judicial") == "ordenes judiciales"
    assert plural.plural("pabellón") == "pabellones"
    assert plural.rule_plural("centro de detención") == "centros de detención"


@pytest.mark.usefixtures("lt_proc")
def test_the_glossary_derives_its_plurals_from_the_generator():
    entry = Entry(1, "court order", "orden judicial", gender="f", number="sg")
    assert entry.forms()[1] == ("court orders", "órdenes judiciales", "pl")
    [match] = Matcher([entry]).find("Two court orders were signed.")
    assert (match.target, match.number) == ("órdenes judiciales", "pl")
