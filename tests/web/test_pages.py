"""Glossary and article pages (test client): search, pages, delete with confirmation and undo, filters
kept across language switching, history naming its entry, article rename/delete/restore, engines offered."""

from __future__ import annotations

import re

import pytest

from app.cli import main
from app.translation.engines.base import Engine
from tests.support.app import make_app

ROWS = re.compile(r'<tr id="entry-(\d+)"')


def entry_ids(html: str) -> list[int]:
    return [int(i) for i in ROWS.findall(html)]


def add_entry(client, source: str, target: str, **fields) -> int:
    resp = client.post("/api/glossary", json={"source": source, "target": target, **fields})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["entry"]["id"]


# --- glossary search -----------------------------------------------------------------------------

def test_api_search_ignores_accents_and_finds_plurals(client):
    add_entry(client, "prison yard", "patio de la cárcel", note="Área al aire libre")
    found = client.get("/api/glossary?q=patio de la carcel").get_json()
    assert [e["source"] for e in found["entries"]] == ["prison yard"] and found["total"] == 1
    assert [e["source"] for e in client.get("/api/glossary?q=AREA AL AIRE").get_json()["entries"]] == ["prison yard"]
    plural = client.get("/api/glossary?q=detainees").get_json()["entries"]
    assert "detainee" in [e["source"] for e in plural]  # bundled entry: its plural is derived, not stored


def test_api_pages_when_asked_and_export_is_complete(client):
    everything = client.get("/api/glossary").get_json()
    total = everything["total"]
    assert total == len(everything["entries"]) > 50
    page = client.get("/api/glossary?page=2&per_page=20").get_json()
    assert (page["page"], page["per_page"], page["total"]) == (2, 20, total)
    assert [e["id"] for e in page["entries"]] == [e["id"] for e in everything["entries"][20:40]]
    tsv = client.get("/api/glossary/export?format=tsv").get_data(as_text=True)
    assert len([line for line in tsv.splitlines() if line and not line.startswith("#")]) >= total


