"""The `paralelo` command: import, translate, glossary, articles; bad input exits 2."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Article
from tests.support.app import make_app


@pytest.fixture
def cli_app(tmp_path, fake_engine):
    return make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False)


def invoke(app, *args, input=None):
    return app.test_cli_runner().invoke(main, list(args), input=input)


def test_import_translates_with_progress(cli_app, tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, "utf-8")
    result = invoke(cli_app, "import", str(path), "--target-lang", "es")
    assert result.exit_code == 0, result.output
    assert "37 sentences" in result.output and "Translating" in result.output
    with cli_app.extensions["paralelo.db"]() as session:
        article = session.scalars(select(Article)).one()
    assert article.status == "ready" and article.target_lang == "es"
    listing = invoke(cli_app, "articles")
    assert article.slug in listing.output and "ready" in listing.output
    check = invoke(cli_app, "glossary", "check", article.slug)
    assert check.exit_code == 0 and "Term accuracy:" in check.output and "= 100.0%" in check.output


def test_import_from_stdin_and_translate_again(cli_app, fake_engine):
    assert invoke(cli_app, "import", "-", input="A title\n\nThe federal judge spoke.").exit_code == 0
    before = fake_engine.translated
    result = invoke(cli_app, "translate", "1")
    assert result.exit_code == 0 and "Translated 2 sentences" in result.output
    assert fake_engine.translated > before


@pytest.mark.parametrize(
    "args, message",
    [
        (["import", "/nonexistent/file.txt"], "Cannot read"),
        (["translate", "99"], "No article '99'"),
        (["translate", "1", "--engine", "google"], "Invalid value"),
        (["glossary", "check", "nope"], "No article 'nope'"),
        (["glossary", "add", "", "x"], "must not be empty"),
        (["glossary", "import", "/nonexistent.tsv"], "does not exist"),
    ],
)
def test_bad_input_exits_2(cli_app, args, message):
    result = invoke(cli_app, *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_empty_and_binary_imports_exit_2(cli_app, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\xff")
    for path, message in ((empty, "empty"), (binary, "binary")):
        result = invoke(cli_app, "import", str(path))
        assert result.exit_code == 2 and message in result.output


def test_glossary_commands(cli_app, tmp_path):
    assert invoke(cli_app, "import", "-", input="T\n\nThe prison yard was empty.").exit_code == 0
    added = invoke(cli_app, "glossary", "add", "prison yard", "patio de la cárcel", "--gender", "m")
    assert added.exit_code == 0 and "Re-translated 1 affected sentences" in added.output
    assert "patio de la cárcel" in invoke(cli_app, "glossary", "list", "--domain", "general").output
    out = tmp_path / "g.tbx"
    assert invoke(cli_app, "glossary", "export", "--format", "tbx", "-o", str(out)).exit_code == 0
    assert b"patio de la c\xc3\xa1rcel" in out.read_bytes()
    tsv = tmp_path / "in.tsv"
    tsv.write_text("warden\talcaide\nbroken\n", "utf-8")
    result = invoke(cli_app, "glossary", "import", str(tsv))
    assert result.exit_code == 0 and "line 2" in result.output and "skipped" in result.output
    refresh = invoke(cli_app, "glossary", "update-bundled")
    assert refresh.exit_code == 0 and "0 added" in refresh.output


def test_help_lists_every_command_with_its_own_summary_without_building_the_app(tmp_path):
    import subprocess
    import sys

    from app.cli import COMMANDS, load
    from tests.support.paths import ROOT

    for name, (_path, summary) in COMMANDS.items():
        assert load(name).get_short_help_str(limit=300) == summary, name
    code = ("import sys; sys.argv = ['paralelo', '--help']\nfrom app.cli import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'app.web') if m in sys.modules))")
    env = {"PATH": "/usr/bin:/bin", "PARALELO_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert "glossary" in out.stdout and "worker" in out.stdout
    assert out.stdout.strip().endswith("[]")  # neither the database layer nor the web app was imported
    assert not (tmp_path / "data").exists()  # and no database was made


def test_create_app_on_a_current_database_skips_alembic(tmp_path):
    import subprocess
    import sys

    from tests.support.paths import ROOT

    code = ("import sys\nfrom app import create_app\ncreate_app({'RUN_JOBS': False, 'SEED_ON_START': False})\n"
            "print('alembic' in sys.modules)")
    env = {"PATH": "/usr/bin:/bin", "PARALELO_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert first.stdout.strip() == "True" and again.stdout.strip() == "False", (first.stderr, again.stderr)
