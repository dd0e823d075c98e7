"""Skip (or, in CI, fail) tests that need Apertium's English tagger when it is missing."""

from __future__ import annotations

import pytest

from app.english import tagger
from tests.support.app import REQUIRE_ENGINES


@pytest.fixture
def english_tagger() -> None:
    if not tagger.available():
        if REQUIRE_ENGINES:
            pytest.fail("lt-proc, apertium-tagger and apertium-eng-spa are not installed")
        pytest.skip("lt-proc, apertium-tagger and apertium-eng-spa are not installed")
