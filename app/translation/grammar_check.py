"""Agreement problems in an article's machine translation, found independently of the repair.

The current machine translations (with the glossary) are read by app.spanish.grammar, which tags whole
sentences and checks noun phrases, relative pronouns, subjects and predicates by rules of its own:
it does not reuse the repair's analysis (app.spanish.agreement), so what the repair missed shows.
The same sentences translated by the engine without the glossary are checked the same way; a
problem counts as introduced when that output does not have it (same word, same kind).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.models import Article
from app.spanish import grammar, typography

from .engines import Engine
from .pipeline import engine_input


@dataclass
class GrammarReport:
    """Agreement problems per segment key: all of them, those the glossary introduced, totals."""

    problems: list[tuple[str, dict]] = field(default_factory=list)
    introduced: list[tuple[str, dict]] = field(default_factory=list)
    with_glossary: int = 0
    without_glossary: int = 0
    checked: int = 0


def check_article(session: Session, article: Article, engine: Engine) -> GrammarReport:
    """Check the current machine translations, and the engine's output without the glossary."""
    segs = [s for s in article.segments if s.current is not None and s.current.origin == "machine"]
    free = [typography.clean(o, article.target_lang) for o in engine.translate_batch([engine_input(s.source)
                                                                                     for s in segs])]
    with_glossary = grammar.check([s.current.text for s in segs])
    without_glossary = grammar.check(free)
    out = GrammarReport(checked=len(segs))
    for seg, found, before in zip(segs, with_glossary, without_glossary, strict=True):
        out.with_glossary += len(found)
        out.without_glossary += len(before)
        old = {(p.word.lower(), p.kind) for p in before}
        out.problems += [(seg.key, p.as_dict()) for p in found]
        out.introduced += [(seg.key, p.as_dict()) for p in found if (p.word.lower(), p.kind) not in old]
    return out
