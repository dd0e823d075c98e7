"""The docs stay in step with the code: every setting documented, no made-up variable, no broken link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from app import config

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]

# Read outside app/config.py: by argostranslate's package index, not with a PARALELO_ name.
OUTSIDE_CONFIG = {"ARGOS_PACKAGE_INDEX"}
# Read by from_env besides DEFAULTS.
COMPUTED = ("DATA_DIR", "DATABASE_URL", "SECRET_KEY", "ARGOS_PACKAGES_DIR")
# Read by the test suite and its scripts, not by the app.
TEST_ONLY = {
    "PARALELO_REQUIRE_ENGINES", "PARALELO_REQUIRE_POSTGRES", "PARALELO_TEST_POSTGRES_URL",
    "PARALELO_KEEP_POSTGRES", "PARALELO_SCREENSHOT", "PARALELO_FUZZ_SCALE", "PARALELO_LIBRETRANSLATE_VENV",
}

LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
VARIABLE = re.compile(r"\bPARALELO_[A-Z][A-Z0-9_]*")


def settings() -> set[str]:
    """Every environment variable the app reads for a setting."""
    keys = [k for k in config.DEFAULTS if k not in config.INTERNAL] + list(COMPUTED)
    return {config.variable(k) for k in keys} | OUTSIDE_CONFIG


def test_every_setting_is_in_the_configuration_table():
    text = (DOCS / "configuration.md").read_text("utf-8")
    missing = sorted(name for name in settings() if f"`{name}`" not in text)
    assert not missing, f"docs/configuration.md does not list: {', '.join(missing)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_variable_named_in_the_docs_exists(page):
    named = set(VARIABLE.findall(page.read_text("utf-8")))
    unknown = sorted(named - settings() - TEST_ONLY)
    assert not unknown, f"{page.name} names variables the app does not read: {', '.join(unknown)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_points_to_a_file(page):
    broken = []
    for target in LINK.findall(page.read_text("utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a web address, mailto:, or a heading on the same page
        path = unquote(target.split("#", 1)[0])
        if not (page.parent / path).exists():
            broken.append(target)
    assert not broken, f"{page.name} links to missing files: {', '.join(broken)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_to_headings_find_them(page):
    """A link to page.md#some-heading (or #some-heading on the same page) names a heading that exists."""
    broken = []
    for target in LINK.findall(page.read_text("utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or "#" not in target:
            continue
        path, anchor = target.split("#", 1)
        linked = (page.parent / unquote(path)) if path else page
        if linked.suffix == ".md" and linked.exists() and anchor not in anchors(linked):
            broken.append(target)
    assert not broken, f"{page.name} links to missing headings: {', '.join(broken)}"


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for a Markdown page's headings."""
    found = set()
    for line in page.read_text("utf-8").splitlines():
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            text = re.sub(r"[`*_]", "", heading.group(1)).strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def test_readme_stays_short():
    assert len((ROOT / "README.md").read_text("utf-8").splitlines()) <= 160
