"""Interface language: Flask-Babel with ?lang=, then the lang cookie, then Accept-Language."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, current_app, request
from flask_babel import Babel
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANG_COOKIE = "lang"


def choose_locale(supported: tuple[str, ...], asked: str | None, cookie: str | None, accept: str | None) -> str:
    """The UI locale from ?lang=, the lang cookie and the raw Accept-Language header; unknown values fall back."""
    for candidate in (asked, cookie):
        if candidate in supported:
            return candidate
    return _best_match(supported, accept or "")


@lru_cache(maxsize=512)
def _best_match(supported: tuple[str, ...], accept: str) -> str:
    """Accept-Language's best supported language (browsers send a handful of distinct headers: parsed once each)."""
    return parse_accept_header(accept, LanguageAccept).best_match(supported) or supported[0]


def select_locale() -> str:
    """The UI locale for this request (the fast path in app.web.fastpath chooses it the same way)."""
    return choose_locale(tuple(current_app.config["LANGUAGES"]), request.args.get("lang"),
                         request.cookies.get(LANG_COOKIE), request.headers.get("Accept-Language"))


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)

    @app.after_request
    def remember_language(response):
        """A ?lang= choice sticks: it is stored in a cookie for the next pages."""
        lang = request.args.get("lang")
        if lang in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != lang:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
        return response
