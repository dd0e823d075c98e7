"""The one small interface every translation engine implements."""

from __future__ import annotations

import copy
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from app.core.messages import N_, UserError
from app.core.terms import Term

Progress = Callable[[int, int], None]  # (sentences done, sentences total)


_pairs_lock = threading.Lock()


class EngineError(UserError, RuntimeError):
    """An engine failed or is not installed; the message says what to do (still a RuntimeError)."""


class Engine(ABC):
    """A machine translation engine: name, version, availability and batch translation."""

    name: str = "engine"
    label: str = N_("Engine")  # marked for translation: the engines page shows it translated
    # Term kinds protected even when the engine's free translation already has them right
    # (e.g. Apertium mangles the grammar around unknown names unless they are stood in for).
    always_protect: tuple[str, ...] = ()
    remote = False  # a remote service: "auto" never picks it, it must be chosen by name
    # The language pair this instance translates; for_pair() gives an instance for another one.
    source: str = "en"
    target: str = "es"
    pairs: tuple[tuple[str, str], ...] = (("en", "es"), ("es", "en"))  # pairs the engine can be asked for

    @property
    def version(self) -> str | None:
        return "unknown"

    @property
    def languages(self) -> tuple[str, str]:
        """(source, target) this instance translates, e.g. ("es", "en")."""
        return self.source, self.target

    def for_pair(self, source: str, target: str) -> Engine:
        """This engine set up for another language pair (one instance per pair, made once and reused).

        The copy shares the original's settings and connections; engines whose state depends on the
        pair reset it in `_pair_changed`.
        """
        if (source, target) == self.languages:
            return self
        with _pairs_lock:
            twins = self.__dict__.setdefault("_twins", {})
            twin = twins.get((source, target))
            if twin is None:
                twin = copy.copy(self)
                twin.__dict__["_twins"] = twins
                twin.source, twin.target = source, target
                twin._pair_changed()
                twins[(source, target)] = twin
            return twin

    def _pair_changed(self) -> None:  # noqa: B027  (optional hook: most engines have no pair state)
        """Adjust pair-dependent state on a copy made by for_pair (nothing by default)."""

    @abstractmethod
    def available(self) -> bool:
        """True when the engine can translate this instance's pair on this machine now."""

    def install_hint(self) -> str:
        return ""

    def unavailable_error(self) -> EngineError:
        """The error to raise when the engine is asked for but not available."""
        return EngineError(N_("%(engine)s is not installed: %(hint)s"), engine=self.label, hint=self.install_hint())

    @abstractmethod
    def translate_batch(
        self,
        sentences: Sequence[str],
        terms: Sequence[Sequence[Term]] | None = None,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate sentences 1:1, putting each sentence's terms into its output."""

    def alternatives(self, sentence: str, n: int = 3) -> list[dict]:
        """Up to n alternatives for the editor: {"text"} whole sentences or {"source", "options"} word
        choices. An engine that can give none (the default) answers []."""
        return []

    def describe(self) -> dict:
        """A JSON-able summary for the API and the engines page."""
        return {
            "name": self.name,
            "label": self.label,
            "available": self.available(),
            "version": self.version if self.available() else None,
            "install": None if self.available() else self.install_hint(),
            "source": self.source,
            "target": self.target,
            # each language pair and whether it can translate now ({"en-es": true, "es-en": false})
            "pairs": {f"{s}-{t}": self.for_pair(s, t).available() for s, t in self.pairs},
        }


class Scored(str):
    """An engine's output sentence that also carries the engine's confidence in it (0..1)."""

    confidence: float | None = None

    def __new__(cls, text: str, confidence: float | None = None) -> Scored:
        obj = super().__new__(cls, text)
        obj.confidence = confidence
        return obj


def confidence_of(text: str) -> float | None:
    """The confidence an engine gave an output (None when it gives none)."""
    return getattr(text, "confidence", None)
