"""Accounts on, seen by someone not signed in: no write forms, a "Sign in" that comes back to the same place,
and a form sent after the session ended (or with an expired token) that keeps everything typed."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from app.cli import main
from app.core.models import Article
from app.core.states import ArticleStatus
from tests.support.app import make_app, wait_jobs
from tests.support.page_server import serve

PASSWORD = "correct horse battery"
SITE = "http://localhost"  # the test client's origin
TEXT = "Judge rules on deportation\n\nA federal judge ruled on Tuesday. The detainees were sent to a prison."


@pytest.fixture
def secured(tmp_path, fake_engine):
    """Accounts on (an editor), CSRF on as in production, one translated article."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", WTF_CSRF_ENABLED=True, FETCH_ALLOW_PRIVATE=True)
    runner = app.test_cli_runner()
    runner.invoke(main, ["users", "create", "ed", "--role", "editor", "--password-stdin"], input=PASSWORD + "\n")
    token = re.search(r"(plo_\S+)", runner.invoke(main, ["tokens", "create", "ed"]).output).group(1)
    app.editor = {"Authorization": f"Bearer {token}"}
    created = app.test_client().post("/api/articles", headers=app.editor, json={"text": TEXT})
    wait_jobs(app)
    app.article = created.get_json()
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def page(resp):
    return lxml.html.fromstring(resp.get_data(as_text=True))


def signed_in(app):
    client = app.test_client()
    login = page(client.get("/login"))
    token = login.xpath('//input[@name="csrf_token"]/@value')[0]
    assert client.post("/login", data={"username": "ed", "password": PASSWORD, "csrf_token": token}).status_code == 303
    return client


def csrf(client, url: str) -> str:
    return page(client.get(url)).xpath('//main//input[@name="csrf_token"]/@value')[0]


def failed_url_import(app, url: str, error: str = "Could not connect to 127.0.0.1.") -> Article:
    """An article whose page could not be read: what a failed URL import leaves (title still the address)."""
    with app.extensions["paralelo.db"]() as session:
        article = Article(slug="failed-import", title=url, source_url=url, original_text="",
                          status=ArticleStatus.FAILED, error=error, target_lang="es-419")
        session.add(article)
        session.commit()
        return article


# --- no write forms for someone not signed in ---------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/glossary/", "/glossary/?q=carcel", "/glossary/history", "/tm", "/engines"])
def test_no_write_forms_and_a_sign_in_that_comes_back(secured, url):
    doc = page(secured.test_client().get(url))
    main_part = doc.xpath("//main")[0]
    assert not main_part.xpath('.//form[@method="post"]'), url
    assert not main_part.xpath('.//input[@type="file"] | .//textarea')
    assert not main_part.xpath('.//a[contains(@href, "/edit") or contains(@href, "/delete")]')
    (header,) = doc.xpath('//nav[@class="account"]//a/@href')
    assert urlsplit(header).path == "/login" and parse_qs(urlsplit(header).query)["next"] == [url]


def test_sign_in_links_say_what_they_are_for_and_come_back(secured):
    client = secured.test_client()
    index = page(client.get("/"))
    assert index.xpath('//a[@class="sign-in"]/@href') == ["/login?next=/%23import"]
    glossary = page(client.get("/glossary/?q=carcel"))
    assert glossary.xpath('//a[@class="sign-in"]/text()') == ["Sign in to edit the glossary"]
    assert glossary.xpath('//a[@class="sign-in"]/@href') == ["/login?next=/glossary/?q%3Dcarcel"]
    bookmarklet = page(client.get("/?url=https://example.org/news"))
    assert "url%3Dhttps" in bookmarklet.xpath('//a[@class="sign-in"]/@href')[0]
    back = client.post("/login?next=/glossary/?q%3Dcarcel",
                       data={"username": "ed", "password": PASSWORD, "csrf_token": csrf(client, "/login")})
    assert back.status_code == 303 and back.location == "/glossary/?q=carcel"


@pytest.mark.parametrize("url", ["/glossary/1/edit", "/glossary/1/delete", "/account", "/users", "/deleted-articles"])
def test_editor_pages_send_anonymous_visitors_to_sign_in_and_back(secured, url):
    resp = secured.test_client().get(url)
    assert resp.status_code == 302 and resp.location == f"/login?next={url}"


