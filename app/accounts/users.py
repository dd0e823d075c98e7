"""Accounts, passwords and API tokens. Readers need none; editors and admins log in."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.messages import N_, UserError
from app.core.models import ApiToken, User, utcnow

from . import passwords

ROLES = ("editor", "admin")
MIN_PASSWORD = passwords.MIN_PASSWORD
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,80}$")
TOKEN_PREFIX = "plo_"


class AuthError(UserError):
    """A bad user name, password, role or token; the message says why."""


class AuthNotFound(AuthError):
    """No such user or token."""

    http_status = 404


@dataclass(frozen=True)
class Actor:
    """Who is acting in a request: a user, or the local user when auth is off."""

    id: int | None
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


LOCAL = Actor(None, "local", "admin")


def actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.role)


def create_user(session: Session, username: str, role: str = "editor", password: str | None = None) -> tuple[User, str]:
    """Create a user; a password is generated when none is given. Returns (user, password)."""
    if not _USERNAME.match(username or ""):
        raise AuthError(N_("User names are 2-80 letters, digits, dots, dashes or underscores."))
    if role not in ROLES:
        raise AuthError(N_("Role must be one of: %(known)s"), known=", ".join(ROLES))
    if session.scalar(select(User).where(User.username == username)):
        raise AuthError(N_("User '%(name)s' already exists."), name=username)
    password = password if password is not None else generate_password()
    check_password(password, username)
    user = User(username=username, role=role, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user, password


def generate_password() -> str:
    """A random password well over the policy's minimum (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def check_password(password: str, username: str = "") -> None:
    """Raise AuthError unless the password meets the policy (app.accounts.passwords)."""
    try:
        passwords.check(password, username)
    except passwords.PasswordError as exc:
        raise AuthError(exc.template, **exc.params) from None


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, made once: unknown users cost one check, as known ones do."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this name and password, else None.

    Exactly one password check either way, so the answer time does not tell whether a user
    name exists (hashing a fresh dummy password here used to double the time for unknown names).
    """
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    ok = check_password_hash(user.password_hash, password or "")
    return user if ok and not user.disabled else None


def change_password(
    session: Session, user: User, new_password: str | None = None, current_password: str | None = None
) -> str:
    """Set a new password (generated when None) and end every session; returns the password.

    With `current_password` (the web form), the old password must be right.
    """
    if current_password is not None and not check_password_hash(user.password_hash, current_password):
        raise AuthError(N_("The current password is wrong."))
    password = new_password if new_password is not None else generate_password()
    check_password(password, user.username)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    return password


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to the user so far (logout, password change)."""
    user.session_version = (user.session_version or 0) + 1


def session_valid(user: User | None, version: object) -> bool:
    """Whether a session cookie holding `version` may still act for this user."""
    return user is not None and not user.disabled and version == (user.session_version or 0)


def set_disabled(session: Session, username: str, disabled: bool = True) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AuthNotFound(N_("No user '%(name)s'."), name=username)
    user.disabled = disabled
    return user


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for the user; the raw token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=(name or "token")[:80], token_hash=_digest(raw))
    session.add(token)
    session.flush()
    return token, raw


def user_for_token(session: Session, raw: str, record_use: bool = True) -> User | None:
    """The enabled user owning this live token, else None; `record_use` stamps last_used_at.

    Reads pass record_use=False: a read must never write (on SQLite it would wait for the write
    lock, on PostgreSQL every request with the token would queue on the token's row).
    """
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    if token is None or token.revoked or token.user.disabled:
        return None
    if record_use:
        token.last_used_at = utcnow()
    return token.user


def revoke_token(session: Session, token_id: int, owner: Actor) -> ApiToken:
    """Revoke a token; only its owner or an admin may."""
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != owner.id and not owner.is_admin):
        raise AuthNotFound(N_("No token %(id)s."), id=token_id)
    token.revoked = True
    return token
