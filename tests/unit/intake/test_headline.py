"""ALL-CAPS headlines: kept as written, shown in sentence case with names and acronyms."""

from __future__ import annotations

from sqlalchemy import select

from app.core.models import Article, Segment
from app.glossary import matcher as glossary
from app.intake import headline
from tests.support.app import wait_jobs


def matcher() -> glossary.Matcher:
    entries = [
        {"source": "El Salvador", "target": "El Salvador", "kind": "keep"},
        {"source": "Tren de Aragua", "target": "Tren de Aragua", "kind": "keep"},
        {"source": "gang", "target": "pandilla", "gender": "f"},
        {"source": "CECOT", "target": "CECOT", "kind": "keep"},
    ]
    return glossary.Matcher(glossary.Entry.of(dict(e, id=i)) for i, e in enumerate(entries))


def test_sentence_case_keeps_names_acronyms_and_known_words():
    m = matcher()
    assert headline.readable("U.S. SENDS TREN DE ARAGUA GANG SUSPECTS TO EL SALVADOR'S CECOT ON SUNDAY", m) == (
        "U.S. sends Tren de Aragua gang suspects to El Salvador's CECOT on Sunday")
    assert headline.readable("WHAT TO KNOW ABOUT THE FBI RAID - ASSOCIATED PRESS", m) == (
        "What to know about the FBI raid - Associated Press")
    assert headline.readable("VENEZUELAN MIGRANTS ARRIVE IN MARCH", None) == "Venezuelan migrants arrive in March"


def test_a_trailing_site_or_agency_name_is_not_part_of_the_headline():
    assert headline.without_site("Prison opens - Associated Press") == "Prison opens"
    assert headline.without_site("What the court said | The Guardian", "The Guardian") == "What the court said"
    assert headline.without_site("Deportation flights resume — Reuters") == "Deportation flights resume"
    assert headline.without_site("The AP style guide - AP") == "The AP style guide"
    for kept in ("AP - AP", "Reuters", "A talk with Reuters", "Prison opens - Local News"):
        assert headline.without_site(kept) == kept


def test_titles_not_in_capitals_are_left_alone():
    for title in ("What to know about CECOT", "SHORT CAPS", "The U.S. and El Salvador"):
        assert headline.readable(title, matcher()) == title


def test_import_keeps_the_original_and_shows_the_readable_case(app, client, fake_engine):
    text = "TRUMP SENDS HUNDREDS OF IMMIGRANTS TO EL SALVADOR\n\nThe prison is large."
    resp = client.post("/api/articles", json={"title": None, "text": text})
    wait_jobs(app)
    data = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()
    assert data["title"] == "Trump sends hundreds of immigrants to El Salvador"
    assert data["original_title"] == "TRUMP SENDS HUNDREDS OF IMMIGRANTS TO EL SALVADOR"
    assert data["segments"][0]["source"] == data["title"]
    assert any(data["title"] in call for call in fake_engine.calls)  # the engine sees the readable case
    listed = client.get("/api/articles").get_json()["articles"]
    assert listed[0]["title"] == data["title"]
    page = client.get(f"/articles/{data['slug']}?lang=en").get_data(as_text=True)
    assert f"<title>{data['title']}" in page and "TRUMP SENDS" not in page
    tsv = client.get(f"/api/articles/{data['id']}/export?format=tsv").get_data(as_text=True)
    assert data["title"] in tsv and "TRUMP SENDS" not in tsv
    with app.extensions["paralelo.db"]() as session:
        assert session.scalar(select(Article.original_title)) == data["original_title"]
        assert session.scalar(select(Segment.source).where(Segment.kind == "title")) == data["title"]
