"""Words the engine did not know: taken out of Apertium's marks, stored, shown and filtered."""

from __future__ import annotations

import json

import pytest

from app.spanish.unknown import Translated, strip_marks, unknown_of
from tests.support.app import FakeEngine, make_app, wait_jobs

ARTICLE = """A TITLE THAT IS LONG ENOUGH FOR CAPS

The facility has eight sprawling pavilions.

The prison is calm."""


def test_marks_are_stripped_and_the_words_kept():
    text, words = strip_marks("La facilidad tiene ocho *sprawling pabellones *y *tarmac.", "eight sprawling y tarmac")
    assert text == "La facilidad tiene ocho sprawling pabellones y tarmac."
    assert words == ["sprawling", "y", "tarmac"]


def test_the_users_own_stars_are_not_unknown_words():
    # Apertium gives an escaped "*" back bare: "*las" is the user's star, not an unknown "las"
    text, words = strip_marks("Me gustan *las estrellas* mucho", "I like *stars* a lot")
    assert (text, words) == ("Me gustan *las estrellas* mucho", [])
    text, words = strip_marks("calificación 5* y *x", "rating 5* and *x")
    assert words == [] and text == "calificación 5* y *x"
    # unknown punctuation loses its mark but is not reported; "#" (a missing form) is unmarked too
    assert strip_marks("Cano *· AP #grande", "Cano · AP big") == ("Cano · AP grande", [])


def test_apertium_reports_unknown_words(apertium):
    [out, plain] = apertium.translate_batch(["The sprawling tarmac was shackled.", "I like *stars*."])
    assert "*" not in out and {"sprawling", "tarmac", "shackled"} <= set(out.unknown)
    assert "*" in plain and unknown_of(plain) == []


class UnknownEngine(FakeEngine):
    """The fake engine, reporting every word of a sentence that contains 'sprawling' as unknown."""

    def translate_batch(self, sentences, terms=None, progress=None):
        out = super().translate_batch(sentences, terms, progress)
        return [Translated(o, ["sprawling"] if "sprawling" in o else []) for o in out]


@pytest.fixture
def unknown_app(tmp_path):
    app = make_app(tmp_path, {"fake": UnknownEngine()})
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def test_unknown_words_in_api_export_and_reader(unknown_app):
    client = unknown_app.test_client()
    resp = client.post("/api/articles", json={"title": None, "text": ARTICLE})
    wait_jobs(unknown_app)
    data = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()
    by_source = {s["source"]: s for s in data["segments"]}
    assert by_source["The facility has eight sprawling pavilions."]["unknown"] == ["sprawling"]
    assert by_source["The prison is calm."]["unknown"] == []
    lines = client.get(f"/api/articles/{data['id']}/export?format=jsonl").get_data(as_text=True).splitlines()
    assert [json.loads(line)["unknown"] for line in lines][-2:] == [["sprawling"], []]

    html = client.get(f"/articles/{data['slug']}?lang=en").get_data(as_text=True)
    assert 'class="unknown"' in html and "sprawling</span>" in html
    assert "1 word not in the engine’s dictionary" in html
    assert 'id="es-p1.s0"' in html and 'id="es-p2.s0"' in html
    only = client.get(f"/articles/{data['slug']}?lang=en&only=unknown").get_data(as_text=True)
    assert 'id="es-p1.s0"' in only and 'id="es-p2.s0"' not in only
    assert "Show all sentences" in only
