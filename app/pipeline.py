"""Translate segments: glossary terms -> engine -> enforcement -> term report -> store.

Reading, translating and storing are separate steps so that the job runner can read outside the
write lock, let the engine work with no transaction open, and write each chunk in a short one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import glossary, localize, tm
from .engines import Engine, EngineError
from .messages import N_
from .states import JobReason, Origin
from .store import Article, GlossaryEntry, Segment, Translation, glossary_revision
from .terms import Term, missing, report

log = logging.getLogger(__name__)

def load_matcher(session: Session) -> glossary.Matcher:
    """The matcher for the current glossary revision (built once per revision)."""
    revision = glossary_revision(session)
    url = str(session.get_bind().url)

    def entries():
        rows = session.scalars(select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False)))
        return [glossary.Entry.of(r) for r in rows]

    return glossary.cached_matcher((url, revision), entries)


def engine_input(text: str) -> str:
    """What the engine sees: an ALL-CAPS headline is put in sentence case first."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 12 and all(c.isupper() for c in letters):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        return lowered[:1].upper() + lowered[1:]
    return text


def terms_for(
    text: str, matcher: glossary.Matcher, target_lang: str, cased: str | None = None
) -> list[Term]:
    """Glossary terms plus locale-rendered numbers and dates; glossary terms win on overlap."""
    terms = matcher.terms(text, cased)
    for extra in localize.terms(text, target_lang):
        if not any(extra.start < t.end and t.start < extra.end for t in terms):
            terms.append(extra)
    return sorted(terms, key=lambda t: t.start)


@dataclass(frozen=True)
class Work:
    """A segment ready for the engine: what the engine sees and the terms it must carry."""

    segment_id: int
    input: str
    terms: list[Term]


@dataclass(frozen=True)
class Outcome:
    """The Spanish for one segment and its term report."""

    segment_id: int
    text: str
    report: list[dict]


def prepare(segs: Sequence[Segment], matcher: glossary.Matcher, target_lang: str) -> list[Work]:
    """What to send the engine for these segments (reads nothing from the database)."""
    works = []
    for seg in segs:
        text = engine_input(seg.source)
        works.append(Work(seg.id, text, terms_for(text, matcher, target_lang, seg.source)))
    return works


def translate(engine: Engine, works: Sequence[Work]) -> list[Outcome]:
    """Translate with the glossary enforced and Spanish punctuation; no database involved."""
    if not works:
        return []
    inputs = [w.input for w in works]
    outputs = [spanish_punctuation(o) for o in enforce_terms(engine, inputs, [w.terms for w in works])]
    return [Outcome(w.segment_id, text, report(w.terms, text)) for w, text in zip(works, outputs, strict=True)]


def store(session: Session, outcomes: Sequence[Outcome], engine: Engine, revision: int, reason: str) -> int:
    """Store machine translations on fresh rows (editors may have saved meanwhile); how many stored."""
    stored = 0
    for outcome in outcomes:
        seg = session.get(Segment, outcome.segment_id, with_for_update=True, populate_existing=True)
        if seg is not None:
            store_machine(seg, outcome.text, outcome.report, engine, revision, reason)
            stored += 1
    return stored


def translate_segments(
    session: Session, article: Article, segs: Sequence[Segment], engine: Engine, reason: str = JobReason.IMPORT
) -> None:
    """Translate segments and store the results in this session (not committed)."""
    matcher = load_matcher(session)
    segs = fill_from_memory(session, article, segs, matcher)
    store(session, translate(engine, prepare(segs, matcher, article.target_lang)), engine, matcher.revision, reason)


def fill_from_memory(session: Session, article: Article, segs: Sequence[Segment], matcher: glossary.Matcher
                     ) -> list[Segment]:
    """Exact translation-memory matches become human text (not committed); the segments left for the engine."""
    return tm.fill_exact(
        session, article, segs, matcher.revision,
        lambda s, text: report(terms_for(engine_input(s.source), matcher, article.target_lang, s.source), text),
    )


def enforce_terms(engine: Engine, inputs: list[str], terms: list[list[Term]]) -> list[str]:
    """Translate, constraining the engine only where it got a term wrong.

    A free pass keeps the engine's own (usually more fluent) wording wherever it already agrees with
    the glossary; sentences that miss terms are translated again with just those terms protected,
    and any still missing with all of their terms protected.
    """
    first = [[t for t in ts if t.kind in engine.always_protect] for ts in terms]
    outputs = checked(engine, inputs, first if any(first) else None)
    for protect_all in (False, True):
        redo = [i for i, out in enumerate(outputs) if missing(terms[i], out)]
        if not redo:
            break
        chosen = [
            terms[i] if protect_all else _union(first[i], missing(terms[i], outputs[i]))
            for i in redo
        ]
        for i, out in zip(redo, checked(engine, [inputs[i] for i in redo], chosen), strict=True):
            outputs[i] = out
    return outputs


def _union(a: list[Term], b: list[Term]) -> list[Term]:
    return sorted(set(a) | set(b), key=lambda t: t.start)


def spanish_punctuation(text: str) -> str:
    """Open a question or exclamation with ¿ or ¡ when the engine left it out."""
    for close, open_ in (("?", "¿"), ("!", "¡")):
        if text.rstrip(" \"'”’»)").endswith(close) and open_ not in text:
            start = _question_start(text, close)
            text = text[:start] + open_ + text[start:]
    return text


def _question_start(text: str, close: str) -> int:
    """Where the final question begins: after the last sentence break before it, past quotes."""
    end = text.rstrip().rfind(close)
    cut = max(text.rfind(p, 0, end) for p in (". ", ": ", "; "))
    start = cut + 2 if cut >= 0 else 0
    while start < len(text) and text[start] in " \"'“‘«(—–-":
        start += 1
    return start


def checked(engine: Engine, inputs: list[str], terms: list[list[Term]] | None) -> list[str]:
    outputs = engine.translate_batch(inputs, terms)
    if len(outputs) != len(inputs):
        raise EngineError(
            N_("%(engine)s returned %(got)s sentences for %(sent)s"),
            engine=engine.name, got=len(outputs), sent=len(inputs),
        )
    return outputs


def store_machine(
    seg: Segment, text: str, terms: list[dict], engine: Engine, revision: int, reason: str
) -> Translation:
    """Add a machine translation; a current human edit stays current (flagged stale if outdated)."""
    human = [t for t in seg.translations if t.current and t.origin == Origin.HUMAN]
    for t in seg.translations:
        if t.origin == Origin.MACHINE:
            t.current = False
    if human and reason == JobReason.GLOSSARY:
        human[-1].stale = True
    new = Translation(
        text=text,
        origin=Origin.MACHINE,
        engine=engine.name,
        engine_version=engine.version,
        glossary_revision=revision,
        terms=terms,
        current=not human,
    )
    seg.translations.append(new)
    return new
