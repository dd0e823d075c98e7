"""The JSON API: articles, segments (post-edits), glossary, engines; errors are JSON 4xx."""

from __future__ import annotations

import pytest

from tests.support.app import wait_jobs


def create(client, text, **extra):
    return client.post("/api/articles", json={"title": None, "text": text, **extra})


@pytest.fixture
def article(app, client, seed_text):
    resp = create(client, seed_text, target_lang="es-SV")
    assert resp.status_code == 202
    wait_jobs(app)
    return client.get(f"/api/articles/{resp.get_json()['id']}").get_json()


def test_create_list_show(app, client, article):
    assert article["status"] == "ready" and article["progress"] == 1.0
    assert article["target_lang"] == "es-SV" and article["source_lang"] == "en"
    assert len(article["segments"]) == 37
    seg = article["segments"][3]
    assert set(seg) >= {"id", "paragraph", "index", "kind", "source", "target", "origin", "engine", "terms"}
    assert seg["origin"] == "machine" and seg["engine"] == "fake"
    terms = [t for s in article["segments"] for t in s["terms"]]
    assert terms and all(t["status"] == "enforced" for t in terms)
    listed = client.get("/api/articles").get_json()["articles"]
    assert [a["slug"] for a in listed] == [article["slug"]]


def test_create_answers_202_with_queued_status(client):
    resp = create(client, "Title\n\nBody text.")
    body = resp.get_json()
    assert resp.status_code == 202 and body["status"] == "queued"
    assert set(body) == {"id", "slug", "status", "source_lang", "target_lang"}
    assert (body["source_lang"], body["target_lang"]) == ("en", "es-419")  # detected; the default variant


@pytest.mark.parametrize(
    "payload, status, message",
    [
        ({"text": ""}, 400, "empty"),
        ({"text": 5}, 400, "must be strings"),
        ({"text": "T\n\nB.", "target_lang": "pt"}, 400, "supported: es, es-419"),
        ({"text": "T\n\nB.", "engine": "deepl"}, 400, "Unknown engine"),
        ([1, 2], 400, "JSON object"),
    ],
)
def test_create_errors(client, payload, status, message):
    resp = client.post("/api/articles", json=payload)
    assert resp.status_code == status and message in resp.get_json()["error"]


def test_not_json_and_unknown_ids(client):
    assert client.post("/api/articles", data="text=x").status_code == 400
    resp = client.get("/api/articles/999")
    assert resp.status_code == 404 and resp.get_json() == {"error": "No article with id 999."}
    assert client.get("/api/nothing").get_json()["error"]


def test_post_edit_undo_and_conflict(client, article):
    seg = article["segments"][5]
    url = f"/api/articles/{article['id']}/segments/{seg['id']}"
    current = client.get(f"{url}/history").get_json()["translations"][-1]
    assert seg["version"] == current["id"]  # the article's segments carry the version a PUT sends back
    text = "Bukele convirtió las cárceles “duras” en su marca."
    resp = client.put(url, json={"text": text, "version": seg["version"]})
    assert resp.status_code == 200
    edited = resp.get_json()
    assert edited["origin"] == "human" and edited["target"].startswith("Bukele convirtió")
    again = client.put(url, json={"text": "Otra versión.", "version": current["id"]})
    assert again.status_code == 409 and again.get_json()["current"]["target"] == edited["target"]
    shown = client.get(f"/api/articles/{article['id']}").get_json()["segments"][5]
    assert shown["origin"] == "human" and shown["version"] == edited["version"] != seg["version"]
    undone = client.delete(f"{url}/edit").get_json()
    assert undone["origin"] == "machine" and undone["engine"] == "fake"


@pytest.mark.parametrize("payload, message", [({"text": ""}, "empty"), ({"text": "x" * 5001}, "longer"),
                                              ({"text": "ok", "version": "1"}, "integer")])
def test_post_edit_errors(client, article, payload, message):
    seg = article["segments"][0]
    resp = client.put(f"/api/articles/{article['id']}/segments/{seg['id']}", json=payload)
    assert resp.status_code == 400 and message in resp.get_json()["error"]


def test_edit_to_a_segment_of_another_article(client, article):
    other = create(client, "Other\n\nText here.").get_json()
    seg = article["segments"][0]
    resp = client.put(f"/api/articles/{other['id']}/segments/{seg['id']}", json={"text": "x"})
    assert resp.status_code == 404


