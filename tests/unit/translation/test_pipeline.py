"""The translation job flow: import, background jobs, provenance, glossary re-translation, restarts."""

from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.models import Article, Job, Segment, Translation, utcnow
from app.core.terms import present
from app.english import tagger
from app.glossary import edit as glossary_edit
from app.glossary.matcher import Entry, Matcher
from app.intake import furniture
from app.spanish.typography import spanish_punctuation
from app.translation import jobs, pipeline, postedit
from app.translation.engines.base import Engine, EngineError
from tests.support.app import make_app, store_text, wait_jobs
from tests.support.tagger import english_tagger  # noqa: F401


def import_seed(app, text):
    with app.app_context():
        session = app.extensions["paralelo.db"]()
        article = store_text(session, text, target_lang="es-419")
        job_id = jobs.enqueue_import(session, article).id
        session.commit()
        session.close()  # a writer's session holds SQLite's write lock until it ends
        app.extensions["paralelo.jobs"].start()
        app.extensions["paralelo.jobs"].submit(job_id)
        wait_jobs(app)
    return article.id


def load(app, article_id):
    """A writer's session (tests edit through it) and the article; end it before waiting on jobs."""
    session = app.extensions["paralelo.db"]()
    return session, session.get(Article, article_id)


def test_import_translates_every_segment_with_provenance(app, seed_text, fake_engine):
    article_id = import_seed(app, seed_text)
    session, article = load(app, article_id)
    assert article.status == "ready" and article.progress == 1.0 and article.translated_at
    assert len(article.segments) == 37
    for seg in article.segments:
        tr = seg.current
        if seg.kind in furniture.KINDS:  # byline and credit line: written by template, no engine
            assert tr.origin == "template" and tr.engine is None and tr.engine_version is None
        else:
            assert tr.origin == "machine" and tr.engine == "fake" and tr.engine_version == "1.0"
        assert tr.glossary_revision > 0
        assert all(item["status"] == "enforced" for item in tr.terms)
    trump = next(s for s in article.segments if s.source.startswith("Trump claimed"))
    assert "Trump" in trump.current.text and any(t["source"] == "Trump" for t in trump.current.terms)


def test_only_sentences_missing_terms_are_translated_again(app, seed_text, fake_engine):
    article_id = import_seed(app, seed_text)
    session, article = load(app, article_id)
    seen = Counter(sentence for call in fake_engine.calls for sentence in call)
    # the free pass sends every sentence once; the fake engine leaves out terms it is not given,
    # so exactly the sentences with glossary terms go round a second time, constrained
    for seg in article.segments:
        text = pipeline.engine_input(seg.source)
        free = f"ES({text})"  # what the fake engine gives unconstrained
        redo = any(not present(t["target"], free) for t in seg.current.terms)
        expected = 0 if seg.kind in furniture.KINDS else (2 if redo else 1)  # furniture: by template
        assert seen[text] == expected, seg.source
    assert sum(seen.values()) < 2 * 37


def test_human_edit_survives_and_goes_stale_on_glossary_change(app, seed_text, fake_engine):
    article_id = import_seed(app, seed_text)
    session, article = load(app, article_id)
    seg = next(s for s in article.segments if "federal judge" in s.source)
    edit = postedit.save(session, seg, "Traducción humana — revisada.", who="ana")
    session.commit()
    entry_id = next(t["entry"] for t in seg.translations[0].terms if t["source"] == "federal judge")
    entry = glossary_edit.get(session, entry_id)
    before = fake_engine.translated
    change = glossary_edit.update(session, entry.id, {"target": "jueza federal"}, who="ben")
    queued, touched = jobs.after_glossary_change(session, change.affected)
    session.commit()
    for job in queued:
        app.extensions["paralelo.jobs"].submit(job.id)
    wait_jobs(app)
    session.expire_all()
    seg = session.get(Segment, seg.id)
    assert seg.current.id == edit.id and seg.current.text == "Traducción humana — revisada."
    assert seg.current.stale
    newest_machine = [t for t in seg.translations if t.origin == "machine"][-1]
    assert "jueza federal" in newest_machine.text and not newest_machine.current
    # exactly the segments with "federal judge" were re-translated, nothing else
    affected = [s for s in session.get(Article, article_id).segments if "federal judge" in s.source.lower()]
    assert touched == len(affected) == 1
    assert fake_engine.translated - before in (1, 2)  # free pass, plus a forced pass if needed
    postedit.undo(session, seg)
    assert seg.current.origin == "machine"


