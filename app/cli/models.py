"""`paralelo models`: list and install Argos Translate packages."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.translation.engines import EngineError
from app.translation.engines import argos_packages as argos


def _packages_dir() -> str:
    return current_app.config["ARGOS_PACKAGES_DIR"]


def _line(pkg: dict) -> str:
    return f"  {pkg['name']}\t{pkg['from_code']} -> {pkg['to_code']}\t{pkg['version']}"


@click.group("models")
def models() -> None:
    """List and install Argos Translate packages (.argosmodel files or the package index)."""


@models.command("list")
@with_appcontext
def list_command() -> None:
    """Installed packages, and the ones the package index offers when it is reachable."""
    folder = _packages_dir()
    installed = argos.list_installed(folder)
    click.echo(f"Installed in {folder}:")
    for pkg in installed:
        click.echo(_line(pkg))
    if not installed:
        click.echo(f"  (none) Install one: {argos.INSTALL_HINT}")
    try:
        offered = argos.list_available(folder)
    except EngineError as exc:
        click.echo(f"Package index: {exc}")  # listing what is installed still worked
        return
    have = {(p["name"], p["version"]) for p in installed}
    click.echo("Available from the package index:")
    for pkg in offered:
        mark = "\t(installed)" if (pkg["name"], pkg["version"]) in have else ""
        click.echo(_line(pkg) + mark)


@models.command("install")
@click.argument("from_code", required=False)
@click.argument("to_code", required=False)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False),
    help="Install a downloaded .argosmodel file instead of fetching one (works offline).",
)
@with_appcontext
def install_command(from_code: str | None, to_code: str | None, file: str | None) -> None:
    """Install the FROM_CODE -> TO_CODE package (e.g. `en es`) from the index, or --file."""
    if bool(from_code) != bool(to_code):
        raise click.UsageError("Give both languages, e.g. `paralelo models install en es`.")
    if not file and not from_code:
        raise click.UsageError(
            "Give a language pair (paralelo models install en es) "
            "or a file (paralelo models install --file translate-en_es.argosmodel)."
        )
    pair = (from_code, to_code) if from_code else ((None, None) if file else (argos.FROM_CODE, argos.TO_CODE))
    folder = _packages_dir()
    try:
        if file:
            click.echo(f"Checking and installing {file} ...", err=True)
            pkg = argos.install_file(folder, file, *pair)
        else:
            click.echo(f"Fetching the {pair[0]} -> {pair[1]} package from the index ...", err=True)
            pkg = argos.install_from_index(folder, *pair)
    except EngineError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Installed {pkg['name']} {pkg['version']} ({pkg['from_code']} -> {pkg['to_code']})")
    for old in pkg["replaced"]:
        click.echo(f"Replaced {old}")
