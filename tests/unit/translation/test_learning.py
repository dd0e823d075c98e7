"""Learning from post-edits: substitutions, suggestions after N corrections, accept and dismiss (issue 25)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.models import EditSubstitution, GlossaryEntry
from app.glossary.matcher import load_matcher
from app.translation import learning, pipeline, postedit, suggestions
from tests.support.app import make_app, store_text


def test_substitutions_are_runs_of_changed_words_without_articles_around_them():
    found = learning.substitutions("Reilly dijo después del oído que su cliente no apelaría.",
                                   "Reilly dijo después de la audiencia que su clienta no apelaría.")
    assert [(m, h) for m, h, _pos in found] == [("oído", "audiencia"), ("cliente", "clienta")]
    assert 0 < found[0][2] < found[1][2] < 1


def test_insertions_deletions_and_rewrites_are_not_substitutions():
    assert learning.substitutions("Dijo que sí.", "Dijo que sí, claro.") == []
    assert learning.substitutions("Uno dos tres cuatro cinco.", "Seis siete ocho nueve diez.") == []
    assert learning.substitutions("El juez habló.", "El Juez habló.") == []  # case only


class WordEngine:
    """An engine that writes a fixed Spanish word for "runoff" (as an engine that mistranslates it would)."""

    name = "words"
    label = "words"
    version = "1"
    always_protect = ()

    def available(self):
        return True

    def translate_batch(self, sentences, terms=None, progress=None):
        out = []
        for i, sentence in enumerate(sentences):
            text = sentence
            for t in sorted((terms or [[]] * len(sentences))[i], key=lambda t: t.start, reverse=True):
                text = text[: t.start] + t.target + text[t.end:]
            out.append(text.replace("runoff", "escurrimiento").replace("The ", "El ").replace("the ", "el "))
        return out


SENTENCES = ["The runoff was held on a cold day.", "Voters in the runoff chose a mayor.",
             "Turnout in the runoff broke a record.", "Nobody expected the runoff to be close."]


@pytest.fixture
def db(tmp_path):
    engine = WordEngine()
    app = make_app(tmp_path, {"words": engine}, RUN_JOBS=False)
    session = app.extensions["paralelo.db"]()
    articles = []
    for i, sentence in enumerate(SENTENCES):
        article = store_text(session, f"Election news {i}\n\n{sentence}", engine="words")
        pipeline.translate_segments(session, article, list(article.segments), engine)
        articles.append(article)
    session.commit()
    yield session, articles, engine
    session.close()


def body(article):
    return next(s for s in article.segments if s.kind != "title")


def edit(session, article, who):
    seg = body(article)
    return postedit.save(session, seg, seg.current.text.replace("escurrimiento", "segunda vuelta"), who=who)


def test_a_correction_made_in_three_sentences_becomes_a_suggestion(db):
    session, articles, _engine = db
    edit(session, articles[0], "ana")
    edit(session, articles[1], "ben")
    assert suggestions.mine(session, 3) == []  # two are not enough
    edit(session, articles[2], "ana")
    assert session.scalars(select(EditSubstitution)).all()
    [found] = suggestions.mine(session, 3)
    assert (found.source, found.machine, found.target, found.kind) == ("runoff", "escurrimiento", "segunda vuelta",
                                                                       "term")
    assert found.editors == ["ana", "ben"] and len(found.evidence) == 3
    preview = suggestions.preview(session, found)
    assert [p["source"] for p in preview] == [SENTENCES[3]]
    assert "segunda vuelta" in preview[0]["after"]


def test_accepting_adds_the_entry_with_its_provenance_and_later_translations_use_it(db):
    session, articles, engine = db
    for article, who in zip(articles[:3], ("ana", "ben", "ana"), strict=True):
        edit(session, article, who)
    [found] = suggestions.mine(session, 3)
    change = suggestions.accept(session, found.key, "cara", 3)
    session.commit()
    entry = session.get(GlossaryEntry, change.entry.id)
    assert (entry.source, entry.target, entry.origin) == ("runoff", "segunda vuelta", "learned from 3 post-edits")
    assert suggestions.mine(session, 3) == []  # decided, and the glossary says so now
    later = store_text(session, "More news\n\nThe runoff ended late.", engine="words")
    pipeline.translate_segments(session, later, list(later.segments), engine)
    assert "segunda vuelta" in body(later).current.text
    assert load_matcher(session).revision == change.record.id


def test_a_dismissed_suggestion_stays_hidden(db):
    session, articles, _engine = db
    for article in articles[:3]:
        edit(session, article, "ana")
    [found] = suggestions.mine(session, 3)
    suggestions.dismiss(session, found.key, "ana", 3)
    assert suggestions.mine(session, 3) == []
    with pytest.raises(suggestions.SuggestionNotFound):
        suggestions.accept(session, found.key, "ana", 3)


def test_undoing_an_edit_withdraws_its_evidence(db):
    session, articles, _engine = db
    for article in articles[:3]:
        edit(session, article, "ana")
    postedit.undo(session, body(articles[0]))
    assert suggestions.mine(session, 3) == []
