"""The job lifecycle without Flask: enqueue, merge, claim, run in chunks, retry, fail, release, sweep."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.core.models import Article, Job, Segment, Translation, utcnow
from app.core.states import ArticleStatus, JobReason, JobStatus
from app.glossary import edit, term_index
from app.glossary.matcher import Entry
from app.translation import jobs
from app.translation.engines.base import EngineError
from tests.support.app import ONCE, FakeEngine, store_text

TEXT = """Courts and prisons

A federal judge ordered a hearing on the flights.

The warden refused to answer. Officials said nothing on Sunday.
"""
OWNER = "test-worker"


def imported(session, text=TEXT) -> Article:
    article = store_text(session, text)
    jobs.enqueue_import(session, article)
    session.commit()
    return article


def run_all(sessions, engine, retry: jobs.Retry = ONCE.retry) -> list[JobStatus]:
    return jobs.run_queued(sessions, {engine.name: engine}, jobs.JobSettings(retry=retry), owner=OWNER)


class Flaky(FakeEngine):
    """Fails its first `failures` batches, then translates."""

    name = "flaky"

    def __init__(self, failures: int):
        super().__init__()
        self.failures = failures

    def translate_batch(self, sentences, terms=None, progress=None):
        if self.failures:
            self.failures -= 1
            raise EngineError("temporarily down")
        return super().translate_batch(sentences, terms, progress)


def test_import_job_translates_in_chunks_and_finishes(db_sessions):
    with db_sessions() as session:
        article = imported(session)
        article.engine = "fake"
        session.commit()
    engine = FakeEngine()
    assert jobs.run_queued(db_sessions, {"fake": engine}, ONCE, owner=OWNER) == [JobStatus.DONE]
    with db_sessions() as session:
        article = session.get(Article, article.id)
        assert article.status == ArticleStatus.READY and article.progress == 1.0
        assert all(s.current and s.current.origin == "machine" for s in article.segments)
        job = session.scalar(select(Job))
        assert (job.status, job.done, job.total, job.owner) == (JobStatus.DONE, 4, 4, OWNER)


def test_failed_run_is_retried_with_back_off_then_succeeds(db_sessions):
    with db_sessions() as session:
        article_id = imported(session).id
    engine = Flaky(failures=1)
    retry = jobs.Retry(attempts=3, delay=60)
    assert run_all(db_sessions, engine, retry) == [JobStatus.QUEUED]
    with db_sessions() as session:
        job = session.scalar(select(Job))
        assert job.attempts == 1 and "temporarily down" in job.error
        assert job.run_after > utcnow() + timedelta(seconds=50)  # waits its back-off
        assert jobs.claim_next(session, OWNER) is None  # not due yet
        job.run_after = utcnow() - timedelta(seconds=1)
        session.commit()
    assert run_all(db_sessions, engine, retry) == [JobStatus.DONE]
    with db_sessions() as session:
        assert session.get(Article, article_id).status == ArticleStatus.READY


def test_job_fails_for_good_after_its_last_attempt(db_sessions):
    with db_sessions() as session:
        article_id = imported(session).id
    engine = Flaky(failures=99)
    retry = jobs.Retry(attempts=2, delay=0)
    assert run_all(db_sessions, engine, retry) == [JobStatus.QUEUED]
    assert run_all(db_sessions, engine, retry) == [JobStatus.FAILED]
    with db_sessions() as session:
        article = session.get(Article, article_id)
        assert article.status == ArticleStatus.FAILED and "temporarily down" in article.error
        assert session.scalar(select(Job)).attempts == 2
        # an editor's Retry queues it again
        jobs.retry_failed(session, article)
        session.commit()
    assert run_all(db_sessions, FakeEngine(), retry) == [JobStatus.DONE]


def test_stopping_worker_releases_its_job_between_chunks(db_sessions):
    with db_sessions() as session:
        article = imported(session, TEXT + "\n\n" + "\n\n".join(f"Sentence number {i}." for i in range(70)))
        job_id = session.scalar(select(Job.id))
        assert jobs.claim(session, job_id, OWNER)
        session.commit()
    calls = []

    def stop_after_first_chunk() -> bool:
        calls.append(1)
        return len(calls) > 1

    status = jobs.run(db_sessions, job_id, {"fake": FakeEngine()}, OWNER, ONCE, should_stop=stop_after_first_chunk)
    assert status == JobStatus.QUEUED
    with db_sessions() as session:
        job = session.get(Job, job_id)
        assert job.status == JobStatus.QUEUED and job.owner is None and job.done == 32
        done = session.scalar(select(func.count(Translation.id)))
        assert done == 32
    assert run_all(db_sessions, FakeEngine()) == [JobStatus.DONE]
    with db_sessions() as session:  # resumed: nothing translated twice
        assert session.scalar(select(func.count(Translation.id))) == len(article.segments)


def test_glossary_changes_merge_into_one_pending_job_per_article(db_sessions):
    with db_sessions() as session:
        article_id = imported(session).id
    run_all(db_sessions, FakeEngine())
    with db_sessions() as session:
        first = edit.add(session, {"source": "flights", "target": "vuelos"}, who="ana")
        made, count = jobs.after_glossary_change(session, first.affected)
        assert count == 1 and len(made) == 1
        second = edit.add(session, {"source": "Sunday", "target": "domingo"}, who="ana")
        again, count = jobs.after_glossary_change(session, second.affected)
        session.commit()
        pending = session.scalars(select(Job).where(Job.status == JobStatus.QUEUED)).all()
        assert len(pending) == 1 and again[0].id == made[0].id
        assert pending[0].reason == JobReason.GLOSSARY and pending[0].article_id == article_id
        assert len(pending[0].segment_ids) == 2


def test_stale_running_job_is_swept_back_to_the_queue(db_sessions):
    with db_sessions() as session:
        imported(session)
        job = session.scalar(select(Job))
        assert jobs.claim(session, job.id, "dead-worker")
        job.heartbeat_at = utcnow() - timedelta(minutes=10)
        session.commit()
        assert jobs.sweep(session, stale_after=60) == [job.id]
        assert session.get(Job, job.id).status == JobStatus.QUEUED


def test_word_index_finds_exactly_the_segments_an_entry_matches(db_session):
    article = store_text(db_session, TEXT + "\n\nThe mega-prison and the megaprison.")
    db_session.flush()
    found = term_index.affected(db_session, [Entry(None, "federal judge", "juez federal")])
    assert found == {article.id: [s.id for s in article.segments if "federal judge" in s.source]}
    hyphen = term_index.affected(db_session, [Entry(None, "mega-prison", "megacárcel")])
    assert len(hyphen[article.id]) == 1
    plural = term_index.affected(db_session, [Entry(None, "flight", "vuelo", gender="m")])
    assert plural == {article.id: [s.id for s in article.segments if "flights" in s.source]}
    assert term_index.affected(db_session, [Entry(None, "lawyer", "abogado")]) == {}
    assert db_session.scalar(select(func.count(Segment.id))) == len(article.segments)


def test_retranslate_refuses_a_busy_article(db_session):
    article = store_text(db_session, TEXT)
    article.status = ArticleStatus.READY
    job = jobs.retranslate(db_session, article)
    assert article.status == ArticleStatus.QUEUED and len(job.segment_ids) == len(article.segments)
    try:
        jobs.retranslate(db_session, article)
    except jobs.JobError as exc:
        assert "already being translated" in str(exc)
    else:
        raise AssertionError("a second re-translation of a busy article was queued")


