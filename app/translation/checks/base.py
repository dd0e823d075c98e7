"""What every quality check shares: the sentence pair it looks at and the issue it reports."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from app.core.states import Severity

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Issue:
    """One failed check: its name, how bad it is, and an English message template with its values."""

    check: str
    severity: Severity
    template: str  # marked with N_ where it is written; translated where it is shown
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"check": self.check, "severity": str(self.severity), "template": self.template,
                "params": dict(self.params)}


@dataclass
class Pair:
    """A sentence and one translation of it, with what the pipeline knows about that translation."""

    source: str
    target: str
    terms: list[dict] = field(default_factory=list)  # the term report (app.core.terms.report)
    unknown: list[str] | None = None  # source words the engine did not know; None: the engine does not say
    origin: str = "machine"
    spanish_unknown: set[str] = field(default_factory=set)  # target words the Spanish analyser lacks (folded)
    names: list[str] | None = None  # source words that are names (app.english.names); None: not known
    # a capitalised first word the tagger took for a name but which is an ordinary English word ("Young")
    common_initial: set[str] = field(default_factory=set)

    def term_spans(self) -> list[tuple[int, int]]:
        """Where the glossary's renderings stand in the target (its words are the glossary's, not the engine's)."""
        spans = []
        folded = self.target.casefold()
        for item in self.terms:
            if item.get("status") != "enforced" or not item.get("target"):
                continue
            for m in re.finditer(re.escape(item["target"].casefold()), folded):
                spans.append((m.start(), m.end()))
        return spans

    def source_term_spans(self) -> list[tuple[int, int]]:
        return [(int(t["start"]), int(t["end"])) for t in self.terms if "start" in t and "end" in t]


@functools.lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """Case and accents folded: 'Míchigan' and 'michigan' compare equal."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)
