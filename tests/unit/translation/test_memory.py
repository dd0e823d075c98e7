"""The translation memory: storing human translations, exact and fuzzy lookup, reuse in new articles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.models import Article, TMUnit
from app.glossary.matcher import load_matcher
from app.translation import memory, pipeline, postedit
from tests.support.app import make_app, store_text

NEW_ARTICLE = """Prisoners moved again

By A. Reporter

El Salvador's government said it would keep the prisoners.

{sentence}

The transfer happened at night.
"""


@pytest.fixture
def db(tmp_path, fake_engine):
    """An app that runs no background jobs, and a writer's session on its database."""
    app = make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False)
    session = app.extensions["paralelo.db"]()
    yield app, session
    session.close()


def translate(session, article, engine):
    pipeline.translate_segments(session, article, list(article.segments), engine)
    session.commit()


def test_normalise_keeps_case_and_collapses_space():
    assert memory.normalise("  The  U.S.\tgovernment\n") == "The U.S. government"
    assert memory.normalise("Cafe\u0301") == "Caf\u00e9"  # NFC
    assert memory.key("The  prison") == memory.key("The prison") != memory.key("the prison")
    assert memory.locales("es-419") == ["es-419", "es"] and memory.locales("es") == ["es"]


def test_same_pair_is_stored_once_with_the_newest_provenance(db):
    _app, session = db
    first, added = memory.remember(session, "The prison is full.", "La cárcel está llena.", "es-419", "import",
                                   author="a")
    again, added_again = memory.remember(session, "The  prison is full.", "La cárcel está llena.", "es-419",
                                         "post-edit", author="b")
    other, added_other = memory.remember(session, "The prison is full.", "El penal está lleno.", "es-419", "import")
    assert added and not added_again and added_other
    assert again.id == first.id and again.origin == "post-edit" and again.author == "b"
    assert len(memory.all_units(session)) == 2


def test_exact_match_prefers_matching_context_then_locale(db):
    _app, session = db
    memory.remember(session, "He agreed.", "Estuvo de acuerdo.", "es-419", "import", context=("A.", "B."))
    memory.remember(session, "He agreed.", "Aceptó.", "es-419", "import", context=("X.", "Y."))
    memory.remember(session, "He agreed.", "Accedió.", "es", "import")
    assert memory.exact(session, "He  agreed.", "es-419", context=("A.", "B.")).target == "Estuvo de acuerdo."
    assert memory.exact(session, "He agreed.", "es-419", context=("X.", "Z.")).target == "Aceptó."
    assert memory.exact(session, "He agreed.", "es-MX").target == "Accedió."  # bare "es" serves any variant
    assert memory.exact(session, "he agreed.", "es-419") is None  # case is kept
    assert memory.exact(session, "He agreed.", "fr") is None


def test_fuzzy_match_adapts_numbers_and_shows_the_differences(db):
    _app, session = db
    memory.remember(session, "About 40,000 prisoners were moved to the new prison.",
                "Unos 40,000 presos fueron trasladados a la nueva cárcel.", "es-419", "post-edit", author="ana")
    memory.remember(session, "The weather was pleasant in the capital.", "Hizo buen tiempo en la capital.", "es-419",
                "import")
    found = memory.fuzzy(session, "About 30,000 prisoners were moved to the old prison.", "es-419")
    assert len(found) == 1
    best = found[0]
    assert 75 <= best.score < 100
    assert best.target == "Unos 30,000 presos fueron trasladados a la nueva cárcel."
    assert best.adapted == [("40,000", "30,000")]
    changed = [d for d in best.diff if d["op"] != "equal"]
    assert {"tm": "new", "text": "old"} in [{"tm": d["tm"], "text": d["text"]} for d in changed]
    assert memory.fuzzy(session, "Something else entirely happened today.", "es-419") == []


def test_fuzzy_adapts_grouping_of_the_target_locale(db):
    _app, session = db
    memory.remember(session, "It holds 40,000 people.", "Alberga a 40.000 personas.", "es", "import")
    [best] = memory.fuzzy(session, "It holds 12,500 people.", "es")
    assert best.target == "Alberga a 12.500 personas."