def test_glossary_api_round_trip(app, client, article):
    entries = client.get("/api/glossary?q=mega-prison").get_json()["entries"]
    assert "megacárcel" in [e["target"] for e in entries]  # notes match too: CECOT's mentions it
    resp = client.post("/api/glossary", json={"source": "crown jewel", "target": "joya de la corona", "gender": "f"})
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["retranslating"] == 1  # only the one sentence with "crown jewel"
    wait_jobs(app)
    seg = client.get(f"/api/articles/{article['id']}").get_json()["segments"][3]
    assert "joya de la corona" in seg["target"]
    entry = body["entry"]
    dup = client.post("/api/glossary", json={"source": "Crown Jewel", "target": "x"})
    assert dup.status_code == 409 and "already exists" in dup.get_json()["error"]
    ok = client.patch(f"/api/glossary/{entry['id']}", json={"target": "joya principal", "version": entry["version"]})
    assert ok.status_code == 200
    late = client.patch(f"/api/glossary/{entry['id']}", json={"target": "x", "version": entry["version"]})
    assert late.status_code == 409 and late.get_json()["current"]["target"] == "joya principal"
    assert client.patch(f"/api/glossary/{entry['id']}", json={"target": ""}).status_code == 400
    assert client.delete(f"/api/glossary/{entry['id']}").status_code == 200
    assert client.delete(f"/api/glossary/{entry['id']}").status_code == 404
    changes = client.get(f"/api/glossary/history?entry={entry['id']}").get_json()["changes"]
    assert [c["action"] for c in changes] == ["delete", "edit", "add"]
    reverted = client.post(f"/api/glossary/changes/{changes[0]['id']}/revert")
    assert reverted.status_code == 200 and reverted.get_json()["entry"]["target"] == "joya principal"


def test_glossary_export_and_import_api(client):
    tbx = client.get("/api/glossary/export?format=tbx")
    assert tbx.status_code == 200 and tbx.mimetype == "application/x-tbx" and b"<martif" in tbx.data
    assert client.get("/api/glossary/export?format=pdf").status_code == 400
    import io

    resp = client.post("/api/glossary/import", data={"file": (io.BytesIO(b"yard\tpatio\n\tbad\n"), "g.tsv")},
                       content_type="multipart/form-data")
    body = resp.get_json()
    assert resp.status_code == 200 and body["added"] == 1 and body["skipped"] == 1
    assert body["errors"] == ["line 2: The source term must not be empty."]


def test_engines(client):
    data = client.get("/api/engines").get_json()
    assert data["setting"] == "auto" and data["engines"][0]["name"] == "fake"
    assert all(isinstance(e["pairs"], dict) and "en-es" in e["pairs"] for e in data["engines"])  # each pair


def test_csrf_failure_on_api_is_json(tmp_path, fake_engine):
    from app.cli import main
    from tests.support.app import make_app

    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", WTF_CSRF_ENABLED=True)
    app.test_cli_runner().invoke(main, ["users", "create", "ed", "--password-stdin"], input="correct horse battery\n")
    client = app.test_client()
    with client.session_transaction() as s:
        s["user_id"], s["session_version"] = 1, 0
    resp = client.post("/api/glossary", json={"source": "a", "target": "b"})
    assert resp.status_code == 400 and "form expired" in resp.get_json()["error"]
    app.extensions["paralelo.jobs"].shutdown()


def test_any_earlier_translation_can_be_restored(client, article):
    seg = article["segments"][2]
    url = f"/api/articles/{article['id']}/segments/{seg['id']}"
    client.put(url, json={"text": "Primera corrección."})
    client.put(url, json={"text": "Segunda corrección."})
    history = client.get(f"{url}/history").get_json()["translations"]
    assert [t["origin"] for t in history] == ["machine", "human", "human"] and history[-1]["current"]
    restored = client.post(f"{url}/revert/{history[1]['id']}").get_json()
    assert restored["target"] == "Primera corrección." and restored["origin"] == "human"
    assert client.post(f"{url}/revert/999999").status_code == 404
    assert len(client.get(f"{url}/history").get_json()["translations"]) == 3  # nothing was lost
