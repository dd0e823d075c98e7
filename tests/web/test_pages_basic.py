"""HTML views: article list and import form, the reader, glossary pages, errors."""

from __future__ import annotations

import io

from tests.support.app import wait_jobs


def import_form(client, **fields):
    data = {"title": "", "text": "", "target_lang": "es-419", "engine": "auto"}
    data.update(fields)
    return client.post("/articles", data=data, content_type="multipart/form-data")


def test_index_lists_and_offers_import(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form class="import"' in html and 'name="file"' in html and "es-419" in html


def test_paste_import_then_read(app, client, seed_text):
    resp = import_form(client, text=seed_text)
    assert resp.status_code == 303
    slug = resp.location.rsplit("/", 1)[-1]
    wait_jobs(app)
    page = client.get(f"/articles/{slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('class="row kind-') == 26  # paragraphs, headings, title, byline, caption
    assert html.count('class="seg') >= 2 * 37  # every sentence in both columns
    assert 'id="s-p8.s1"' in html and 'id="es-p8.s1"' in html  # #s-p8.s1 links to the pair
    assert 'data-view="interleaved"' in html and 'data-view="es"' in html
    assert 'data-notice="machine-translation"' in html and "fake 1.0" in html
    assert 'class="term' in html and 'role="tooltip"' in html  # glossary terms marked
    assert 'lang="es-419"' in html


def test_upload_import(app, client):
    data = {"file": (io.BytesIO(b"Uploaded title\n\nA federal judge ruled."), "a.txt"),
            "target_lang": "es"}
    resp = client.post("/articles", data=data, content_type="multipart/form-data")
    assert resp.status_code == 303 and resp.location.endswith("/articles/uploaded-title")


def test_bad_imports_are_explained_and_store_nothing(app, client):
    for fields in ({"text": ""}, {"text": "x" * 1_000_001}, {"text": "Title\n\nBody.", "target_lang": "fr"},
                   {"text": "Title\n\nBody.", "engine": "google"}):
        resp = import_form(client, **fields)
        assert resp.status_code == 303 and resp.location.endswith("/")
    binary = {"file": (io.BytesIO(b"\x00\x01\x02"), "x.bin")}
    resp = client.post("/articles", data=binary, content_type="multipart/form-data", follow_redirects=True)
    assert "looks binary" in resp.get_data(as_text=True)
    assert client.get("/api/articles").get_json()["articles"] == []


def test_article_text_is_escaped(app, client):
    resp = import_form(client, text="<script>alert('t')</script> Title\n\nBody <img src=x onerror=alert(1)> here.")
    slug = resp.location.rsplit("/", 1)[-1]
    wait_jobs(app)
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_article_is_a_404_page(client):
    resp = client.get("/articles/nope")
    assert resp.status_code == 404 and "No article called nope" in resp.get_data(as_text=True)


def test_engines_page(client):
    html = client.get("/engines").get_data(as_text=True)
    assert "Fake engine (tests)" in html


def test_glossary_page_search_add_edit_delete_history(app, client):
    html = client.get("/glossary/?q=federal+judge").get_data(as_text=True)
    assert "juez federal" in html
    resp = client.post("/glossary/", data={"source": "prison yard", "target": "patio de la cárcel",
                                           "domain": "prison", "note": "<b>bold</b> note"})
    assert resp.status_code == 303
    html = client.get("/glossary/?q=prison+yard").get_data(as_text=True)
    assert "patio de la cárcel" in html and "&lt;b&gt;bold&lt;/b&gt; note" in html
    entry_id = int(html.split('id="entry-')[1].split('"')[0])
    resp = client.post(f"/glossary/{entry_id}/edit", data={"source": "prison yard", "target": "patio penitenciario",
                                                             "domain": "prison", "version": "1"})
    assert resp.status_code == 303
    stale = client.post(f"/glossary/{entry_id}/edit", data={"source": "prison yard", "target": "otro",
                                                              "domain": "prison", "version": "1"})
    assert stale.status_code == 409 and "changed by someone else" in stale.get_data(as_text=True)
    assert client.post(f"/glossary/{entry_id}/delete", data={"version": "2"}).status_code == 303
    history = client.get(f"/glossary/history?entry={entry_id}").get_data(as_text=True)
    assert history.count("<tr>") == 1 + 3  # header + add, edit, delete
    duplicate = client.post("/glossary/", data={"source": "Federal Judge", "target": "x"}, follow_redirects=True)
    assert "already exists" in duplicate.get_data(as_text=True)


def test_glossary_import_page_reports_lines(client):
    data = {"file": (io.BytesIO(b"warden2\talcaide\nbad line\n"), "g.tsv")}
    resp = client.post("/glossary/import", data=data, content_type="multipart/form-data", follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "1 added, 0 updated, 1 skipped" in html and "line 2" in html


def test_glossary_form_and_api_carry_the_part_of_speech(client):
    html = client.get("/glossary/").get_data(as_text=True)
    assert '<select name="pos">' in html and '<option value="verb"' in html
    resp = client.post("/glossary/", data={"source": "to sentence", "target": "condenar", "pos": "verb"})
    assert resp.status_code == 303
    [entry] = client.get("/api/glossary?q=to+sentence").get_json()["entries"]
    assert entry["pos"] == "verb"
    edit_page = client.get(f"/glossary/{entry['id']}/edit").get_data(as_text=True)
    assert '<option value="verb" selected' in edit_page
    assert client.patch(f"/api/glossary/{entry['id']}", json={"pos": "pronoun"}).status_code == 400
    ok = client.patch(f"/api/glossary/{entry['id']}", json={"pos": "any"})
    assert ok.status_code == 200 and ok.get_json()["entry"]["pos"] == "any"
    spanish = client.get("/glossary/?q=to+sentence&lang=es").get_data(as_text=True)
    assert "Categoría gramatical" in spanish
