"""How well an engine does on its own: term accuracy without glossary enforcement, for comparison."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .engines import Engine
from .pipeline import checked, engine_input, load_matcher
from .store import Article
from .terms import accuracy, report


def baseline_accuracy(session: Session, article: Article, engine: Engine) -> tuple[int, int]:
    """Term accuracy the engine reaches on its own, with no glossary enforcement."""
    matcher = load_matcher(session)
    inputs = [engine_input(s.source) for s in article.segments]
    outputs = checked(engine, inputs, None)
    return accuracy(report(matcher.terms(i), o) for i, o in zip(inputs, outputs, strict=True))
