"""Agreement errors that glossary enforcement introduced into an article's translation.

The article's current machine translation (with the glossary) is checked by the analyser around
every gendered term (app.spanish.agreement.errors); the same sentences translated by the engine without
the glossary are checked the same way; an error counts as introduced when the output without the
glossary does not have it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.models import Article
from app.glossary.matcher import load_matcher
from app.spanish import agreement, typography

from .engines import Engine
from .pipeline import engine_input, terms_for


@dataclass
class GrammarReport:
    """Agreement errors per segment key: introduced by enforcement, and the totals either way."""

    introduced: list[tuple[str, dict]] = field(default_factory=list)
    with_glossary: int = 0
    without_glossary: int = 0
    checked: int = 0


def introduced_errors(session: Session, article: Article, engine: Engine) -> GrammarReport:
    """Check the current machine translations against the engine's output without the glossary."""
    matcher = load_matcher(session)
    segs = [s for s in article.segments if s.current is not None and s.current.origin == "machine"]
    inputs = [engine_input(s.source) for s in segs]
    terms = [terms_for(text, matcher, article.target_lang, s.source) for text, s in zip(inputs, segs, strict=True)]
    free = [typography.clean(o, article.target_lang) for o in engine.translate_batch(inputs)]
    with_errors = agreement.errors([s.current.text for s in segs], terms)
    without_errors = agreement.errors(free, terms)
    out = GrammarReport(checked=len(segs))
    for seg, found, before in zip(segs, with_errors, without_errors, strict=True):
        out.with_glossary += len(found)
        out.without_glossary += len(before)
        old = {(e["target"], e["word"].lower()) for e in before}
        out.introduced += [(seg.key, e) for e in found if (e["target"], e["word"].lower()) not in old]
    return out
