"""Issue 22 items 4-10 and 13 through the web: deleted articles stay hidden, who wrote what is for
signed-in users, XML that is valid reads, Redis down is no 500, deep JSON is a 400, a dated unit never
beats a post-edit, a glossary re-import says what it changed, an edited term gets its plural, and the
rate-limit settings read from the environment take effect."""

from __future__ import annotations

import io
import logging
import re

import pytest

from app.cli import main
from tests.support.app import make_app, wait_jobs
from tests.support.servers import redis_server

SECRET = "SECRETO: el alcaide trasladó a los presos de noche."
WORDS = "correct horse battery"


@pytest.fixture
def team(tmp_path, fake_engine):
    """Accounts on, as a team runs it: an editor ed1 and an admin root, with API tokens."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    runner = app.test_cli_runner()
    tokens = {}
    for name, role in (("ed1", "editor"), ("root", "admin")):
        assert runner.invoke(main, ["users", "create", name, "--role", role, "--password-stdin"],
                             input=WORDS + "\n").exit_code == 0
        result = runner.invoke(main, ["tokens", "create", name])
        token = re.search(r"(plo_\S+)", result.output).group(1)
        tokens[name] = {"Authorization": f"Bearer {token}"}
    app.tokens = tokens
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def imported(app, text: str) -> dict:
    client = app.test_client()
    article_id = client.post("/api/articles", json={"text": text}, headers=app.tokens["ed1"]).json["id"]
    wait_jobs(app)
    return client.get(f"/api/articles/{article_id}", headers=app.tokens["ed1"]).json


def segment(article: dict, source: str) -> dict:
    return next(s for s in article["segments"] if s["source"] == source)


def post_edit(app, article: dict, source: str, text: str) -> None:
    url = f"/api/articles/{article['id']}/segments/{segment(article, source)['id']}"
    assert app.test_client().put(url, json={"text": text}, headers=app.tokens["ed1"]).status_code == 200


# --- item 4: a deleted article is invisible and read-only everywhere until restored -----------------


def test_a_deleted_articles_post_edits_leave_suggestions_exports_and_the_memory(team, tmp_path):
    hidden = imported(team, "Article A\n\nThe warden moved the prisoners at night. The court was closed.")
    shown = imported(team, "Article B\n\nThe warden moved the prisoners at dawn. The hearing was open.")
    post_edit(team, hidden, "The warden moved the prisoners at night.", SECRET)
    post_edit(team, shown, "The hearing was open.", "La audiencia fue pública.")
    client = team.test_client()
    assert client.delete(f"/api/articles/{hidden['id']}", headers=team.tokens["root"]).status_code == 200

    near = segment(shown, "The warden moved the prisoners at dawn.")
    for headers in ({}, team.tokens["ed1"]):
        found = client.get(f"/api/articles/{shown['id']}/segments/{near['id']}/suggestions", headers=headers)
        assert found.status_code == 200 and SECRET not in found.get_data(as_text=True)
        gone = segment(hidden, "The warden moved the prisoners at night.")["id"]
        assert client.get(f"/api/articles/{hidden['id']}/segments/{gone}/suggestions",
                          headers=headers).status_code == 404
    for path in ("/api/tm/export", "/tm/export"):
        tmx = client.get(path).get_data(as_text=True)
        assert SECRET not in tmx and "La audiencia fue pública." in tmx
        assert 'creationid="editor"' in tmx and "ed1" not in tmx  # anonymous readers see the role
    assert 'creationid="ed1"' in client.get("/api/tm/export", headers=team.tokens["ed1"]).get_data(as_text=True)

    # a new article with the same sentence is not filled from the deleted one's post-edit
    again = imported(team, "Article C\n\nThe warden moved the prisoners at night.")
    assert segment(again, "The warden moved the prisoners at night.")["target"] != SECRET

    # OmegaT by id or by slug refuses the deleted article
    target = tmp_path / "target.txt"
    target.write_text("Artículo A\n\nOtra cosa. Y otra.\n", "utf-8")
    for ref in (str(hidden["id"]), hidden["slug"]):
        result = team.test_cli_runner().invoke(main, ["tm", "import-omegat", ref, str(target)])
        assert result.exit_code == 2 and "is deleted" in result.output and "Usage:" not in result.output

    assert client.post(f"/api/articles/{hidden['id']}/restore", headers=team.tokens["root"]).status_code == 200
    assert SECRET in client.get("/api/tm/export", headers=team.tokens["ed1"]).get_data(as_text=True)


def test_suggestions_name_the_editor_only_to_signed_in_users(team):
    """Item 4: a fuzzy match's author is the role "editor" for anonymous readers, the user name for editors."""
    edited = imported(team, "Article S\n\nThe hearing was open to the public.")
    post_edit(team, edited, "The hearing was open to the public.", "La audiencia fue abierta al público.")
    near = imported(team, "Article T\n\nThe hearing was open to the press.")
    url = f"/api/articles/{near['id']}/segments/{segment(near, 'The hearing was open to the press.')['id']}/suggestions"
    client = team.test_client()
    for headers, author in (({}, "editor"), (team.tokens["ed1"], "ed1")):
        found = client.get(url, headers=headers).json["tm"]
        assert [(s["target"], s["author"]) for s in found] == [("La audiencia fue abierta al público.", author)]
        if not headers:
            assert "ed1" not in client.get(url).get_data(as_text=True)


