"""The reader page served from cache: validators, Cache-Control per role, compression, invalidation,
hashed static URLs; and the term map that replaces per-occurrence tooltips."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from app.cli import main
from app.reader.cache import PageCache
from tests.support.app import make_app, wait_jobs

TEXT = (
    "Judge rules on deportation\n\n"
    "A federal judge ruled on Tuesday that the Alien Enemies Act could not be used. "
    "The detainees were sent to a prison in El Salvador.\n\n"
    "What happens next?\n\n"
    "Lawyers for the detainees said they would appeal on March 16."
)


def text_of(resp) -> str:
    """The page's text without tags (terms are wrapped in marks)."""
    return re.sub(r"<[^>]+>", "", resp.get_data(as_text=True))


def term_data(html: bytes) -> dict:
    found = re.search(rb'<script type="application/json" id="term-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def article(app, client):
    created = client.post("/api/articles", json={"title": "Judge rules", "text": TEXT}).get_json()
    wait_jobs(app)
    return client.get(f"/api/articles/{created['id']}").get_json()


@pytest.fixture
def secured(tmp_path, fake_engine):
    """Accounts on: anonymous readers and a logged-in editor."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    result = app.test_cli_runner().invoke(
        main, ["users", "create", "ed", "--role", "editor", "--password-stdin"], input="correct horse battery\n"
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    client.post("/api/articles", headers={"Authorization": "Bearer " + token(app)},
                json={"title": "Judge rules", "text": TEXT})
    wait_jobs(app)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def token(app) -> str:
    result = app.test_cli_runner().invoke(main, ["tokens", "create", "ed"])
    return re.search(r"(plo_\S+)", result.output).group(1)


def reader_url(client) -> str:
    return "/articles/" + client.get("/api/articles").get_json()["articles"][0]["slug"]


def test_etag_and_last_modified_give_304(client, article):
    url = f"/articles/{article['slug']}"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_anonymous_page_is_public_and_personal_bits_stay_out(secured):
    client = secured.test_client()
    url = reader_url(client)
    one, two = client.get(url), client.get(url)
    assert one.status_code == 200
    assert one.cache_control.public and not one.cache_control.private
    assert one.cache_control.no_cache or one.cache_control.max_age is not None
    assert one.headers["ETag"] == two.headers["ETag"] and one.data == two.data
    assert b'name="csrf-token"' not in one.data  # a shared page carries no one's token
    assert "Set-Cookie" not in one.headers
    assert {"Cookie", "Accept-Language"} <= set(one.vary)
    switched = client.get(url + "?lang=es")  # sets the language cookie: not for a shared cache
    assert "Set-Cookie" in switched.headers and switched.cache_control.private


def test_editor_page_is_private_with_a_token(secured):
    client = secured.test_client()
    url = reader_url(client)
    login = client.post("/login", data={"username": "ed", "password": "correct horse battery"})
    assert login.status_code in (302, 303)
    page = client.get(url)
    assert page.status_code == 200
    assert page.cache_control.private and not page.cache_control.public
    assert b'name="csrf-token"' in page.data and b'data-can-edit="yes"' in page.data
    anonymous = secured.test_client().get(url)
    assert b'data-can-edit="no"' in anonymous.data and anonymous.headers["ETag"] != page.headers["ETag"]


def test_gzip_when_the_browser_asks(client, article):
    url = f"/articles/{article['slug']}"
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    api = client.get(f"/api/articles/{article['id']}", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip"


def test_post_edit_invalidates_the_cached_page(client, article):
    url = f"/articles/{article['slug']}"
    before = client.get(url)
    seg = article["segments"][1]
    edit = client.put(f"/api/articles/{article['id']}/segments/{seg['id']}", json={"text": "Un juez federal decidió."})
    assert edit.status_code == 200
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Un juez federal decidió." in text_of(after)
    undo = client.delete(f"/api/articles/{article['id']}/segments/{seg['id']}/edit")
    assert undo.status_code == 200
    back = client.get(url)
    assert "Un juez federal decidió." not in text_of(back)
    assert back.headers["ETag"] != after.headers["ETag"]


def test_glossary_change_invalidates_the_cached_page(app, client, article):
    url = f"/articles/{article['slug']}"
    before = client.get(url)
    terms = term_data(before.data)
    key = next(k for k, v in terms.items() if k.isdigit() and v["source"].lower() == "detainees")
    changed = client.patch(f"/api/glossary/{key}", json={"note": "A note written by this test."})
    assert changed.status_code == 200, changed.get_json()
    wait_jobs(app)
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert term_data(after.data)[key]["note"] == "A note written by this test."


def test_terms_are_described_once_per_entry(client, article):
    html = client.get(f"/articles/{article['slug']}").data
    terms = term_data(html)
    marks = re.findall(rb'<span class="term[^"]*" data-entry="([^"]+)"', html)
    assert marks and {m.decode() for m in marks} <= set(terms)
    detainees = [k for k, v in terms.items() if v["source"].lower() == "detainees"]
    assert len(detainees) == 1 and marks.count(detainees[0].encode()) >= 2  # two occurrences, one description
    assert html.count(b"role=\"tooltip\"") == 1  # one card for the whole page
    localized = [k for k, v in terms.items() if v["kind"] in ("date", "number")]
    assert localized, "the date should be marked as a localised term"
    assert re.search(rb'class="term [^"]*\bloc\b[^"]*" data-entry="' + re.escape(localized[0].encode()), html)


def test_one_h1_and_question_headings_are_headings(client, article):
    html = client.get(f"/articles/{article['slug']}").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert re.search(r'<h1[^>]*id="article-title"', html) and 'aria-labelledby="article-title"' in html
    heading = re.search(r"<h2 class=\"row kind-heading\">(.*?)</h2>", html, re.S)
    assert heading and "What happens next?" in re.sub(r"<[^>]+>", "", heading.group(1))


def test_page_still_shows_progress_while_translating(app, client, fake_engine):
    created = client.post("/api/articles", json={"title": "Later", "text": TEXT}).get_json()
    url = f"/articles/{created['slug']}"
    first = client.get(url)
    wait_jobs(app)
    done = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert done.status_code == 200
    assert "progress" not in re.findall(r'class="(progress)"', done.get_data(as_text=True))
    assert done.cache_control.no_cache or done.cache_control.must_revalidate


def test_static_files_have_hashed_urls_cached_for_a_year(client, article):
    html = client.get(f"/articles/{article['slug']}").get_data(as_text=True)
    css = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', html).group(1)
    prefs = re.search(r'src="(/static/prefs\.js\?v=[0-9a-f]+)"', html).group(1)
    for url in (css, prefs):
        resp = client.get(url)
        assert resp.status_code == 200
        assert resp.cache_control.max_age >= 30 * 24 * 3600 and resp.cache_control.immutable
        resp.close()
    stale = client.get("/static/style.css?v=0000")  # an old hash must not be cached for a year
    assert not stale.cache_control.immutable
    stale.close()


def test_es_modules_and_their_imports_share_a_hashed_folder(client, article):
    """main.js imports "./dom.js": relative imports must be versioned too, so the folder's hash is in the path."""
    html = client.get(f"/articles/{article['slug']}").get_data(as_text=True)
    main = re.search(r'<script type="module" src="(/static/m/([0-9a-f]{12})/reader/main\.js)"', html)
    assert main, "the reader's entry module is served under its folder's hash"
    source = client.get(main.group(1))
    assert source.status_code == 200 and source.mimetype in ("text/javascript", "application/javascript")
    assert source.cache_control.immutable and source.cache_control.max_age >= 30 * 24 * 3600
    imported = re.findall(r'from "\./([a-z_]+\.js)"', source.get_data(as_text=True))
    assert "dom.js" in imported and len(imported) >= 10
    preload = r'<link rel="modulepreload" href="/static/m/' + main.group(2) + r'/reader/([a-z_]+\.js)">'
    preloaded = re.findall(preload, html)
    assert set(imported) <= set(preloaded) and "main.js" not in preloaded  # every level fetched at once
    for name in imported:  # where the browser resolves each relative import
        resp = client.get(main.group(1).rsplit("/", 1)[0] + "/" + name)
        assert resp.status_code == 200 and resp.cache_control.immutable, name
        resp.close()
    source.close()
    old = client.get("/static/m/000000000000/reader/main.js")  # a page from before a release
    assert old.status_code == 200 and not old.cache_control.immutable and old.cache_control.no_cache
    old.close()
    assert client.get("/static/m/" + main.group(2) + "/reader/nothing.js").status_code == 404


def test_page_cache_is_bounded_and_renders_once_per_key():
    cache = PageCache(size=2)
    renders = []

    def render(name):
        return lambda: renders.append(name) or f"<p>{name}</p>"

    assert cache.get("a", render("a")) == "<p>a</p>"
    assert cache.get("a", render("a")) == "<p>a</p>"
    cache.get("b", render("b"))
    cache.get("c", render("c"))
    assert len(cache) == 2 and renders == ["a", "b", "c"]
    cache.get("a", render("a"))  # evicted, so rendered again
    assert renders == ["a", "b", "c", "a"]


def test_max_age_for_proxies_when_configured(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", READER_MAX_AGE=60)
    client = app.test_client()
    try:
        created = client.post(
            "/api/articles", headers={"Authorization": "Bearer " + token_for_new_editor(app)},
            json={"title": "Judge rules", "text": TEXT},
        ).get_json()
        wait_jobs(app)
        ready = client.get(f"/articles/{created['slug']}")
        assert ready.cache_control.public and ready.cache_control.max_age == 60
        assert ready.cache_control.must_revalidate
    finally:
        app.extensions["paralelo.jobs"].shutdown()


def token_for_new_editor(app) -> str:
    app.test_cli_runner().invoke(
        main, ["users", "create", "ed", "--role", "editor", "--password-stdin"], input="correct horse battery\n"
    )
    return token(app)
