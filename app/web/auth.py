"""Log in and out, API tokens, user admin, and the one gate every write request passes."""

from __future__ import annotations

import ipaddress

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import users as auth
from app.core.messages import N_
from app.core.models import ApiToken, User

from . import resubmit
from .access import ADMIN, PUBLIC, access_of, admin_required, editor_required, public
from .common import message
from .db import get_session
from .redirects import safe_next
from .security import csrf, limiter

bp = Blueprint("auth", __name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MANAGE_USERS = N_("Only admins can manage users.")


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
        if auth.session_valid(user, session.get("session_version")):
            g.actor, g.via = auth.actor(user), "session"
        else:  # disabled, logged out or password changed since this cookie was issued
            session.clear()


def check_permission():
    """Readers may read and export; what else a view needs is declared on it (app.web.access)."""
    view = current_app.view_functions.get(request.endpoint or "")
    needed = access_of(view, request.method)
    if needed in ("reader", PUBLIC):
        return
    if g.actor is None:
        if current_app.config["AUTH"] == "off":
            abort(403, _("Local mode (PARALELO_AUTH=off) only accepts changes from this computer."))
        if not request.path.startswith("/api/"):
            return resubmit.signed_out()  # sign in, then back to the page, or to the form as it was typed
        abort(401, _("Sign in as an editor to make changes."))
    if needed == ADMIN and not g.actor.is_admin:
        abort(403, _(getattr(view, "access_reason", N_("Only admins can do that."))))
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
@public
def login():
    """Sign in, then back to `next`; a form carried through (app.web.resubmit) is offered to send again."""
    if request.method == "POST":
        carried = resubmit.from_sign_in_form(request.form)
        user = auth.authenticate(get_session(), request.form.get("username", ""), request.form.get("password", ""))
        if user is None:
            return resubmit.sign_in_page(carried, resubmit.SIGNED_OUT if carried else None, 401,
                                         error=_("Wrong user name or password."))
        _start_session(user)
        if carried is not None:
            return resubmit.send_again_page(carried, _("You are signed in. Nothing has been saved yet: check "
                                                       "what you typed and send it."))
        return redirect(safe_next(request.args.get("next"), url_for("reader.index"))), 303
    return resubmit.sign_in_page(None, None, 200)


def _start_session(user: User) -> None:
    session.clear()
    session["user_id"] = user.id
    session["session_version"] = user.session_version or 0
    session.permanent = True


@bp.post("/logout")
@editor_required
def logout():
    """End this session and every other cookie of the account (a copied cookie stops working)."""
    if g.via == "session" and g.actor.id is not None:
        db = get_session()
        auth.end_sessions(db.get(User, g.actor.id))
        db.commit()
    session.clear()
    return redirect(url_for("reader.index")), 303


@bp.get("/account")
def account():
    if g.actor is None or g.actor.id is None:
        return redirect(url_for("auth.login", next=request.path))
    return _account_page()


def _account_page(status: int = 200, **context):
    tokens = get_session().scalars(
        select(ApiToken).where(ApiToken.user_id == g.actor.id).order_by(ApiToken.id.desc())
    ).all()
    return render_template("account.html", tokens=tokens, **context), status


@bp.post("/account/tokens")
@editor_required
def create_token():
    if g.actor.id is None:
        abort(400, _("Tokens belong to accounts; local mode needs none."))
    db = get_session()
    _token, raw = auth.create_token(db, db.get(User, g.actor.id), request.form.get("name", ""))
    db.commit()
    # A one-time secret goes in this response only: never into the (readable) session cookie.
    return _no_store(_account_page(new_token=raw))


def _no_store(result):
    """A page showing a one-time secret: no cache (browser or proxy) may keep it."""
    response = make_response(result)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/password")
@editor_required
def change_password():
    """Change one's own password (the current one is required); other sessions end."""
    if g.actor.id is None:
        abort(400, _("Local mode has no passwords."))
    db = get_session()
    user = db.get(User, g.actor.id)
    new, again = request.form.get("new_password", ""), request.form.get("confirm_password", "")
    try:
        if new != again:
            raise auth.AuthError(N_("The two new passwords differ."))
        auth.change_password(db, user, new, current_password=request.form.get("current_password", ""))
    except auth.AuthError as exc:
        db.rollback()
        return _account_page(400, password_error=message(exc))
    db.commit()
    _start_session(user)  # this browser stays logged in with the new session version
    flash(_("Password changed; your other sessions were logged out."), "info")
    return redirect(url_for("auth.account")), 303


@bp.post("/account/tokens/<int:token_id>/revoke")
@editor_required
def revoke_token(token_id: int):
    auth.revoke_token(get_session(), token_id, g.actor)
    get_session().commit()
    flash(_("Token revoked."), "info")
    return redirect(url_for("auth.account")), 303


@bp.get("/users")
@admin_required(MANAGE_USERS)
def users():
    rows = get_session().scalars(select(User).order_by(User.username)).all()
    return render_template("users.html", users=rows, roles=auth.ROLES)


@bp.post("/users")
@admin_required(MANAGE_USERS)
def create_user():
    db = get_session()
    try:
        user, password = auth.create_user(db, request.form.get("username", ""), request.form.get("role", "editor"))
    except auth.AuthError as exc:
        flash(message(exc), "error")
        return redirect(url_for("auth.users")), 303
    db.commit()
    # The generated password is shown in this response only, never flashed into the cookie.
    rows = db.scalars(select(User).order_by(User.username)).all()
    return _no_store(render_template("users.html", users=rows, roles=auth.ROLES, created=user.username,
                                     password=password))


@bp.post("/users/<username>/disable")
@admin_required(MANAGE_USERS)
def disable_user(username: str):
    auth.set_disabled(get_session(), username, request.form.get("enable") != "1")
    get_session().commit()
    return redirect(url_for("auth.users")), 303
