"""Small helpers the pages share: filters carried between glossary pages, language links, safe redirects."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, request

FILTERS = ("q", "domain", "page")  # what the glossary list remembers while you edit, delete or switch language


def filters(source=None) -> dict:
    """The glossary filters in the query string (or a submitted form), without empty ones."""
    values = request.args if source is None else source
    return {key: values[key] for key in FILTERS if values.get(key)}


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after a form."""
    return target if target and target.startswith("/") and not target.startswith("//") else None


def lang_url(code: str) -> str:
    """This page in another interface language, its query string (search, filters, page) kept."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return f"{request.path}?{urlencode([*args, ('lang', code)])}"


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"lang_url": lang_url})
