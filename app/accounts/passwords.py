"""The password policy: long enough, not blank, not one of the most common passwords.

The common-password list is a small file bundled with the app (app/data/common-passwords.txt),
so the check works offline; NIST SP 800-63B asks for exactly these checks and no composition
rules. No Flask here.
"""

from __future__ import annotations

import functools
from importlib import resources

from app.core.messages import N_, UserError

MIN_PASSWORD = 12
MIN_DISTINCT = 4  # "aaaaaaaaaaaa", "abababababab": long but trivially guessed


class PasswordError(UserError):
    """The password does not meet the policy; the message says why."""


@functools.cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, case-folded."""
    text = resources.files("app.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def check(password: str, username: str = "") -> None:
    """Raise PasswordError unless the password meets the policy."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise PasswordError(N_("Passwords need at least %(min)s characters."), min=MIN_PASSWORD)
    if not password.strip():
        raise PasswordError(N_("A password cannot be only spaces."))
    folded = password.strip().casefold()
    if len(set(folded)) < MIN_DISTINCT:
        raise PasswordError(N_("The password repeats too few different characters."))
    if folded in common_passwords() or (username and folded == username.casefold()):
        raise PasswordError(N_("That password is too common; choose another."))
