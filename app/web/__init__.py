"""Blueprints and the error pages shared by the HTML views and the JSON API."""

from __future__ import annotations

import functools

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from app.core.messages import UserError
from app.core.uow import Busy, is_busy_error, retrying

from . import auth, resubmit, security
from .common import message
from .labels import HELPERS

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def generic_message(code: int | None) -> str:
    """A translated message for errors raised without one of ours."""
    messages = {
        400: _("The request could not be understood."),
        401: _("Log in as an editor to make changes."),
        403: _("You are not allowed to do that."),
        404: _("There is nothing at this address."),
        405: _("This address does not accept that kind of request."),
        413: _("The upload is too large."),
        429: _("Too many requests; wait a moment and try again."),
    }
    return messages.get(code, _("The request failed."))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    from . import articles, assets, exports, glossary, memory, page_helpers, reader, review, study

    # Each API module adds its routes to the one API blueprint when imported: all before it is registered.
    from .api import articles as _api_articles  # noqa: F401
    from .api import glossary as _api_glossary  # noqa: F401
    from .api import lookup as _api_lookup  # noqa: F401
    from .api import memory as _api_memory  # noqa: F401
    from .api import review as _api_review  # noqa: F401
    from .api import study as _api_study  # noqa: F401
    from .api import suggestions as _api_suggestions  # noqa: F401
    from .api.base import bp as api_bp

    for blueprint in (reader.bp, articles.bp, glossary.bp, memory.bp, exports.bp, auth.bp, review.bp, study.bp,
                      api_bp):
        app.register_blueprint(blueprint)
    page_helpers.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    # API writes carry a bearer token, or (from the app's own pages) X-CSRFToken: auth checks it
    security.csrf.exempt(api_bp)
    auth.init_app(app)
    reader.init_app(app)
    app.context_processor(lambda: HELPERS)
    retry_writes(app)

    def busy(retry_after: int = Busy.retry_after):
        message = _("The database is busy; try again in a moment.")
        if wants_json():
            response = jsonify(error=message)
        else:
            response = app.make_response(render_template("error.html", code=503, message=message))
        response.status_code = 503
        response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(UserError)
    def user_error(exc: UserError):
        """Every domain error a view lets through: its message in the interface language, its status."""
        if isinstance(exc, Busy):
            return busy()
        text = message(exc)
        if wants_json():
            body = {"error": text}
            if getattr(exc, "current", None) is not None:
                body["current"] = exc.current
            return jsonify(body), exc.http_status
        return render_template("error.html", code=exc.http_status, message=text), exc.http_status

    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError):
        if is_busy_error(exc):  # a read or the auth gate met the lock: still not a 500
            return busy()
        return internal_error(exc)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        message = _("The form expired or was sent from another site; reload the page and try again.")
        if wants_json():
            return jsonify(error=message), 400
        try:
            auth.load_actor()  # the token is checked before the gate sets who is asking
        except HTTPException:  # a bad API token on a form: no one
            g.actor = None
        again = resubmit.expired(local_mode=app.config["AUTH"] == "off")
        if again is not None:  # a form from this site: what was typed is kept, to send again
            return again
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = exc.description
        if not message or message == type(exc).description:  # Werkzeug's own English text
            message = generic_message(exc.code)
        elif exc.code == 429:  # Flask-Limiter describes only the limit ("10 per 1 minute")
            message = f"{generic_message(429)} ({message})"
        if wants_json():
            return jsonify(error=message), exc.code
        return render_template("error.html", code=exc.code, message=message), exc.code

    @app.errorhandler(Exception)
    def internal_error(exc: Exception):
        app.logger.exception("unhandled error")
        message = _("Something went wrong on our side; nothing you saved was lost.")
        if wants_json():
            return jsonify(error=message), 500
        return render_template("error.html", code=500, message=message), 500


def retry_writes(app: Flask) -> None:
    """Every view that writes runs again, after a rollback and a pause, while the database is busy."""
    for rule in app.url_map.iter_rules():
        if rule.methods - SAFE_METHODS and not getattr(app.view_functions[rule.endpoint], "retrying", False):
            app.view_functions[rule.endpoint] = _retrying(app.view_functions[rule.endpoint])


def _retrying(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        def rollback() -> None:
            session = g.get("db_session")
            if session is not None:
                session.rollback()

        return retrying(lambda: view(*args, **kwargs), on_retry=rollback)

    wrapper.retrying = True
    return wrapper
