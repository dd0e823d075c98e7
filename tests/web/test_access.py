"""Authorisation is declared on each view (app.web.access), not listed elsewhere."""

from __future__ import annotations

from flask import Blueprint

from app.web.access import ADMIN, EDITOR, PUBLIC, access_of
from tests.support.app import FakeEngine, make_app

SAFE = {"GET", "HEAD", "OPTIONS"}


def test_every_write_view_declares_who_may_call_it(app):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules()
        if rule.methods - SAFE and getattr(app.view_functions[rule.endpoint], "access", None) is None
        and rule.endpoint != "static"
    ]
    assert undeclared == []


def test_admin_views_are_declared_admin(app):
    admin = {rule.endpoint for rule in app.url_map.iter_rules()
             if getattr(app.view_functions[rule.endpoint], "access", None) == ADMIN}
    assert admin == {"auth.users", "auth.create_user", "auth.disable_user", "articles.deleted", "articles.restore",
                     "api.deleted_articles", "api.restore_article"}
    assert access_of(app.view_functions["auth.login"], "POST") == PUBLIC


def test_a_write_view_without_a_declaration_still_needs_an_editor():
    def view():
        return "changed"

    assert access_of(view, "POST") == EDITOR and access_of(view, "GET") == "reader"


def test_undeclared_write_view_is_closed_to_anonymous_callers(tmp_path):
    """A view added without a decorator (here by a test blueprint) answers 401 to a reader."""
    extra = Blueprint("extra", __name__)
    extra.add_url_rule("/extra", "change", lambda: "changed", methods=["POST"])
    app = make_app(tmp_path, {"fake": FakeEngine()}, AUTH="on")
    app.register_blueprint(extra)
    resp = app.test_client().post("/extra")
    assert resp.status_code == 401


def test_admin_only_reads_answer_403_to_editors_with_the_declared_reason(tmp_path):
    from app.cli import main

    app = make_app(tmp_path, {"fake": FakeEngine()}, AUTH="on")
    runner = app.test_cli_runner()
    runner.invoke(main, ["users", "create", "ed", "--role", "editor", "--password-stdin"], input="a long password 1\n")
    token = runner.invoke(main, ["tokens", "create", "ed"]).output.strip().split()[-1]
    resp = app.test_client().get("/api/articles/deleted", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 403 and "deleted articles" in resp.get_json()["error"]
