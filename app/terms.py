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
    `target` into the output verbatim (see app.enforce.agree for determiners).
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
