"""Who may call a view, declared on the view itself.

    @public           anyone, even for a write (logging in)
    @editor_required  an editor or admin (every write view says so)
    @admin_required   an admin (user management, deleted articles), for reads too

The gate (app.web.auth.check_permission) reads the declaration before the view runs. A view that
declares nothing is open to readers when it only reads and needs an editor when it writes, so a
write view that forgot its declaration is still closed (tests/web/test_access.py also requires every
write view to declare one).
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.messages import N_

PUBLIC, EDITOR, ADMIN = "public", "editor", "admin"


def public(view: Callable) -> Callable:
    """Anyone may call this view, whatever the method."""
    view.access = PUBLIC
    return view


def editor_required(view: Callable) -> Callable:
    """Only a signed-in editor or admin (or local mode from this computer) may call this view."""
    view.access = EDITOR
    return view


def admin_required(reason: str = N_("Only admins can do that.")) -> Callable[[Callable], Callable]:
    """Only an admin may call this view; `reason` (an N_ message) is what others are told."""

    def mark(view: Callable) -> Callable:
        view.access, view.access_reason = ADMIN, reason
        return view

    return mark


def access_of(view: Callable | None, method: str) -> str:
    """What a request needs: the view's declaration, else an editor for a write and nothing for a read."""
    declared = getattr(view, "access", None)
    if declared:
        return declared
    return "reader" if method in ("GET", "HEAD", "OPTIONS") else EDITOR
