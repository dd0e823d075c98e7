"""A translation far shorter or longer than its original, measured against the article's own sentences.

Each sentence's length ratio, log((len(target) + 10) / (len(source) + 10)), is compared with the
median of the article's current translations by a robust z-score (median absolute deviation). A
sentence is flagged when it is more than THRESHOLD deviations away and at least MIN_GAP away in
plain terms (about 30% longer or shorter than the article's usual ratio): a truncated output, a
dropped clause, a hallucinated one. With fewer than MIN_SENTENCES sentences the prior (measured on
the professional translations of bench/data/news) stands in for the article.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.messages import N_
from app.core.states import Severity

from .base import Issue

NAME = "length"
THRESHOLD = 4.0
MIN_GAP = 0.3  # in log units
MIN_SPREAD = 0.06  # the deviation never counts as smaller than this
MIN_SENTENCES = 8
PRIOR_MEDIAN, PRIOR_SPREAD = 0.15, 0.07


def ratio(source_length: int, target_length: int) -> float:
    """The log length ratio of a sentence pair."""
    return math.log((target_length + 10) / (source_length + 10))


@dataclass(frozen=True)
class Model:
    """An article's usual length ratio and its spread."""

    median: float = PRIOR_MEDIAN
    spread: float = PRIOR_SPREAD

    @classmethod
    def of(cls, lengths: Iterable[tuple[int, int]]) -> Model:
        """The model of (source length, target length) pairs; the prior when there are too few."""
        ratios = [ratio(s, t) for s, t in lengths if s > 0 and t > 0]
        if len(ratios) < MIN_SENTENCES:
            return cls()
        median = statistics.median(ratios)
        spread = statistics.median(abs(r - median) for r in ratios)
        return cls(median, max(spread, MIN_SPREAD))

    def check(self, source: str, target: str) -> list[Issue]:
        """A warning if the pair's ratio is far from the article's."""
        if not source.strip() or not target.strip():
            return []
        gap = ratio(len(source), len(target)) - self.median
        if abs(gap) < MIN_GAP or 0.6745 * abs(gap) / self.spread < THRESHOLD:
            return []
        if gap < 0:
            return [Issue(NAME, Severity.WARNING, N_("Much shorter than the original (something may be missing)."))]
        return [Issue(NAME, Severity.WARNING, N_("Much longer than the original (something may have been added)."))]
