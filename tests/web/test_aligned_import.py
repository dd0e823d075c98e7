"""An article imported with its existing translation: aligned sentence by sentence, stored as human
translations with provenance and confidence, fed to the memory and the exports, fixable by an editor."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Article, TMUnit
from app.translation.engines.base import Engine
from tests.support.app import make_app, wait_jobs

ENGLISH = """Judge orders hearings for deported men

A federal judge on Tuesday ordered the government to give 14 deported men a hearing.

The men were flown to a prison in El Salvador in March. None of them has been charged.

The lawyers called the ruling a victory for due process, and said they would ask for the men's return.
The White House did not respond.

The case is one of several.
"""
SPANISH = """Juez ordena audiencias para deportados

Un juez federal ordenó el martes al gobierno dar una audiencia a 14 hombres deportados.

Los hombres fueron trasladados en marzo a una cárcel de El Salvador, y ninguno de ellos ha sido acusado.

Los abogados calificaron el fallo como una victoria para el debido proceso. \
Dijeron que pedirán el regreso de los hombres.

El Salvador es gobernado por Nayib Bukele desde 2019, con un régimen de excepción vigente.

El caso es uno de varios.
"""
# What a weak engine makes of each English sentence: the aligner's bridge.
MACHINE = {
    "Judge orders hearings for deported men": "Juez ordena audiencias para hombres deportados",
    "A federal judge on Tuesday ordered the government to give 14 deported men a hearing.":
        "Un juez federal el martes ordenó al gobierno dar a 14 hombres deportados una audiencia.",
    "The men were flown to a prison in El Salvador in March.":
        "Los hombres fueron volados a una cárcel en El Salvador en marzo.",
    "None of them has been charged.": "Ninguno de ellos ha sido acusado.",
    "The lawyers called the ruling a victory for due process, and said they would ask for the men's return.":
        "Los abogados llamaron el fallo una victoria para el debido proceso, y dijeron que pedirían el regreso "
        "de los hombres.",
    "The White House did not respond.": "La Casa Blanca no respondió.",
    "The case is one of several.": "El caso es uno de varios.",
}


class Dictionary(Engine):
    """A test engine translating known sentences (English to Spanish only), whatever the glossary."""

    name = "dictionary"
    pairs = (("en", "es"),)

    def available(self) -> bool:
        return True

    def translate_batch(self, sentences, terms=None, progress=None):
        out = []
        for sentence, ts in zip(sentences, terms or [[] for _ in sentences], strict=True):
            text = MACHINE.get(sentence, sentence)
            missing = [t.target for t in ts if t.target.lower() not in text.lower()]
            out.append(" ".join([text, *missing]))
        return out


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, {"dictionary": Dictionary()})
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def aligned_article(app, **extra) -> dict:
    client = app.test_client()
    response = client.post("/api/articles", json={"text": ENGLISH, "translation_text": SPANISH,
                                                 "translation_name": "Edición en español", **extra})
    assert response.status_code == 202, response.get_json()
    wait_jobs(app)
    article = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
    assert article["status"] == "ready", article["error"]
    return article


def test_the_edition_becomes_human_translations_with_provenance_and_confidence(app):
    article = aligned_article(app)
    assert article["original_lang"] == "en" and article["translation_source"] == "Edición en español"
    rows = [(s["source"], s["target"], s["origin"], s["engine"]) for s in article["segments"]]
    assert rows[0] == ("Judge orders hearings for deported men", "Juez ordena audiencias para deportados",
                       "human", "aligned")
    merged = next(s for s in article["segments"] if s["source"].startswith("The men were flown"))
    assert merged["source"].endswith("None of them has been charged.")  # 2-1: the sources joined
    assert merged["target"].startswith("Los hombres fueron trasladados") and merged["engine_version"] == \
        "Edición en español"
    split = next(s for s in article["segments"] if s["source"].startswith("The lawyers"))
    assert split["target"].endswith("Dijeron que pedirán el regreso de los hombres.")  # 1-2
    dropped = next(s for s in article["segments"] if s["source"] == "The White House did not respond.")
    assert dropped["origin"] == "machine"  # 1-0: keeps its machine translation
    added = next(s for s in article["segments"] if s["source"] == "")
    assert added["target"].startswith("El Salvador es gobernado") and added["origin"] == "human"  # 0-1
    assert all(0 <= s["confidence"] <= 1 for s in article["segments"] if s["engine"] == "aligned")
    # a person wrote the edition; a pairing the aligner was unsure of waits for a person to check it
    for s in article["segments"]:
        if s["engine"] == "aligned":
            assert s["review"]["status"] == ("edited" if s["confidence"] >= 0.5 else "machine"), s
    with app.extensions["paralelo.db"]() as session:
        units = session.scalars(select(TMUnit).where(TMUnit.origin == "aligned")).all()
        assert any(u.source == "The case is one of several." for u in units)
    jsonl = app.test_client().get(f"/api/articles/{article['id']}/export?format=jsonl").get_data(as_text=True)
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert any(r["engine"] == "aligned" and r["confidence"] is not None for r in records)
    tmx = app.test_client().get(f"/api/articles/{article['id']}/export?format=tmx").get_data(as_text=True)
    assert "x-alignment-confidence" in tmx


def test_the_reader_marks_aligned_pairs_and_the_original(app):
    article = aligned_article(app, original="translation")
    page = app.test_client().get(f"/articles/{article['slug']}").get_data(as_text=True)
    assert 'data-original-lang="es"' in page
    assert 'class="col es target original" lang="es-419"' in page
    assert re.search(r'class="seg review-edited human aligned', page) and "data-confidence=" in page
    assert 'id="swap-sides"' in page


def test_an_editor_joins_and_splits_without_retyping(app):
    article = aligned_article(app)
    client = app.test_client()
    first = next(s for s in article["segments"] if s["source"].startswith("A federal judge"))
    joined = client.post(f"/api/articles/{article['id']}/segments/{first['id']}/join")
    assert joined.status_code == 200, joined.get_json()
    body = joined.get_json()
    assert body["source"].startswith("A federal judge") and body["source"].endswith("None of them has been charged.")
    assert body["target"].startswith("Un juez federal") and body["confidence"] == 1.0
    split = client.post(f"/api/articles/{article['id']}/segments/{first['id']}/split",
                        json={"source_at": 1, "target_at": 1})
    assert split.status_code == 200, split.get_json()
    parts = split.get_json()
    assert parts["first"]["source"].startswith("A federal judge") and parts["first"]["target"].startswith("Un juez")
    assert parts["second"]["source"].startswith("The men were flown")
    assert parts["second"]["target"].startswith("Los hombres fueron trasladados")
    # all the translation goes to the second part: the first is translated by the engine, the second keeps it
    again = client.post(f"/api/articles/{article['id']}/segments/{parts['second']['id']}/join")
    assert again.status_code == 200, again.get_json()
    moved = client.post(f"/api/articles/{article['id']}/segments/{first['id']}/split",
                        json={"source_at": 1, "target_at": 0})
    assert moved.status_code == 200, moved.get_json()
    wait_jobs(app)
    after = {s["id"]: s for s in client.get(f"/api/articles/{article['id']}").get_json()["segments"]}
    assert after[first["id"]]["origin"] == "machine" and after[first["id"]]["target"]
    assert after[moved.get_json()["second"]["id"]]["target"].startswith("Un juez")
    bad = client.post(f"/api/articles/{article['id']}/segments/{first['id']}/split",
                      json={"source_at": 5, "target_at": 0})
    assert bad.status_code == 409 and "Split after" in bad.get_json()["error"]
    assert client.post(f"/api/articles/{article['id']}/segments/{first['id']}/split",
                       json={"source_at": "1", "target_at": 1}).status_code == 400


@pytest.mark.parametrize("fields, status", [
    ({"source_lang": "fr"}, 400),
    ({"source_lang": "es", "target_lang": "es-419"}, 400),
    ({"source_lang": "es"}, 400),  # no engine translates Spanish here: a 400 before anything is stored
    ({"original": "both"}, 400),
    ({"translation_text": 5}, 400),
])
def test_bad_languages_and_fields_are_refused(app, fields, status):
    response = app.test_client().post("/api/articles", json={"text": ENGLISH, **fields})
    assert response.status_code == status and response.get_json()["error"]
    with app.extensions["paralelo.db"]() as session:
        assert session.scalars(select(Article)).all() == []


BACKGROUND = ("La Corte Suprema había ordenado en abril que los detenidos fueran notificados con tiempo suficiente "
              "para impugnar su traslado ante un tribunal, pero los abogados sostienen que ninguno de los hombres "
              "recibió esa notificación antes de subir al avión, que despegó de Texas durante la madrugada. "
              "Las familias de los deportados se enteraron por fotografías publicadas por el gobierno salvadoreño, "
              "en las que aparecían con la cabeza rapada y encadenados de pies y manos en el penal.")


def edition_page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Edición</title></head><body><article><h1>{SPANISH.splitlines()[0]}</h1>" \
           f"{body}</article></body></html>"


def test_the_edition_as_a_saved_page(app):
    paragraphs = [p.strip() for p in SPANISH.split("\n\n")[1:] if p.strip()]
    short = app.test_client().post("/api/articles",
                                   json={"text": ENGLISH, "translation_html": edition_page(paragraphs)})
    assert short.status_code == 400 and "paywall" in short.get_json()["error"]  # a teaser, as for an article
    article = aligned_article(app, translation_name=None, translation_text=None,
                              translation_html=edition_page([*paragraphs, BACKGROUND]))
    pairs = {s["source"]: s["target"] for s in article["segments"] if s["engine"] == "aligned"}
    assert pairs["The case is one of several."] == "El caso es uno de varios."
    assert pairs["Judge orders hearings for deported men"] == "Juez ordena audiencias para deportados"
    assert any(s["source"] == "" and s["target"].startswith("Las familias") for s in article["segments"])  # 0-1


def test_the_cli_aligns_a_translation_file(tmp_path):
    app = make_app(tmp_path, {"dictionary": Dictionary()}, RUN_JOBS=False)
    (tmp_path / "en.txt").write_text(ENGLISH, "utf-8")
    (tmp_path / "es.txt").write_text(SPANISH, "utf-8")
    result = app.test_cli_runner().invoke(main, ["import", str(tmp_path / "en.txt"), "--source-lang", "en",
                                                 "--translation", str(tmp_path / "es.txt"),
                                                 "--translation-name", "AP en español"])
    assert result.exit_code == 0, result.output
    with app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
        assert article.status == "ready" and article.original_lang == "en"
        currents = {s.source: s.current for s in article.segments}
    last = currents["The case is one of several."]
    assert (last.text, last.engine, last.engine_version) == ("El caso es uno de varios.", "aligned", "AP en español")
    assert currents["The White House did not respond."].engine == "dictionary"  # 1-0: the machine's
