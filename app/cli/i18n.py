"""`paralelo i18n extract|update|compile|init`: pybabel wrapped for the interface catalogs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError

from app.version import __version__

# The catalogs are edited in a checkout: babel.cfg, templates/ and translations/ sit next to app/.
ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "translations"
TEMPLATE = CATALOGS / "messages.pot"
# Babel's defaults (_, gettext, ngettext, N_, ...) plus Flask-Babel's lazy forms.
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2")


def _checkout() -> Path:
    """The project root, or exit 2 when this is an installed copy without the sources."""
    if not (ROOT / "babel.cfg").is_file():
        raise click.UsageError(f"No babel.cfg in {ROOT}: the i18n commands need a source checkout.")
    return ROOT


def pybabel(*args: str, quiet: bool = False) -> None:
    """Run pybabel from this environment in the project root; exit 2 if it fails."""
    # Like the pybabel script: `python -m babel.messages.frontend` would drop the exit status.
    main = "import sys; from babel.messages.frontend import main; sys.exit(main())"
    command = [sys.executable, "-c", main, *(["-q"] if quiet else []), *args]
    done = subprocess.run(command, cwd=_checkout(), capture_output=quiet, text=True)
    if done.returncode != 0:
        detail = f":\n{done.stderr.strip()}" if quiet and done.stderr else " (see above)."
        raise click.UsageError(f"pybabel {args[0]} failed{detail}")


def extract_to(output: Path, quiet: bool = False) -> None:
    """Write the template of every interface string (Python and templates) to output."""
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    pybabel("extract", "-F", "babel.cfg", *keywords, "--add-comments=TRANSLATORS:",
            "--project=Paralelo", f"--version={__version__}", "-o", str(output), ".", quiet=quiet)


@click.group("i18n")
def i18n() -> None:
    """Manage the interface's gettext catalogs (translations/)."""


@i18n.command("extract")
def extract() -> None:
    """Collect the interface strings into translations/messages.pot."""
    extract_to(TEMPLATE)


@i18n.command("update")
def update() -> None:
    """Merge messages.pot into every language's .po (new strings come in untranslated)."""
    if not TEMPLATE.is_file():
        raise click.UsageError(f"{TEMPLATE} is missing; run `paralelo i18n extract` first.")
    # No fuzzy matching: a guessed translation of a similar string is worse than an empty one.
    pybabel("update", "-i", str(TEMPLATE), "-d", str(CATALOGS), "--no-fuzzy-matching")


@i18n.command("compile")
def compile_catalogs() -> None:
    """Compile every .po into the .mo files the app reads."""
    pybabel("compile", "-d", str(CATALOGS), "--statistics")


@i18n.command("init")
@click.argument("lang")
def init(lang: str) -> None:
    """Start a catalog for a new interface language LANG (e.g. pt_BR) from messages.pot."""
    try:
        Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise click.UsageError(f"Unknown language {lang!r}: {exc}") from exc
    lang = lang.replace("-", "_")
    if (CATALOGS / lang / "LC_MESSAGES" / "messages.po").exists():
        raise click.UsageError(f"A catalog for {lang} already exists; use `paralelo i18n update`.")
    if not TEMPLATE.is_file():
        raise click.UsageError(f"{TEMPLATE} is missing; run `paralelo i18n extract` first.")
    pybabel("init", "-i", str(TEMPLATE), "-d", str(CATALOGS), "-l", lang)
