"""The one small interface every translation engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..messages import N_, UserError

Progress = Callable[[int, int], None]  # (sentences done, sentences total)


class EngineError(UserError, RuntimeError):
    """An engine failed or is not installed; the message says what to do (still a RuntimeError)."""


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


class Engine(ABC):
    """A machine translation engine: name, version, availability and batch translation."""

    name: str = "engine"
    label: str = N_("Engine")  # marked for translation: the engines page shows it translated
    # Term kinds protected even when the engine's free translation already has them right
    # (e.g. Apertium mangles the grammar around unknown names unless they are stood in for).
    always_protect: tuple[str, ...] = ()

    @property
    def version(self) -> str | None:
        return "unknown"

    @abstractmethod
    def available(self) -> bool:
        """True when the engine can translate on this machine now."""

    def install_hint(self) -> str:
        return ""

    @abstractmethod
    def translate_batch(
        self,
        sentences: Sequence[str],
        terms: Sequence[Sequence[Term]] | None = None,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate sentences 1:1, putting each sentence's terms into its output."""

    def describe(self) -> dict:
        """A JSON-able summary for the API and the engines page."""
        return {
            "name": self.name,
            "label": self.label,
            "available": self.available(),
            "version": self.version if self.available() else None,
            "install": None if self.available() else self.install_hint(),
        }
