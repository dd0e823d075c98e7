"""Terms: spans of a source sentence with a fixed rendering, and reports of whether outputs contain them.

Below the glossary, enforcement, localisation, the engines and the pipeline: it imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TERM_KINDS = ("translate", "keep")  # glossary kinds; localised numbers and dates are "number" | "date"


@dataclass(frozen=True)
class Term:
    """A span of a source sentence whose translation is fixed in advance.

    Glossary entries and locale-rendered numbers and dates both become Terms; engines must put
    `target` into the output verbatim (see app.spanish.enforce.agree for determiners).
    """

    start: int
    end: int
    source: str
    target: str
    kind: str = "translate"  # translate | keep | number | date
    entry_id: int | None = None
    gender: str | None = None  # m | f
    number: str | None = None  # sg | pl
    possessive: bool = False  # the source span is followed by 's / ' (dropped by the engine)


def present(target: str, output: str, times: int = 1) -> bool:
    """True if the rendering occurs in the output as whole words at least `times` times."""
    pattern = r"(?<!\w)" + re.escape(target.casefold()) + r"(?!\w)"
    return len(re.findall(pattern, output.casefold())) >= times


def report(terms: Sequence[Term], output: str) -> list[dict]:
    """For each term, whether its required Spanish appears in the output."""
    needed: dict[str, int] = {}
    out = []
    for t in terms:
        key = t.target.casefold()
        needed[key] = needed.get(key, 0) + 1
        out.append(
            {
                "entry": t.entry_id,
                "kind": t.kind,
                "source": t.source,
                "target": t.target,
                "start": t.start,
                "end": t.end,
                "status": "enforced" if present(t.target, output, needed[key]) else "missing",
            }
        )
    return out


def missing(terms: Sequence[Term], output: str) -> list[Term]:
    """The terms whose rendering the output lacks."""
    return [t for t, item in zip(terms, report(terms, output), strict=True) if item["status"] == "missing"]


def accuracy(reports: Iterable[Sequence[dict]], kinds: tuple[str, ...] = TERM_KINDS) -> tuple[int, int]:
    """Term exact-match accuracy (WMT21): (terms whose Spanish is present, terms matched)."""
    hits = total = 0
    for rep in reports:
        for item in rep:
            if item["kind"] in kinds:
                total += 1
                hits += item["status"] == "enforced"
    return hits, total


def spans(text: str, targets: Iterable[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, target) spans of the given renderings in a Spanish text.

    Matching is case-folded, but the offsets are into `text` itself: casefold() can change the
    length ("ß" -> "ss", "ﬁ" -> "fi"), so folded positions are mapped back character by character.
    """
    folded, origin = _fold_with_offsets(text)
    taken: list[tuple[int, int, str]] = []
    for target in sorted(set(targets), key=len, reverse=True):
        key = target.casefold()
        if not key:
            continue
        for m in re.finditer(re.escape(key), folded):
            fs, fe = m.start(), m.end()
            if fs > 0 and origin[fs] == origin[fs - 1]:
                continue  # starts inside the folding of one character
            if fe < len(folded) and origin[fe] == origin[fe - 1]:
                continue  # ends inside the folding of one character
            s, e = origin[fs], origin[fe - 1] + 1
            if any(s < te and ts < e for ts, te, _ in taken):
                continue
            if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                continue
            taken.append((s, e, target))
    return sorted(taken)


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """text.casefold(), and for each folded character the index of the character it came from."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    pieces, origin = [], []
    for i, ch in enumerate(text):
        f = ch.casefold()
        pieces.append(f)
        origin.extend([i] * len(f))
    return "".join(pieces), origin
