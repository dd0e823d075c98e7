"""Argos Translate engine (placeholder until the Argos issue lands: reports itself unavailable)."""

from __future__ import annotations

from .base import Engine, EngineError


class ArgosEngine(Engine):
    name = "argos"
    label = "Argos Translate"

    def __init__(self, packages_dir: str, beam_size: int = 2, threads: int = 1):
        self.packages_dir = packages_dir
        self.beam_size = beam_size
        self.threads = threads

    def available(self) -> bool:
        return False

    def install_hint(self) -> str:
        return "paralelo models install --file translate-en_es.argosmodel"

    def translate_batch(self, sentences, terms=None, progress=None):
        raise EngineError(f"No Argos en->es package is installed: {self.install_hint()}")
