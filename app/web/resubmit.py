"""A form sent by someone not signed in (the session ended) or with an expired token: nothing typed is lost.

Instead of a bare error page, the visitor gets the sign-in page carrying what the form held (as hidden
`carry:<field>` inputs, passwords never); once signed in, a page lists what was typed and sends it
again, with a fresh token, when the person presses Send. Only a form sent from this site is carried
(Origin, else Referer): a page elsewhere cannot prepare a change for someone to send unawares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import g, redirect, render_template, request
from flask_babel import lazy_gettext as _l

from .labels import ENTRY_FIELDS
from .page_helpers import here, sign_in_url
from .redirects import safe_next

PREFIX = "carry:"
NEVER = {"csrf_token", "password", "current_password", "new_password", "confirm_password", "next", "carry_action"}
# What the fields of the app's forms are called on the page (others are shown by their name).
LABELS = {
    **ENTRY_FIELDS, "url": _l("Web address"), "title": _l("Title"), "text": _l("Article text"),
    "target_lang": _l("Spanish variant"), "engine": _l("Engine"), "name": _l("Name"), "username": _l("User name"),
    "role": _l("Role"), "locale": _l("Store as"),
}
SIGNED_OUT = _l("You are not signed in (your session may have ended), so nothing was saved.")
EXPIRED = _l("The form had expired, so nothing was saved.")


@dataclass
class Carried:
    """A form to send again: where it went, its fields, and the file inputs whose files could not be kept."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    back: str = "/"

    def shown(self) -> list[tuple[str, str]]:
        """The fields a person typed or chose, labelled, long values shortened (hidden keep_* filters left out)."""
        rows = []
        for name, value in self.fields:
            if value.strip() and not name.startswith("keep_") and name != "version":
                text = value if len(value) <= 300 else value[:300] + "…"
                rows.append((str(LABELS.get(name, name)), text))
        return rows


def same_site() -> bool:
    """Whether this request comes from a page of this site (Origin, or Referer when there is no Origin)."""
    ours = urlsplit(request.host_url)
    sent = request.headers.get("Origin") or request.referrer
    if not sent:
        return False
    theirs = urlsplit(sent)
    return (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)


def referrer_path(default: str = "/") -> str:
    """The page the form was on (path and query), if it was on this site."""
    if not request.referrer or not same_site():
        return default
    parts = urlsplit(request.referrer)
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""), default)


def from_request() -> Carried | None:
    """The form of this POST, if it came from this site (signing out is never worth sending again)."""
    if request.method != "POST" or request.endpoint == "auth.logout" or not same_site():
        return None
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in NEVER and not k.startswith(PREFIX)]
    files = [name for name, upload in request.files.items(multi=True) if upload.filename]
    action = request.full_path if request.query_string else request.path
    return Carried(action, fields, files, referrer_path())


def from_sign_in_form(form) -> Carried | None:
    """A form carried through the sign-in page (its carry:* fields), if its address is on this site."""
    action = safe_next(form.get("carry_action"), "")
    if not action:
        return None
    fields = [(k[len(PREFIX):], v) for k, v in form.items(multi=True) if k.startswith(PREFIX)]
    files = [v for v in form.getlist("carry_file") if v]
    return Carried(action, fields, files, safe_next(request.args.get("next"), "/"))


def sign_in_page(carried: Carried | None, reason: str | None, status: int, error: str | None = None):
    """The sign-in page, with a form to carry (and why) when there is one."""
    target = carried.back if carried else safe_next(request.args.get("next"), "")
    return render_template("login.html", carry=carried, reason=reason, error=error, next=target or None), status


def send_again_page(carried: Carried, reason: str, status: int = 200):
    """What the form held, and a Send button that posts it again with a fresh token."""
    return render_template("resubmit.html", carry=carried, reason=reason), status


def signed_out():
    """An HTML request that needs an editor from someone not signed in: sign in, then come back."""
    if request.method in ("GET", "HEAD"):
        return redirect(sign_in_url(here()))
    carried = from_request()
    return sign_in_page(carried, SIGNED_OUT, 401)


def expired(local_mode: bool):
    """An HTML form whose CSRF token was missing or expired: send it again (signing in first if need be).

    The caller has loaded g.actor (the token check runs before the gate). None: no page of ours fits.
    """
    if request.endpoint == "auth.login":  # the sign-in page itself had expired: it keeps what it carried
        return sign_in_page(from_sign_in_form(request.form), EXPIRED, 400)
    carried = from_request()
    if carried is None or (g.actor is None and local_mode):
        return None
    if g.actor is None:
        return sign_in_page(carried, EXPIRED, 400)
    return send_again_page(carried, EXPIRED, 400)