def test_a_deleted_article_takes_no_writes_through_the_api(team):
    """Item 4: an OmegaT import by id through the API, a post-edit, a retranslation and a Retry answer 404
    while the article is deleted, and are taken again once it is restored."""
    article = imported(team, "Article R\n\nThe warden left. The gate closed.")
    client, ed1 = team.test_client(), team.tokens["ed1"]
    base = f"/api/articles/{article['id']}"
    gone = segment(article, "The warden left.")

    def writes() -> list[int]:
        tmx = io.BytesIO(b'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" '
                         b'segtype="sentence" datatype="plaintext" o-tmf="OmegaT" adminlang="en" creationtool="OmegaT"'
                         b' creationtoolversion="6"/><body><tu><tuv xml:lang="en"><seg>The gate closed.</seg></tuv>'
                         b'<tuv xml:lang="es-419"><seg>Se cerr\xc3\xb3 la puerta.</seg></tuv></tu></body></tmx>')
        codes = [client.post(f"{base}/omegat", headers=ed1, content_type="multipart/form-data",
                             data={"file": (tmx, "project_save.tmx")}).status_code,
                 client.put(f"{base}/segments/{gone['id']}", json={"text": "Se fue."}, headers=ed1).status_code,
                 client.post(f"{base}/translate", json={}, headers=ed1).status_code]
        wait_jobs(team)
        return [*codes, client.post(f"{base}/retry", headers=ed1).status_code]

    assert client.delete(base, headers=team.tokens["root"]).status_code == 200
    assert writes() == [404] * 4
    assert client.post(f"{base}/restore", headers=team.tokens["root"]).status_code == 200
    restored = client.get(base).json  # nothing was written while it was deleted
    assert [s["target"] for s in restored["segments"]] == [s["target"] for s in article["segments"]]
    assert writes() == [200, 200, 202, 202]


# --- item 5: entity references, comments and processing instructions in <seg> ---------------------

