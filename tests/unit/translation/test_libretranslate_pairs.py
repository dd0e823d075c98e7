"""LibreTranslate per language pair, against a stand-in server on 127.0.0.1: a Spanish article is sent as
source "es", target "en", and a server without es->en is reported as such (the import refused with the reason).

A stub because what is checked is what Paralelo sends and how it reads /languages; the real-server tests
(tests/integration/test_engine_libretranslate.py, marked `libretranslate`) need LibreTranslate's own venv.
The stub echoes each text back, so the glossary's placeholders survive it and come back as English terms.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.models import Article
from app.intake import furniture
from app.translation.engines import EngineError, pick
from app.translation.engines.argos import PLACEHOLDERS
from app.translation.engines.libretranslate import LibreTranslateEngine
from tests.support.app import make_app, wait_jobs
from tests.support.json_stub import JsonHandler, json_stub
from tests.support.paths import ROOT

pytestmark = pytest.mark.apertium  # the glossary read backwards uses Apertium's Spanish analyser
ARTICLE = ROOT / "bench" / "data" / "bilingual" / "spanish_source" / "consulado_los_angeles_deportacion.es.txt"
BOTH_WAYS = [{"code": "en", "name": "English", "targets": ["en", "es"]},
             {"code": "es", "name": "Spanish", "targets": ["en", "es"]}]
ENGLISH_TO_SPANISH_ONLY = [{"code": "en", "name": "English", "targets": ["es"]},
                           {"code": "es", "name": "Spanish", "targets": []}]


class _Stub(JsonHandler):
    """/languages as given, a version, and POST /translate echoing each text (payloads recorded)."""

    languages: list[dict]
    payloads: list[dict]

    def do_GET(self):
        if self.path == "/languages":
            self.send_json(200, self.languages)
        elif self.path == "/frontend/settings":
            self.send_json(200, {"version": "9.9-stub"})
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self):
        payload = self.read_json()
        self.payloads.append(payload)
        pairs = {(lang["code"], t) for lang in self.languages for t in lang["targets"]}
        if (payload["source"], payload["target"]) not in pairs:  # as LibreTranslate answers an unknown pair
            self.send_json(400, {"error": f"{payload['target']} is not supported"})
        else:
            self.send_json(200, {"translatedText": list(payload["q"])})


@pytest.fixture
def stub(request):
    """(URL, handler class) of a stub server; parametrize indirectly with its /languages."""
    handler = type("Handler", (_Stub,), {"languages": request.param, "payloads": []})
    with json_stub(handler) as url:
        yield url, handler


@pytest.fixture
def app(tmp_path, stub):
    app = make_app(tmp_path, {"libretranslate": LibreTranslateEngine([stub[0]], retries=0)})
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def _import(app, **fields):
    return app.test_client().post("/api/articles", json={"text": ARTICLE.read_text("utf-8"),
                                                         "engine": "libretranslate", **fields})


@pytest.mark.parametrize("stub", [BOTH_WAYS], indirect=True)
def test_a_spanish_article_is_sent_as_es_to_en(app, apertium, stub):
    url, handler = stub
    response = _import(app, source_lang="es")
    assert response.status_code == 202, response.get_json()
    wait_jobs(app, 120)
    article = app.test_client().get(f"/api/articles/{response.get_json()['id']}").get_json()
    assert article["status"] == "ready", article["error"]
    assert {(p["source"], p["target"]) for p in handler.payloads} == {("es", "en")}
    sent = [q for p in handler.payloads for q in p["q"]]
    assert any("pandilleros" in q or "detenidos" in q for q in sent)  # the Spanish went out
    body = [s for s in article["segments"] if s["kind"] not in furniture.KINDS]
    host = url.removeprefix("http://")
    provenance = {(s["engine"], s["engine_version"]) for s in body}
    assert provenance == {("libretranslate", f"libretranslate 9.9-stub at {host}")}
    terms = [(s, t) for s in body for t in s["terms"] if t["kind"] == "translate"]
    assert len(terms) >= 5 and {"deportation order", "asylum seekers"} <= {t["target"] for _, t in terms}
    # the echo keeps the placeholders, so every term comes back as its English and is enforced
    assert all(t["status"] == "enforced" and t["target"].casefold() in s["target"].casefold() for s, t in terms)
    assert not any(p in s["target"] for s in body for p in PLACEHOLDERS)


@pytest.mark.parametrize("stub", [ENGLISH_TO_SPANISH_ONLY], indirect=True)
@pytest.mark.parametrize("fields", [{"source_lang": "es"}, {}], ids=["given", "detected"])
def test_a_server_without_es_en_refuses_a_spanish_article_with_the_reason(app, stub, fields):
    url, handler = stub
    response = _import(app, **fields)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "es->en" in error and url.removeprefix("http://") in error
    assert handler.payloads == []  # nothing was sent to be translated
    with app.extensions["paralelo.db"]() as session:
        assert session.scalar(select(func.count(Article.id))) == 0  # nothing half-imported
    engines = app.test_client().get("/api/engines").get_json()["engines"]
    (state,) = next(e for e in engines if e["name"] == "libretranslate")["servers"]  # the engines page's data
    assert (state["reachable"], state["en_es"], state["es_en"]) == (True, True, False)


@pytest.mark.parametrize("stub", [ENGLISH_TO_SPANISH_ONLY], indirect=True)
def test_the_engine_names_the_missing_pair(stub):
    url, handler = stub
    engine = LibreTranslateEngine([url], retries=0)
    assert engine.available()  # en->es is there
    back = engine.for_pair("es", "en")
    assert not back.available()
    with pytest.raises(EngineError, match=r"es->en: 127\.0\.0\.1:\d+: es->en missing"):
        pick({"libretranslate": engine}, "libretranslate", ("es", "en"))
    with pytest.raises(EngineError, match="es->en is not installed on this server"):
        back.translate_batch(["Los reclusos esperan."])
    assert handler.payloads == []
    assert engine.translate_batch(["The inmates wait."]) == ["The inmates wait."]
    assert [(p["source"], p["target"]) for p in handler.payloads] == [("en", "es")]
