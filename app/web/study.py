"""The study list page: what a reader saved from the reader, with its CSV and Anki exports.

The list lives in the browser for readers without an account and on the server for signed-in people;
the page is a frame the script (app/static/reader/study_page.js) fills from the one or the other.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template

from app.reader import study

bp = Blueprint("study", __name__)


@bp.get("/study")
def index():
    return render_template("study.html", on_server=g.get("actor") is not None, limit=study.MAX_ITEMS)
