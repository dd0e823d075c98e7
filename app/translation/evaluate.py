"""How well an engine does on its own: term accuracy without glossary enforcement, for comparison."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core.models import Article
from app.core.terms import accuracy, report
from app.glossary.matcher import load_matcher

from .engines import Engine
from .pipeline import checked, engine_input


def baseline_accuracy(session: Session, article: Article, engine: Engine) -> tuple[int, int]:
    """Term accuracy the engine reaches on its own, with no glossary enforcement."""
    matcher = load_matcher(session)
    inputs = [engine_input(s.source) for s in article.segments]
    outputs = checked(engine, inputs, None)
    return accuracy(report(matcher.terms(i), o) for i, o in zip(inputs, outputs, strict=True))
