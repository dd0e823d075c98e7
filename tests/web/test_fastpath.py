"""The anonymous reader's fast path (app.web.fastpath): the same bytes and headers Flask sends, answered in
front of Flask once Flask has served them, and never after anything the page depends on has changed."""

from __future__ import annotations

import gzip
import re

import pytest

from app.cli import main
from tests.support.app import make_app, wait_jobs

TEXT = (
    "Judge rules on deportation\n\n"
    "A federal judge ruled on Tuesday that the Alien Enemies Act could not be used. "
    "The detainees were sent to a prison in El Salvador."
)
PASSWORD = "correct horse battery"


@pytest.fixture
def secured(tmp_path, fake_engine):
    """Accounts on, one editor with a token, one translated article."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    runner = app.test_cli_runner()
    runner.invoke(main, ["users", "create", "ed", "--role", "editor", "--password-stdin"], input=PASSWORD + "\n")
    app.token = re.search(r"(plo_\S+)", runner.invoke(main, ["tokens", "create", "ed"]).output).group(1)
    created = app.test_client().post("/api/articles", headers=auth(app), json={"title": "Judge", "text": TEXT})
    wait_jobs(app)
    app.article = app.test_client().get(f"/api/articles/{created.get_json()['id']}").get_json()
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def auth(app) -> dict:
    return {"Authorization": f"Bearer {app.token}"}


def fast(app):
    return app.extensions["paralelo.fastpath"]


def same(one, two) -> None:
    """Two responses a client cannot tell apart."""
    assert (one.status, one.data) == (two.status, two.data)
    assert sorted(one.headers.items()) == sorted(two.headers.items())


def test_second_anonymous_request_is_answered_in_front_of_flask_with_the_same_response(secured):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    first = client.get(url)
    assert first.status_code == 200 and fast(secured).hits == 0
    second = client.get(url)
    assert fast(secured).hits == 1
    same(first, second)
    assert second.cache_control.public and "Set-Cookie" not in second.headers
    assert second.headers["Content-Security-Policy"] and second.headers["X-Frame-Options"] == "DENY"


def test_validators_and_compression_as_on_the_flask_path(secured):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    plain = client.get(url)
    etag = plain.headers["ETag"]
    flask_304 = client.get(url, headers={"If-None-Match": etag})
    fast_304 = client.get(url, headers={"If-None-Match": etag})
    assert flask_304.status_code == 304 and fast_304.data == b""
    same(flask_304, fast_304)
    since = client.get(url, headers={"If-Modified-Since": plain.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == plain.data
    packed = [client.get(url, headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    same(*packed)
    assert packed[1].headers["Content-Encoding"] == "gzip" and gzip.decompress(packed[1].data) == plain.data
    assert fast(secured).hits >= 4


def test_each_interface_language_gets_its_own_page(secured):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    english = [client.get(url, headers={"Accept-Language": "en-US,en;q=0.8"}) for _ in range(2)]
    spanish = [client.get(url, headers={"Accept-Language": "es-419,es;q=0.9"}) for _ in range(2)]
    assert b'<html lang="en"' in english[1].data and b'<html lang="es"' in spanish[1].data
    by_cookie = secured.test_client()
    by_cookie.set_cookie("lang", "es")
    assert b'<html lang="es"' in by_cookie.get(url, headers={"Accept-Language": "en"}).data
    assert fast(secured).hits >= 3


def test_an_edit_is_served_at_once(secured):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    client.get(url)
    client.get(url)
    seg = secured.article["segments"][1]
    edited = client.put(f"/api/articles/{secured.article['id']}/segments/{seg['id']}", headers=auth(secured),
                        json={"text": "Un juez federal decidió."})
    assert edited.status_code == 200
    assert "Un juez federal decidió." in re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True))


def test_a_deleted_article_is_gone_at_once(secured):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    client.get(url)
    assert client.get(url).status_code == 200
    assert client.delete(f"/api/articles/{secured.article['id']}", headers=auth(secured)).status_code == 200
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("request_options", [
    {"query_string": {"view": "interleaved"}},
    {"query_string": {"lang": "es"}},
    {"headers": {"Authorization": "Bearer plo_nothing"}},
    {"method": "HEAD"},
    {"headers": {"Range": "bytes=0-10"}},
], ids=["query", "lang", "token", "head", "range"])
def test_other_requests_go_to_flask(secured, request_options):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    client.get(url)
    client.open(url, **{"method": "GET", **request_options})
    assert fast(secured).hits == 0


def test_signed_in_editors_get_their_own_page_from_flask(secured):
    client, url = secured.test_client(), f"/articles/{secured.article['slug']}"
    client.get(url)
    assert client.post("/login", data={"username": "ed", "password": PASSWORD}).status_code == 303
    page = client.get(url)
    assert b'data-can-edit="yes"' in page.data and page.cache_control.private
    assert fast(secured).hits == 0


@pytest.mark.parametrize("setting", [{"READER_CACHE_SIZE": 0}, {"READER_FAST_PATH": False}])
def test_off_when_switched_off_or_the_reader_cache_is_off(tmp_path, fake_engine, setting):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", **setting)
    try:
        assert "paralelo.fastpath" not in app.extensions
    finally:
        app.extensions["paralelo.jobs"].shutdown()