TMX_WITH_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [<!ENTITY agency "ICE">]>
<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" o-tmf="x" adminlang="en"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>The &agency; office<!-- checked --> closed<?editor note?> early.</seg></tuv>
<tuv xml:lang="es"><seg>La oficina de &agency;<!-- revisado --> cerr\xc3\xb3<?x y?> temprano.</seg></tuv></tu>
</body></tmx>"""


def test_tmx_with_entities_comments_and_instructions_in_seg_is_read(team):
    client = team.test_client()
    resp = client.post("/api/tm/import", data={"file": (io.BytesIO(TMX_WITH_XML), "m.tmx")},
                       content_type="multipart/form-data", headers=team.tokens["ed1"])
    assert resp.status_code == 200 and resp.json["added"] == 1
    tmx = client.get("/api/tm/export").get_data(as_text=True)
    assert "The &amp;agency; office closed early." in tmx and "La oficina de &amp;agency; cerró temprano." in tmx


def test_omegat_tmx_with_a_comment_comes_back_and_a_future_date_is_a_conflict(team):
    """Items 5 and 8: an OmegaT TMX with a comment in <seg>, dated 2099, never replaces a post-edit."""
    article = imported(team, "Article D\n\nThe warden spoke. The yard was empty.")
    post_edit(team, article, "The warden spoke.", "El alcaide habló, según nuestra edición.")
    tmx = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" o-tmf="OmegaT" adminlang="en"
 creationtool="OmegaT" creationtoolversion="6"/><body>
<tu><tuv xml:lang="en"><seg>The warden spoke.</seg></tuv>
<tuv xml:lang="es-419" changedate="20991231T000000Z"><seg>El alcaide <!-- x -->dijo.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The yard was<?pi?> empty.</seg></tuv>
<tuv xml:lang="es-419" changedate="20991231T000000Z"><seg>El patio estaba vacío.</seg></tuv></tu>
</body></tmx>""".encode()
    client = team.test_client()
    resp = client.post(f"/api/articles/{article['id']}/omegat", data={"file": (io.BytesIO(tmx), "p.tmx")},
                       content_type="multipart/form-data", headers=team.tokens["ed1"])
    assert resp.status_code == 200, resp.json
    assert [c["omegat"] for c in resp.json["conflicts"]] == ["El alcaide dijo."]
    assert len(resp.json["updated"]) == 1
    after = client.get(f"/api/articles/{article['id']}").json
    assert segment(after, "The warden spoke.")["target"] == "El alcaide habló, según nuestra edición."
    assert segment(after, "The yard was empty.")["target"] == "El patio estaba vacío."


def test_a_future_dated_tmx_unit_does_not_outrank_a_later_post_edit(team):
    """Item 8 in the memory: an imported unit dated 2099 counts as imported now, so a post-edit made
    afterwards is the one a new article with the same sentence is given."""
    tmx = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" o-tmf="x" adminlang="en"
 creationtool="t" creationtoolversion="1"/><body>
