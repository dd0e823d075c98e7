"""Glossary search: accents and case ignored, plural forms and notes searched, pages, exports untruncated."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.core import models, schema
from app.glossary import edit, search
from app.glossary.search import normalise, search_all, search_page


@pytest.fixture
def session(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'g.db'}")
    schema.init_db(engine)
    with models.session_factory(engine, writer=True)() as session:
        yield session
    engine.dispose()


def add(session, source, target, **fields):
    return edit.add(session, {"source": source, "target": target, **fields}).entry


def sources(entries) -> list[str]:
    return [e.source for e in entries]


def test_normalise_strips_accents_case_and_spacing():
    assert normalise("  Cárcel   PÚBLICA ") == "carcel publica"
    assert normalise("Ñandú") == "nandu"
    assert normalise("Straße") == "strasse"  # case-folded, not just lower-cased
    assert normalise(None) == ""


def test_accents_and_case_are_ignored_both_ways(session):
    add(session, "prison", "cárcel", gender="f")
    add(session, "Supreme Court", "Corte Suprema de Justicia")
    assert sources(search_all(session, "carcel")) == ["prison"]
    assert sources(search_all(session, "CÁRCEL")) == ["prison"]
    assert sources(search_all(session, "córte suprema")) == ["Supreme Court"]


def test_plural_forms_given_or_derived_are_found(session):
    add(session, "detainee", "detenido", gender="m")  # no plural given: the matcher derives "detainees"
    add(session, "gang member", "pandillero", source_plural="gang members", target_plural="pandilleros")
    assert sources(search_all(session, "detainees")) == ["detainee"]
    assert sources(search_all(session, "detenidos")) == ["detainee"]
    assert sources(search_all(session, "pandilleros")) == ["gang member"]


def test_notes_are_searched_and_like_wildcards_are_literal(session):
    add(session, "bail", "fianza", note="Money paid so that the accused is released; 100% refundable.")
    add(session, "warden", "alcaide")
    assert sources(search_all(session, "released")) == ["bail"]
    assert sources(search_all(session, "100%")) == ["bail"]
    assert search_all(session, "%") == search_all(session, "100%")
    assert search_all(session, "_") == []


def test_search_follows_edits_deletes_and_reverts(session):
    entry = add(session, "jail", "cárcel")
    edit.update(session, entry.id, {"target": "prisión"})
    assert search_all(session, "carcel") == []
    assert sources(search_all(session, "prision")) == ["jail"]
    change = edit.delete(session, entry.id)
    assert search_all(session, "prision") == []
    edit.revert(session, change.record.id)
    assert sources(search_all(session, "prision")) == ["jail"]


def test_domain_filter_and_pages(session):
    for i in range(7):
        add(session, f"term {i}", f"término {i}", domain="legal" if i % 2 else "prison")
    first = search_page(session, "termino", page=1, per_page=3)
    assert (first.total, first.pages, len(first.entries), first.first, first.last) == (7, 3, 3, 1, 3)
    last = search_page(session, "termino", page=3, per_page=3)
    assert sources(last.entries) == ["term 6"] and (last.first, last.last) == (7, 7)
    assert search_page(session, "termino", page=99, per_page=3).page == 3  # past the end: the last page
    assert search_page(session, "termino", page=0, per_page=3).page == 1
    assert sources(search_all(session, "", "legal")) == ["term 1", "term 3", "term 5"]
    assert search_page(session, "nothing like it").entries == []


def test_search_all_is_never_truncated(session):
    for i in range(2100):
        session.add(models.GlossaryEntry(source=f"bulk {i:04d}", target=f"masa {i}", search_text=f"bulk {i:04d}"))
    session.flush()
    assert len(search_all(session)) == 2100


def test_migration_fills_search_text_of_existing_entries(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = models.make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.execute(sa.text(
            "INSERT INTO glossary_entry (source, source_key, target, kind, case_sensitive, gender, domain, note,"
            " origin, bundled, edited, deleted, version, revision, created_at, updated_at) VALUES"
            " ('detainee', 'detainee', 'detenido', 'translate', 0, 'm', 'prison', 'Persona bajo custodia', '',"
            " 0, 0, 0, 1, 0, '2026-01-01', '2026-01-01')"
        ))
    schema.init_db(engine)
    with models.session_factory(engine)() as session:
        assert sources(search_all(session, "detainees")) == ["detainee"]
        assert sources(search_all(session, "custodía")) == ["detainee"]
    with engine.begin() as conn:  # and it can be undone
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    assert "search_text" not in {c["name"] for c in sa.inspect(engine).get_columns("glossary_entry")}
    assert "deleted_at" not in {c["name"] for c in sa.inspect(engine).get_columns("article")}
    engine.dispose()


def test_page_of_finds_where_an_entry_is_listed(session):
    entries = [add(session, f"word {i:02d}", f"palabra {i}", domain="legal" if i < 5 else "prison") for i in range(12)]
    assert search.page_of(session, entries[0].id, per_page=5) == 1
    assert search.page_of(session, entries[11].id, per_page=5) == 3
    assert search.page_of(session, entries[7].id, domain="prison", per_page=5) == 1
    assert search.page_of(session, entries[7].id, domain="legal") is None
    assert search.page_of(session, entries[7].id, q="palabra 7") == 1


def test_search_text_of_a_plain_dict_matches_the_stored_one(session):
    """Bulk inserts build rows as dicts: they get the same search_text as an entry saved one by one."""
    fields = {"source": "inmate", "target": "recluso", "gender": "m", "note": "Persona privada de libertad"}
    entry = add(session, **fields)
    assert search.search_text(fields) == entry.search_text
    assert "inmates" in entry.search_text and "reclusos" in entry.search_text


def test_page_links_stay_few_however_many_pages():
    page = search.Page([], total=5000, page=50, per_page=50)
    assert page.links() == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert search.Page([], total=120, page=1, per_page=50).links() == [1, 2, 3]
    assert search.Page([], total=0, page=1, per_page=50).links() == [1]
