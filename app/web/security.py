"""CSRF protection, rate limits and security headers for every response."""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, g, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def import_limit() -> str:
    return current_app.config["RATELIMIT_IMPORT"]


def translate_limit() -> str:
    return current_app.config["RATELIMIT_TRANSLATE"]


def study_export_limit() -> str:
    return current_app.config["RATELIMIT_STUDY_EXPORT"]


def url_import_limit() -> str:
    return current_app.config["RATELIMIT_URL_IMPORT"]


def user_key() -> str:
    """Rate-limit key per user: the account (token or session), else the client's address."""
    actor = g.get("actor")
    if actor is not None and getattr(actor, "username", None):
        return f"user:{actor.username}"
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):  # limits run before the token is looked up: key on its hash
        return "token:" + hashlib.sha256(header.encode()).hexdigest()[:32]
    if session.get("user_id") is not None:
        return f"user-id:{session['user_id']}"
    return get_remote_address()


def not_url_import() -> bool:
    """Requests that fetch nothing are exempt from the URL-import limit (a body that cannot be read
    fetches nothing either: the view answers it with a 400)."""
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except RecursionError:  # nested too deeply for the parser: not JSON this app reads
            return True
        return not (isinstance(data, dict) and data.get("url") and not data.get("html"))
    return not (request.form.get("url") or "").strip()


# One bucket per user for URL imports from the web form and the API together.
url_import_limiter = limiter.shared_limit(
    url_import_limit, scope="url-import", key_func=user_key, exempt_when=not_url_import
)


# A Redis that stops answering (not only one that refuses connections) must not hold requests: each
# command gives up after this many seconds, and Flask-Limiter falls back to counting in memory.
REDIS_TIMEOUTS = {"socket_connect_timeout": 2, "socket_timeout": 2}


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis://", "rediss://", "redis+")):
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", REDIS_TIMEOUTS)
    limiter.init_app(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
