"""`paralelo models`: list and install Argos Translate packages."""

from __future__ import annotations

import click


@click.group("models")
def models() -> None:
    """List and install Argos Translate packages (offline .argosmodel files or the package index)."""