def test_fuzzy_match_swaps_glossary_terms(db):
    _app, session = db
    matcher = load_matcher(session)  # the bundled glossary: prisoner -> preso, inmate -> recluso
    memory.remember(session, "The prisoners were moved at night to a prison in the capital.",
                "Los presos fueron trasladados de noche a una cárcel de la capital.", "es-419", "post-edit")
    [best] = memory.fuzzy(session, "The inmates were moved at night to a prison in the capital.", "es-419",
                      terms_of=matcher.terms)
    assert best.target == "Los reclusos fueron trasladados de noche a una cárcel de la capital."
    assert ("presos", "reclusos") in best.adapted
    [plain] = memory.fuzzy(session, "The inmates were moved at night to a prison in the capital.", "es-419")
    assert plain.target.startswith("Los presos")  # without the glossary nothing is swapped


def test_a_post_edit_is_reused_as_human_text_in_a_new_article(db, seed_text, fake_engine):
    _app, session = db
    first = store_text(session, seed_text)
    translate(session, first, fake_engine)
    seg = next(s for s in first.segments if s.kind == "paragraph" and len(s.source) > 60)
    postedit.save(session, seg, "Una traducción humana cuidada.", who="ana")
    session.commit()
    unit = session.scalars(select(TMUnit)).one()
    assert (unit.origin, unit.author, unit.article_id, unit.locale) == ("post-edit", "ana", first.id, "es-419")

    second = store_text(session, NEW_ARTICLE.format(sentence=seg.source), target_lang="es-419")
    sent = len(fake_engine.calls)
    translate(session, second, fake_engine)
    reused = next(s for s in second.segments if s.source == seg.source)
    current = reused.current
    assert current.origin == "human" and current.text == "Una traducción humana cuidada."
    assert current.engine == memory.TM_ENGINE and current.author == "ana"
    assert current.review_status == "machine"  # written by a person elsewhere; nobody has read it here yet
    assert current.engine_version.startswith(first.title[:40]) and current.engine_version.endswith(
        unit.created_at.strftime("%Y-%m-%d"))
    engine_saw = [s for call in fake_engine.calls[sent:] for s in call]
    assert seg.source not in engine_saw  # the engine only got the rest
    others = [s for s in second.segments if s.id != reused.id]
    assert all(s.current.origin in ("machine", "template") for s in others)  # template: the byline
    assert all(t["status"] in ("enforced", "missing") for t in current.terms)


def test_memory_never_replaces_a_sentence_an_editor_decided(db, seed_text, fake_engine):
    _app, session = db
    article = store_text(session, seed_text)
    translate(session, article, fake_engine)
    seg = article.segments[5]
    postedit.save(session, seg, "Versión de Ana.", who="ana")
    postedit.undo(session, seg)  # the editor went back to the machine
    session.commit()
    translate(session, article, fake_engine)  # translate again: the undo stays undone
    assert seg.current.origin == "machine"
    other = store_text(session, seed_text)
    memory.remember(session, other.segments[3].source, "De la memoria.", "es-419", "import")
    postedit.save(session, other.segments[3], "Mi edición.", who="ben")
    session.commit()
    translate(session, other, fake_engine)
    assert other.segments[3].current.text == "Mi edición."
    assert other.segments[5].current.text == "Versión de Ana."  # the memory fills the same sentence elsewhere


def test_article_deletion_keeps_the_units(db):
    _app, session = db
    article = store_text(session, "A title\n\nOne sentence here.")
    memory.remember(session, "One sentence here.", "Una oración aquí.", "es-419", "post-edit", article_id=article.id)
    session.commit()
    session.delete(session.get(Article, article.id))
    session.commit()
    unit = session.scalars(select(TMUnit)).one()
    assert unit.article_id is None and memory.provenance(unit).startswith("post-edit, ")


def test_a_match_whose_english_differs_only_in_a_number_is_not_100_percent(db):
    """Numbers are adapted, so they rank as equal; the score an editor reads still says the English differs."""
    _app, session = db
    memory.remember(session, "It has eight pavilions and houses 30,000 inmates.",
                    "Tiene ocho pabellones y alberga a 30,000 reos.", "es-419", "import")
    [match] = memory.fuzzy(session, "It has eight pavilions and houses 40,000 inmates.", "es-419", exclude_exact=False)
    assert match.rank == 100 and 80 <= match.score < 100
    assert match.target == "Tiene ocho pabellones y alberga a 40,000 reos."
    [same] = memory.fuzzy(session, "It has eight pavilions and houses 30,000 inmates.", "es-419", exclude_exact=False)
    assert same.score == 100 and same.as_dict()["score"] == 100
