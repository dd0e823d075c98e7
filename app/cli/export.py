"""`paralelo export`: write an article's parallel text in one of the registered formats."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.interchange import exports

from .common import fail, find_article, sessions


@click.command("export")
@click.argument("article")
@click.option("--format", "fmt", required=True, type=click.Choice(exports.names()),
              help="Export format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write to this file (default: stdout).")
@click.option("--reviewed", type=click.Choice(exports.REVIEWED),
              help="only: just the sentences a person read; mark: all, the others marked.")
@with_appcontext
def export(article: str, fmt: str, output: str | None, reviewed: str | None) -> None:
    """Export ARTICLE's (id or slug) sentence pairs: TMX, XLIFF, TSV, CSV, JSONL, HTML or text."""
    with sessions()() as session:
        try:
            result = exports.export(find_article(session, article), fmt, reviewed)
        except exports.ExportError as exc:
            fail(str(exc))
    if output and output != "-":
        try:
            Path(output).write_bytes(result.data)
        except OSError as exc:
            fail(f"Cannot write {output}: {exc.strerror}")
        click.echo(f"Wrote {result.units} sentence pairs to {output} ({fmt}).", err=True)
    else:
        click.echo(result.data, nl=False)  # bytes go to the binary stdout unchanged
