"""Translate segments: glossary terms -> engine -> enforcement -> term report -> store.

Reading, translating and storing are separate steps so that the job runner can read outside the
write lock, let the engine work with no transaction open, and write each chunk in a short one.

Every step takes the article's Direction (app.core.direction; a bare target such as "es-419" still
means an English article): English articles get the glossary's English matched and Spanish finishing
(app.spanish.postprocess); Spanish articles get the glossary's Spanish matched through the analyser
(app.glossary.reverse), English dates and numbers (app.english.localize), English finishing
(app.english.finish) and English furniture templates (app.intake.furniture_es).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.direction import Direction, coerce
from app.core.messages import N_
from app.core.models import Article, Segment, Translation
from app.core.states import JobReason, Origin
from app.core.terms import Term, missing, report
from app.english import finish as english_finish
from app.english import localize as english_localize
from app.english import tagger, titlecase
from app.glossary import matcher as glossary
from app.glossary import reverse
from app.glossary.matcher import load_matcher
from app.intake import furniture, furniture_es
from app.spanish import localize, postprocess
from app.spanish import tagger as spanish_tagger

from . import checks, memory
from .checks import store as checks_store
from .engines import Engine, EngineError
from .engines.base import confidence_of

log = logging.getLogger(__name__)

def engine_input(text: str, matcher: glossary.Matcher | None = None) -> str:
    """What the engine sees: an ALL-CAPS or Title Case headline is put in sentence case first (same length,
    so term offsets hold); with a matcher, capitalised glossary names keep their capitals."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 12 and all(c.isupper() for c in letters):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        return lowered[:1].upper() + lowered[1:]
    if titlecase.is_title_case(text):
        names = [(m.start, m.end) for m in matcher.find(text) if m.entry.source != m.entry.source.lower()] \
            if matcher is not None else []
        return titlecase.sentence_case(text, names)
    return text


def terms_for(
    text: str, matcher: glossary.Matcher, direction: Direction | str, cased: str | None = None
) -> list[Term]:
    """Glossary terms (where the source word is the entry's part of speech) plus numbers and dates
    rendered for the target; glossary terms win on overlap."""
    direction = coerce(direction)
    if direction.source == "es":
        terms = reverse.for_matcher(matcher).terms(text, lambda: spanish_tagger.words(text))
        extras = english_localize.terms(text)
    else:
        terms = matcher.terms(text, cased, lambda: tagger.words(text))
        caption = furniture.lead_in(text)  # "In this photo provided by": a fixed Spanish lead-in
        extras = localize.terms(text, direction.target) + ([caption] if caption else [])
    for extra in extras:
        if not any(extra.start < t.end and t.start < extra.end for t in terms):
            terms.append(extra)
    return sorted(terms, key=lambda t: t.start)


def tag_ahead(texts: Sequence[str], direction: Direction | str = "es") -> None:
    """Tag many sentences in one tagger call (English or Spanish), so that terms_for finds their tags cached."""
    words = spanish_tagger if coerce(direction).source == "es" else tagger
    if words.available():
        try:
            words.prime(texts)
        except words.TaggerError as exc:  # terms_for then matches without parts of speech
            log.warning("tagger failed: %s", exc)


@dataclass(frozen=True)
class Work:
    """A segment ready for the engine: what the engine sees and the terms it must carry."""

    segment_id: int
    input: str
    terms: list[Term]
    source: str = ""  # the segment's text as written (input may be a headline put in sentence case)


@dataclass(frozen=True)
class Outcome:
    """The Spanish for one segment and its term report."""

    segment_id: int
    text: str
    report: list[dict]
    unknown: list[str] = field(default_factory=list)  # words the engine did not know
    confidence: float | None = None  # the engine's own confidence, where it gives one (Argos)
    checks: list[dict] | None = None  # the quality checks' issues (app.translation.checks), length aside


def prepare(segs: Sequence[Segment], matcher: glossary.Matcher, direction: Direction | str) -> list[Work]:
    """What to send the engine for these segments (reads nothing from the database)."""
    direction = coerce(direction)
    inputs = {s.id: engine_input(s.source, matcher) for s in segs}
    tag_ahead(list(inputs.values()), direction)
    works = []
    for seg in segs:
        text = inputs[seg.id]
        works.append(Work(seg.id, text, terms_for(text, matcher, direction, seg.source), seg.source))
    return works


def translate(engine: Engine, works: Sequence[Work], direction: Direction | str) -> list[Outcome]:
    """Translate with the glossary enforced, then the target language's finishing (case, agreement,
    typography: app.spanish.postprocess or app.english.finish) on every engine's output, then the quality
    checks (English to Spanish only); no database involved."""
    if not works:
        return []
    direction = coerce(direction)
    terms = [w.terms for w in works]
    inputs = [w.input for w in works]
    raw = enforce_terms(engine, inputs, terms)
    if direction.to_english:
        done = english_finish.finish(raw, terms)
        return [Outcome(w.segment_id, d.text, d.terms, d.unknown, confidence_of(r))  # checks: not for English
                for w, d, r in zip(works, done, raw, strict=True)]
    done = postprocess.finish(raw, terms, direction.target, inputs)
    reports = engine.name in checks_store.REPORTS_UNKNOWN  # only those words count as English left
    pairs = [checks.Pair(w.source or w.input, d.text, terms=d.terms, unknown=list(d.unknown) if reports else None)
             for w, d in zip(works, done, strict=True)]
    issues = checks.run(pairs)  # here, with no transaction open: the analysers run outside the write lock
    return [Outcome(w.segment_id, d.text, d.terms, d.unknown, confidence_of(r), [i.as_dict() for i in found])
            for w, d, r, found in zip(works, done, raw, issues, strict=True)]