<tu creationdate="20991231T000000Z"><tuv xml:lang="en"><seg>The inmates were moved at dawn.</seg></tuv>
<tuv xml:lang="es-419"><seg>Del archivo: trasladaron a los internos al alba.</seg></tuv></tu>
</body></tmx>"""
    client = team.test_client()
    resp = client.post("/api/tm/import", data={"file": (io.BytesIO(tmx), "m.tmx")},
                       content_type="multipart/form-data", headers=team.tokens["ed1"])
    assert resp.status_code == 200 and resp.json["added"] == 1
    first = imported(team, "Article F\n\nThe inmates were moved at dawn.")
    assert segment(first, "The inmates were moved at dawn.")["target"].startswith("Del archivo")
    post_edit(team, first, "The inmates were moved at dawn.", "Los reos fueron trasladados al amanecer.")
    later = imported(team, "Article G\n\nThe inmates were moved at dawn.")
    assert segment(later, "The inmates were moved at dawn.")["target"] == "Los reos fueron trasladados al amanecer."


# --- item 6: Redis down is no 500 --------------------------------------------------------------------


def test_login_and_lookup_go_on_in_memory_when_redis_goes_down(tmp_path, fake_engine, caplog):
    with redis_server(tmp_path) as (url, process):
        app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", RATELIMIT_ENABLED=True,
                       RATELIMIT_STORAGE_URI=url, RATELIMIT_LOGIN="3/minute")
        client = app.test_client()
        assert client.post("/login", data={"username": "x", "password": "y"}).status_code == 401
        process.terminate()
        process.wait(timeout=10)
        with caplog.at_level(logging.WARNING):
            assert client.post("/login", data={"username": "x", "password": "y"}).status_code == 401
            assert client.get("/api/lookup?word=prison").status_code in (200, 503)  # 503: no dictionary
        assert any("falling back to in-memory storage" in r.getMessage() for r in caplog.records)
        codes = [client.post("/login", data={"username": "x", "password": "y"}).status_code for _ in range(3)]
        assert codes == [401, 401, 429]  # the limit still holds, counted in memory: 3/minute


def test_an_app_started_while_redis_is_down_lets_people_log_in(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI="redis://127.0.0.1:9")  # nothing listens on the discard port
    client = app.test_client()
    assert client.post("/login", data={"username": "x", "password": "y"}).status_code == 401
    assert client.get("/api/lookup?word=prison").status_code in (200, 503)


def test_a_new_app_counts_in_its_own_storage_after_an_app_whose_redis_died(tmp_path, fake_engine, monkeypatch):
    """The CI flake of stop 28: after an app whose Redis was down, a new app's first lookup was counted in the
    old in-memory fallback and its second, after the limiter's health check, in the new storage: 200, 200."""
    import time

    dead = make_app(tmp_path / "dead", {"fake": fake_engine}, AUTH="on", RATELIMIT_ENABLED=True,
                    RATELIMIT_STORAGE_URI="redis://127.0.0.1:9")
    assert dead.test_client().post("/login", data={"username": "x", "password": "y"}).status_code == 401
    app = make_app(tmp_path / "new", {"fake": fake_engine}, RATELIMIT_ENABLED=True, RATELIMIT_LOOKUP="1/minute")
    client = app.test_client()
    assert client.get("/api/lookup?word=jail").status_code in (200, 503)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 30)  # the health check is due; still the same minute
    assert client.get("/api/lookup?word=jail").status_code == 429


# --- item 7: deeply nested JSON is a 400 before and after the rate limits --------------------------


def test_deeply_nested_json_on_the_import_is_a_400_with_rate_limits_on(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RATELIMIT_ENABLED=True)
    resp = app.test_client().post("/api/articles", data=b"[" * 100_000 + b"]" * 100_000,
                                  content_type="application/json")
    assert resp.status_code == 400 and "nested too deeply" in resp.json["error"]


# --- items 9 and 10: glossary import report, plurals that follow the term ---------------------------


