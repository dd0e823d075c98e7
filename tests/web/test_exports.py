"""Export downloads: the API route, the reader's download route and menu, and `paralelo export`."""

from __future__ import annotations

import json
import re

import pytest
from flask import render_template_string

from app.cli import main
from app.core.models import Article
from app.interchange import exports
from app.web import exports as exports_web
from tests.support.app import import_article
from tests.unit.interchange.test_exports import FILES, HUMAN_KEY, HUMAN_TEXT, make_translated, post_edit

KNOWN = "tmx, xliff, xliff2, tsv, csv, jsonl, html, txt, omegat, text"


@pytest.fixture
def app(app):
    """The app with the exports blueprint, registered here until app.web registers it."""
    if "exports" not in app.blueprints:
        app.register_blueprint(exports_web.bp)
    return app


@pytest.fixture
def ready(app, seed_text) -> Article:
    """A translated article with one human post-edit."""
    article_id = make_translated(app, seed_text)
    post_edit(app, article_id, HUMAN_KEY, HUMAN_TEXT)
    with app.extensions["paralelo.db"]() as session:
        return session.get(Article, article_id)


@pytest.fixture
def queued(app, seed_text) -> Article:
    """An article whose translation job has not run yet."""
    return import_article(app, seed_text)


def assert_download(response, slug: str, name: str) -> None:
    extension, mimetype = FILES[name]
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f"attachment; filename={slug}.{extension}"
    assert response.data


@pytest.mark.parametrize("name", exports.names())
def test_api_export_every_format(client, ready, name):
    response = client.get(f"/api/articles/{ready.id}/export?format={name}")
    assert_download(response, ready.slug, name)


def test_api_export_content(client, ready):
    response = client.get(f"/api/articles/{ready.id}/export?format=jsonl")
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(records) == 37
    assert next(r for r in records if r["key"] == HUMAN_KEY)["target"] == HUMAN_TEXT
    assert response.mimetype == "application/jsonl"


@pytest.mark.parametrize("query", ["?format=docx", "?format=", ""])
def test_api_unknown_or_missing_format(client, ready, query):
    response = client.get(f"/api/articles/{ready.id}/export{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith("Unknown format '") and error.endswith(f"; known: {KNOWN}")


def test_api_unknown_article(client):
    response = client.get("/api/articles/999/export?format=tmx")
    assert response.status_code == 404
    assert response.get_json() == {"error": "No article with id 999."}


def test_api_409_while_translating(client, queued):
    response = client.get(f"/api/articles/{queued.id}/export?format=tmx")
    assert response.status_code == 409
    body = response.get_json()
    assert body["status"] == "queued" and body["progress"] == 0
    assert "still being translated" in body["error"]


@pytest.mark.parametrize("name", exports.names())
def test_reader_download_every_format(client, ready, name):
    assert_download(client.get(f"/articles/{ready.slug}/export/{name}"), ready.slug, name)


def test_reader_download_errors_are_html_pages(client, ready, queued):
    unknown = client.get(f"/articles/{ready.slug}/export/docx")
    assert unknown.status_code == 400 and unknown.mimetype == "text/html"
    assert f"Unknown format &#39;docx&#39;; known: {KNOWN}" in unknown.get_data(as_text=True)
    missing = client.get("/articles/no-such-article/export/tmx")
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    busy = client.get(f"/articles/{queued.slug}/export/tmx")
    assert busy.status_code == 409 and busy.mimetype == "text/html"
    assert "still being translated" in busy.get_data(as_text=True)


MENU = '{% include "_download_menu.html" %}'


def test_download_menu_links_every_format(app, ready):
    with app.test_request_context("/"):
        html = render_template_string(MENU, article=ready)
    assert "<details" in html and "<script" not in html
    for exporter in exports.formats():
        assert f'href="/articles/{ready.slug}/export/{exporter.name}"' in html
        assert exporter.label in html


def test_download_menu_offers_readers_a_page_and_plain_text_first_and_groups_the_tools(app, ready):
    """Issue 24 item 12: readers' formats under their own heading, first; the CAT formats after theirs."""
    with app.test_request_context("/"):
        html = render_template_string(MENU, article=ready)
    reader, tools = html.split('id="downloads-translator"')
    assert 'id="downloads-reader"' in reader
    offered = {part: re.findall(rf'/articles/{ready.slug}/export/(\w+)', text) for part, text in
               (("reader", reader), ("tools", tools))}
    assert offered["reader"] == ["html", "text"]
    assert {"tmx", "xliff", "xliff2", "omegat"} <= set(offered["tools"])
    assert not {"html", "text"} & set(offered["tools"])


def test_reader_page_has_the_download_menu(client, ready):
    page = client.get(f"/articles/{ready.slug}").get_data(as_text=True)
    assert 'class="menu download-menu"' in page
    assert f'href="/articles/{ready.slug}/export/xliff2"' in page


def test_download_menu_hidden_while_translating(app, queued):
    with app.test_request_context("/"):
        assert render_template_string(MENU, article=queued).strip() == ""


# CLI


def test_cli_export_to_stdout_by_slug_and_id(app, ready):
    runner = app.test_cli_runner()
    by_slug = runner.invoke(main, ["export", ready.slug, "--format", "tsv"])
    assert by_slug.exit_code == 0, by_slug.output
    with app.extensions["paralelo.db"]() as session:
        expected = exports.export(session.get(Article, ready.id), "tsv").data
    assert by_slug.stdout_bytes == expected
    by_id = runner.invoke(main, ["export", str(ready.id), "--format", "csv"])
    assert by_id.exit_code == 0 and by_id.stdout_bytes.startswith(b"id,paragraph,source,target")


def test_cli_export_binary_to_file(app, ready, tmp_path):
    out = tmp_path / "article.zip"
    args = ["export", ready.slug, "--format", "txt", "-o", str(out)]
    result = app.test_cli_runner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    assert "Wrote 37 sentence pairs" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["export", "no-such-article", "--format", "tmx"], "No article 'no-such-article'"),
    (["export", "1", "--format", "docx"], "'docx' is not one of 'tmx', 'xliff'"),
    (["export", "1"], "Missing option '--format'"),
])
def test_cli_export_bad_input_exits_2(app, args, message):
    result = app.test_cli_runner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_export_refuses_while_translating(app, queued):
    result = app.test_cli_runner().invoke(main, ["export", queued.slug, "--format", "tmx"])
    assert result.exit_code == 2
    assert "is queued (0% done)" in result.output
