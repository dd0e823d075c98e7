"""The `paralelo` command: Flask's CLI (run, shell, routes) plus Paralelo's commands, loaded lazily.

A command's module is imported only when that command runs, and `paralelo --help` lists the commands
from COMMANDS without importing any of them or creating the app (tests/web/test_cli.py keeps each
summary equal to its command's own docstring).
"""

from __future__ import annotations

import importlib
import sys

import click
from flask.cli import FlaskGroup

# name -> (module:attribute, one-line summary shown by --help)
COMMANDS = {
    "articles": ("app.cli.articles:list_articles", "List stored articles."),
    "import": ("app.cli.articles:import_command",
               "Import an article from FILE (text, Markdown, HTML, a saved web page; - for stdin) or --url; "
               "translate it (and align it with an existing translation, given one)."),
    "translate": ("app.cli.articles:translate_command",
                  "Translate ARTICLE (id or slug) again from scratch; human post-edits are kept."),
    "resegment": ("app.cli.articles:resegment_command",
                  "Split ARTICLE (id or slug) again with "
                  "the current segmenter; unchanged sentences keep their translations."),
    "export": ("app.cli.export:export",
               "Export ARTICLE's (id or slug) sentence pairs: TMX, XLIFF, TSV, CSV, JSONL, HTML or text."),
    "glossary": ("app.cli.glossary:glossary_group", "List, add, import, export and check glossary entries."),
    "models": ("app.cli.models:models",
               "List and install Argos Translate packages (.argosmodel files or the package index)."),
    "tm": ("app.cli.tm:tm_group", "Import, export and bring back translations: the translation memory and OmegaT."),
    "users": ("app.cli.users:users", "Create, list, disable and enable editor and admin accounts."),
    "tokens": ("app.cli.users:tokens", "Create, list and revoke API tokens."),
    "worker": ("app.cli.worker:worker",
               "Run translation jobs until stopped; SIGTERM finishes the current chunk and hands the job back."),
    "i18n": ("app.cli.i18n:i18n", "Manage the interface's gettext catalogs (translations/)."),
}


def load(name: str) -> click.Command:
    """Import a Paralelo command's module and return the command."""
    module, attribute = COMMANDS[name][0].split(":")
    return getattr(importlib.import_module(module), attribute)


def _cli_app():
    from app import create_app

    # CLI commands run jobs themselves (with a progress bar); only `run` serves and starts workers.
    serving = len(sys.argv) > 1 and sys.argv[1] == "run"
    return create_app({"RUN_JOBS": serving})


class ParaleloGroup(FlaskGroup):
    """FlaskGroup whose own commands load on demand, and which never creates the app to list them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            return load(name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, summary) for name, (_path, summary) in COMMANDS.items()]
        rows += [(name, cmd.get_short_help_str()) for name, cmd in self.commands.items() if name not in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))


@click.group(cls=ParaleloGroup, create_app=_cli_app)
def main() -> None:
    """Paralelo: bilingual English/Spanish reader with an enforced legal glossary."""
