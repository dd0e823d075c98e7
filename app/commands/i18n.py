"""`paralelo i18n extract|update|compile`: pybabel wrapped for the interface catalogs."""

from __future__ import annotations

import click


@click.group("i18n")
def i18n() -> None:
    """Manage the interface's gettext catalogs (translations/)."""
