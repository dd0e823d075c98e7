"""Engine registry: build engines from settings and pick the best one installed."""

from __future__ import annotations

from collections.abc import Mapping

from app.config import ENGINE_NAMES
from app.core.messages import N_

from .base import Engine, EngineError

__all__ = ["Engine", "EngineError", "ENGINE_NAMES", "build_engines", "pick"]



def build_engines(config: Mapping) -> dict[str, Engine]:
    """All known engines, installed or not, configured from the app settings."""
    from .apertium import ApertiumEngine
    from .argos import ArgosEngine
    from .libretranslate import LibreTranslateEngine

    return {
        "argos": ArgosEngine(
            packages_dir=config["ARGOS_PACKAGES_DIR"],
            beam_size=config["ARGOS_BEAM_SIZE"],
            threads=config["ARGOS_THREADS"],
        ),
        "apertium": ApertiumEngine(),
        "libretranslate": LibreTranslateEngine(
            config["LIBRETRANSLATE_URLS"],
            api_key=config["LIBRETRANSLATE_API_KEY"] or None,
            connect_timeout=config["LIBRETRANSLATE_CONNECT_TIMEOUT"],
            read_timeout=config["LIBRETRANSLATE_READ_TIMEOUT"],
            retries=config["LIBRETRANSLATE_RETRIES"],
            chunk=config["LIBRETRANSLATE_CHUNK"],
        ),
    }


def pick(engines: Mapping[str, Engine], name: str = "auto", pair: tuple[str, str] = ("en", "es")) -> Engine:
    """The engine called `name`, or with "auto" the best one installed, set up for the language pair
    (source, target language: ("es", "en") for a Spanish article); EngineError if none can translate it."""
    if name == "auto":
        preferred = [n for n in ENGINE_NAMES if n in engines] + [n for n in engines if n not in ENGINE_NAMES]
        for candidate in preferred:
            engine = engines[candidate]
            if engine.remote or pair not in engine.pairs:
                continue
            engine = engine.for_pair(*pair)
            if engine.available():
                return engine
        hints = "; ".join(f"{e.label}: {e.for_pair(*pair).install_hint()}" for e in engines.values() if pair in e.pairs)
        raise EngineError(
            N_("No translation engine for %(source)s->%(target)s is installed. Install one: %(hints)s"),
            source=pair[0], target=pair[1], hints=hints,
        )
    if name not in engines:
        raise EngineError(
            N_("Unknown engine %(name)s; choose one of: %(known)s"), name=name, known=", ".join(["auto", *engines])
        )
    if pair not in engines[name].pairs:
        raise EngineError(
            N_("%(engine)s cannot translate %(source)s->%(target)s."), engine=engines[name].label,
            source=pair[0], target=pair[1],
        )
    engine = engines[name].for_pair(*pair)
    if not engine.available():
        raise engine.unavailable_error()
    return engine
