"""Interface language: Flask-Babel with ?lang=, then the lang cookie, then Accept-Language."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import Babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    """The UI locale for this request; unknown values fall back quietly."""
    supported = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in supported:
            return candidate
    return request.accept_languages.best_match(supported) or supported[0]


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)

    @app.after_request
    def remember_language(response):
        """A ?lang= choice sticks: it is stored in a cookie for the next pages."""
        lang = request.args.get("lang")
        if lang in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != lang:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
        return response