def test_interrupted_job_resumes_without_duplicates(tmp_path, seed_text, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False)
    session = app.extensions["paralelo.db"]()
    article = store_text(session, seed_text)
    job = jobs.enqueue_import(session, article)
    session.flush()
    assert jobs.claim(session, job.id, "crashed-worker")
    first = article.segments[:10]  # a crash after the first chunk: 10 done, job left "running"
    pipeline.translate_segments(session, article, first, fake_engine)
    article.status = "translating"
    job.heartbeat_at = utcnow() - timedelta(minutes=5)  # its worker died long enough ago
    session.commit()
    session.close()
    restarted = make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=True)
    wait_jobs(restarted)
    session = restarted.extensions["paralelo.db"]()
    article = session.get(Article, article.id)
    assert article.status == "ready"
    counts = session.execute(
        select(Translation.segment_id, func.count())
        .where(Translation.origin.in_(("machine", "template")))
        .group_by(Translation.segment_id)
    ).all()
    assert len(counts) == 37 and all(n == 1 for _, n in counts)
    restarted.extensions["paralelo.jobs"].shutdown()


class BrokenEngine(Engine):
    name = "broken"

    def available(self):
        return True

    def translate_batch(self, sentences, terms=None, progress=None):
        raise EngineError("engine exploded")


def test_engine_failure_marks_article_failed(tmp_path, seed_text):
    app = make_app(tmp_path, {"broken": BrokenEngine()})
    article_id = import_seed(app, seed_text)
    session, article = load(app, article_id)
    assert article.status == "failed" and "engine exploded" in article.error
    # the byline is written by template before the engine runs; the engine made nothing
    assert session.scalar(select(func.count(Translation.id)).where(Translation.origin == "machine")) == 0


def test_no_engine_installed_says_how_to_install(tmp_path, seed_text):
    class Missing(BrokenEngine):
        label = "Missing"

        def available(self):
            return False

        def install_hint(self):
            return "apt-get install something"

    app = make_app(tmp_path, {"missing": Missing()})
    article_id = import_seed(app, seed_text)
    _, article = load(app, article_id)
    assert article.status == "failed" and "apt-get install something" in article.error


def test_all_caps_headlines_go_to_the_engine_in_sentence_case():
    assert pipeline.engine_input("WHAT TO KNOW ABOUT THE PRISON") == "What to know about the prison"
    assert pipeline.engine_input("The U.S. and CECOT") == "The U.S. and CECOT"


def test_spanish_opening_punctuation():
    assert spanish_punctuation("Qué es el CECOT?") == "¿Qué es el CECOT?"
    assert spanish_punctuation("Dijo: qué pasa?") == "Dijo: ¿qué pasa?"
    assert spanish_punctuation("¿Ya?") == "¿Ya?"
    assert spanish_punctuation("Basta!") == "¡Basta!"


def test_slugs_are_unique(app):
    session = app.extensions["paralelo.db"]()
    a = store_text(session, "Same title\n\nBody one.")
    b = store_text(session, "Same title\n\nBody two.")
    assert (a.slug, b.slug) == ("same-title", "same-title-2")


def test_unexpected_engine_crash_never_leaves_the_article_translating(tmp_path, seed_text):
    class Crashing(BrokenEngine):
        def translate_batch(self, sentences, terms=None, progress=None):
            raise ZeroDivisionError("bug in an engine")

    app = make_app(tmp_path, {"crashing": Crashing()})
    article_id = import_seed(app, seed_text)
    session, article = load(app, article_id)
    job = session.scalar(select(Job))
    assert job.status == "failed" and "internal error" in job.error
    assert article.status == "failed"


@pytest.mark.usefixtures("english_tagger")
def test_terms_only_where_the_english_is_the_entrys_part_of_speech(monkeypatch):
    monkeypatch.setattr(tagger, "_cache", OrderedDict())
    matcher = Matcher([Entry(1, "visit", "visita", gender="f", number="sg")])
    segs = [Segment(id=1, source="A public defender may visit only with permission."),
            Segment(id=2, source="The visit lasted an hour.")]
    calls = []
    real = tagger.tag
    monkeypatch.setattr(tagger, "tag", lambda texts: calls.append(len(texts)) or real(texts))
    verb, noun = pipeline.prepare(segs, matcher, "es")
    assert calls == [2]  # the whole chunk tagged in one call
    assert [t.target for t in verb.terms] == []
    assert [t.target for t in noun.terms] == ["visita"]
