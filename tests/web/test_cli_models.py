"""`paralelo models list|install`: offline files, an index on 127.0.0.1, exit 2 on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.translation.engines import pick
from app.translation.engines.argos_packages import list_installed
from tests.support.app import make_app


@pytest.fixture
def cli_app(tmp_path):
    """An app with the real engines; its Argos packages folder is under tmp_path."""
    app = make_app(tmp_path, RUN_JOBS=False)
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def invoke(app, *args):
    return app.test_cli_runner().invoke(main, list(args))


def packages(app) -> Path:
    return Path(app.config["ARGOS_PACKAGES_DIR"])


def test_install_file_then_list(cli_app, argos_files, unreachable_index):
    result = invoke(cli_app, "models", "install", "--file", str(argos_files["random"]))
    assert result.exit_code == 0, result.output
    assert "Installed translate-en_es 1.0 (en -> es)" in result.output
    assert [p["version"] for p in list_installed(packages(cli_app))] == ["1.0"]
    assert pick(cli_app.extensions["paralelo.engines"], "auto").name == "argos"

    listing = invoke(cli_app, "models", "list")
    assert listing.exit_code == 0, listing.output
    assert "translate-en_es\ten -> es\t1.0" in listing.output
    assert "unreachable" in listing.output  # said, not failed


def test_install_newer_file_replaces(cli_app, argos_files, unreachable_index):
    assert invoke(cli_app, "models", "install", "--file", str(argos_files["random"])).exit_code == 0
    result = invoke(cli_app, "models", "install", "en", "es", "--file", str(argos_files["newer"]))
    assert result.exit_code == 0, result.output
    assert "Installed translate-en_es 1.1" in result.output
    assert "Replaced translate-en_es-1_0 1.0" in result.output
    assert [p["version"] for p in list_installed(packages(cli_app))] == ["1.1"]


def test_install_from_the_index(cli_app, package_index):
    listing = invoke(cli_app, "models", "list")
    assert listing.exit_code == 0, listing.output
    assert "(none)" in listing.output and "Available from the package index:" in listing.output
    assert "translate-en_fr\ten -> fr\t1.0" in listing.output

    result = invoke(cli_app, "models", "install", "en", "es")
    assert result.exit_code == 0, result.output
    assert "Installed translate-en_es 1.0 (en -> es)" in result.output
    assert [p["name"] for p in list_installed(packages(cli_app))] == ["translate-en_es"]
    # the download was removed once installed
    downloads = packages(cli_app).parent / "argos-home" / "cache" / "argos-translate" / "downloads"
    assert list(downloads.iterdir()) == []

    listing = invoke(cli_app, "models", "list")
    assert "translate-en_es\ten -> es\t1.0\t(installed)" in listing.output


def test_a_pair_the_index_lacks_exits_2(cli_app, package_index):
    result = invoke(cli_app, "models", "install", "en", "de")
    assert result.exit_code == 2
    assert "has no en -> de package" in result.output
    assert list_installed(packages(cli_app)) == []


def test_unreachable_index_exits_2(cli_app, unreachable_index):
    result = invoke(cli_app, "models", "install", "en", "es")
    assert result.exit_code == 2
    assert "unreachable" in result.output and unreachable_index in result.output
    assert "--file" in result.output  # says what to do offline
    assert list_installed(packages(cli_app)) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["models", "install"], "Give a language pair"),
        (["models", "install", "en"], "Give both languages"),
        (["models", "install", "--file", "/nonexistent/x.argosmodel"], "No such file"),
    ],
)
def test_bad_arguments_exit_2(cli_app, args, message):
    result = invoke(cli_app, *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["corrupt", "wrong pair"])
def test_bad_file_exits_2_and_installs_nothing(cli_app, tmp_path, argos_files, kind):
    if kind == "corrupt":
        path = tmp_path / "broken.argosmodel"
        path.write_bytes(argos_files["random"].read_bytes()[:5000])
        message = "not an Argos package"
    else:
        path, message = argos_files["fr"], "translates en -> fr, not en -> es"
    result = invoke(cli_app, "models", "install", "--file", str(path))
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output
    assert list_installed(packages(cli_app)) == []
