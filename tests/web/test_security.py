"""Regression tests for the attack run of issue 11: sessions, secrets, redirects, passwords, names."""

from __future__ import annotations

import os
import re
import stat
from urllib.parse import urlsplit

import pytest

from app import config
from app.accounts import passwords, users
from app.cli import main
from app.web.redirects import safe_next
from tests.support.app import FakeEngine, make_app, wait_jobs

PASSWORD = "correct horse battery"


def accounts_app(path):
    """Accounts on, with an editor `ed` and an admin `root`."""
    app = make_app(path, {"fake": FakeEngine()}, AUTH="on")
    runner = app.test_cli_runner()
    for name, role in (("ed", "editor"), ("root", "admin")):
        result = runner.invoke(main, ["users", "create", name, "--role", role, "--password-stdin"],
                               input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def secured(tmp_path):
    app = accounts_app(tmp_path)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One accounts app for the tests that change nothing but a glossary entry or two."""
    app = accounts_app(tmp_path_factory.mktemp("shared"))
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def login(app, name: str = "ed", password: str = PASSWORD):
    client = app.test_client()
    resp = client.post("/login", data={"username": name, "password": password})
    assert resp.status_code == 303, resp.get_data(as_text=True)
    return client


def token_for(app, name: str) -> str:
    result = app.test_cli_runner().invoke(main, ["tokens", "create", name])
    return re.search(r"(plo_\S+)", result.output).group(1)


def cookie_session(app, client) -> dict:
    """The decoded contents of the client's signed session cookie (readable by anyone holding it)."""
    raw = client.get_cookie("session").value
    return app.session_interface.get_signing_serializer(app).loads(raw)


def article_with_segment(app) -> tuple[int, int]:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token_for(app, 'root')}"}
    created = client.post("/api/articles", json={"text": "Title\n\nThe guard spoke."}, headers=headers)
    article_id = created.get_json()["id"]
    wait_jobs(app)
    segments = client.get(f"/api/articles/{article_id}").get_json()["segments"]
    return article_id, segments[-1]["id"]


# --- item 7: sessions end at logout and at a password change --------------------------------------


def test_replayed_cookie_refused_after_logout(secured):
    article_id, seg_id = article_with_segment(secured)
    client = login(secured)
    stolen = client.get_cookie("session").value
    assert client.get("/account").status_code == 200
    assert client.post("/logout").status_code == 303
    replay = secured.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/account").status_code == 302  # sent to the login page
    put = replay.put(f"/api/articles/{article_id}/segments/{seg_id}", json={"text": "Hola."})
    assert put.status_code == 401
    assert login(secured).get("/account").status_code == 200  # logging in again works


def test_password_change_in_the_web_needs_the_current_password(secured):
    client, other = login(secured), login(secured)
    wrong = client.post("/account/password", data={"current_password": "not it at all",
                                                   "new_password": "a new long passphrase",
                                                   "confirm_password": "a new long passphrase"})
    assert wrong.status_code == 400 and "current password is wrong" in wrong.get_data(as_text=True)
    weak = client.post("/account/password", data={"current_password": PASSWORD, "new_password": " " * 14,
                                                  "confirm_password": " " * 14})
    assert weak.status_code == 400 and "only spaces" in weak.get_data(as_text=True)
    ok = client.post("/account/password", data={"current_password": PASSWORD,
                                                "new_password": "a new long passphrase",
                                                "confirm_password": "a new long passphrase"})
    assert ok.status_code == 303
    assert client.get("/account").status_code == 200  # this browser stays logged in
    assert other.get("/account").status_code == 302  # every other session ended
    assert secured.test_client().post("/login", data={"username": "ed", "password": PASSWORD}).status_code == 401
    login(secured, password="a new long passphrase")


def test_password_change_from_the_cli(secured):
    runner = secured.test_cli_runner()
    session = login(secured)
    given = runner.invoke(main, ["users", "password", "ed", "--password-stdin"], input="another fine passphrase\n")
    assert given.exit_code == 0 and "another fine passphrase" not in given.output
    assert session.get("/account").status_code == 302
    login(secured, password="another fine passphrase")
    generated = runner.invoke(main, ["users", "password", "ed"])
    assert generated.exit_code == 0
    login(secured, password=re.search(r"Password: (\S+)", generated.output).group(1))
    refused = runner.invoke(main, ["users", "password", "ed", "--password-stdin"], input="password1234\n")
    assert refused.exit_code == 2 and "too common" in refused.output
    assert runner.invoke(main, ["users", "password", "ghost"]).exit_code == 2


# --- item 8: one-time secrets never go into the cookie -------------------------------------------


