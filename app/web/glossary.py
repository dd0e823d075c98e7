"""Glossary pages (filled in by the glossary issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


@bp.get("/")
def index():
    return "glossary"
