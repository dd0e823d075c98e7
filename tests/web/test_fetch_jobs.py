"""Issue 22 items 1, 11 and 12: a fetch job that fails for any reason ends with the article failed and a
reason a person can read, after at most PARALELO_JOB_MAX_ATTEMPTS attempts, in the web process and in
`paralelo worker`, and the runner goes on serving; a retry fetches again; requests that can only fail
are refused at once. Every page comes from a server on 127.0.0.1."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Article, Job
from app.intake import web_page
from tests.support.app import FakeEngine, make_app, wait_jobs
from tests.support.page_server import PAGES, serve

TITLE = "Appeals court pauses deportation flights to Central America pending hearing"
TEXT = {"title": "Still served", "text": "The runner goes on. It serves the next article."}
ATTEMPTS = 3


@pytest.fixture(scope="module")
def server():
    with serve() as url:
        yield url


def fetching_app(tmp_path, **config):
    return make_app(tmp_path, {"fake": FakeEngine()}, FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT=5,
                    JOB_MAX_ATTEMPTS=ATTEMPTS, **config)


@pytest.fixture
def app(tmp_path):
    app = fetching_app(tmp_path)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


@pytest.fixture
def crashing_fetch(monkeypatch, server):
    """The fetch of /crash raises an exception the fetch code never meant to raise."""
    real = web_page.fetch_page

    def fetch_page(url, settings, progress=None):
        if url.endswith("/crash"):
            raise RuntimeError("an unforeseen failure")
        return real(url, settings, progress)

    monkeypatch.setattr(web_page, "fetch_page", fetch_page)
    return server + "/crash"


def states(app, ids) -> list[tuple[str, str | None, int]]:
    """Each article's (status, error, attempts of its fetch job)."""
    with app.extensions["paralelo.db"]() as session:
        out = []
        for article_id in ids:
            article = session.get(Article, article_id)
            fetch = session.scalars(select(Job).where(Job.article_id == article.id, Job.reason == "fetch")).first()
            out.append((article.status, article.error, fetch.attempts if fetch else 0))
        return out


def post(client, payload) -> int:
    resp = client.post("/api/articles", json=payload)
    assert resp.status_code == 202, resp.json
    return resp.json["id"]


CHARSETS = [f"/charset-{where}/{label}" for where in ("header", "meta")
            for label in ("base64", "rot13", "hex", "zlib", "undefined")]


def test_pages_declaring_a_codec_that_is_no_text_encoding_import_in_the_web_process(app, server):
    client = app.test_client()
    for path in CHARSETS:
        assert client.post("/api/articles", json={"url": server + path}).status_code == 202
    wait_jobs(app, 60)
    with app.extensions["paralelo.db"]() as session:
        articles = session.scalars(select(Article)).all()
        assert sorted(a.status for a in articles) == ["ready"] * len(CHARSETS), [a.error for a in articles]
        assert {a.title for a in articles} == {TITLE}


def test_a_failing_fetch_ends_failed_with_its_reason_and_the_runner_serves_on(app, server, crashing_fetch):
    client = app.test_client()
    ids = [post(client, {"url": server + "/redirect?to=http://[::1"}), post(client, {"url": crashing_fetch})]
    wait_jobs(app, 60)
    ids.append(post(client, TEXT))  # the same runner, afterwards
    wait_jobs(app, 60)
    redirect, crash, text = states(app, ids)
    assert redirect == ("failed", "The address http://[::1 is not valid.", 1)  # unreadable: fails at once
    assert crash == ("failed", "internal error (see the server log)", ATTEMPTS)
    assert text[0] == "ready"
    assert client.post(f"/api/articles/{ids[1]}/retry").status_code == 202  # not stuck "fetching"


def test_paralelo_worker_fails_the_same_jobs_the_same_way_and_keeps_serving(tmp_path, server, crashing_fetch):
    app = fetching_app(tmp_path, WORKERS="external")
    client = app.test_client()
    ids = [post(client, {"url": url}) for url in
           (server + "/charset-meta/base64", server + "/redirect?to=http://[::1", crashing_fetch)]
    ids.append(post(client, TEXT))
    result = app.test_cli_runner().invoke(main, ["worker", "--burst", "--poll", "0.1"])
    assert result.exit_code == 0, result.output
    charset, redirect, crash, text = states(app, ids)
    assert charset[0] == "ready"
    assert redirect == ("failed", "The address http://[::1 is not valid.", 1)
    assert crash == ("failed", "internal error (see the server log)", ATTEMPTS)
    assert text[0] == "ready"


def test_a_control_character_in_the_address_is_refused_when_submitted(app):
    resp = app.test_client().post("/api/articles", json={"url": "http://93.184.215.14/news\u0001story"})
    assert resp.status_code == 400 and "news\\x01story is not valid" in resp.json["error"]
    resp = app.test_client().post("/api/articles", json={"url": "http://[::1"})
    assert resp.status_code == 400
    with app.extensions["paralelo.db"]() as session:
        assert session.scalars(select(Article)).all() == []


