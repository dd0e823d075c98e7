"""Bylines, datelines and credit lines: recognised at import, written by template, never by an engine."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.models import Article
from app.intake import furniture, parse, segment
from tests.support.app import wait_jobs


@pytest.mark.parametrize("source, kind, spanish", [
    ("Posted on March 17, 2025 by MARCOS ALEMÁN and REGINA GARCIA CANO · ASSOCIATED PRESS", "byline",
     "Publicado el 17 de marzo de 2025 por Marcos Alemán y Regina Garcia Cano · Associated Press"),
    ("Published January 3, 2024 by Ana Pérez", "byline", "Publicado el 3 de enero de 2024 por Ana Pérez"),
    ("By JUAN DE LA CRUZ, ANA LÓPEZ and IGNACIO PÉREZ", "byline", "Por Juan de la Cruz, Ana López e Ignacio Pérez"),
    ("By Maria Verza | AP", "byline", "Por Maria Verza · AP"),
    ("Garcia Cano reported from Caracas, Venezuela.", "credit", "Garcia Cano informó desde Caracas, Venezuela."),
    ("Sherman and Lee reported from Washington.", "credit", "Sherman y Lee informaron desde Washington."),
    ("Associated Press writer Gisela Salomon in Miami contributed to this report.", "credit",
     "Colaboró en este despacho Gisela Salomon, periodista de Associated Press, desde Miami."),
    ("Associated Press writers Ana Ley and Bob Smith contributed.", "credit",
     "Colaboraron en este despacho Ana Ley y Bob Smith, periodistas de Associated Press."),
])
def test_recognised_and_written_by_template(source, kind, spanish):
    found = furniture.recognise(source)
    assert found is not None and found.kind == kind
    assert found.render("es-419") == spanish
    assert furniture.render(kind, source, "es-419") == spanish


@pytest.mark.parametrize("text", [
    "The government reported from the start that the prison was full.",
    "By the way, this is it.",
    "Posted guards contributed to the escape.",
])
def test_ordinary_sentences_are_not_furniture(text):
    assert furniture.recognise(text) is None


def test_credit_lines_only_close_an_article():
    paragraphs = ["A headline", "Officials reported from the border.", "It was calm.", "More.", "And more.",
                  "Lee reported from Lima."]
    text = "\n\n".join(paragraphs)
    kinds = [b.kind for b in parse.parse(text).blocks]
    assert kinds == ["paragraph", "paragraph", "paragraph", "paragraph", "credit"]


def test_dates_follow_the_locale():
    source = "Posted on March 17, 2025 by Ana Ley"
    assert furniture.render("byline", source, "es") == "Publicado el 17 de marzo de 2025 por Ana Ley"


def test_names_keep_their_accents_and_get_none_invented():
    assert furniture.name_case("MARCOS ALEMÁN") == "Marcos Alemán"
    assert furniture.name_case("REGINA GARCIA CANO") == "Regina Garcia Cano"
    assert furniture.name_case("JEAN-PIERRE DE LA O") == "Jean-Pierre de la O"
    assert furniture.name_case("Ana McDonald") == "Ana McDonald"
    assert furniture.agency_case("ASSOCIATED PRESS") == "Associated Press"
    assert furniture.agency_case("AFP") == "AFP"
    assert furniture.join_names(["Ana", "Hilda"]) == "Ana e Hilda"
    assert furniture.join_names(["Ana", "Hiedra"]) == "Ana y Hiedra"


def test_dateline_is_its_own_segment_and_credit_a_kind():
    text = (
        "A headline\n\nBy Ana Ley\n\nSAN SALVADOR, El Salvador (AP) — The prison opened. It is large.\n\n"
        "SAN SALVADOR (AP) — Not a dateline in a later paragraph.\n\nBob Smith reported from Caracas."
    )
    parsed = parse.parse(text)
    assert parsed.byline == "By Ana Ley"
    got = [(s.key, s.kind, s.text) for s in segment.segment(parsed.blocks, parsed.title, parsed.byline)]
    assert got == [
        ("p0.s0", "title", "A headline"),
        ("p1.s0", "byline", "By Ana Ley"),
        ("p2.s0", "dateline", "SAN SALVADOR, El Salvador (AP) —"),
        ("p2.s1", "paragraph", "The prison opened."),
        ("p2.s2", "paragraph", "It is large."),
        ("p3.s0", "paragraph", "SAN SALVADOR (AP) — Not a dateline in a later paragraph."),
        ("p4.s0", "credit", "Bob Smith reported from Caracas."),
    ]


def test_templates_are_stored_with_their_provenance_and_never_sent_to_the_engine(app, client, fake_engine):
    text = "A headline\n\nBy ANA LEY\n\nSAN SALVADOR (AP) — The prison opened.\n\nBob Smith reported from Caracas."
    resp = client.post("/api/articles", json={"title": None, "text": text})
    wait_jobs(app)
    data = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()
    by_kind = {s["kind"]: s for s in data["segments"]}
    assert by_kind["byline"]["target"] == "Por Ana Ley"
    assert by_kind["dateline"]["target"] == "SAN SALVADOR (AP) —"
    assert by_kind["credit"]["target"] == "Bob Smith informó desde Caracas."
    for kind in ("byline", "dateline", "credit"):
        assert by_kind[kind]["origin"] == "template" and by_kind[kind]["engine"] is None
    assert by_kind["paragraph"]["origin"] == "machine" and by_kind["paragraph"]["engine"] == "fake"
    sent = {s for call in fake_engine.calls for s in call}
    assert sent and not sent & {by_kind[k]["source"] for k in ("byline", "dateline", "credit")}
    with app.app_context():
        html = client.get(f"/articles/{data['slug']}?lang=en").get_data(as_text=True)
    assert "Written from a template" in html
    sessions = app.extensions["paralelo.db"]
    with sessions() as session:
        assert session.scalar(select(Article.original_title)) is None  # not an ALL-CAPS headline


@pytest.mark.parametrize("source, spanish", [
    ("In this photo provided by the press office, guards walk.", "En esta foto proporcionada por"),
    ("This image released by the army shows the prison.", "Esta imagen difundida por"),
    ("In these photos taken by a witness, men kneel.", "En estas fotos tomadas por"),
    ("In this file photo made available by the police, a bus.", "En esta foto de archivo facilitada por"),
])
def test_caption_lead_ins_are_fixed_terms(source, spanish):
    term = furniture.lead_in(source)
    assert term is not None and term.kind == furniture.TERM_KIND and term.start == 0
    assert term.target == spanish and source[: term.end].endswith(" by")


def test_only_a_lead_in_that_opens_the_sentence():
    assert furniture.lead_in("Officials say in this photo provided by them, x") is None
    assert furniture.lead_in("In this photograph, x") is None


def test_lead_in_is_enforced_through_the_engine(apertium):
    from app.translation import pipeline

    s = "In this photo released by the government, the prison is full."
    terms = [furniture.lead_in(s)]
    [out] = pipeline.enforce_terms(apertium, [s], [terms])
    assert out.startswith("En esta foto difundida por el gobierno")  # not Apertium's "liberada"


@pytest.mark.parametrize(("source", "shown"), [
    ("Posted on March 17, 2025 by MARCOS ALEMÁN and REGINA GARCIA CANO · ASSOCIATED PRESS",
     "Posted on March 17, 2025 by Marcos Alemán and Regina Garcia Cano · Associated Press"),
    ("By JOHN DE LA CRUZ | AP", "By John de la Cruz | AP"),
    ("By JEAN-PAUL O’NEILL", "By Jean-Paul O’Neill"),
    ("By Jane Doe", "By Jane Doe"),
    ("By AP STAFF", "By AP Staff"),  # short acronyms stay capitals
])
def test_a_bylines_capitals_read_as_names_and_keep_their_length(source, shown):
    assert furniture.readable_caps(source) == shown
    assert len(furniture.readable_caps(source)) == len(source)
