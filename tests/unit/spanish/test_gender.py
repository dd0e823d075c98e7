"""Gender and number of glossary renderings, derived by the analyser where the curator left them out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.models import GlossaryEntry
from app.glossary import edit
from app.interchange import glossary_files
from app.spanish import gender
from tests.support.morphology import lt_proc  # noqa: F401

pytestmark = pytest.mark.usefixtures("lt_proc")


def test_head_noun_gives_gender_and_number():
    got = gender.derive_many(
        ["reclusión", "centro de detención", "personas privadas de libertad", "la ley", "presuntamente",
         "tras las rejas", "megacárcel"]
    )
    assert got == [("f", "sg"), ("m", "sg"), ("f", "pl"), ("f", "sg"), (None, None), (None, None), (None, None)]


def test_fill_only_where_empty_and_only_for_translate_entries():
    assert gender.fill({"target": "reclusión", "kind": "translate"})["gender"] == "f"
    assert gender.fill({"target": "reclusión", "gender": "m", "number": "sg"})["gender"] == "m"  # the curator wins
    assert "gender" not in gender.fill({"target": "Cristosal", "kind": "keep"})


def test_add_and_import_derive_what_is_missing(app):
    with app.extensions["paralelo.db"]() as session:
        change = edit.add(session, {"source": "confinement", "target": "reclusión"})
        assert (change.entry.gender, change.entry.number) == ("f", "sg")
        rows = [(1, {"source": "detainees", "target": "personas detenidas"}),
                (2, {"source": "facility", "target": "recinto", "gender": "f"})]
        glossary_files.import_rows(session, rows, "test")
        found = {e.source: (e.gender, e.number) for e in session.scalars(select(GlossaryEntry))}
        assert found["detainees"] == ("f", "pl")
        assert found["facility"] == ("f", "sg")  # as given; only the missing number was derived
        # loading the bundle again changes nothing: derived values compare equal
        assert glossary_files.load_bundled(session).updated == 0


def test_glossary_page_shows_gender_and_number(app, client):
    html = client.get("/glossary/?lang=en&q=confinement+center").get_data(as_text=True)
    assert "masc." in html and "sing." in html
