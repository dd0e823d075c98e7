"""`paralelo tm`: the translation memory (TMX import and export) and OmegaT round trips."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.config import TARGET_LOCALES
from app.core.models import utcnow
from app.interchange import omegat_import, tmx_memory
from app.translation import memory
from app.version import __version__

from .common import fail, find_article, sessions


@click.group("tm")
def tm_group() -> None:
    """Import, export and bring back translations: the translation memory and OmegaT."""


def _read(file: str) -> bytes:

    try:
        return sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        fail(f"Cannot read {file}: {exc.strerror}")


@tm_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--locale", type=click.Choice(TARGET_LOCALES), default=None,
              help="Store the units as this Spanish variant (default: the TMX's own language code).")
@click.option("--verbose", "-v", is_flag=True, help="One line per unit.")
@with_appcontext
def tm_import(file: str, locale: str | None, verbose: bool) -> None:
    """Add the English -> Spanish units of a TMX FILE (OmegaT, Trados, memoQ...) to the memory."""

    data = _read(file)
    with sessions()() as session:
        try:
            report = tmx_memory.import_tmx(session, data, who="cli", locale=locale)
        except tmx_memory.TMXError as exc:
            fail(str(exc))
        session.commit()
    for unit in report.units:
        if verbose or unit["status"] == "skipped":
            reason = f": {unit['reason']}" if unit.get("reason") else ""
            click.echo(f"unit {unit['unit']} ({unit['tuid'] or '-'}) {unit['status']}{reason}", err=True)
    click.echo(report.summary())


@tm_group.command("export")
@click.option("--locale", type=click.Choice(TARGET_LOCALES), default=None, help="Only this variant.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Default: stdout.")
@with_appcontext
def tm_export(locale: str | None, output: str | None) -> None:
    """Write the translation memory as TMX 1.4b."""

    with sessions()() as session:
        units = memory.all_units(session, locale)
        data = tmx_memory.write(units, utcnow(), __version__)
    if output and output != "-":
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            fail(f"Cannot write {output}: {exc.strerror}")
        click.echo(f"Wrote {len(units)} units to {output}.", err=True)
    else:
        click.echo(data, nl=False)


@tm_group.command("import-omegat")
@click.argument("article")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--who", default="cli", help="Translator recorded as the author.")
@with_appcontext
def tm_import_omegat(article: str, file: str, who: str) -> None:
    """Bring back ARTICLE's translation from OmegaT: its target/<slug>.txt or omegat/project_save.tmx."""

    data = _read(file)
    with sessions()() as session:
        art = find_article(session, article)
        try:
            report = omegat_import.import_file(session, art, data, who)
        except (omegat_import.RoundTripError, tmx_memory.TMXError) as exc:
            fail(str(exc))
        session.commit()
    for conflict in report.conflicts:
        click.echo(f"conflict {conflict['key']}: kept the post-edit by {conflict['author']} "
                   f"({conflict['edited_at']}); OmegaT has: {conflict['omegat']}", err=True)
    click.echo(report.summary())
