"""One import path for every source (issue 21): the limits, the HTML budget, the headline fix, bylines
and slugs hold for pasted text, saved pages and URL imports alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Article
from app.intake import importer
from tests.support.app import FakeEngine, make_app, wait_jobs
from tests.support.page_server import serve

SENTENCES = " ".join(f"The court heard witness number {n} on the third day." for n in range(12))
TEXT = f"Court hears witnesses\n\n{SENTENCES}"
PARAGRAPHS = "".join(f"<p>Day {d}: " + SENTENCES.replace("third", f"{d}th") + "</p>" for d in range(4, 7))
PAGE = f"""<!doctype html><html><head><title>Court hears witnesses</title><meta charset="utf-8"></head>
<body><nav>Home</nav><article><h1>Court hears witnesses</h1>{PARAGRAPHS}</article><footer>Footer</footer>
</body></html>"""
HUGE_ELEMENT = "<html><body><p " + " ".join(f"a{i}=1" for i in range(100_000)) + ">x</p><nav>n</nav></body></html>"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, {"fake": FakeEngine()}, MAX_ARTICLE_SENTENCES=10, FETCH_ALLOW_PRIVATE=True,
                   FETCH_TIMEOUT=3)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


@pytest.fixture(scope="module")
def site():
    with serve() as url:
        yield url


def test_saved_page_over_the_sentence_limit_is_refused_like_pasted_text(app):
    client = app.test_client()
    pasted = client.post("/api/articles", json={"text": TEXT * 3})
    saved = client.post("/api/articles", json={"html": PAGE})
    assert pasted.status_code == saved.status_code == 400
    assert "the limit is 10" in pasted.get_json()["error"] and "the limit is 10" in saved.get_json()["error"]
    with app.extensions["paralelo.db"]() as session:
        assert session.scalars(select(Article)).all() == []


def test_uploaded_saved_page_over_the_limit_is_refused_too(app):
    import io

    data = {"file": (io.BytesIO(PAGE.encode()), "saved.html"), "text": ""}
    client = app.test_client()
    resp = client.post("/articles", data=data, content_type="multipart/form-data")
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "the limit is 10" in page


def test_saved_page_over_the_html_budget_is_refused_before_parsing(app):
    resp = app.test_client().post("/api/articles", json={"html": HUGE_ELEMENT})
    assert resp.status_code == 400
    assert "attributes" in resp.get_json()["error"]


def test_url_import_over_the_sentence_limit_fails_with_the_limit_as_its_reason(app, site):
    resp = app.test_client().post("/api/articles", json={"url": site + "/pages/magazine_longread.html"})
    assert resp.status_code == 202
    wait_jobs(app, 30)
    data = app.test_client().get(f"/api/articles/{resp.get_json()['id']}").get_json()
    assert data["status"] == "failed" and "the limit is 10" in data["error"]


def test_every_source_gets_a_readable_headline_a_byline_and_a_word_boundary_slug(db_session):
    options, limits = importer.Options(), importer.Limits()
    caps = "INMATES HELD WITHOUT TRIAL FOR MONTHS IN A CROWDED JAIL NEAR THE BORDER, LAWYERS SAY"
    page = PAGE.replace("Court hears witnesses", caps)
    from_page = importer.import_article(db_session, importer.Page(page), options, limits)
    from_text = importer.import_article(db_session, importer.Text(f"{caps}\n\n{SENTENCES}"), options, limits)
    assert from_page.title == from_text.title == (
        "Inmates held without trial for months in a crowded jail near the border, lawyers say")
    for article in (from_page, from_text):
        base = article.slug.removesuffix("-2")  # the second one is numbered
        assert len(base) <= importer.SLUG_CHARS and not base.endswith("-")
        assert article.title.lower().replace(",", "").replace(" ", "-").startswith(base)
    typed = importer.import_article(
        db_session, importer.Text(f"Court hears witnesses\n\nBy Jane Doe\n\n{SENTENCES}", "Court hears witnesses"),
        options, limits)
    assert typed.byline == "By Jane Doe"
    assert [s.source for s in typed.segments][:2] == ["Court hears witnesses", "By Jane Doe"]
    assert sum(s.source == "Court hears witnesses" for s in typed.segments) == 1  # not twice


def test_slugs_are_cut_at_a_word_boundary():
    title = "Judge orders release of asylum seeker held nineteen months without a hearing in Texas"
    slug = importer.slugify(title)
    assert slug == "judge-orders-release-of-asylum-seeker-held-nineteen-months"
    assert importer.slugify("x" * 80) == "x" * 60  # one long word is cut where it must be


def test_exporting_an_article_still_being_fetched_answers_409(tmp_path, public_dns):
    app = make_app(tmp_path, {"fake": FakeEngine()}, RUN_JOBS=False, WORKERS="external")
    client = app.test_client()
    article = client.post("/api/articles", json={"url": "https://news.example.com/story.html"}).get_json()
    assert article["status"] == "fetching"
    resp = client.get(f"/api/articles/{article['id']}/export?format=tsv")
    assert resp.status_code == 409 and resp.get_json()["status"] == "fetching"
    assert client.get(f"/articles/{article['slug']}/export/tsv").status_code == 409


class Broken(FakeEngine):
    name = "broken"

    def translate_batch(self, sentences, terms=None, progress=None):
        raise RuntimeError("the engine fell over")


def test_paralelo_worker_honours_the_configured_attempts_and_fetch_settings(tmp_path, site):
    app = make_app(tmp_path, {"broken": Broken(), "fake": FakeEngine()}, RUN_JOBS=False, WORKERS="external",
                   JOB_MAX_ATTEMPTS=1, JOB_RETRY_DELAY=0, FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT=3)
    client = app.test_client()
    broken = client.post("/api/articles", json={"text": TEXT, "engine": "broken"})
    fetched = client.post("/api/articles", json={"url": site + "/pages/wire_service.html", "engine": "fake"})
    assert broken.status_code == fetched.status_code == 202, (broken.get_json(), fetched.get_json())
    broken, fetched = broken.get_json(), fetched.get_json()
    result = app.test_cli_runner().invoke(main, ["worker", "--burst"])
    assert result.exit_code == 0, result.output
    broken = client.get(f"/api/articles/{broken['id']}").get_json()
    assert broken["status"] == "failed"  # after one attempt, as configured (the default is three)
    fetched = client.get(f"/api/articles/{fetched['id']}").get_json()
    assert fetched["status"] == "ready" and fetched["total_segments"] > 5  # the private fetch was allowed


SPANISH_PARAGRAPH = ("<p>Según las familias, muchos de los trasladados no tienen antecedentes y nunca fueron acusados "
                     "de ningún delito en el país; las organizaciones de derechos humanos exigieron que el gobierno "
                     "publique la lista completa de los detenidos y de las cárceles adonde fueron llevados.</p>")
SPANISH_PAGE = """<html><head><title>Trasladan a los pandilleros a la cárcel</title></head><body><article>
<h1>Trasladan a los pandilleros a la cárcel</h1>
<p>Las autoridades trasladaron el lunes a cientos de pandilleros a la nueva cárcel del país, informó el gobierno.</p>
<p>Los abogados de los detenidos dijeron que pedirán una audiencia ante el tribunal esta misma semana.</p>
<p>Según las familias, muchos de los trasladados no tienen antecedentes y nunca fueron acusados de ningún delito
en el país; las organizaciones de derechos humanos exigieron que el gobierno publique la lista completa.</p>
<p>El ministro de Seguridad respondió en una conferencia de prensa que todos los detenidos serán juzgados
conforme a la ley y que las visitas de los familiares seguirán suspendidas durante los próximos meses.</p>
</article></body></html>""".replace("</article>", SPANISH_PARAGRAPH * 4 + "</article>")


def test_a_url_import_whose_edition_is_the_original_learns_the_editions_language_when_read(db_session):
    """Issue 26: with the article's language detected only once its page is read, "the edition is the
    original" is kept until then; a Spanish page makes the English edition the original, not the page."""
    limits = importer.Limits(allow_private=True)
    edition = importer.Edition(text="Gang members moved to prison\n\nThe authorities moved hundreds of gang "
                                    "members to the prison on Monday.", original=True)
    article = importer.import_article(db_session, importer.Url("http://127.0.0.1/nota"),
                                      importer.Options(engine="apertium"), limits, edition)
    assert article.source_lang == importer.AUTO and article.original_lang == importer.EDITION_IS_ORIGINAL
    importer.fill_from_page(db_session, article, SPANISH_PAGE, "http://127.0.0.1/nota", limits)
    assert (article.source_lang, article.target_lang, article.original_lang) == ("es", "en", "en")
