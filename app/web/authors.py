"""What readers see of who made a change.

Decision (issue 11): user names are for the people who work on the site. Anonymous readers see
the role "editor" in place of a person's user name, in the sentence history, the glossary history
(page and API) and the "Edited by" tooltips; built-in accounts (the bundled glossary, the command
line, local mode) keep their labels. Logged-in editors and admins see user names.
"""

from __future__ import annotations

from flask import g

# Authors recorded by the app itself rather than by a person's account.
BUILT_IN = frozenset({"bundle", "local", "cli", "anonymous"})
READER_SEES = "editor"


def visible_author(who: str | None) -> str | None:
    """The author as the current viewer may see it."""
    if who is None or g.get("actor") is not None or who in BUILT_IN:
        return who
    return READER_SEES
