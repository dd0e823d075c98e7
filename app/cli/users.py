"""`paralelo users` and `paralelo tokens`: accounts and API tokens from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.accounts import users as auth
from app.core.models import ApiToken, User


def _sessions():
    return current_app.extensions["paralelo.db"]


@click.group("users")
def users() -> None:
    """Create, list, disable and enable editor and admin accounts."""


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(auth.ROLES), default="editor", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin instead of generating one.")
@with_appcontext
def create(name: str, role: str, password_stdin: bool) -> None:
    """Create user NAME and print its generated password (or take one from stdin)."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    with _sessions()() as session:
        try:
            user, password = auth.create_user(session, name, role, password)
        except auth.AuthError as exc:
            raise click.UsageError(str(exc)) from None
        session.commit()
    click.echo(f"Created {role} {user.username}.")
    if not password_stdin:
        click.echo(f"Password: {password}")


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin instead of generating one.")
@with_appcontext
def password(name: str, password_stdin: bool) -> None:
    """Set a new password for user NAME (generated and printed once, or read from stdin).

    Every session of the user ends; API tokens keep working (revoke them with `tokens revoke`).
    """
    new = sys.stdin.readline().rstrip("\n") if password_stdin else None
    with _sessions()() as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is None:
            raise click.UsageError(f"No user {name!r}.")
        try:
            new = auth.change_password(session, user, new)
        except auth.AuthError as exc:
            raise click.UsageError(str(exc)) from None
        session.commit()
    click.echo(f"Password of {name} changed; its sessions were logged out.")
    if not password_stdin:
        click.echo(f"Password: {new}")


@users.command("list")
@with_appcontext
def list_users() -> None:
    """List accounts: name, role, status."""
    with _sessions()() as session:
        for user in session.scalars(select(User).order_by(User.username)):
            click.echo(f"{user.username}\t{user.role}\t{'disabled' if user.disabled else 'active'}")


@users.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable the account again.")
@with_appcontext
def disable(name: str, enable: bool) -> None:
    """Disable (or --enable) user NAME; a disabled user's tokens stop working too."""
    with _sessions()() as session:
        try:
            auth.set_disabled(session, name, not enable)
        except auth.AuthError as exc:
            raise click.UsageError(str(exc)) from None
        session.commit()
    click.echo(f"{name} {'enabled' if enable else 'disabled'}.")


@click.group("tokens")
def tokens() -> None:
    """Create, list and revoke API tokens."""


@tokens.command("create")
@click.argument("name")
@click.option("--label", default="cli", help="A name for the token.")
@with_appcontext
def create_token(name: str, label: str) -> None:
    """Create an API token for user NAME and print it (it is stored hashed, shown once)."""
    with _sessions()() as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is None:
            raise click.UsageError(f"No user {name!r}.")
        token, raw = auth.create_token(session, user, label)
        session.commit()
        click.echo(f"Token {token.id} for {name}: {raw}")


@tokens.command("list")
@with_appcontext
def list_tokens() -> None:
    """List tokens: id, user, name, state."""
    with _sessions()() as session:
        for t in session.scalars(select(ApiToken).order_by(ApiToken.id)):
            click.echo(f"{t.id}\t{t.user.username}\t{t.name}\t{'revoked' if t.revoked else 'live'}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID."""
    with _sessions()() as session:
        try:
            auth.revoke_token(session, token_id, auth.LOCAL)
        except auth.AuthError as exc:
            raise click.UsageError(str(exc)) from None
        session.commit()
    click.echo(f"Token {token_id} revoked.")
