"""The study list over HTTP: a signed-in person's list, the export anyone may use, the page."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from app.cli import main
from app.core.models import StudyItem
from app.reader import study
from tests.support.app import make_app


@pytest.fixture
def secured(tmp_path, fake_engine):
    """Accounts on; the test client is an anonymous reader unless it sends a token."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def token(app, name: str) -> dict:
    runner = app.test_cli_runner()
    runner.invoke(main, ["users", "create", name])
    created = runner.invoke(main, ["tokens", "create", name])
    return {"Authorization": "Bearer " + re.search(r"(plo_\S+)", created.output).group(1)}


def stored(app) -> int:
    with app.extensions["paralelo.db"]() as session:
        return session.query(StudyItem).count()


@pytest.mark.parametrize("fmt", ["apkg", "csv"])
def test_anyone_exports_a_list_and_nothing_is_kept(secured, fmt):
    client = secured.test_client()
    items = [{"front": "inmates", "back": "reclusos", "context": "The inmates\nLos reclusos"}]
    response = client.post(f"/api/study/export?format={fmt}", json={"items": items})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=paralelo-study-")
    if fmt == "apkg":
        with zipfile.ZipFile(io.BytesIO(response.data)) as deck:
            assert "collection.anki2" in deck.namelist()
    else:
        assert response.mimetype == "text/csv" and response.data.startswith(b"front,back,context\r\ninmates")
    assert stored(secured) == 0


@pytest.mark.parametrize(("query", "body"), [
    ("?format=apkg", {"items": []}),
    ("?format=apkg", {"items": [{"front": ""}]}),
    ("?format=apkg", {"items": [{"front": "x" * (study.MAX_FRONT + 1)}]}),
    ("?format=apkg", {"items": [{"front": "x", "back": 3}]}),
    ("?format=apkg", {"items": [{"front": "x"}] * (study.MAX_ITEMS + 1)}),
    ("?format=apkg", ["not", "an", "object"]),
    ("?format=docx", {"items": [{"front": "x"}]}),
])
def test_a_bad_export_is_a_400_with_a_message(secured, query, body):
    response = secured.test_client().post("/api/study/export" + query, json=body)
    assert response.status_code == 400 and response.get_json()["error"]


def test_the_export_is_rate_limited(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RATELIMIT_ENABLED=True, RATELIMIT_STUDY_EXPORT="2/minute")
    try:
        client = app.test_client()
        codes = [client.post("/api/study/export?format=csv", json={"items": [{"front": "x"}]}).status_code
                 for _ in range(3)]
        assert codes == [200, 200, 429]
    finally:
        app.extensions["paralelo.jobs"].shutdown()


def test_a_signed_in_persons_list_lives_on_the_server(secured):
    client = secured.test_client()
    assert client.get("/api/study").status_code == 401  # readers keep theirs in the browser
    assert client.post("/api/study", json={"front": "bail"}).status_code == 401
    ana, ben = token(secured, "ana"), token(secured, "ben")
    added = client.post("/api/study", json={"front": "bail", "back": "fianza", "context": "Bail was set.",
                                            "article_id": 999, "key": "p1.s0"}, headers=ana)
    assert added.status_code == 201
    item = added.get_json()["item"]
    assert (item["front"], item["back"], item["article"], item["key"]) == ("bail", "fianza", None, "p1.s0")
    listed = client.get("/api/study", headers=ana).get_json()["items"]
    assert [i["id"] for i in listed] == [item["id"]]
    assert client.get("/api/study", headers=ben).get_json()["items"] == []
    assert client.delete(f"/api/study/{item['id']}", headers=ben).status_code == 404
    for bad in ({"front": ""}, {"front": "x", "article_id": "1"}, {"front": "x", "key": 5}, {"front": 3}):
        assert client.post("/api/study", json=bad, headers=ana).status_code == 400
    assert client.delete(f"/api/study/{item['id']}", headers=ana).get_json() == {"deleted": item["id"]}
    assert client.get("/api/study", headers=ana).get_json()["items"] == []


def test_the_study_page_says_where_the_list_is_kept(secured, app):
    anonymous = secured.test_client().get("/study").get_data(as_text=True)
    assert 'data-study="browser"' in anonymous and "Kept in this browser only" in anonymous
    local = app.test_client().get("/study").get_data(as_text=True)  # local mode: the one user, on the server
    assert 'data-study="server"' in local and "Kept with your account" in local
    assert '<script type="module" src="/static/m/' in local and 'rel="modulepreload"' in local