def test_glossary_page_is_paginated_with_a_total(client):
    total = client.get("/api/glossary").get_json()["total"]
    first = client.get("/glossary/").get_data(as_text=True)
    assert len(entry_ids(first)) == 50
    assert f"Showing 1–50 of {total}" in first and f"{total} entries ·" in first
    pages = -(-total // 50)
    assert f'href="/glossary/?page={pages}"' in first and 'rel="next" href="/glossary/?page=2"' in first
    last = client.get(f"/glossary/?page={pages}").get_data(as_text=True)
    assert len(entry_ids(last)) == total - 50 * (pages - 1)
    assert not set(entry_ids(first)) & set(entry_ids(last))


def test_glossary_page_search_is_accent_insensitive(client):
    html = client.get("/glossary/?q=carcel").get_data(as_text=True)
    assert "cárcel" in html and entry_ids(html)
    assert "detainee" in client.get("/glossary/?q=detainees").get_data(as_text=True)


def test_add_form_comes_before_the_list(client):
    html = client.get("/glossary/").get_data(as_text=True)
    assert html.index('action="/glossary/"') < html.index('<table class="glossary')


def test_language_link_keeps_search_domain_and_page(client):
    """The header links to the other language (the current one is marked, not linked)."""
    for lang, other in (("en", "es"), ("es", "en")):
        html = client.get(f"/glossary/?q=juez&domain=legal&page=1&lang={lang}").get_data(as_text=True)
        links = re.findall(r'<a href="([^"]+)" hreflang="(en|es)"', html)
        assert [(url.replace("&amp;", "&"), code) for url, code in links] == [
            (f"/glossary/?q=juez&domain=legal&page=1&lang={other}", other)]
        assert re.search(rf'<span class="current" lang="{lang}" aria-current="true">', html)
    spanish = client.get("/glossary/?q=juez&domain=legal&lang=es").get_data(as_text=True)
    assert 'value="juez"' in spanish and 'value="legal" selected' in spanish and "Glosario" in spanish


# --- delete with confirmation, undo --------------------------------------------------------------

def test_delete_asks_first_then_offers_undo_that_restores(client):
    entry_id = add_entry(client, "cell block", "pabellón", domain="prison")
    listing = client.get("/glossary/?q=pabellon&domain=prison").get_data(as_text=True)
    assert f'href="/glossary/{entry_id}/delete?q=pabellon&amp;domain=prison"' in listing
    confirm = client.get(f"/glossary/{entry_id}/delete?q=pabellon&domain=prison")
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "cell block → pabellón" in html
    assert client.get(f"/api/glossary/{entry_id}").status_code == 200  # asking deletes nothing
    assert 'name="keep_q" value="pabellon"' in html and 'name="keep_domain" value="prison"' in html
    done = client.post(f"/glossary/{entry_id}/delete",
                       data={"version": "1", "keep_q": "pabellon", "keep_domain": "prison"})
    assert done.status_code == 303
    assert done.location.startswith("/glossary/?q=pabellon&domain=prison&undo=")
    after = client.get(done.location).get_data(as_text=True)
    assert client.get(f"/api/glossary/{entry_id}").status_code == 404
    undo = re.search(r'<form class="undo[^>]*action="(/glossary/changes/\d+/revert)"', after)
    assert undo, "no Undo button after deleting"
    back = client.post(undo.group(1), data={"next": "/glossary/?q=pabellon&domain=prison"})
    assert back.status_code == 303 and back.location == "/glossary/?q=pabellon&domain=prison"
    assert client.get(f"/api/glossary/{entry_id}").get_json()["target"] == "pabellón"
    assert 'class="undo' not in client.get(done.location).get_data(as_text=True)  # nothing left to undo


def test_one_delete_gives_one_notice_naming_the_entry(client):
    entry_id = add_entry(client, "cell block", "pabellón", domain="prison")
    done = client.post(f"/glossary/{entry_id}/delete", data={"version": "1"})
    html = client.get(done.location).get_data(as_text=True)
    notices = re.findall(r'role="(?:status|alert)"', html.split('<main', 1)[1].split('class="meta count"')[0])
    assert len(notices) == 1
    undo = re.search(r'<form class="undo notice" role="status".*?</form>', html, re.S).group(0)
    assert "“cell block → pabellón” was deleted." in undo


def test_a_revert_says_which_entry_and_what_it_is_again(client):
    entry_id = add_entry(client, "isolation wing", "aislamiento", domain="prison")
    assert client.patch(f"/api/glossary/{entry_id}", json={"target": "régimen de aislamiento",
                                                            "domain": "legal"}).status_code == 200
    edit = client.get(f"/api/glossary/history?entry={entry_id}").get_json()["changes"][0]
    done = client.post(f"/glossary/changes/{edit['id']}/revert", data={"next": "/glossary/"})
    shown = client.get(done.location).get_data(as_text=True)
    assert ("Change undone on “isolation wing → aislamiento”: Spanish rendering is “aislamiento” again "
            "(was “régimen de aislamiento”); Domain is “prison” again (was “legal”).") in shown
    assert f"change {edit['id']}" not in shown.lower()
    added = client.get(f"/api/glossary/history?entry={entry_id}").get_json()["changes"][-1]
    client.set_cookie("lang", "es")
    undone = client.post(f"/glossary/changes/{added['id']}/revert", data={"next": "/glossary/"})
    assert "«isolation wing → aislamiento» ya no está en el glosario" in client.get(undone.location).get_data(
        as_text=True)


def test_revert_next_must_stay_on_site(client):
    entry_id = add_entry(client, "parole board", "junta de libertad condicional")
    change = client.delete(f"/api/glossary/{entry_id}")
    assert change.status_code == 200
    history = client.get(f"/api/glossary/history?entry={entry_id}").get_json()["changes"]
    resp = client.post(f"/glossary/changes/{history[0]['id']}/revert", data={"next": "//evil.example/"})
    assert resp.status_code == 303 and resp.location == "/glossary/"


# --- history ---------------------------------------------------------------------------------------

def test_history_names_its_entry_links_back_and_reverts_only_later_rows(client):
    entry_id = add_entry(client, "isolation wing", "aislamiento")
    for target in ("régimen de aislamiento", "aislamiento solitario"):
        assert client.patch(f"/api/glossary/{entry_id}", json={"target": target}).status_code == 200
    html = client.get(f"/glossary/history?entry={entry_id}&q=isolation").get_data(as_text=True)
    assert "<h1>History of “isolation wing → aislamiento solitario”</h1>" in html
    assert 'href="/glossary/?q=isolation#entry-' in html
    assert html.count("/revert") == 2  # the two edits; never the first "added" row
    spanish = client.get(f"/glossary/history?entry={entry_id}&lang=es").get_data(as_text=True)
    assert "isolation wing → aislamiento solitario" in spanish


def test_history_pages_through_older_changes(client):
    entry_id = add_entry(client, "warden's office", "despacho del alcaide")
    for i in range(60):
        assert client.patch(f"/api/glossary/{entry_id}", json={"note": f"v{i}"}).status_code == 200
    first = client.get(f"/glossary/history?entry={entry_id}").get_data(as_text=True)
    assert first.count("<tr>") == 1 + 50
    older = re.search(r'href="(/glossary/history\?entry=\d+&amp;before=\d+)"', first)
    assert older, "no link to older changes"
    second = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert second.count("<tr>") == 1 + 11  # 60 edits + the add, 50 on the first page
    assert 'rel="next"' not in second and "Newest" in second
    assert second.count("/revert") == 10  # the add row has none


def test_history_of_unknown_entry_is_404(client):
    assert client.get("/glossary/history?entry=999999").status_code == 404


# --- articles --------------------------------------------------------------------------------------

@pytest.fixture
def secured(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    runner = app.test_cli_runner()
    tokens = {}
    for name, role in (("ed", "editor"), ("root", "admin")):
        result = runner.invoke(main, ["users", "create", name, "--role", role, "--password-stdin"],
                               input="correct horse battery\n")
        assert result.exit_code == 0, result.output
        out = runner.invoke(main, ["tokens", "create", name]).output
        token = re.search(r"(plo_\S+)", out).group(1)
        tokens[name] = {"Authorization": f"Bearer {token}"}
    app.tokens = tokens
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def test_api_rename_delete_restore_with_roles(secured):
    client, ed, root = secured.test_client(), secured.tokens["ed"], secured.tokens["root"]
    created = client.post("/api/articles", json={"title": "Old title", "text": "Old title\n\nA sentence."},
                          headers=ed).get_json()
    aid, slug = created["id"], created["slug"]
    assert client.patch(f"/api/articles/{aid}", json={"title": "New"}).status_code == 401
    renamed = client.patch(f"/api/articles/{aid}", json={"title": "  A   new title "}, headers=ed)
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "A new title"
    assert client.patch(f"/api/articles/{aid}", json={"title": " "}, headers=ed).status_code == 400
    assert client.patch(f"/api/articles/{aid}", json={"title": 5}, headers=ed).status_code == 400
    assert client.patch("/api/articles/99999", json={"title": "x"}, headers=ed).status_code == 404
    assert client.get(f"/api/articles/{aid}").get_json()["title"] == "A new title"

    assert client.delete(f"/api/articles/{aid}", headers=ed).status_code == 200
    assert client.get(f"/api/articles/{aid}").status_code == 404
    assert aid not in [a["id"] for a in client.get("/api/articles").get_json()["articles"]]
    assert client.get(f"/articles/{slug}").status_code == 404
    assert client.get(f"/api/articles/{aid}/export?format=tsv").status_code == 404
    assert client.delete(f"/api/articles/{aid}", headers=ed).status_code == 404

    assert client.post(f"/api/articles/{aid}/restore", headers=ed).status_code == 403
    assert client.get("/api/articles/deleted", headers=ed).status_code == 403
    listed = client.get("/api/articles/deleted", headers=root).get_json()["articles"]
    assert [a["id"] for a in listed] == [aid] and listed[0]["deleted_at"]
    restored = client.post(f"/api/articles/{aid}/restore", headers=root)
    assert restored.status_code == 200 and restored.get_json()["deleted_at"] is None
    article = client.get(f"/api/articles/{aid}").get_json()
    assert article["title"] == "A new title" and article["segments"]  # its sentences came back with it
    assert client.post(f"/api/articles/{aid}/restore", headers=root).status_code == 404


def test_pages_rename_delete_with_confirmation_and_admin_restore(app, client):
    aid = client.post("/api/articles", json={"title": "Page title", "text": "Page title\n\nOne line."}).get_json()["id"]
    index = client.get("/").get_data(as_text=True)
    assert f'action="/articles/{aid}/rename"' in index and f'href="/articles/{aid}/delete"' in index
    assert client.post(f"/articles/{aid}/rename", data={"title": "Renamed here"}).status_code == 303
    assert "Renamed here" in client.get("/").get_data(as_text=True)
    confirm = client.get(f"/articles/{aid}/delete").get_data(as_text=True)
    assert "<h1>Delete “Renamed here”?</h1>" in confirm
    assert "Renamed here" in client.get("/").get_data(as_text=True)  # asking deletes nothing
    assert client.post(f"/articles/{aid}/delete").status_code == 303
    assert f'id="article-{aid}"' not in client.get("/").get_data(as_text=True)
    deleted = client.get("/deleted-articles").get_data(as_text=True)  # local mode is an admin
    assert "Renamed here" in deleted and f'action="/deleted-articles/{aid}/restore"' in deleted
    assert client.post(f"/deleted-articles/{aid}/restore").status_code == 303
    assert f'id="article-{aid}"' in client.get("/").get_data(as_text=True)


def test_deleted_articles_page_is_for_admins(secured):
    client = secured.test_client()
    anonymous = client.get("/deleted-articles")  # sign in first, then back here
    assert anonymous.status_code == 302 and anonymous.location == "/login?next=/deleted-articles"
    assert client.get("/deleted-articles", headers=secured.tokens["ed"]).status_code == 403
    assert client.get("/deleted-articles", headers=secured.tokens["root"]).status_code == 200


class Missing(Engine):
    name, label = "missing", "Not installed engine"
    version = "0"

    def available(self) -> bool:
        return False

    def translate_batch(self, sentences, terms=None, progress=None):
        raise AssertionError("never called")


def test_import_form_offers_only_installed_engines(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine, "missing": Missing()})
    try:
        html = app.test_client().get("/").get_data(as_text=True)
    finally:
        app.extensions["paralelo.jobs"].shutdown()
    assert '<option value="fake">' in html and 'value="missing"' not in html


def test_favicon_is_linked_and_served(client):
    html = client.get("/").get_data(as_text=True)
    link = re.search(r'rel="icon" href="(/static/favicon\.svg(?:\?v=\w+)?)"', html)  # content-hashed URL
    assert link
    icon = client.get(link.group(1).replace("&amp;", "&"))
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


def test_after_adding_or_saving_the_list_shows_the_entry(client):
    form = {"source": "zz yard", "target": "patio", "domain": "prison", "keep_q": "patio", "keep_domain": "prison"}
    resp = client.post("/glossary/", data=form)
    assert resp.status_code == 303
    entry_id = client.get("/api/glossary?q=zz yard").get_json()["entries"][0]["id"]
    assert resp.location == f"/glossary/?q=patio&domain=prison#entry-{entry_id}"  # the search finds it: kept
    assert client.get(f"/api/glossary/{entry_id}").get_json()["domain"] == "prison"
    total = client.get("/api/glossary").get_json()["total"]
    saved = client.post(f"/glossary/{entry_id}/edit", data={"source": "zz yard", "target": "patio", "domain": "legal",
                                                                 "keep_q": "nothing", "keep_domain": "prison"})
    pages = -(-total // 50)
    assert saved.location == f"/glossary/?page={pages}#entry-{entry_id}"  # last alphabetically, search dropped
    assert f'id="entry-{entry_id}"' in client.get(saved.location).get_data(as_text=True)
    assert client.get(f"/api/glossary/{entry_id}").get_json()["domain"] == "legal"  # the entry's field, not the filter


def test_article_pages_answer_404_for_unknown_or_deleted_articles(client):
    aid = client.post("/api/articles", json={"title": "Gone", "text": "Gone\n\nSoon."}).get_json()["id"]
    assert client.post(f"/articles/{aid}/delete").status_code == 303
    for method, url in (("GET", f"/articles/{aid}/delete"), ("POST", f"/articles/{aid}/delete"),
                        ("POST", f"/articles/{aid}/rename"), ("POST", "/articles/99999/rename"),
                        ("POST", "/deleted-articles/99999/restore")):
        resp = client.open(url, method=method, data={"title": "x"})
        assert resp.status_code == 404, (method, url)
    assert client.post(f"/deleted-articles/{aid}/restore").status_code == 303
    empty = client.post(f"/articles/{aid}/rename", data={"title": "  "}, follow_redirects=True)
    assert "The title must not be empty." in empty.get_data(as_text=True)
    assert client.get(f"/api/articles/{aid}").get_json()["title"] == "Gone"
