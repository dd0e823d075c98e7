"""Small helpers the pages share: filters carried between glossary pages, language links, safe redirects."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, request, url_for

FILTERS = ("q", "domain", "page")  # what the glossary list remembers while you edit, delete or switch language


def filters(form=None) -> dict:
    """The glossary filters in the query string, or in a submitted form's keep_* fields; no empty ones.

    Forms carry them as keep_q, keep_domain, keep_page (templates/_keep_filters.html) so that they never
    mix with an entry's own fields (an entry has a domain too).
    """
    if form is None:
        return {key: request.args[key] for key in FILTERS if request.args.get(key)}
    return {key: form[f"keep_{key}"] for key in FILTERS if form.get(f"keep_{key}")}


def lang_url(code: str) -> str:
    """This page in another interface language, its query string (search, filters, page) kept."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return f"{request.path}?{urlencode([*args, ('lang', code)])}"


def here() -> str:
    """This page's address to come back to: path and query string (the path only on the shared reader page,
    whose cache key holds the path, not every query argument)."""
    if request.endpoint == "reader.read" or not request.query_string:
        return request.path
    return request.full_path


def sign_in_url(target: str | None = None) -> str:
    """The sign-in page, coming back to `target` (this page by default) afterwards."""
    return url_for("auth.login", next=target or here())


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"lang_url": lang_url, "sign_in_url": sign_in_url, "here": here})