def test_the_api_still_answers_401_in_json(secured):
    resp = secured.test_client().post("/api/glossary", json={"source": "a", "target": "b"})
    assert resp.status_code == 401 and resp.get_json()["error"]


# --- a form sent after the session ended -----------------------------------------------------------

ENTRY = {"source": "remand hearing", "target": "audiencia de prisión preventiva", "note": "Typed with care.",
         "domain": "legal", "kind": "translate", "keep_q": "carcel"}


def test_a_form_sent_after_the_session_ended_is_kept_through_sign_in_and_sent_again(secured):
    client = signed_in(secured)
    token = csrf(client, "/glossary/")
    other = signed_in(secured)  # the editor signs out elsewhere: every session of the account ends
    other.post("/logout", data={"csrf_token": csrf(other, "/glossary/")})
    stale = client.post("/glossary/", data={**ENTRY, "csrf_token": token}, headers={"Origin": SITE,
                        "Referer": f"{SITE}/glossary/?q=carcel"})
    assert stale.status_code == 401
    doc = page(stale)
    assert "nothing was saved" in doc.xpath('//div[contains(@class, "carried")]')[0].text_content()
    shown = [dd.text_content() for dd in doc.xpath("//dl[@class='carried']//dd")]
    assert "audiencia de prisión preventiva" in shown and "Typed with care." in shown
    form = doc.xpath('//main//form')[0]
    assert form.get("action") == "/login?next=/glossary/?q%3Dcarcel"
    carried = {i.get("name"): i.get("value") for i in form.xpath('.//input[starts-with(@name, "carry")]')}
    assert carried["carry_action"] == "/glossary/" and carried["carry:note"] == "Typed with care."
    assert "carry:csrf_token" not in carried

    fields = {**carried, "csrf_token": form.xpath('.//input[@name="csrf_token"]/@value')[0], "username": "ed"}
    wrong = client.post(form.get("action"), data={**fields, "password": "not it at all"})
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.get_data(as_text=True)
    assert page(wrong).xpath('//input[@name="carry:note"]/@value') == ["Typed with care."]  # still kept

    ready = client.post(form.get("action"), data={**fields, "password": PASSWORD})
    assert ready.status_code == 200
    again = page(ready).xpath('//main//form')[0]
    assert again.get("action") == "/glossary/"
    values = {i.get("name"): i.get("value") for i in again.xpath(".//input[@type='hidden']")}
    assert values["target"] == ENTRY["target"] and values["keep_q"] == "carcel" and values["csrf_token"]
    sent = client.post("/glossary/", data=values)
    assert sent.status_code == 303
    found = client.get("/api/glossary?q=remand hearing").get_json()["entries"]
    assert [(e["target"], e["note"]) for e in found] == [(ENTRY["target"], "Typed with care.")]


def test_an_expired_token_keeps_the_form_for_a_signed_in_editor(secured):
    client = signed_in(secured)
    resp = client.post("/glossary/", data={**ENTRY, "csrf_token": "expired"}, headers={"Origin": SITE})
    assert resp.status_code == 400
    form = page(resp).xpath("//main//form")[0]
    values = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert values["source"] == "remand hearing" and values["csrf_token"] != "expired"
    assert client.post(form.get("action"), data=values).status_code == 303
    assert client.get("/api/glossary?q=remand hearing").get_json()["total"] == 1


def test_a_form_from_another_site_is_not_carried(secured):
    client = secured.test_client()
    token = csrf(client, "/login")
    for data, status in ((ENTRY, 400), ({**ENTRY, "csrf_token": token}, 401)):  # without and with a token
        for headers in ({"Origin": "https://elsewhere.example"}, {}):
            resp = client.post("/glossary/", data=data, headers=headers)
            assert resp.status_code == status
            doc = page(resp)
            assert not doc.xpath('//input[starts-with(@name, "carry")]')
            assert "Typed with care" not in resp.get_data(as_text=True)


def test_signing_out_when_already_out_is_not_offered_again(secured):
    client = secured.test_client()
    resp = client.post("/logout", data={"csrf_token": csrf(client, "/login")}, headers={"Origin": SITE})
    assert resp.status_code == 401 and not page(resp).xpath('//input[starts-with(@name, "carry")]')


