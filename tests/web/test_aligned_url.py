"""An existing edition given by its address (`translation_url`): checked at submit like a URL import, read by
the fetch job from a page server on 127.0.0.1, then aligned with the article (Apertium's translation as the
bridge), the pairs' provenance being the address the page was read from.

The article and its edition are one of Paralelo's own Spanish-source pairs (bench/data/bilingual/spanish_source,
a Spanish original with its English translation, gold pairs in its .json); the Spanish edition is served as a
news page (tests/fixtures/pages/edicion_final_clausura.html: that text in a page with site furniture).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.core.models import Article
from app.intake import web_page
from tests.support.app import make_app, wait_jobs
from tests.support.page_server import serve
from tests.support.paths import ROOT

pytestmark = pytest.mark.apertium
PAIR = ROOT / "bench" / "data" / "bilingual" / "spanish_source" / "futbol_final_clausura"
ENGLISH = PAIR.with_suffix(".en.txt").read_text("utf-8")
PAGE = "/pages/edicion_final_clausura.html"


@pytest.fixture(scope="module")
def server():
    with serve() as url:
        yield url


@pytest.fixture
def app(tmp_path, apertium):
    app = make_app(tmp_path, {"apertium": apertium}, FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT=5, JOB_MAX_ATTEMPTS=1)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def gold_pairs() -> list[tuple[str, str]]:
    return [(p["en"], p["es"]) for paragraph in json.loads(PAIR.with_suffix(".json").read_text("utf-8"))["paragraphs"]
            for p in paragraph]


def check_aligned(segments: list[dict], address: str) -> None:
    """Every body sentence paired with its Spanish as the gold alignment has it, by the edition's address."""
    body = [s for s in segments if s["kind"] == "paragraph"]
    assert len(body) >= 10
    assert {(s["origin"], s["engine"], s["engine_version"]) for s in body} == {("human", "aligned", address)}
    assert all(0 <= s["confidence"] <= 1 for s in body)
    gold = gold_pairs()
    right = [s for s in body if any(s["source"] in en and s["target"] and s["target"] in es for en, es in gold)]
    assert len(right) >= 0.9 * len(body), [s["source"] for s in body if s not in right]


def test_the_edition_is_fetched_from_its_address_and_aligned(app, server):
    client = app.test_client()
    # through a redirect: the pairs name the address the page was read from
    response = client.post("/api/articles", json={"text": ENGLISH, "original": "translation",
                                                  "translation_url": f"{server}/redirect?to={PAGE}"})
    assert response.status_code == 202, response.get_json()
    wait_jobs(app, 120)
    article = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
    assert article["status"] == "ready", article["error"]
    assert article["translation_source"] == server + PAGE
    assert (article["source_lang"], article["original_lang"]) == ("en", "es")
    check_aligned(article["segments"], server + PAGE)
    # the site's furniture (cookie notice, menus, related links, footer) is not part of the edition
    text = " ".join(s["target"] or "" for s in article["segments"])
    assert "cookies" not in text and "Notas relacionadas" not in text and "derechos reservados" not in text
    page = client.get(f"/articles/{article['slug']}").get_data(as_text=True)
    assert 'data-original-lang="es"' in page


def test_the_import_form_takes_a_translation_url(app, server):
    response = app.test_client().post("/articles", data={"text": ENGLISH, "translation_url": server + PAGE})
    assert response.status_code == 303 and "/articles/" in response.headers["Location"]
    wait_jobs(app, 120)
    with app.extensions["paralelo.db"]() as session:
        article_id = session.scalars(select(Article.id)).one()
    article = app.test_client().get(f"/api/articles/{article_id}").get_json()
    assert article["status"] == "ready", article["error"]
    check_aligned(article["segments"], server + PAGE)


def test_the_cli_takes_a_translation_url(app, server, tmp_path):
    (tmp_path / "en.txt").write_text(ENGLISH, "utf-8")
    result = app.test_cli_runner().invoke(main, ["import", str(tmp_path / "en.txt"), "--source-lang", "en",
                                                 "--translation-url", server + PAGE])
    assert result.exit_code == 0, result.output
    with app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
        assert article.status == "ready" and article.edition_source == server + PAGE
    check_aligned(app.test_client().get(f"/api/articles/{article.id}").get_json()["segments"], server + PAGE)


def test_an_edition_page_that_cannot_be_read_fails_the_article_with_the_reason(app, server):
    client = app.test_client()
    response = client.post("/api/articles", json={"text": ENGLISH, "translation_url": server + "/missing"})
    assert response.status_code == 202
    wait_jobs(app, 60)
    article = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
    assert article["status"] == "failed" and "404" in article["error"]


@pytest.mark.parametrize("action", ["retry", "translate"])
def test_retry_or_translate_again_reads_the_edition_again(app, server, monkeypatch, action):
    client = app.test_client()

    def site_down(*args, **kwargs):
        raise web_page.FetchError("The site is down.")

    with monkeypatch.context() as patch:
        patch.setattr(web_page, "fetch_page", site_down)
        article_id = client.post("/api/articles", json={"text": ENGLISH, "translation_url": server + PAGE}).json["id"]
        wait_jobs(app, 30)
    failed = client.get(f"/api/articles/{article_id}").json
    assert (failed["status"], failed["error"]) == ("failed", "The site is down.")
    response = client.post(f"/api/articles/{article_id}/{action}", json={})
    assert response.status_code == 202 and response.json["status"] == "queued"  # its own sentences are there
    wait_jobs(app, 120)
    article = client.get(f"/api/articles/{article_id}").json
    assert article["status"] == "ready", article["error"]
    check_aligned(article["segments"], server + PAGE)  # not the machine's translation alone


@pytest.mark.parametrize("address, allow_private, words", [
    ("not an address", True, "not valid"),
    ("ftp://127.0.0.1/nota.html", True, "Only http and https"),
    ("http://127.0.0.1:9/nota.html", False, "PARALELO_FETCH_ALLOW_PRIVATE"),  # a local address, refused here
])
def test_an_address_that_can_only_fail_is_refused_at_once(tmp_path, apertium, address, allow_private, words):
    app = make_app(tmp_path, {"apertium": apertium}, FETCH_ALLOW_PRIVATE=allow_private, RUN_JOBS=False)
    response = app.test_client().post("/api/articles", json={"text": ENGLISH, "translation_url": address})
    assert response.status_code == 400 and words in response.get_json()["error"], response.get_json()
    with app.extensions["paralelo.db"]() as session:
        assert session.scalar(select(func.count(Article.id))) == 0
