"""Blueprints and the error pages shared by the HTML views and the JSON API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from .labels import HELPERS

csrf = CSRFProtect()


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    from . import api, exports, glossary, glossary_api, reader

    app.register_blueprint(reader.bp)
    app.register_blueprint(glossary.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(glossary_api.bp)
    app.register_blueprint(exports.bp)
    csrf.init_app(app)
    csrf.exempt(api.bp)  # the API is for scripts and fetch() with JSON bodies
    csrf.exempt(glossary_api.bp)
    app.context_processor(lambda: HELPERS)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        message = _("The form expired or was sent from another site; reload the page and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = exc.description or exc.name
        if exc.code == 413:
            message = _("The upload is too large.")
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