def store(session: Session, outcomes: Sequence[Outcome], engine: Engine, revision: int, reason: str) -> int:
    """Store machine translations on fresh rows (editors may have saved meanwhile); how many stored."""
    made, stored = [], 0
    for outcome in outcomes:
        seg = session.get(Segment, outcome.segment_id, with_for_update=True, populate_existing=True)
        if seg is not None:
            stored += 1
            tr = store_machine(seg, outcome.text, outcome.report, engine, revision, reason, outcome.unknown)
            tr.confidence, tr.checks = outcome.confidence, outcome.checks
            if outcome.checks is None:
                made.append((seg.source, tr))
    # every machine translation is checked: by translate() outside the write lock (length: at the job's end)
    checks_store.attach(made, analyse=False)
    return stored


def translate_segments(
    session: Session, article: Article, segs: Sequence[Segment], engine: Engine, reason: str = JobReason.IMPORT
) -> None:
    """Translate segments and store the results in this session (not committed)."""
    matcher = load_matcher(session)
    direction = Direction.of(article)
    segs = fill_fixed(session, article, segs, matcher, reason)
    works = prepare(segs, matcher, direction)
    store(session, translate(engine, works, direction), engine, matcher.revision, reason)


def fill_fixed(session: Session, article: Article, segs: Sequence[Segment], matcher: glossary.Matcher,
               reason: str) -> list[Segment]:
    """What needs no engine (not committed): news furniture by template, then exact translation-memory
    matches as human text (not when a glossary change asks for a new translation). The rest."""
    direction = Direction.of(article)
    segs = [s for s in segs if s.source.strip()]  # an aligned edition's sentence with no source: nothing to do
    tag_ahead([text for s in segs for text in {s.source, engine_input(s.source, matcher)}], direction)
    segs = _furniture_by_template(segs, direction, matcher, reason)
    if reason == JobReason.GLOSSARY:
        return segs
    return memory.fill_exact(
        session, article, segs, matcher.revision,
        lambda s, text: report(terms_for(engine_input(s.source, matcher), matcher, direction, s.source), text),
    )


def render_furniture(kind: str, text: str, direction: Direction) -> str | None:
    """A byline, dateline or credit line written by template in the target language; None if it is not one."""
    if direction.source == "es":
        return furniture_es.render(kind, text)
    return furniture.render(kind, text, direction.target)


def _furniture_by_template(
    segs: Sequence[Segment], direction: Direction, matcher: glossary.Matcher, reason: str
) -> list[Segment]:
    """Write bylines, datelines and credit lines by template (app.intake.furniture); the rest is for the engine."""
    rest, made = [], []
    for seg in segs:
        text = render_furniture(seg.kind, seg.source, direction)
        if text is None:
            rest.append(seg)
        else:  # its terms are reported like an engine's: a template is checked too
            terms = report(terms_for(seg.source, matcher, direction), text)
            made.append((seg.source, store_machine(seg, text, terms, None, matcher.revision, reason,
                                                   origin=furniture.ORIGIN)))
    checks_store.attach(made, analyse=False)  # inside the write lock: no analyser subprocess
    return rest


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


def checked(engine: Engine, inputs: list[str], terms: list[list[Term]] | None) -> list[str]:
    outputs = engine.translate_batch(inputs, terms)
    if len(outputs) != len(inputs):
        raise EngineError(
            N_("%(engine)s returned %(got)s sentences for %(sent)s"),
            engine=engine.name, got=len(outputs), sent=len(inputs),
        )
    return outputs


def store_machine(
    seg: Segment, text: str, terms: list[dict], engine: Engine | None, revision: int, reason: str,
    unknown: list[str] | None = None, origin: str = Origin.MACHINE,
) -> Translation:
    """Add a machine (or template) translation; a current human edit stays current (flagged stale if outdated)."""
    human = [t for t in seg.translations if t.current and t.origin == Origin.HUMAN]
    for t in seg.translations:
        if t.origin != Origin.HUMAN:
            t.current = False
    if human and reason == JobReason.GLOSSARY:
        human[-1].stale = True
    new = Translation(
        text=text,
        origin=origin,
        engine=engine.name if engine else None,  # None: written by template, not by an engine
        engine_version=engine.version if engine else None,
        glossary_revision=revision,
        terms=terms,
        unknown=unknown or [],
        current=not human,
    )
    seg.translations.append(new)
    return new
