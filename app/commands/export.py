"""`paralelo export`: write an article's parallel text in one of the registered formats."""

from __future__ import annotations

import click


@click.command("export")
def export() -> None:
    """Export an article's parallel text."""