def test_new_token_is_shown_once_and_not_stored_in_the_cookie(secured):
    client = login(secured)
    resp = client.post("/account/tokens", data={"name": "laptop"})
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    raw = re.search(r"(plo_[\w-]+)", resp.get_data(as_text=True)).group(1)
    assert raw not in str(cookie_session(secured, client))
    assert raw not in client.get("/account").get_data(as_text=True)  # shown once
    assert client.get("/api/articles", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_generated_password_is_shown_once_and_not_flashed(secured):
    client = login(secured, "root")
    resp = client.post("/users", data={"username": "newbie", "role": "editor"})
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    password = re.search(r"<code>([^<]+)</code>", resp.get_data(as_text=True)).group(1)
    assert password not in str(cookie_session(secured, client))
    assert password not in client.get("/users").get_data(as_text=True)
    login(secured, "newbie", password)


# --- item 9: login timing, and what anonymous readers see of editors -----------------------------


def test_login_does_the_same_work_for_unknown_users(secured, monkeypatch):
    calls = {"check": 0, "hash": 0}
    real_check, real_hash = users.check_password_hash, users.generate_password_hash
    users._dummy_hash()  # made once per process, like the app's first login

    def check(*args):
        calls["check"] += 1
        return real_check(*args)

    def make(*args, **kwargs):
        calls["hash"] += 1
        return real_hash(*args, **kwargs)

    monkeypatch.setattr(users, "check_password_hash", check)
    monkeypatch.setattr(users, "generate_password_hash", make)
    client = secured.test_client()
    costs = []
    for name in ("ed", "nobody-here"):
        calls.update(check=0, hash=0)
        assert client.post("/login", data={"username": name, "password": "wrong guess!!"}).status_code == 401
        costs.append(dict(calls))
    assert costs[0] == costs[1] == {"check": 1, "hash": 0}


def test_anonymous_readers_see_a_role_instead_of_user_names(secured):
    article_id, seg_id = article_with_segment(secured)
    editor = {"Authorization": f"Bearer {token_for(secured, 'ed')}"}
    client = secured.test_client()
    assert client.put(f"/api/articles/{article_id}/segments/{seg_id}", json={"text": "El guardia habló."},
                      headers=editor).status_code == 200
    added = client.post("/api/glossary", json={"source": "laundry room", "target": "lavandería"}, headers=editor)
    assert added.status_code == 201
    history = f"/api/articles/{article_id}/segments/{seg_id}/history"
    assert {t["author"] for t in client.get(history).get_json()["translations"]} >= {"editor"}
    assert "ed" not in {t["author"] for t in client.get(history).get_json()["translations"]}
    assert "ed" in {t["author"] for t in client.get(history, headers=editor).get_json()["translations"]}
    changes = client.get("/api/glossary/history").get_json()["changes"]
    assert changes[0]["who"] == "editor" and "bundle" in {c["who"] for c in changes}
    assert client.get("/api/glossary/history", headers=editor).get_json()["changes"][0]["who"] == "ed"
    slug = client.get(f"/api/articles/{article_id}").get_json()["slug"]
    page = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert "Edited by editor" in page and "Edited by ed\"" not in page
    glossary_page = client.get("/glossary/history").get_data(as_text=True)
    assert ">ed</td>" not in glossary_page and ">editor</td>" in glossary_page  # cells carry data-label


# --- item 11: one safe-redirect helper -----------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "//evil.example", "https://evil.example", "javascript:alert(1)", "/\\evil.example",
     "\\\\evil.example", " /x", "/\n/evil.example", "http:/evil.example", "", None, "evil.example"],
)
def test_safe_next_refuses_other_sites(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/articles/x", "/glossary/?q=a%20b", "/a//b", "/%2F%2Fevil.example"])
def test_safe_next_keeps_local_paths(target):
    assert safe_next(target, "/home") == target


@pytest.mark.parametrize("query", ["/%09/evil.example", "//evil.example", "https://evil.example", "/%5Cevil.example"])
def test_login_next_never_leaves_the_site(shared, query):
    resp = shared.test_client().post(f"/login?next={query}", data={"username": "ed", "password": PASSWORD})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["https://evil.example", "javascript:alert(1)", "//evil.example"])
def test_glossary_form_next_never_leaves_the_site(shared, target):
    client = login(shared)
    source = f"cellblock {len(target)}"  # a new entry each time: the save succeeds and follows `next`
    resp = client.post("/glossary/", data={"source": source, "target": "pabellón", "kind": "translate",
                                           "next": target})
    # an add lands on the list page that shows the new entry (issue 13), never where `next` says
    location = urlsplit(resp.headers["Location"])
    assert resp.status_code == 303 and not location.scheme and not location.netloc
    assert location.path == "/glossary/"
    assert client.get(f"/api/glossary?q={source}").get_json()["entries"][0]["source"] == source


