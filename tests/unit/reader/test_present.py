"""What the reader shows of an article: review statuses and the notice's count, titles in each language,
term marks by domain, bylines in their usual case."""

from __future__ import annotations

from app.core.models import Article, Translation
from app.core.states import READ_BY_A_PERSON, ReviewStatus
from app.reader import present, shapes
from app.translation import review
from tests.support.app import translate_now

TEXT = ("Judge orders release - Associated Press\n\nBy MARÍA LÓPEZ\n\n"
        "The detainees were held in pretrial detention in El Salvador. The court met on Monday.\n")


def human_edit(app, article_id: int, index: int, text: str) -> None:
    with app.extensions["paralelo.db"]() as session:
        seg = session.get(Article, article_id).segments[index]
        for t in seg.translations:
            t.current = False
        seg.translations.append(Translation(text=text, origin="human", author="ana", terms=[], current=True))
        session.commit()


def test_the_reader_shows_the_stored_review_status(app, fake_engine):
    """A machine sentence a person marked reviewed counts as checked, and is marked as such."""
    article_id = translate_now(app, TEXT)
    with app.extensions["paralelo.db"]() as session:
        seg = session.get(Article, article_id).segments[3]
        review.mark(session, seg, ReviewStatus.REVIEWED, "ana")
        session.commit()
    with app.extensions["paralelo.db"]() as session:
        summary = present.review_summary(session, article_id)
        view = present.reader_views(session, article_id)[3]
    assert view.review == ReviewStatus.REVIEWED in READ_BY_A_PERSON and "review-reviewed" in view.css_class.split()
    assert summary.by_a_person == 1


def test_the_notice_counts_sentences_a_person_checked(app, fake_engine):
    article_id = translate_now(app, TEXT)
    with app.extensions["paralelo.db"]() as session:
        before = present.review_summary(session, article_id)
    human_edit(app, article_id, 2, "Los detenidos estaban en prisión preventiva en El Salvador.")
    with app.extensions["paralelo.db"]() as session:
        after = present.review_summary(session, article_id)
        views = present.reader_views(session, article_id)
        data = shapes.translation_dict(session.get(Article, article_id).segments[2].current)
    assert before.sentences == after.sentences == len(views) and before.by_a_person == 0 and before.machine_translated
    assert after.by_a_person == 1 and after.machine == before.machine - 1
    edited = views[2]
    assert edited.review == "edited" and "review-edited" in edited.css_class.split()
    assert views[3].review == "machine" and "review-machine" in views[3].css_class.split()
    assert data["review"]["status"] == "edited"


def test_titles_in_each_language_without_the_agency(app, fake_engine):
    article_id = translate_now(app, TEXT)
    with app.extensions["paralelo.db"]() as session:
        article = session.get(Article, article_id)
        titles = present.titles(session, article)
    assert titles == {"en": "Judge orders release", "es": "ES(juez orders release)"}  # the glossary's "judge"


def test_terms_are_marked_with_their_domain_and_bylines_read_as_names(app, fake_engine):
    article_id = translate_now(app, TEXT)
    with app.extensions["paralelo.db"]() as session:
        views = present.reader_views(session, article_id)
    byline = next(v for v in views if v.seg.kind == "byline")
    assert byline.seg.source == "By María López"
    html = str(present.sentence_html(next(v for v in views if "detainees" in v.seg.source).source_pieces))
    assert 'class="term d-prison" data-entry=' in html or 'class="term d-legal" data-entry=' in html
    assert 'class="term d-names keep"' in html  # El Salvador: a name, kept and quiet