def test_glossary_import_reports_what_changed_in_the_api_and_the_page(app, client):
    entry = client.post("/api/glossary", json={"source": "detainee curfew", "target": "toque de queda",
                                               "gender": "m", "number": "sg", "domain": "prison", "note": "kept",
                                               "target_plural": "toques de queda"}).json["entry"]
    data = b"source,target,gender,number\ndetainee curfew,restricci\xc3\xb3n horaria,f,sg\n"
    resp = client.post("/api/glossary/import", data={"file": (io.BytesIO(data), "g.csv")},
                       content_type="multipart/form-data")
    assert resp.status_code == 200
    assert resp.json["entries"] == [{"line": 2, "source": "detainee curfew", "status": "updated",
                                     "fields": ["target", "target_plural", "gender"]}]
    after = client.get(f"/api/glossary/{entry['id']}").json
    assert (after["note"], after["domain"], after["target_plural"]) == ("kept", "prison", "restricciones horarias")
    page = client.post("/glossary/import", data={"file": (io.BytesIO(data.replace(b"f,sg", b"f,pl")), "g.csv")},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "Updated “detainee curfew”: Number." in page  # the edit form's label for the field


def test_patching_the_target_regenerates_the_plural_and_so_does_the_edit_form(app, client):
    entry = client.post("/api/glossary", json={"source": "custodial sentence", "target": "pena de prisión",
                                               "target_plural": "penas de prisión", "gender": "f"}).json["entry"]
    resp = client.patch(f"/api/glossary/{entry['id']}", json={"target": "condena de prisión"})
    assert resp.status_code == 200 and resp.json["entry"]["target_plural"] == "condenas de prisión"
    form = {**{k: v or "" for k, v in resp.json["entry"].items() if k not in ("id", "deleted")},
            "target": "sentencia de prisión"}  # the form sends the old plural back, untouched
    form["case_sensitive"] = ""
    assert client.post(f"/glossary/{entry['id']}/edit", data=form).status_code == 303
    assert client.get(f"/api/glossary/{entry['id']}").json["target_plural"] == "sentencias de prisión"


# --- item 13: the rate-limit settings read from the environment take effect ------------------------


def test_url_import_and_lookup_limits_come_from_the_environment(tmp_path, fake_engine, monkeypatch, public_dns):
    monkeypatch.setenv("PARALELO_RATELIMIT_URL_IMPORT", "1/hour")
    monkeypatch.setenv("PARALELO_RATELIMIT_LOOKUP", "1/minute")
    app = make_app(tmp_path, {"fake": fake_engine}, RATELIMIT_ENABLED=True, RUN_JOBS=False)
    assert (app.config["RATELIMIT_URL_IMPORT"], app.config["RATELIMIT_LOOKUP"]) == ("1/hour", "1/minute")
    client = app.test_client()
    codes = [client.post("/api/articles", json={"url": f"https://news.example.com/{i}"}).status_code
             for i in range(2)]
    assert codes == [202, 429]
    assert client.get("/api/lookup?word=jail").status_code in (200, 503)
    assert client.get("/api/lookup?word=jail").status_code == 429


def test_a_redis_that_accepts_but_never_answers_holds_no_login(tmp_path, fake_engine):
    import socket
    import threading

    silent = socket.create_server(("127.0.0.1", 0))  # the kernel completes connections; nobody reads them
    try:
        app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", RATELIMIT_ENABLED=True,
                       RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{silent.getsockname()[1]}")
        answers = []
        thread = threading.Thread(target=lambda: answers.append(
            app.test_client().post("/login", data={"username": "x", "password": "y"}).status_code), daemon=True)
        thread.start()
        thread.join(timeout=60)  # a hang detector, not a timing: each Redis command gives up after 2 s
        assert answers == [401]
    finally:
        silent.close()


def test_reviewers_and_the_editors_behind_suggestions_are_named_only_to_signed_in_users(team):
    """Item 4 for the review data (issue 25): who reviewed a sentence, and the editors whose corrections a
    glossary suggestion learned from, are the role "editor" for anonymous readers."""
    client, ed1 = team.test_client(), team.tokens["ed1"]
    articles = [imported(team, f"Vote {i}\n\nThe runoff was close this time {i}.") for i in range(3)]
    for article in articles:
        seg = next(s for s in article["segments"] if "runoff" in s["source"])
        post_edit(team, article, seg["source"], seg["target"].replace("runoff", "segunda vuelta"))
    first = articles[0]
    title = first["segments"][0]
    assert client.post(f"/api/articles/{first['id']}/segments/{title['id']}/review", json={"status": "reviewed"},
                       headers=ed1).status_code == 200
    for headers, name in (({}, "editor"), (ed1, "ed1")):
        shown = client.get(f"/api/articles/{first['id']}", headers=headers).json["segments"][0]["review"]
        assert shown["status"] == "reviewed" and shown["reviewed_by"] == name
        [learned] = [s for s in client.get("/api/suggestions", headers=headers).json["suggestions"]
                     if s["target"] == "segunda vuelta"]
        assert learned["editors"] == [name] and {e["editor"] for e in learned["evidence"]} == {name}
    for path in (f"/api/articles/{first['id']}", "/api/suggestions", "/glossary/suggestions"):
        assert "ed1" not in client.get(path).get_data(as_text=True), path