def test_glossary_form_next_follows_a_local_path(shared):
    client = login(shared)
    resp = client.post("/glossary/", data={"source": "cell block b", "target": "pabellón", "kind": "translate"})
    entry = client.get("/api/glossary?q=cell block b").get_json()["entries"][0]
    [change] = client.get(f"/api/glossary/history?entry={entry['id']}").get_json()["changes"]
    resp = client.post(f"/glossary/changes/{change['id']}/revert", data={"next": "/glossary/history?q=cell"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/glossary/history?q=cell"


# --- item 12: password policy --------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, reason",
    [(" " * 10, "at least 12"), (" " * 14, "only spaces"), ("aaaaaaaaaa", "at least 12"),
     ("aaaaaaaaaaaa", "too few different"), ("Password1234", "too common"), ("qwertyuiop12", "too common"),
     ("short", "at least 12")],
)
def test_password_policy_refuses_weak_passwords(shared, password, reason):
    with pytest.raises(passwords.PasswordError, match=reason):
        passwords.check(password)
    result = shared.test_cli_runner().invoke(main, ["users", "create", "weak", "--password-stdin"],
                                              input=password + "\n")
    assert result.exit_code == 2 and reason in result.output


def test_password_policy_accepts_a_passphrase_and_generated_passwords():
    passwords.check("correct horse battery")
    passwords.check(users.generate_password())
    with pytest.raises(passwords.PasswordError):
        passwords.check("ed-the-editor", username="ed-the-editor")


# --- item 12: private files, ProxyFix ------------------------------------------------------------


def test_data_folder_and_database_files_are_private_on_creation(tmp_path):
    old = os.umask(0o022)  # the usual default, under which files would be world-readable
    try:
        data = tmp_path / "new" / "data"
        app = make_app(tmp_path, {"fake": FakeEngine()}, DATA_DIR=str(data))
        try:
            with app.extensions["paralelo.db"]() as session:  # a write: SQLite makes -wal and -shm
                users.create_user(session, "perm-check", password=PASSWORD)
                session.commit()
                modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir() if p.is_file()}
        finally:
            app.extensions["paralelo.jobs"].shutdown()
    finally:
        os.umask(old)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert {"paralelo.db", "paralelo.db-wal", "paralelo.db-shm"} <= set(modes)
    assert {name: mode for name, mode in modes.items() if name.startswith("paralelo.db")} == {
        "paralelo.db": 0o600, "paralelo.db-wal": 0o600, "paralelo.db-shm": 0o600}


def test_existing_folder_modes_are_left_alone(tmp_path):
    data = tmp_path / "shared-data"
    data.mkdir(mode=0o750)
    data.chmod(0o750)
    app = make_app(tmp_path, {"fake": FakeEngine()}, DATA_DIR=str(data))
    app.extensions["paralelo.jobs"].shutdown()
    assert stat.S_IMODE(data.stat().st_mode) == 0o750
    assert stat.S_IMODE((data / "paralelo.db").stat().st_mode) == 0o600


def failed_logins(app, addresses: list[str], remote: str = "10.0.0.1") -> list[int]:
    client = app.test_client()
    return [client.post("/login", data={"username": "ed", "password": "wrong guess!!"},
                        headers={"X-Forwarded-For": address}, environ_base={"REMOTE_ADDR": remote}).status_code
            for address in addresses]


@pytest.mark.parametrize("hops, other_client", [(1, 401), (0, 429)])
def test_proxy_fix_gives_each_client_behind_the_proxy_its_own_rate_limit(tmp_path, hops, other_client):
    app = make_app(tmp_path, {"fake": FakeEngine()}, AUTH="on", RATELIMIT_ENABLED=True, PROXY_FIX=hops)
    try:
        codes = failed_logins(app, ["198.51.100.7"] * 11 + ["203.0.113.5"])
    finally:
        app.extensions["paralelo.jobs"].shutdown()
    assert codes[:10] == [401] * 10 and codes[10] == 429
    assert codes[11] == other_client  # with ProxyFix another client is not locked out by the first


@pytest.mark.parametrize("value, hops", [("0", 0), ("1", 1), (" 2 ", 2), ("", 0)])
def test_proxy_fix_setting(value, hops):
    assert config.proxy_hops(value) == hops


@pytest.mark.parametrize("value", ["yes", "-1", "99"])
def test_proxy_fix_setting_refuses_nonsense(value):
    with pytest.raises(ValueError, match="PARALELO_PROXY_FIX"):
        config.proxy_hops(value)
