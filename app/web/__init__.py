"""Blueprints and the error pages shared by the HTML views and the JSON API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import security
from .labels import HELPERS


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
    from . import api, assets, auth, exports, glossary, glossary_api, lookup, reader

    app.register_blueprint(reader.bp)
    app.register_blueprint(glossary.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(glossary_api.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(lookup.bp)
    assets.init_app(app)
    security.init_app(app)
    # API writes carry a bearer token, or (from the app's own pages) X-CSRFToken: auth checks it
    security.csrf.exempt(api.bp)
    security.csrf.exempt(glossary_api.bp)
    auth.init_app(app)
    app.context_processor(lambda: HELPERS)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        message = _("The form expired or was sent from another site; reload the page and try again.")
        if wants_json():
            return jsonify(error=message), 400
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
