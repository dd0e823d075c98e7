"""Skip (or, in CI, fail) tests that need Apertium's Spanish morphology when lt-proc is missing."""

from __future__ import annotations

import pytest

from app.spanish import morphology
from tests.support.app import REQUIRE_ENGINES


@pytest.fixture
def lt_proc() -> None:
    if not morphology.available():
        if REQUIRE_ENGINES:
            pytest.fail("lt-proc and apertium-eng-spa are not installed")
        pytest.skip("lt-proc and apertium-eng-spa are not installed")