def test_a_saved_page_declaring_base64_is_read_not_a_500(app):
    html = (PAGES / "regional_paper.html").read_text("utf-8").replace('charset="utf-8"', 'charset="base64"')
    assert 'charset="base64"' in html
    client = app.test_client()
    resp = client.post("/articles", data={"file": (io.BytesIO(html.encode("cp1252")), "saved.html")},
                       content_type="multipart/form-data")  # not UTF-8: the declared charset is consulted
    assert resp.status_code == 303
    with app.extensions["paralelo.db"]() as session:
        sources = [s.source for s in session.scalars(select(Article)).one().segments]
    assert "“We heard from the families, and we heard from our own staff,” Avila said." in sources


# --- item 11: a Retry of a failed fetch fetches again ----------------------------------------------


def test_retrying_a_failed_url_import_fetches_the_page_again(app, server, monkeypatch):
    client = app.test_client()
    url = server + "/pages/wire_service.html"

    def site_down(*args, **kwargs):
        raise web_page.FetchError("The site is down.")

    with monkeypatch.context() as patch:
        patch.setattr(web_page, "fetch_page", site_down)
        article_id = client.post("/api/articles", json={"url": url}).json["id"]
        wait_jobs(app, 30)
    failed = client.get(f"/api/articles/{article_id}").json
    assert failed["status"] == "failed" and failed["error"] == "The site is down." and failed["segments"] == []
    resp = client.post(f"/api/articles/{article_id}/retry")
    assert resp.status_code == 202 and resp.json["status"] == "fetching"
    wait_jobs(app, 30)
    data = client.get(f"/api/articles/{article_id}").json
    assert data["status"] == "ready" and data["title"] == TITLE and len(data["segments"]) > 10


def test_translating_a_failed_url_import_again_fetches_the_page_too(app, server, monkeypatch):
    client = app.test_client()

    def site_down(*args, **kwargs):
        raise web_page.FetchError("The site is down.")

    with monkeypatch.context() as patch:
        patch.setattr(web_page, "fetch_page", site_down)
        article_id = client.post("/api/articles", json={"url": server + "/pages/wire_service.html"}).json["id"]
        wait_jobs(app, 30)
    assert client.get(f"/api/articles/{article_id}").json["status"] == "failed"
    assert client.get(f"/api/articles/{article_id}/export?format=tmx").status_code == 409  # nothing to export
    resp = client.post(f"/api/articles/{article_id}/translate", json={})
    assert resp.status_code == 202 and resp.json["status"] == "fetching"
    wait_jobs(app, 30)
    data = client.get(f"/api/articles/{article_id}").json
    assert data["status"] == "ready" and data["title"] == TITLE and len(data["segments"]) > 10


# --- item 12: requests that can only fail are refused at once --------------------------------------


def test_an_engine_that_is_not_installed_is_refused_before_anything_is_stored(tmp_path):
    from app.translation.engines.argos import ArgosEngine

    app = make_app(tmp_path, {"fake": FakeEngine(), "argos": ArgosEngine(packages_dir=str(tmp_path / "none"))})
    client = app.test_client()
    resp = client.post("/api/articles", json={**TEXT, "engine": "argos"})
    assert resp.status_code == 400 and "Argos" in resp.json["error"]
    with app.extensions["paralelo.db"]() as session:
        assert session.scalars(select(Article)).all() == []


def test_translating_again_with_an_engine_that_is_not_installed_is_refused_at_once(tmp_path):
    from app.translation.engines.argos import ArgosEngine

    app = make_app(tmp_path, {"fake": FakeEngine(), "argos": ArgosEngine(packages_dir=str(tmp_path / "none"))})
    client = app.test_client()
    article_id = post(client, {**TEXT, "engine": "fake"})
    wait_jobs(app, 30)
    resp = client.post(f"/api/articles/{article_id}/translate", json={"engine": "argos"})
    assert resp.status_code == 400 and "Argos" in resp.json["error"]
    with app.extensions["paralelo.db"]() as session:
        article = session.get(Article, article_id)
        assert (article.status, article.engine) == ("ready", "fake")
        assert [j.reason for j in session.scalars(select(Job).where(Job.article_id == article_id))] == ["import"]
    app.extensions["paralelo.jobs"].shutdown()


def test_private_fetches_allowed_are_announced_in_the_log(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        fetching_app(tmp_path)
    assert any("PARALELO_FETCH_ALLOW_PRIVATE=1" in r.getMessage() for r in caplog.records)


def test_cli_import_url_prints_only_the_reason(tmp_path, server):
    app = make_app(tmp_path, {"fake": FakeEngine()}, RUN_JOBS=False)  # private fetches off
    result = app.test_cli_runner().invoke(main, ["import", "--url", server + "/article"])
    assert result.exit_code == 2
    assert "PARALELO_FETCH_ALLOW_PRIVATE" in result.output and "Usage:" not in result.output
    with app.extensions["paralelo.db"]() as session:
        assert session.scalars(select(Article)).all() == []
