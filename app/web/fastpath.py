"""The anonymous reader's fast path: a shared reader page answered in front of Flask.

A shared reader page (app.web.reader.read: accounts on, no session cookie, no token, no query
string) is the same for every reader with the same path and interface locale, until the article's
revision changes. After Flask has served one, its whole response (status, headers, and the body as
compressed for that Accept-Encoding, or the 304 for a matching validator) is kept here, and the next
request with the same key is answered from it without entering Flask: no request context, session,
before/after hooks, routing or response object. The bytes and headers are those Flask produced.

The article's revision is checked on every request (app.reader.cache.RevisionMemo: one query per
commit in this process, or per READER_REVISION_TTL), so an edit, a new translation, a glossary
change or a delete is seen exactly as on the Flask path. Anything else (a cookie other than the
language, Authorization, a query string, HEAD, Range, local mode) goes to Flask.

What a shared page may depend on is therefore: the path, the locale and the revision. A header that
differs per request (a nonce, a request id) must not be added to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from cachetools import LRUCache
from flask import Flask
from werkzeug.http import is_resource_modified

from app.reader.cache import RevisionMemo

from .i18n import LANG_COOKIE, choose_locale

SHARED = "paralelo.shared_page"  # the environ key app.web.reader.read sets on a shared page
PREFIX = "/articles/"


@dataclass(frozen=True)
class SharedPage:
    """What read() tells the fast path about a shared page it served."""

    slug: str
    revision: tuple
    etag: str


@dataclass
class Stored:
    """The responses kept for one key: the 200 and, once Flask has sent one, the 304."""

    page: SharedPage
    ok: tuple[list[tuple[str, str]], bytes] | None = None
    not_modified: list[tuple[str, str]] | None = None


class FastPath:
    """WSGI middleware answering repeated shared reader pages from memory (see the module docstring)."""

    def __init__(self, app: Callable, memo: RevisionMemo, sessions: Callable, *,
                 languages: Iterable[str], session_cookie: str, size: int = 256):
        self.app = app
        self.memo = memo
        self.sessions = sessions
        self.languages = tuple(languages)
        self.session_cookie = session_cookie
        self._store: LRUCache = LRUCache(maxsize=max(size, 1))
        self._cookies: LRUCache = LRUCache(maxsize=256)
        self._lock = threading.Lock()
        self.hits = 0

    def __call__(self, environ: dict, start_response: Callable):
        key = self.key(environ)
        if key is None:
            return self.app(environ, start_response)
        with self._lock:
            stored = self._store.get(key)
        if stored is not None:
            answer = self.answer(environ, stored)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                with self._lock:
                    self.hits += 1
                return [body]
        return self.record(key, environ, start_response)

    def key(self, environ: dict) -> tuple | None:
        """The cache key of a request the fast path may answer, else None."""
        if (environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING")
                or not environ.get("PATH_INFO", "").startswith(PREFIX)
                or "HTTP_AUTHORIZATION" in environ or "HTTP_RANGE" in environ):
            return None
        session, lang = self.cookies(environ.get("HTTP_COOKIE", ""))
        if session:
            return None
        locale = choose_locale(self.languages, None, lang, environ.get("HTTP_ACCEPT_LANGUAGE"))
        return (environ.get("SCRIPT_NAME", ""), environ["PATH_INFO"], locale, environ.get("HTTP_ACCEPT_ENCODING", ""))

    def cookies(self, header: str) -> tuple[bool, str | None]:
        """(a session cookie is present, the lang cookie) from a Cookie header (parsed once per distinct header)."""
        if not header:
            return False, None
        with self._lock:
            known = self._cookies.get(header)
        if known is None:
            jar = SimpleCookie()
            try:
                jar.load(header)
            except CookieError:
                return True, None  # not understood here: Flask decides
            known = (bool(jar.get(self.session_cookie) and jar[self.session_cookie].value),
                     jar[LANG_COOKIE].value if LANG_COOKIE in jar else None)
            with self._lock:
                self._cookies[header] = known
        return known

    def answer(self, environ: dict, stored: Stored) -> tuple[str, list, bytes] | None:
        """The kept response for this request if the article is still at the kept revision, else None."""
        session = []

        def open_session():
            session.append(self.sessions())
            return session[0]

        try:
            revision = self.memo.get(open_session, stored.page.slug)
        finally:
            if session:
                session[0].close()
        if revision is None or revision.key != stored.page.revision:
            return None
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            modified = is_resource_modified(environ, etag=stored.page.etag, last_modified=revision.modified)
            if not modified:
                return ("304 NOT MODIFIED", stored.not_modified, b"") if stored.not_modified else None
        if stored.ok is None:
            return None
        headers, body = stored.ok
        return "200 OK", headers, body

    def record(self, key: tuple, environ: dict, start_response: Callable):
        """Let Flask answer; keep its response when it says the page is shared."""
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, capture)
        page = environ.get(SHARED)
        status = seen.get("status", "")
        if page is None or not status.startswith(("200", "304")) or any(
                name.lower() == "set-cookie" for name, _value in seen["headers"]):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = list(seen["headers"])
        with self._lock:
            stored = self._store.get(key)
            if stored is None or stored.page != page:
                stored = self._store[key] = Stored(page)
            if status.startswith("200"):
                stored.ok = (headers, body)
            else:
                stored.not_modified = headers
        return [body]


def init_app(app: Flask, memo: RevisionMemo) -> None:
    """Put the fast path in front of the app, unless it or the reader cache (READER_CACHE_SIZE=0) is off."""
    if app.config["READER_CACHE_SIZE"] <= 0 or not app.config["READER_FAST_PATH"]:
        return
    fast = FastPath(app.wsgi_app, memo, app.extensions["paralelo.db.read"], languages=app.config["LANGUAGES"],
                    session_cookie=app.config["SESSION_COOKIE_NAME"], size=4 * app.config["READER_CACHE_SIZE"])
    app.wsgi_app = fast
    app.extensions["paralelo.fastpath"] = fast
