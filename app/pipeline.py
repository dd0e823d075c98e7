"""Import an article and translate it: segments -> glossary terms -> engine -> term report -> store."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from . import articles, furniture, glossary, headline, localize, postprocess, segment
from .config import ENGINES, TARGET_LOCALES
from .engines import Engine, EngineError, pick
from .messages import N_
from .store import Article, GlossaryEntry, Job, Segment, Translation, glossary_revision, utcnow
from .terms import Term, accuracy, missing, report
from .typography import spanish_punctuation  # noqa: F401  (moved to app.typography; old name kept)

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def slugify(title: str, max_len: int = 60) -> str:
    """An ASCII, hyphenated slug for a title."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "article"


def unique_slug(session: Session, title: str) -> str:
    base = slugify(title)
    taken = set(session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def import_article(
    session: Session,
    text: str,
    title: str | None = None,
    target_lang: str = "es-419",
    engine: str = "auto",
    max_bytes: int = 1_000_000,
) -> Article:
    """Parse, segment and store an article, and queue its translation. Raises ArticleError."""
    if len(text.encode("utf-8")) > max_bytes:
        raise articles.ArticleError(
            N_("The article is over the size limit of %(limit)s bytes."), limit=f"{max_bytes:,}"
        )
    if target_lang not in TARGET_LOCALES:
        raise articles.ArticleError(
            N_("Unknown target language '%(lang)s'; supported: %(known)s"),
            lang=target_lang, known=", ".join(TARGET_LOCALES),
        )
    if engine not in ENGINES:
        raise articles.ArticleError(
            N_("Unknown engine %(name)s; choose one of: %(known)s"), name=engine, known=", ".join(ENGINES)
        )
    parsed = articles.parse(text, title)
    shown = headline.readable(parsed.title, load_matcher(session))  # an ALL-CAPS headline, readable
    article = Article(
        slug=unique_slug(session, shown),
        title=shown,
        original_title=parsed.title if shown != parsed.title else None,
        byline=parsed.byline,
        target_lang=target_lang,
        original_text=text,
        engine=engine,
        status="queued",
    )
    for s in segment.segment(parsed.blocks, shown, parsed.byline):
        article.segments.append(
            Segment(paragraph=s.paragraph, index=s.index, kind=s.kind, source=s.text, source_hash=s.source_hash)
        )
    session.add(article)
    session.flush()
    session.add(Job(article_id=article.id, reason="import"))
    session.commit()
    return article


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
    caption = furniture.lead_in(text)  # "In this photo provided by": a fixed Spanish lead-in
    for extra in localize.terms(text, target_lang) + ([caption] if caption else []):
        if not any(extra.start < t.end and t.start < extra.end for t in terms):
            terms.append(extra)
    return sorted(terms, key=lambda t: t.start)


def claim(session: Session, job_id: int, owner: str = "cli") -> bool:
    """Atomically mark a queued job running for this worker; False if another worker has it."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "queued")
        .values(status="running", owner=owner, heartbeat_at=utcnow())
    )
    session.commit()
    return result.rowcount == 1


def heartbeat(session: Session, job: Job, owner: str) -> bool:
    """Show this worker still runs the job; False if the job was handed to another worker."""
    result = session.execute(
        update(Job).where(Job.id == job.id, Job.owner == owner, Job.status == "running")
        .values(heartbeat_at=utcnow(), done=job.done, total=job.total, segment_ids=job.segment_ids)
    )
    return result.rowcount == 1


def run_job(
    sessions: sessionmaker[Session],
    job_id: int,
    engines: Mapping[str, Engine],
    progress: Progress | None = None,
    chunk_size: int = 32,
    owner: str = "cli",
) -> Job:
    """Translate what a claimed job asks for, chunk by chunk, so that a restart resumes it.

    After each chunk the job records how far it got (its remaining segment ids, done and total)
    together with a heartbeat; if another worker has taken the job over meanwhile, this one stops.
    """
    with sessions() as session:
        job = session.get(Job, job_id)
        article = session.get(Article, job.article_id)
        full = job.segment_ids is None or job.reason == "retranslate"
        try:
            engine = pick(engines, article.engine)
            todo = _segments_to_translate(session, article, job.segment_ids)
            if not job.total:
                job.total = len(article.segments) if job.segment_ids is None else len(todo)
                job.done = job.total - len(todo)
            if full:
                article.status, article.error = "translating", None
                article.progress = job.done / job.total if job.total else 0.0
            session.commit()
            for start in range(0, len(todo), chunk_size):
                chunk = todo[start : start + chunk_size]
                translate_segments(session, article, chunk, engine, reason=job.reason)
                job.done += len(chunk)
                if job.segment_ids is not None:
                    finished = {s.id for s in chunk}
                    job.segment_ids = [i for i in job.segment_ids if i not in finished]
                if full:
                    article.progress = job.done / job.total
                if not heartbeat(session, job, owner):
                    session.rollback()
                    log.warning("job %s was taken over by another worker; this one stops", job_id)
                    return job
                session.commit()
                if progress:
                    progress(job.done, job.total)
            if full:
                article.status, article.progress = "ready", 1.0
            article.translated_at = utcnow()
            job.status, job.finished_at = "done", utcnow()
            session.commit()
        except (EngineError, OSError) as exc:
            session.rollback()
            log.warning("job %s failed: %s", job_id, exc)
            job.status, job.error, job.finished_at = "failed", str(exc), utcnow()
            if full:
                article.status, article.error = "failed", str(exc)
            session.commit()
        return job


def _segments_to_translate(session: Session, article: Article, ids: Sequence[int] | None) -> list[Segment]:
    segs = list(article.segments)
    if ids is not None:
        wanted = set(ids)
        return [s for s in segs if s.id in wanted]
    return [s for s in segs if not any(t.origin in ("machine", "template") for t in s.translations)]


def translate_segments(
    session: Session, article: Article, segs: Sequence[Segment], engine: Engine, reason: str = "import"
) -> None:
    """Translate segments with their terms and store the results with provenance."""
    matcher = load_matcher(session)
    segs = _furniture_by_template(segs, article.target_lang, matcher, reason)
    if not segs:
        return
    inputs = [engine_input(s.source) for s in segs]
    terms = [terms_for(text, matcher, article.target_lang, s.source) for text, s in zip(inputs, segs, strict=True)]
    ids = [s.id for s in segs]
    session.commit()  # hold no transaction (nor SQLite's write lock) while the engine works
    # case, agreement repair and typography run on every engine's output (app.postprocess)
    outputs = postprocess.finish(enforce_terms(engine, inputs, terms), terms, article.target_lang)
    session.expire_all()  # editors may have saved while the engine worked: decide on fresh rows
    for seg_id, done in zip(ids, outputs, strict=True):
        seg = session.get(Segment, seg_id, with_for_update=True)
        if seg is not None:
            store_machine(seg, done.text, done.terms, engine, matcher.revision, reason, done.unknown)


def _furniture_by_template(
    segs: Sequence[Segment], locale: str, matcher: glossary.Matcher, reason: str
) -> list[Segment]:
    """Write bylines, datelines and credit lines by template (app.furniture); the rest is for the engine."""
    rest = []
    for seg in segs:
        text = furniture.render(seg.kind, seg.source, locale)
        if text is None:
            rest.append(seg)
        else:  # its terms are reported like an engine's: a template is checked too
            terms = report(terms_for(seg.source, matcher, locale), text)
            store_machine(seg, text, terms, None, matcher.revision, reason, origin=furniture.ORIGIN)
    return rest


def enforce_terms(engine: Engine, inputs: list[str], terms: list[list[Term]]) -> list[str]:
    """Translate, constraining the engine only where it got a term wrong.

    A free pass keeps the engine's own (usually more fluent) wording wherever it already agrees with
    the glossary; sentences that miss terms are translated again with just those terms protected,
    and any still missing with all of their terms protected.
    """
    first = [[t for t in ts if t.kind in engine.always_protect] for ts in terms]
    outputs = _checked(engine, inputs, first if any(first) else None)
    for protect_all in (False, True):
        redo = [i for i, out in enumerate(outputs) if missing(terms[i], out)]
        if not redo:
            break
        chosen = [
            terms[i] if protect_all else _union(first[i], missing(terms[i], outputs[i]))
            for i in redo
        ]
        for i, out in zip(redo, _checked(engine, [inputs[i] for i in redo], chosen), strict=True):
            outputs[i] = out
    return outputs


def _union(a: list[Term], b: list[Term]) -> list[Term]:
    return sorted(set(a) | set(b), key=lambda t: t.start)


def _checked(engine: Engine, inputs: list[str], terms: list[list[Term]] | None) -> list[str]:
    outputs = engine.translate_batch(inputs, terms)
    if len(outputs) != len(inputs):
        raise EngineError(
            N_("%(engine)s returned %(got)s sentences for %(sent)s"),
            engine=engine.name, got=len(outputs), sent=len(inputs),
        )
    return outputs


def store_machine(
    seg: Segment, text: str, terms: list[dict], engine: Engine | None, revision: int, reason: str,
    unknown: list[str] | None = None, origin: str = "machine",
) -> Translation:
    """Add a machine translation; a current human edit stays current (flagged stale if outdated)."""
    human = [t for t in seg.translations if t.current and t.origin == "human"]
    for t in seg.translations:
        if t.origin != "human":
            t.current = False
    if human and reason == "glossary":
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


def baseline_accuracy(session: Session, article: Article, engine: Engine) -> tuple[int, int]:
    """Term accuracy the engine reaches on its own, with no glossary enforcement (for comparison)."""
    matcher = load_matcher(session)
    inputs = [engine_input(s.source) for s in article.segments]
    outputs = _checked(engine, inputs, None)
    return accuracy(report(matcher.terms(i), o) for i, o in zip(inputs, outputs, strict=True))


def queue_retranslation(session: Session, entries: Sequence[glossary.Entry]) -> list[Job]:
    """Queue re-translation of exactly the segments whose source matches any of the entries."""
    if not entries:
        return []
    matcher = glossary.Matcher(entries)
    by_article: dict[int, list[int]] = {}
    for seg in session.scalars(select(Segment)):
        if matcher.find(engine_input(seg.source)):
            by_article.setdefault(seg.article_id, []).append(seg.id)
    jobs = [Job(article_id=a, segment_ids=ids, reason="glossary") for a, ids in by_article.items()]
    session.add_all(jobs)
    return jobs
