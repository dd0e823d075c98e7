"""Import from a URL or a saved page: API, web form, CLI, metadata in the reader and exports, rate limit."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Article, Job
from tests.support.app import make_app, wait_jobs
from tests.support.page_server import PAGES, Handler, serve

WIRE = "wire_service.html"
WIRE_CANONICAL = "https://meridianwire.example.com/article/appeals-court-deportation-flights-hearing-4f81c2"


@pytest.fixture(scope="module")
def server():
    with serve() as url:
        yield url


@pytest.fixture
def app(tmp_path, fake_engine):
    """The fake engine, and fetches from 127.0.0.1 allowed (PARALELO_FETCH_ALLOW_PRIVATE=1)."""
    app = make_app(tmp_path, {"fake": fake_engine}, FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT=3)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


def post_url(client, url):
    return client.post("/api/articles", json={"url": url})


def test_url_import_answers_at_once_then_fetches_extracts_and_translates(app, client, server):
    resp = post_url(client, server + "/pages/" + WIRE)
    assert resp.status_code == 202
    assert resp.json["status"] in ("fetching", "queued", "translating", "ready")
    wait_jobs(app, 30)
    data = client.get(f"/api/articles/{resp.json['id']}").get_json()
    assert data["status"] == "ready", data["error"]
    assert data["title"] == "Appeals court pauses deportation flights to Central America pending hearing"
    assert data["author"] == "Rosa Delgado, Martin Keller"
    assert data["published"] == "2026-03-17"
    assert data["site_name"] == "Meridian Wire"
    assert data["source_url"] == WIRE_CANONICAL
    sources = [s["source"] for s in data["segments"]]
    assert sources[0] == data["title"]
    assert any(s.startswith("NEW ORLEANS (MW) — A federal appeals court") for s in sources)
    assert not any("Cookie" in s or "Share on Facebook" in s for s in sources)
    assert all(s["target"] and s["origin"] == "machine" for s in data["segments"])  # provenance recorded
    kinds = {s["kind"] for s in data["segments"]}
    assert {"title", "paragraph", "caption"} <= kinds
    with app.extensions["paralelo.db"]() as session:
        jobs = session.scalars(select(Job).where(Job.article_id == data["id"]).order_by(Job.id)).all()
    assert [(j.reason, j.status) for j in jobs] == [("fetch", "done"), ("import", "done")]


FAILURES = [
    ("/missing", "404 Not Found"),
    ("/report.pdf", "not a web page"),
    ("/hop/6", "redirects more than 5 times"),
    ("/pages/paywall_stub.html", "paywall"),
]


def test_failed_fetch_marks_the_article_failed_with_the_reason(app, client, server):
    ids = [post_url(client, server + path) for path, _ in FAILURES]
    assert [r.status_code for r in ids] == [202] * len(FAILURES)
    wait_jobs(app, 30)
    for resp, (_, message) in zip(ids, FAILURES, strict=True):
        data = client.get(f"/api/articles/{resp.json['id']}").get_json()
        assert data["status"] == "failed"
        assert message in data["error"]
        assert data["segments"] == []
        page = client.get(f"/articles/{data['slug']}").get_data(as_text=True)
        assert "The page could not be imported, so there is nothing to read yet." in page
        assert "Why it failed:" in page and message in page and "Paste the text instead" in page


def test_private_addresses_are_refused_at_once_without_the_allow_flag(tmp_path, fake_engine, server):
    """Issue 22 item 12: a 400 naming PARALELO_FETCH_ALLOW_PRIVATE, no article (or slug) kept, nothing fetched."""
    app = make_app(tmp_path, {"fake": fake_engine})  # FETCH_ALLOW_PRIVATE off, the default
    try:
        client = app.test_client()
        Handler.seen_hosts.clear()
        port = server.rsplit(":", 1)[1]
        for url in (server + "/article", f"http://localhost:{port}/article", "http://[::ffff:127.0.0.1]/",
                    "http://[2002:7f00:1::]/"):
            resp = post_url(client, url)
            assert resp.status_code == 400, url
            assert "local or private network" in resp.json["error"]
            assert "PARALELO_FETCH_ALLOW_PRIVATE" in resp.json["error"]
        form = client.post("/articles", data={"url": server + "/article"})
        assert form.status_code == 303  # the form shows the reason where it was typed
        assert "PARALELO_FETCH_ALLOW_PRIVATE" in client.get("/").get_data(as_text=True)
        with app.extensions["paralelo.db"]() as session:
            assert session.scalars(select(Article)).all() == []
        assert Handler.seen_hosts == []  # nothing was fetched
    finally:
        app.extensions["paralelo.jobs"].shutdown()


BAD_REQUESTS = [
    ({"url": "ftp://example.com/story"}, "Only http and https"),
    ({"url": "javascript:alert(1)"}, "Only http and https"),
    ({"url": "https://"}, "is not valid"),
    ({"url": 5}, "must be strings"),
    ({"url": "https://example.com/a", "target_lang": "fr"}, "Unknown target language"),
    ({"html": (PAGES / "paywall_stub.html").read_text("utf-8")}, "paywall"),
    ({"html": "<!doctype html><html><body><nav>Home</nav></body></html>"}, "No article text found"),
]


def test_bad_url_or_page_is_a_400_with_a_message(client):
    for payload, message in BAD_REQUESTS:
        resp = client.post("/api/articles", json=payload)
        assert resp.status_code == 400, payload
        assert message in resp.json["error"], payload


def test_saved_page_is_extracted_synchronously(app, client):
    html = (PAGES / "magazine_longread.html").read_text("utf-8")
    resp = client.post("/api/articles", json={"html": html, "url": "https://www.meridianreview.example.org/x"})
    assert resp.status_code == 202 and resp.json["status"] in ("queued", "translating", "ready")
    wait_jobs(app, 30)
    data = client.get(f"/api/articles/{resp.json['id']}").get_json()
    assert (data["title"], data["author"], data["published"]) == ("The Interpreters", "Naomi Achterberg", "2026-06-08")
    headings = [s["source"] for s in data["segments"] if s["kind"] == "heading"]
    assert headings == ["A job with no margin", "Languages the courts cannot find", "What a word can decide"]


def test_web_form_url_field_and_reader_header(app, client, server):
    resp = client.post("/articles", data={"url": server + "/pages/amp_story.html", "text": ""})
    assert resp.status_code == 303
    wait_jobs(app, 30)
    moved = client.get(resp.headers["Location"])  # the address it had while its page was fetched
    assert moved.status_code == 301
    reader = moved.headers["Location"]
    assert reader == "/articles/judge-orders-release-of-asylum-seeker-held-19-months-without"  # from the title
    page = client.get(reader).get_data(as_text=True)
    assert "By Priya Raman" in page and "The Coast Post" in page
    assert "August 3, 2026" in page  # Babel's long date in English
    assert 'href="https://www.thecoastpost.example.com/2026/08/03/judge-orders-release-asylum-seeker/"' in page
    page_es = client.get(reader + "?lang=es").get_data(as_text=True)
    assert "3 de agosto de 2026" in page_es


def test_html_upload_of_a_whole_page_goes_through_extraction(app, client):
    data = {"file": (io.BytesIO((PAGES / "regional_paper.html").read_bytes()), "story.html"), "text": ""}
    resp = client.post("/articles", data=data, content_type="multipart/form-data")
    assert resp.status_code == 303
    with app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
        assert article.author == "Greg Tomasetti" and article.site_name == "Valley Courier"
        sources = [s.source for s in article.segments]
    assert not any("Obituaries" in s or "BarbaraK" in s for s in sources)


def test_html_fragment_upload_keeps_the_simple_import(app, client):
    fragment = b"<h1>A short note</h1><p>By Ana Ruiz</p><p>First paragraph here.</p><p>Second one.</p>"
    resp = client.post("/articles", data={"file": (io.BytesIO(fragment), "note.html")},
                       content_type="multipart/form-data")
    assert resp.status_code == 303
    with app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
        assert (article.title, article.byline, article.source_url) == ("A short note", "By Ana Ruiz", None)


def test_bookmarklet_and_prefilled_form(client):
    page = client.get("/?url=https://news.example.com/story?id=1%26x=%22%3E").get_data(as_text=True)
    link = re.search(r'<a class="bookmarklet" href="([^"]+)" data-index="/"', page).group(1)
    assert link.startswith("javascript:") and "encodeURIComponent(location.href)" in link
    assert '"/?url="' in link.replace("&#34;", '"')  # pages.js makes it absolute from the browser's address
    assert 'name="url"' in page and 'value="https://news.example.com/story?id=1&amp;x=&#34;&gt;"' in page


def test_the_bookmarklet_never_carries_the_host_header(tmp_path, fake_engine):
    """Issue 22 item 13: a forged Host header does not reach the link people save."""
    app = make_app(tmp_path, {"fake": fake_engine})
    page = app.test_client().get("/", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in page
    app.config["SERVER_NAME"] = "paralelo.example.org"
    app.config["PREFERRED_URL_SCHEME"] = "https"
    page = app.test_client().get("/", headers={"Host": "evil.example"}).get_data(as_text=True)
    link = re.search(r'<a class="bookmarklet" href="([^"]+)"', page).group(1).replace("&#34;", '"')
    assert '"https://paralelo.example.org/?url="' in link and "evil.example" not in page


def test_opening_the_prefilled_form_imports_nothing(app, client):
    client.get("/?url=https://news.example.com/story")
    with app.extensions["paralelo.db"]() as session:
        assert session.scalars(select(Article)).all() == []


def test_url_imports_are_rate_limited_per_user(tmp_path, fake_engine, public_dns):
    app = make_app(tmp_path, {"fake": fake_engine}, RATELIMIT_ENABLED=True, RATELIMIT_URL_IMPORT="2/hour",
                   RUN_JOBS=False)
    try:
        client = app.test_client()
        codes = [post_url(client, f"https://news.example.com/{i}").status_code for i in range(3)]
        assert codes == [202, 202, 429]
        text = client.post("/api/articles", json={"title": "T", "text": "One sentence here. Another one."})
        assert text.status_code == 202  # text imports do not count against the URL limit
        form = client.post("/articles", data={"url": "https://news.example.com/4"})
        assert form.status_code == 429  # the web form shares the bucket
    finally:
        app.extensions["paralelo.jobs"].shutdown()


def test_metadata_reaches_the_exports(app, client):
    html = (PAGES / WIRE).read_text("utf-8")
    article_id = client.post("/api/articles", json={"html": html}).json["id"]
    wait_jobs(app, 30)
    tmx = client.get(f"/api/articles/{article_id}/export?format=tmx").get_data(as_text=True)
    assert f'<prop type="x-source-url">{WIRE_CANONICAL}</prop>' in tmx
    assert '<prop type="x-author">Rosa Delgado, Martin Keller</prop>' in tmx
    assert '<prop type="x-published">2026-03-17</prop>' in tmx
    xliff = client.get(f"/api/articles/{article_id}/export?format=xliff").get_data(as_text=True)
    assert '<note from="paralelo">site: Meridian Wire</note>' in xliff
    assert '<note from="paralelo">published: 2026-03-17</note>' in xliff
    page = client.get(f"/api/articles/{article_id}/export?format=html").get_data(as_text=True)
    assert "By Rosa Delgado, Martin Keller · Meridian Wire" in page and f'href="{WIRE_CANONICAL}"' in page


def test_javascript_canonical_url_is_not_kept(app, client):
    html = (PAGES / WIRE).read_text("utf-8").replace(WIRE_CANONICAL, "javascript:alert(1)")
    article_id = client.post("/api/articles", json={"html": html, "url": "https://wire.example.com/a"}).json["id"]
    data = client.get(f"/api/articles/{article_id}").get_json()
    assert data["source_url"] == "https://wire.example.com/a"


# --- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def cli_app(tmp_path, fake_engine):
    return make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False, FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT=3)


def test_cli_import_url(cli_app, server):
    result = cli_app.test_cli_runner().invoke(main, ["import", "--url", server + "/pages/" + WIRE])
    assert result.exit_code == 0, result.output
    assert "Fetching" in result.output and "Translated: /articles/" in result.output
    with cli_app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
        assert article.status == "ready" and article.author == "Rosa Delgado, Martin Keller"


def test_cli_import_url_failure_exits_2(cli_app, server):
    result = cli_app.test_cli_runner().invoke(main, ["import", "--url", server + "/missing"])
    assert result.exit_code == 2 and "404 Not Found" in result.output


def test_cli_import_saved_page(cli_app):
    result = cli_app.test_cli_runner().invoke(main, ["import", str(PAGES / "spanish_outlet_english.html")])
    assert result.exit_code == 0, result.output
    with cli_app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
        assert article.title == "Prison census shows one in three detainees has never been tried"
        assert article.site_name == "Diario del Istmo English"


def test_cli_import_needs_exactly_one_source(cli_app, tmp_path):
    assert cli_app.test_cli_runner().invoke(main, ["import"]).exit_code == 2
    path = tmp_path / "a.txt"
    path.write_text("T\n\nBody.", "utf-8")
    assert cli_app.test_cli_runner().invoke(main, ["import", str(path), "--url", "https://x.example/"]).exit_code == 2


def test_article_waiting_for_its_page(app, client, public_dns):
    from app.intake import importer

    with app.extensions["paralelo.db"]() as session:
        article = importer.import_article(session, importer.Url("https://news.example.com/world/prison-census.html"),
                                          importer.Options("es", "auto"), importer.Limits())
        session.commit()
        slug, article_id = article.slug, article.id
    assert slug == "prison-census"
    data = client.get(f"/api/articles/{article_id}").get_json()
    assert (data["status"], data["segments"], data["source_url"]) == (
        "fetching", [], "https://news.example.com/world/prison-census.html")
    page = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert "Fetching the page…" in page and 'data-status="fetching"' in page


def test_cli_import_saved_page_in_windows_1252(cli_app, tmp_path):
    html = (PAGES / "regional_paper.html").read_text("utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    path = tmp_path / "saved.html"
    path.write_bytes(html.encode("cp1252"))
    result = cli_app.test_cli_runner().invoke(main, ["import", str(path), "--no-translate"])
    assert result.exit_code == 0, result.output
    with cli_app.extensions["paralelo.db"]() as session:
        sources = [s.source for s in session.scalars(select(Article)).one().segments]
    assert "“We heard from the families, and we heard from our own staff,” Avila said." in sources
