"""Engine registry: build engines from settings and pick the best one installed."""

from __future__ import annotations

from collections.abc import Mapping

from .base import Engine, EngineError, Term

__all__ = ["Engine", "EngineError", "Term", "ENGINE_NAMES", "build_engines", "pick"]

ENGINE_NAMES = ("argos", "apertium")  # in order of preference for "auto"


def build_engines(config: Mapping) -> dict[str, Engine]:
    """All known engines, installed or not, configured from the app settings."""
    from .apertium import ApertiumEngine
    from .argos import ArgosEngine

    return {
        "argos": ArgosEngine(
            packages_dir=config["ARGOS_PACKAGES_DIR"],
            beam_size=config.get("ARGOS_BEAM_SIZE", 2),
            threads=config.get("ARGOS_THREADS", 1),
        ),
        "apertium": ApertiumEngine(),
    }


def pick(engines: Mapping[str, Engine], name: str = "auto") -> Engine:
    """The engine called `name`, or with "auto" the best one installed; EngineError if none."""
    if name == "auto":
        for candidate in ENGINE_NAMES:
            engine = engines.get(candidate)
            if engine is not None and engine.available():
                return engine
        hints = "; ".join(f"{e.label}: {e.install_hint()}" for e in engines.values())
        raise EngineError(f"No translation engine is installed. Install one: {hints}")
    if name not in engines:
        raise EngineError(f"Unknown engine {name!r}; choose one of: auto, {', '.join(engines)}")
    engine = engines[name]
    if not engine.available():
        raise EngineError(f"{engine.label} is not installed: {engine.install_hint()}")
    return engine