def test_passwords_and_files_are_never_carried(secured):
    client = secured.test_client()
    token = csrf(client, "/login")
    resp = client.post("/account/password", headers={"Origin": SITE}, data={
        "current_password": "old one here!", "new_password": "new one here!!", "confirm_password": "x",
        "csrf_token": token})
    assert resp.status_code == 401
    assert page(resp).xpath('//input[@name="carry_action"]/@value') == ["/account/password"]
    assert "here!" not in resp.get_data(as_text=True)
    upload = client.post(
        "/tm/import", headers={"Origin": SITE}, content_type="multipart/form-data",
        data={"locale": "es-419", "csrf_token": token, "file": (io.BytesIO(b"<tmx/>"), "memory.tmx")})
    doc = page(upload)
    assert doc.xpath('//input[@name="carry_file"]/@value') == ["file"]
    assert "choose it again" in doc.xpath("//main")[0].text_content()


# --- failed imports ----------------------------------------------------------------------------------

def test_a_failed_url_import_shows_its_reason_with_retry_and_delete_for_editors(secured):
    failed_url_import(secured, "https://www.example.org/news/story-1")
    anonymous = page(secured.test_client().get("/"))
    item = anonymous.xpath('//li[contains(@class, "failed")]')[0]
    assert item.xpath('.//p[@class="title"]/a/text()') == ["Page at example.org"]
    assert "Why it failed: Could not connect to 127.0.0.1." in item.text_content()
    assert not item.xpath(".//form | .//a[contains(@href, 'delete')]")
    editor = page(signed_in(secured).get("/"))
    item = editor.xpath('//li[contains(@class, "failed")]')[0]
    assert item.xpath(".//form/@action")[0].endswith("/retry")
    assert item.xpath(".//button/text()")[0] == "Retry"
    assert item.xpath(".//a[contains(@href, '/delete')]")


def test_the_reason_is_shown_in_spanish_with_its_values(secured):
    failed_url_import(secured, "https://example.org/x", "The server answered 404 Not Found for https://example.org/x.")
    spanish = page(secured.test_client().get("/?lang=es"))
    reason = spanish.xpath('//p[@class="reason"]')[0]
    assert reason.text_content().startswith("Por qué falló: El servidor respondió 404 Not Found")
    assert reason.xpath("./span/@lang") == ["es"]
    assert spanish.xpath('//li[contains(@class, "failed")]//p[@class="title"]/a/text()') == ["Página de example.org"]


def test_retry_fetches_a_page_that_was_never_read(secured):
    with serve() as site:
        article = failed_url_import(secured, f"{site}/article")
        client = signed_in(secured)
        resp = client.post(f"/articles/{article.id}/retry", data={"csrf_token": csrf(client, "/")})
        assert resp.status_code == 303
        wait_jobs(secured)
    done = client.get(f"/api/articles/{article.id}").get_json()
    assert done["status"] == "ready" and done["total_segments"] > 5
    assert done["title"] != f"{site}/article"


def test_an_article_with_no_text_has_no_reader_tools(secured):
    failed_url_import(secured, "https://example.org/x")
    for client in (secured.test_client(), signed_in(secured)):
        resp = client.get("/articles/failed-import")
        assert resp.status_code == 200
        doc = page(resp)
        assert not doc.xpath('//*[@id="reader"] | //*[@data-view] | //details[contains(@class, "download-menu")]'
                             ' | //details[contains(@class, "omegat-upload")] | //*[@id="add-term-open"]')
        assert "The page could not be imported" in doc.xpath("//main")[0].text_content()


# --- Spanish interface -------------------------------------------------------------------------------

def test_the_article_list_and_tab_title_are_spanish_in_a_spanish_interface(secured):
    client = secured.test_client()
    doc = page(client.get("/?lang=es"))
    item = doc.xpath(f'//li[@id="article-{secured.article["id"]}"]')[0]
    title = item.xpath('.//p[@class="title"]/a')[0]
    assert title.text_content().startswith("ES(") and title.get("lang") == "es-419"
    assert item.xpath('.//p[contains(@class, "original")]/text()') == ["Judge rules on deportation"]
    assert "Listo" in item.text_content() and "español (Latinoamérica)" in item.text_content()
    assert doc.xpath("//title/text()") == ["Artículos · Paralelo"]
    reader = page(client.get(f"/articles/{secured.article['slug']}?lang=es"))
    assert reader.xpath("//title/text()")[0].startswith("ES(")
    english = page(client.get(f"/articles/{secured.article['slug']}?lang=en"))
    assert english.xpath("//title/text()")[0].startswith("Judge rules on deportation")
