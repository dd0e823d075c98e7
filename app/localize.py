"""Locale-aware numbers and dates for the Spanish output (filled in by the locale issue)."""

from __future__ import annotations

from .engines.base import Term


def terms(text: str, target_lang: str) -> list[Term]:
    """Numbers, amounts and dates in the English text, rendered for the target locale."""
    return []
