"""Word lookup: English analysis and the eng-spa bilingual dictionary through lt-proc, and its endpoint."""

from __future__ import annotations

import pytest

from app.spanish.lookup import Dictionary, WordLookupError, clean_word
from tests.support.app import REQUIRE_ENGINES, make_app


@pytest.fixture(scope="module")
def words() -> Dictionary:
    dictionary = Dictionary()
    if not dictionary.available():
        if REQUIRE_ENGINES:
            pytest.fail("apertium-eng-spa is not installed")
        pytest.skip("apertium-eng-spa is not installed")
    return dictionary


@pytest.mark.parametrize("junk", ["", "   ", "two words", "<script>", "a" * 41, "^prison$", "x/y", "123"])
def test_only_one_english_word_is_accepted(junk):
    with pytest.raises(WordLookupError):
        clean_word(junk)


def test_clean_word_keeps_apostrophes_and_hyphens():
    assert clean_word(" mega-prison ") == "mega-prison"
    assert clean_word("Salvador's") == "Salvador's"


@pytest.mark.apertium
def test_inflected_word_gives_lemma_part_of_speech_and_spanish(words):
    senses = words.lookup("detainees")
    assert [(s.lemma, s.pos) for s in senses] == [("detainee", "n")]
    assert "detenido" in [t["text"] for t in senses[0].translations]


@pytest.mark.apertium
def test_every_reading_of_an_ambiguous_word(words):
    senses = {(s.lemma, s.pos): s for s in words.lookup("left")}
    assert ("leave", "vblex") in senses and ("left", "adj") in senses
    assert "dejar" in [t["text"] for t in senses[("leave", "vblex")].translations]
    noun = [t for t in words.lookup("gang")[0].translations]
    assert {"banda", "pandilla"} <= {t["text"] for t in noun} and {t["gender"] for t in noun} == {"f"}


@pytest.mark.apertium
def test_unknown_word_has_no_senses(words):
    assert words.lookup("xyzzyq") == []


@pytest.mark.apertium
def test_endpoint_answers_json_and_caches(client, words):
    resp = client.get("/api/lookup?word=released")
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["word"] == "released"
    sense = data["senses"][0]
    assert sense["lemma"] == "release" and sense["pos"] == "vblex" and sense["pos_label"] == "verb"
    assert "liberar" in [t["text"] for t in sense["translations"]]
    assert resp.cache_control.public and resp.cache_control.no_cache  # the glossary part can change
    again = client.get("/api/lookup?word=released", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("query", ["", "?word=", "?word=two+words", "?word=%3Cb%3E", "?word=" + "a" * 300])
def test_endpoint_refuses_junk_with_400(client, query):
    resp = client.get("/api/lookup" + query)
    assert resp.status_code == 400
    assert resp.get_json()["error"]


def test_lookups_are_rate_limited(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RATELIMIT_ENABLED=True, RATELIMIT_LOOKUP="2/minute")
    client = app.test_client()
    try:
        codes = [client.get("/api/lookup?word=two+words").status_code for _ in range(3)]
        assert codes == [400, 400, 429]
        assert client.get("/api/lookup?word=x").get_json()["error"]
    finally:
        app.extensions["paralelo.jobs"].shutdown()
