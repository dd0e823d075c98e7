"""Log in and out, API tokens, user admin, and the one gate every write request passes."""

from __future__ import annotations

import ipaddress

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from .. import auth
from ..db import get_session
from ..store import ApiToken, User
from .common import message
from .security import csrf, limiter

bp = Blueprint("auth", __name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PUBLIC_WRITES = {"auth.login"}  # the only write anyone may make without an account
ADMIN_ARTICLES = {"articles.deleted", "articles.restore", "articles_api.deleted", "articles_api.restore"}
ADMIN_ONLY = {"auth.users", "auth.create_user", "auth.disable_user"} | ADMIN_ARTICLES


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def load_actor() -> None:
    """Set g.actor from a bearer token, the session cookie, or local mode; g.via says which."""
    g.actor, g.via = None, None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = auth.user_for_token(
            get_session(), header.removeprefix("Bearer ").strip(), record_use=request.method not in SAFE_METHODS
        )
        if user is None:
            abort(401, _("The API token is invalid or revoked."))
        g.actor, g.via = auth.actor(user), "token"
        return
    if current_app.config["AUTH"] == "off":
        if is_loopback(request.remote_addr):
            g.actor, g.via = auth.LOCAL, "local"
        return
    user_id = session.get("user_id")
    if user_id is not None:
        user = get_session().get(User, user_id)
        if user is not None and not user.disabled:
            g.actor, g.via = auth.actor(user), "session"
        else:
            session.clear()


def check_permission() -> None:
    """Readers may read and export; every write needs an editor, admin pages an admin."""
    endpoint = request.endpoint or ""
    if request.method in SAFE_METHODS and endpoint not in ADMIN_ONLY:
        return
    if endpoint in PUBLIC_WRITES:
        return
    if g.actor is None:
        if current_app.config["AUTH"] == "off":
            abort(403, _("Local mode (PARALELO_AUTH=off) only accepts changes from this computer."))
        abort(401, _("Log in as an editor to make changes."))
    if endpoint in ADMIN_ONLY and not g.actor.is_admin:
        if endpoint in ADMIN_ARTICLES:
            abort(403, _("Only admins can see and restore deleted articles."))
        abort(403, _("Only admins can manage users."))
    if g.via == "session" and request.path.startswith("/api/"):
        csrf.protect()  # the browser's own fetch() calls send the token in X-CSRFToken


def init_app(app) -> None:
    app.before_request(load_actor)
    app.before_request(check_permission)

    @app.context_processor
    def actor_in_templates():
        return {"actor": g.get("actor"), "auth_mode": app.config["AUTH"]}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    if request.method == "POST":
        user = auth.authenticate(get_session(), request.form.get("username", ""), request.form.get("password", ""))
        if user is None:
            flash(_("Wrong user name or password."), "error")
            return render_template("login.html"), 401
        session.clear()
        session["user_id"] = user.id
        session.permanent = True
        return redirect(_safe_next(request.args.get("next")) or url_for("reader.index")), 303
    return render_template("login.html")


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login."""
    return target if target and target.startswith("/") and not target.startswith("//") else None


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("reader.index")), 303


@bp.get("/account")
def account():
    if g.actor is None or g.actor.id is None:
        return redirect(url_for("auth.login", next=request.path))
    tokens = get_session().scalars(
        select(ApiToken).where(ApiToken.user_id == g.actor.id).order_by(ApiToken.id.desc())
    ).all()
    return render_template("account.html", tokens=tokens, new_token=session.pop("new_token", None))


@bp.post("/account/tokens")
def create_token():
    if g.actor.id is None:
        abort(400, _("Tokens belong to accounts; local mode needs none."))
    db = get_session()
    _token, raw = auth.create_token(db, db.get(User, g.actor.id), request.form.get("name", ""))
    db.commit()
    session["new_token"] = raw
    return redirect(url_for("auth.account")), 303


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    try:
        auth.revoke_token(get_session(), token_id, g.actor)
    except auth.AuthError as exc:
        abort(404, message(exc))
    get_session().commit()
    flash(_("Token revoked."), "info")
    return redirect(url_for("auth.account")), 303


@bp.get("/users")
def users():
    rows = get_session().scalars(select(User).order_by(User.username)).all()
    return render_template("users.html", users=rows, roles=auth.ROLES)


@bp.post("/users")
def create_user():
    db = get_session()
    try:
        user, password = auth.create_user(db, request.form.get("username", ""), request.form.get("role", "editor"))
    except auth.AuthError as exc:
        flash(message(exc), "error")
        return redirect(url_for("auth.users")), 303
    db.commit()
    flash(_("Created %(name)s with the password %(password)s (shown once).", name=user.username,
            password=password), "info")
    return redirect(url_for("auth.users")), 303


@bp.post("/users/<username>/disable")
def disable_user(username: str):
    try:
        auth.set_disabled(get_session(), username, request.form.get("enable") != "1")
    except auth.AuthError as exc:
        abort(404, message(exc))
    get_session().commit()
    return redirect(url_for("auth.users")), 303
