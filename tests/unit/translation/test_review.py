"""Review statuses, the flagged-first queue, and checks stored wherever a translation is made (issue 25)."""

from __future__ import annotations

import pytest

from app.core.states import ReviewStatus
from app.translation import memory, pipeline, postedit, review
from app.translation.checks import store as checks_store
from tests.support.app import make_app, store_text

TEXT = """Officials met

The judge heard the case.

Officials said 40 people were held on Monday.

Courts met.
"""


@pytest.fixture
def db(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False)
    session = app.extensions["paralelo.db"]()
    article = store_text(session, TEXT)
    pipeline.translate_segments(session, article, list(article.segments), fake_engine)
    session.commit()
    yield session, article
    session.close()


def by_source(article):
    return {s.source: s for s in article.segments}


def test_every_machine_translation_is_checked_when_stored(db):
    session, article = db
    for seg in article.segments:
        assert seg.current.checks is not None
    monday = by_source(article)["Officials said 40 people were held on Monday."].current
    # the fake engine copies the English: a clause left in English is an error
    assert any(c["check"] == "untranslated" and c["severity"] == "error" for c in monday.checks)


def test_a_post_edit_is_checked_and_starts_as_edited(db):
    session, article = db
    seg = by_source(article)["Officials said 40 people were held on Monday."]
    edit = postedit.save(session, seg, "Los funcionarios dijeron que 40 personas no fueron detenidas.", who="ana")
    assert edit.review_status == ReviewStatus.EDITED
    found = {c["check"] for c in edit.checks}
    assert {"number", "negation"} <= found  # the weekday is gone and a "no" was added


def test_a_translation_memory_match_is_checked(db, tmp_path):
    session, article = db
    seg = by_source(article)["Courts met."]
    memory.remember(session, "Courts met.", "Los tribunales se reunieron el 3 de mayo.", article.target_lang, "import")
    other = store_text(session, "Other news\n\nCourts met.")
    pipeline.fill_fixed(session, other, list(other.segments), pipeline.load_matcher(session), "import")
    filled = next(s for s in other.segments if s.source == seg.source).current
    assert filled.engine == memory.TM_ENGINE and filled.review_status == ReviewStatus.MACHINE  # nobody read it here
    assert any(c["check"] == "number" for c in filled.checks)  # a date the English does not have


def test_length_is_checked_against_the_whole_article_when_asked(db):
    session, article = db
    seg = by_source(article)["The judge heard the case."]
    seg.current.text = "ES(The judge heard the case, and then a very long and invented clause that nobody wrote.)"
    session.flush()
    assert checks_store.refresh_lengths(session, article.id) >= 1
    assert any(c["check"] == "length" for c in seg.current.checks)


def test_mark_reviewed_then_a_second_person_approves(db):
    session, article = db
    seg = by_source(article)["Courts met."]
    tr = review.mark(session, seg, "reviewed", "ana")
    assert (tr.review_status, tr.reviewed_by) == ("reviewed", "ana")
    with pytest.raises(review.ReviewError):
        review.mark(session, seg, "approved", "ana")  # not the same person
    tr = review.mark(session, seg, "approved", "ben")
    assert (tr.review_status, tr.approved_by) == ("approved", "ben")
    tr = review.mark(session, seg, "machine", "ben")
    assert tr.review_status == "machine" and tr.reviewed_by is None and tr.approved_by is None


def test_an_edit_cannot_be_marked_reviewed_but_can_be_approved_by_someone_else(db):
    session, article = db
    seg = by_source(article)["Courts met."]
    postedit.save(session, seg, "Los tribunales se reunieron.", who="ana")
    with pytest.raises(review.ReviewError):
        review.mark(session, seg, "reviewed", "ben")
    with pytest.raises(review.ReviewError):
        review.mark(session, seg, "approved", "ana")
    assert review.mark(session, seg, "approved", "ben").review_status == "approved"
    with pytest.raises(review.ReviewError):
        review.mark(session, seg, "edited", "ben")
    with pytest.raises(review.ReviewError):
        review.mark(session, seg, "finished", "ben")


def test_the_queue_is_flagged_first_then_in_reading_order(db):
    session, article = db
    items, total = review.queue(session, article.id)
    assert total == len(article.segments)
    ranks = [i.rank for i in items]
    assert ranks == sorted(ranks)
    assert items[0].rank == 0 and items[0].segment.source == "Officials said 40 people were held on Monday."
    within = [i.segment.index + 100 * i.segment.paragraph for i in items if i.rank == items[-1].rank]
    assert within == sorted(within)


def test_the_queue_leaves_out_what_a_person_read_and_the_approval_queue_takes_it(db):
    session, article = db
    seg = by_source(article)["Courts met."]
    review.mark(session, seg, "reviewed", "ana")
    items, _total = review.queue(session, article.id)
    assert seg.id not in [i.segment.id for i in items]
    waiting, _total = review.queue(session, article.id, need="approval", who="ben")
    assert [i.segment.id for i in waiting] == [seg.id]
    mine, _total = review.queue(session, article.id, need="approval", who="ana")
    assert mine == []  # not offered to approve one's own review


def test_progress_counts_statuses_per_article(db):
    session, article = db
    segs = by_source(article)
    review.mark(session, segs["Courts met."], "reviewed", "ana")
    postedit.save(session, segs["The judge heard the case."], "El juez escuchó el caso.", who="ana")
    progress = review.progress(session, [article.id])[article.id]
    assert progress["reviewed"] == 1 and progress["edited"] == 1
    assert progress["read"] == 2 and progress["total"] == len(article.segments)


def test_argos_gives_a_confidence_that_is_stored_and_orders_the_queue(tmp_path, argos_engine):
    app = make_app(tmp_path, {"argos": argos_engine}, RUN_JOBS=False)
    with app.extensions["paralelo.db"]() as session:
        article = store_text(session, TEXT, engine="argos")
        pipeline.translate_segments(session, article, list(article.segments), argos_engine)
        session.flush()
        confidences = [s.current.confidence for s in article.segments if s.current.origin == "machine"]
        assert confidences and all(c is not None and 0 < c <= 1 for c in confidences)
        for seg in article.segments:  # no checks and no unknown words: confidence alone decides
            seg.current.checks, seg.current.unknown = [], []
        low = min(article.segments, key=lambda s: s.current.confidence)
        low.current.confidence = 0.1
        items, _total = review.queue(session, article.id)
        assert items[0].segment.id == low.id and items[0].reason == "confidence"
