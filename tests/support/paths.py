"""Where the tests find the repository, their fixtures and data, and the bundled article."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
DATA = TESTS / "data"
SEED = ROOT / "app" / "data" / "cecot-article.txt"
