"""Accounts and permissions: every write route refuses anonymous users and revoked tokens."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from app.cli import main
from tests.support.app import make_app

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def secured(tmp_path, fake_engine):
    """An app with accounts on, as a team would run it, with an editor and an admin."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    runner = app.test_cli_runner()
    for name, role in (("ed", "editor"), ("root", "admin")):
        result = runner.invoke(main, ["users", "create", name, "--role", role, "--password-stdin"],
                               input="correct horse battery\n")
        assert result.exit_code == 0, result.output
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def token_for(app, name: str) -> str:
    result = app.test_cli_runner().invoke(main, ["tokens", "create", name])
    assert result.exit_code == 0
    return re.search(r"(plo_\S+)", result.output).group(1)


def write_routes(app):
    """(method, url, endpoint) for every write route the app has, with placeholder arguments."""
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & WRITE_METHODS):
            args = {arg: 1 if isinstance(rule._converters[arg], IntegerConverter) else "x" for arg in rule.arguments}
            url = rule.build(args, append_unknown=False)[1]
            out.append((method, url, rule.endpoint))
    return out


def test_every_write_route_is_guarded(secured):
    client = secured.test_client()
    routes = write_routes(secured)
    assert len(routes) >= 20  # a new write route is picked up here automatically
    revoked = token_for(secured, "ed")
    secured.test_cli_runner().invoke(main, ["tokens", "revoke", "1"])
    public = {endpoint for _m, _u, endpoint in routes
              if getattr(secured.view_functions[endpoint], "access", None) == "public"}
    assert public == {"auth.login", "api.export_study"}  # logging in; a study-list export that stores nothing
    for method, url, endpoint in routes:
        if endpoint in public:
            continue
        anonymous = client.open(url, method=method, json={})
        assert anonymous.status_code == 401, (method, url)
        with_revoked = client.open(url, method=method, json={}, headers={"Authorization": f"Bearer {revoked}"})
        assert with_revoked.status_code == 401, (method, url)
        assert with_revoked.get_json()["error"] if url.startswith("/api/") else True


def test_editor_token_can_write_but_not_manage_users(secured):
    client = secured.test_client()
    editor = {"Authorization": f"Bearer {token_for(secured, 'ed')}"}
    resp = client.post("/api/glossary", json={"source": "warden's office", "target": "despacho del alcaide"},
                       headers=editor)
    assert resp.status_code == 201
    history = client.get("/api/glossary/history", headers=editor).get_json()["changes"]
    assert history[0]["who"] == "ed"
    assert client.post("/users", data={"username": "x"}, headers=editor).status_code == 403
    admin = {"Authorization": f"Bearer {token_for(secured, 'root')}"}
    assert client.post("/users", data={"username": "newbie"}, headers=admin).status_code == 200
    assert client.get("/api/articles").status_code == 200  # reading needs no account


def test_disabled_user_tokens_stop_working(secured):
    client = secured.test_client()
    headers = {"Authorization": f"Bearer {token_for(secured, 'ed')}"}
    assert client.post("/api/articles", json={"text": "T\n\nBody."}, headers=headers).status_code == 202
    assert secured.test_cli_runner().invoke(main, ["users", "disable", "ed"]).exit_code == 0
    assert client.post("/api/articles", json={"text": "T\n\nBody."}, headers=headers).status_code == 401


def test_login_session_and_csrf_on_api_calls(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", WTF_CSRF_ENABLED=True)
    app.test_cli_runner().invoke(main, ["users", "create", "ed", "--password-stdin"], input="correct horse battery\n")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    bad = client.post("/login", data={"username": "ed", "password": "wrong password!", "csrf_token": token})
    assert bad.status_code == 401 and "Wrong user name or password" in bad.get_data(as_text=True)
    no_csrf = client.post("/login", data={"username": "ed", "password": "correct horse battery"})
    assert no_csrf.status_code == 400
    ok = client.post("/login", data={"username": "ed", "password": "correct horse battery", "csrf_token": token})
    assert ok.status_code == 303
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    refused = client.post("/api/glossary", json={"source": "yard", "target": "patio"})
    assert refused.status_code == 400  # the login cookie alone is not enough for the API
    meta = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    accepted = client.post("/api/glossary", json={"source": "yard", "target": "patio"}, headers={"X-CSRFToken": meta})
    assert accepted.status_code == 201
    app.extensions["paralelo.jobs"].shutdown()


def test_login_is_rate_limited(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on", RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/login", data={"username": "ed", "password": "nope"}).status_code for _ in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    assert "Too many requests" in client.post("/login", data={}).get_data(as_text=True)
    app.extensions["paralelo.jobs"].shutdown()


def test_local_mode_only_accepts_changes_from_loopback(app):
    client = app.test_client()
    remote = client.post("/api/glossary", json={"source": "yard", "target": "patio"},
                         environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert remote.status_code == 403 and "Local mode" in remote.get_json()["error"]
    local = client.post("/api/glossary", json={"source": "yard", "target": "patio"})
    assert local.status_code == 201


def test_security_headers(client):
    resp = client.get("/")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in resp.get_data(as_text=True)  # no inline script anywhere on the page


@pytest.mark.parametrize(
    "args, message",
    [(["users", "create", "x y"], "User names"), (["users", "create", "ok", "--role", "god"], "Invalid value"),
     (["users", "disable", "ghost"], "No user"), (["tokens", "create", "ghost"], "No user"),
     (["tokens", "revoke", "99"], "No token")],
)
def test_user_cli_errors(secured, args, message):
    result = secured.test_cli_runner().invoke(main, args)
    assert result.exit_code == 2 and message in result.output


def test_generated_password_and_listing(secured):
    runner = secured.test_cli_runner()
    created = runner.invoke(main, ["users", "create", "ana"])
    password = re.search(r"Password: (\S+)", created.output).group(1)
    assert len(password) >= 12
    listing = runner.invoke(main, ["users", "list"]).output
    assert "ana\teditor\tactive" in listing and "root\tadmin\tactive" in listing
    client = secured.test_client()
    assert client.post("/login", data={"username": "ana", "password": password}).status_code == 303


def test_anonymous_reader_gets_no_editor(secured, seed_text):
    client = secured.test_client()
    headers = {"Authorization": f"Bearer {token_for(secured, 'ed')}"}
    slug = client.post("/api/articles", json={"text": seed_text}, headers=headers).get_json()["slug"]
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert 'data-can-edit="no"' in html and "Sign in to edit" in html
    assert 'id="add-term"' not in html and 'id="add-term-open"' not in html and "csrf" not in html.lower()
