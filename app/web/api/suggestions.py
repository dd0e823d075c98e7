"""Glossary suggestions learned from post-edits: list, accept (an entry, re-translating like any glossary
change), dismiss (issue 25)."""

from __future__ import annotations

from flask import current_app, jsonify

from app.glossary import edit
from app.translation import suggestions

from ..access import editor_required
from ..common import after_glossary_change, current_user_name, open_suggestions
from ..db import get_session
from .base import bp


def min_edits() -> int:
    return int(current_app.config["LEARN_MIN_EDITS"])


@bp.get("/suggestions")
def list_suggestions():
    """Open suggestions, most evidence first, each with its evidence and the sentences it would change now."""
    found = open_suggestions(get_session())
    return jsonify(min_edits=min_edits(), suggestions=[s.as_dict() for s in found])


@bp.post("/suggestions/<key>/accept")
@editor_required
def accept_suggestion(key: str):
    """Add the suggested entry (or change the existing entry's target); the sentences it touches are re-translated."""
    session = get_session()
    change = suggestions.accept(session, key, current_user_name(), min_edits())
    queued = after_glossary_change(session, [change])
    return jsonify(entry=edit.snapshot(change.entry), retranslating=queued)


@bp.post("/suggestions/<key>/dismiss")
@editor_required
def dismiss_suggestion(key: str):
    """Hide a suggestion for good."""
    session = get_session()
    s = suggestions.dismiss(session, key, current_user_name(), min_edits())
    session.commit()
    return jsonify(dismissed=s.key)
