"""Sentence alignment of an article with an existing translation: 1-1, 1-2, 2-1, 1-0 and 0-1 units.

Dynamic programming over both sentence lists, in document order, as Gale and Church (1993) do, with
the machine translation of each source sentence as a bridge, as Bleualign (Sennrich and Volk 2010)
does: a unit scores by how much the machine translation of its source sentences looks like its target
sentences (chrF, a character n-gram F-score, which survives an engine's word choices, inflections and
names), minus Gale-Church's length cost (the target's length against the source's, at the document's
own ratio) and a cost per kind of unit. A sentence with no counterpart (1-0, 0-1) costs a fixed amount,
plus more when joining it to the neighbouring pair would make that pair resemble better (a merge missed
otherwise), so it is chosen only where nothing resembles it; one beside a lone sentence of the other side
costs more again, since a loose translation is likelier than a replaced sentence. The search stays in a
band around the diagonal, so a long article costs time in proportion to its length.

No maintained aligner fitted (bench/README.md, "Aligning an existing translation"): `pypi-bleualign` was
last released in 2016, `lingtrain-aligner` and `vecalign`-style tools need sentence embeddings (torch),
`galechurch` scores lengths only, and hunalign wants a bilingual dictionary file and a second process per
article. The constants below were set on a development set built from other texts than the measured
pairs (bench/align.py --dev).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Unit shapes (source sentences, target sentences) and their costs (-log of how often each occurs in
# news editions; Gale and Church's priors, with merges made likelier: agencies' rewrites merge often).
SHAPES = {(1, 1): 0.0, (1, 2): 0.4, (2, 1): 0.4, (1, 0): 0.0, (0, 1): 0.0}
SKIP_COST = 0.0  # a sentence with no counterpart (in score units: about a weak match's worth)
# ...plus this much of how far it resembles a neighbour's counterpart above its background: a sentence
# whose content is in the next sentence's translation was more likely merged into it than dropped.
SKIP_WEIGHT = 2.0
# ...and this much of how far it raises a neighbouring pair's similarity when joined to it: a sentence
# that makes the pair next to it resemble more was merged there (a 2-1 or 1-2), not dropped.
MERGE_WEIGHT = 4.0
# A sentence with no counterpart next to one with none on the other side (1-0 beside 0-1) costs this much
# more: human translators rarely replace a sentence by an unrelated one, but often translate loosely, and
# a loose 1-1 scores little above its background. Set on the development sets (bench/README.md).
REPLACE_COST = 0.1
LENGTH_WEIGHT = 0.1  # Gale-Church's length cost, in score units per nat
SIMILARITY_WEIGHT = 2.0
MARGIN = 0.1  # how far above its sentences' background (see _Scorer) a unit must score to gain
WINDOW = 6  # sentences on each side of a sentence's place that make its background
VARIANCE = 6.8  # Gale and Church's variance of target characters per source character
NGRAM = 4  # chrF's longest character n-gram
BAND = 12  # how far from the diagonal (in sentences, beyond the length difference) the search goes
LOW_CONFIDENCE = 0.5  # below this a pair is shown as uncertain


@dataclass(frozen=True)
class Unit:
    """Source sentence indices, target sentence indices (either may be empty) and a confidence in [0, 1]."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        """ "1-1", "1-2", "2-1", "1-0" or "0-1"."""
        return f"{len(self.source)}-{len(self.target)}"


def align(sources: Sequence[str], targets: Sequence[str], bridge: Sequence[str], titles: bool = False,
          back: Sequence[str] | None = None) -> list[Unit]:
    """Align source sentences with target sentences; `bridge` holds each source sentence's machine
    translation into the target language (same length as `sources`), `back` (optional) each target
    sentence's machine translation into the source language: similarity is then measured both ways and
    averaged, as Bleualign can. With `titles`, the first sentence of each side (both editions' headline)
    is a 1-1 unit whatever it scores."""
    if len(bridge) != len(sources) or (back is not None and len(back) != len(targets)):
        raise ValueError(f"{len(bridge)} bridge sentences for {len(sources)} sources")
    n, m = len(sources), len(targets)
    if not n or not m:
        return [Unit((i,), (), 0.0) for i in range(n)] + [Unit((), (j,), 0.0) for j in range(m)]
    ratio = (sum(map(len, targets)) or 1) / (sum(map(len, sources)) or 1)
    scorer = _Scorer(sources, targets, bridge, ratio, back)
    band = BAND + abs(n - m)
    best: dict[tuple[int, int], tuple] = {(0, 0): (0.0, None, None)}  # cell -> (score, previous cell, step)
    if titles:
        best = {(1, 1): (0.0, (0, 0), (1, 1)), (0, 0): (0.0, None, None)}
    for i in range(n + 1):
        centre = i * m / n
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band) + 1):
            if (i, j) == (0, 0) or (titles and (i, j) == (1, 1)):
                continue
            choice = None
            for (di, dj), shape_cost in SHAPES.items():
                prev = best.get((i - di, j - dj))
                if prev is None or (titles and (i - di == 0 or j - dj == 0)):
                    continue
                score = prev[0] + scorer.gain(i - di, i, j - dj, j) - shape_cost
                if di + dj == 1 and prev[2] == (dj, di):  # a 1-0 after a 0-1 or the reverse: a replacement
                    score -= REPLACE_COST
                if choice is None or score > choice[0]:
                    choice = (score, (i - di, j - dj), (di, dj))
            if choice is not None:
                best[(i, j)] = choice
    if (n, m) not in best:  # cannot happen with the band widened by the length difference; be safe
        raise ValueError("no alignment path")
    units = []
    cell = (n, m)
    while cell != (0, 0):
        _score, prev, (di, dj) = best[cell]
        i0, j0 = prev
        confidence = scorer.confidence(i0, cell[0], j0, cell[1])
        units.append(Unit(tuple(range(i0, cell[0])), tuple(range(j0, cell[1])), confidence))
        cell = prev
    return units[::-1]


class _Scorer:
    """Scores of candidate units, from chrF between bridge and target text and Gale-Church lengths."""

    def __init__(self, sources: Sequence[str], targets: Sequence[str], bridge: Sequence[str], ratio: float,
                 back: Sequence[str] | None = None):
        self.sources, self.targets, self.bridge, self.ratio, self.back = sources, targets, bridge, ratio, back
        self._similarity: dict[tuple[int, int, int, int], float] = {}
        n, m = len(sources), len(targets)
        # Each sentence's background: how much it resembles the other side's sentences around its place
        # (names and topic words recur in an article). A unit is scored above its sentences' backgrounds,
        # as Vecalign normalises its costs, so a sentence that resembles everything gains no edge.
        self.source_background = [
            _mean([self._pair(i, j) for j in _window(i * m / n, m)]) for i in range(n)
        ]
        self.target_background = [
            _mean([self._pair(i, j) for i in _window(j * n / m, n)]) for j in range(m)
        ]

    def _pair(self, i: int, j: int) -> float:
        return self.similarity(i, i + 1, j, j + 1)

    def similarity(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """chrF between the unit's bridge text and its target text (and, with a back translation, between
        the source and the target's back translation: the mean), cached per unit."""
        key = (i0, i1, j0, j1)
        found = self._similarity.get(key)
        if found is None:
            found = chrf(" ".join(self.bridge[i0:i1]), " ".join(self.targets[j0:j1]))
            if self.back is not None:
                found = (found + chrf(" ".join(self.sources[i0:i1]), " ".join(self.back[j0:j1]))) / 2
            self._similarity[key] = found
        return found

    def gain(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """What a unit adds to the path's score (higher is better)."""
        if i0 == i1 or j0 == j1:  # no counterpart: it forfeits what it resembles next to it
            background = self.source_background[i0] if i0 < i1 else self.target_background[j0]
            near = self._nearest(i0, i1, j0, j1) - background - MARGIN
            return (-SKIP_COST - SKIP_WEIGHT * max(0.0, near)
                    - MERGE_WEIGHT * max(0.0, self._joined_gain(i0, i1, j0, j1)))
        source_chars = sum(len(s) for s in self.sources[i0:i1])
        target_chars = sum(len(t) for t in self.targets[j0:j1])
        size = (i1 - i0) + (j1 - j0)
        background = (_mean(self.source_background[i0:i1]) + _mean(self.target_background[j0:j1])) / 2
        return (SIMILARITY_WEIGHT * (self.similarity(i0, i1, j0, j1) - background - MARGIN) * size / 2
                - LENGTH_WEIGHT * length_cost(source_chars, target_chars, self.ratio))

    def confidence(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """How sure the unit is, in [0, 1]: its similarity against what its sentences resemble nearby."""
        if i0 == i1 or j0 == j1:  # no counterpart: sure when nothing near looks like it
            near = self._nearest(i0, i1, j0, j1)
            return round(max(0.0, min(1.0, 1.0 - (near - 0.15) / 0.25)), 3)
        return round(max(0.0, min(1.0, (self.similarity(i0, i1, j0, j1) - 0.12) / 0.23)), 3)

    def _joined_gain(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """How much a lone sentence raises the similarity of the 1-1 pair before or after its place when
        joined to it, where the joined unit would gain on its own (the most of the two; 0 when none)."""
        n, m = len(self.sources), len(self.targets)
        if i0 == i1:  # target j0 alone, between sources i0 - 1 and i0
            joins = [((i0 - 1, i0, j0 - 1, j1), (i0 - 1, j0 - 1))] if i0 > 0 and j0 > 0 else []
            joins += [((i0, i0 + 1, j0, j1 + 1), (i0, j1))] if i0 < n and j1 < m else []
        else:  # source i0 alone, between targets j0 - 1 and j0
            joins = [((i0 - 1, i1, j0 - 1, j0), (i0 - 1, j0 - 1))] if i0 > 0 and j0 > 0 else []
            joins += [((i0, i1 + 1, j0, j0 + 1), (i1, j0))] if i1 < n and j0 < m else []
        return max([self.similarity(*unit) - self._pair(*pair) for unit, pair in joins
                    if self.gain(*unit) > 0], default=0.0)

    def _nearest(self, i0: int, i1: int, j0: int, j1: int) -> float:
        if i0 == i1:  # a target sentence alone: the bridge sentences around it
            lo, hi = max(0, i0 - 2), min(len(self.sources), i0 + 2)
            return max((self._pair(i, j0) for i in range(lo, hi)), default=0.0)
        lo, hi = max(0, j0 - 2), min(len(self.targets), j0 + 2)
        return max((self._pair(i0, j) for j in range(lo, hi)), default=0.0)


def _window(centre: float, size: int) -> range:
    """The indices within WINDOW of a position, inside [0, size)."""
    c = int(round(centre))
    return range(max(0, c - WINDOW), min(size, c + WINDOW + 1))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def length_cost(source_chars: int, target_chars: int, ratio: float) -> float:
    """Gale and Church's cost of a target length for a source length: -log P(|delta|)."""
    mean = (source_chars + target_chars / ratio) / 2
    delta = (target_chars - source_chars * ratio) / math.sqrt(max(mean, 1) * VARIANCE)
    probability = 2 * (1 - _normal_cdf(abs(delta)))
    return -math.log(max(probability, 1e-12))


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def chrf(hypothesis: str, reference: str, beta: float = 1.0) -> float:
    """chrF (Popović 2015): F-score of character n-grams (1..NGRAM) of two texts, spaces ignored, in [0, 1]."""
    hyp, ref = _grams(hypothesis), _grams(reference)
    precisions, recalls = [], []
    for n in range(NGRAM):
        h, r = hyp[n], ref[n]
        if not h or not r:
            continue
        common = sum((h & r).values())
        precisions.append(common / sum(h.values()))
        recalls.append(common / sum(r.values()))
    if not precisions:
        return 0.0
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p + r == 0:
        return 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r)


@lru_cache(maxsize=4096)
def _grams(text: str) -> tuple[Counter, ...]:
    """Character n-gram counts (1..NGRAM) of a text, lower-cased, accents and spaces taken out."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    plain = "".join(plain.split())
    return tuple(Counter(plain[k : k + n] for k in range(len(plain) - n + 1)) for n in range(1, NGRAM + 1))
