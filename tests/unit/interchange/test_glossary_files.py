"""Glossary editing with history and revert, and TSV/CSV/TBX import and export."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core import models, schema
from app.glossary import edit
from app.glossary.edit import ConflictError, NotFound
from app.glossary.matcher import GlossaryError
from app.interchange import glossary_files


@pytest.fixture
def session(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'g.db'}")
    schema.init_db(engine)
    with models.session_factory(engine)() as session:
        yield session


def test_add_edit_delete_revert_with_history(session):
    change = edit.add(session, {"source": "warden", "target": "alcaide", "gender": "m"}, who="ana")
    entry = change.entry
    assert entry.version == 1 and entry.revision == change.record.id == models.glossary_revision(session)
    edit.update(session, entry.id, {"target": "director del penal"}, who="ben", version=1)
    assert entry.target == "director del penal" and entry.version == 2
    with pytest.raises(ConflictError) as info:
        edit.update(session, entry.id, {"target": "x"}, version=1)
    assert info.value.current["target"] == "director del penal"
    edit.delete(session, entry.id, who="ana")
    with pytest.raises(NotFound):
        edit.get(session, entry.id)
    history = edit.history(session, entry.id)
    assert [h.action for h in history] == ["delete", "edit", "add"]
    assert history[1].before["target"] == "alcaide" and history[1].after["target"] == "director del penal"
    edit.revert(session, history[1].id, who="ana")  # back to before the edit, undeleted
    assert not entry.deleted and entry.target == "alcaide"
    edit.revert(session, history[2].id)  # undo the add
    assert entry.deleted


@pytest.mark.parametrize(
    "data, message",
    [
        ({"source": "", "target": "x"}, "source term must not be empty"),
        ({"source": "x", "target": "  "}, "target term must not be empty"),
        ({"source": "x" * 201, "target": "y"}, "longer than 200"),
        ({"source": "x", "target": "y", "kind": "other"}, "kind must be"),
        ({"source": "x", "target": "y", "gender": "n"}, "gender"),
        ({"source": "x", "target": "y", "domain": "space"}, "domain"),
        ({"source": "x", "target": "y", "colour": "red"}, "Unknown field"),
        ({"source": 5, "target": "y"}, "must be text"),
    ],
)
def test_invalid_entries(session, data, message):
    with pytest.raises(GlossaryError, match=message):
        edit.add(session, data)


def test_duplicate_is_a_conflict(session):
    edit.add(session, {"source": "Parole", "target": "libertad condicional"})
    with pytest.raises(ConflictError, match="already exists"):
        edit.add(session, {"source": "parole", "target": "otra"})


def test_bundled_load_never_clobbers_user_edits(session):
    first = glossary_files.load_bundled(session)
    assert first.added >= 80 and not first.errors
    entry = session.scalars(select(models.GlossaryEntry).where(models.GlossaryEntry.source == "inmate")).one()
    edit.update(session, entry.id, {"target": "privado de libertad"}, who="editor")
    session.commit()
    again = glossary_files.load_bundled(session)
    assert again.added == 0 and again.updated == 0
    assert entry.target == "privado de libertad"


def test_tsv_import_reports_bad_lines(session):
    data = "source\ttarget\nwarden\talcaide\tprison head\nbroken line\n\tempty source\nwarden\talcaide\tprison head\n"
    result = glossary_files.import_rows(session, glossary_files.read(data.encode(), "tsv"), "test")
    assert (result.added, result.updated, result.skipped) == (1, 0, 3)
    assert result.errors[0].startswith("line 3: expected 2, 3 or 4")
    assert result.errors[1].startswith("line 4: The source term must not be empty")


def test_csv_import_with_quotes_and_header(session):
    data = (
        'source,target,kind,domain,gender,number,note\n'
        '"habeas corpus","hábeas corpus",translate,legal,m,sg,"Latin, kept"\nx\n'
    )
    result = glossary_files.import_rows(session, glossary_files.read(data.encode(), "csv"), "test")
    assert result.added == 1 and result.skipped == 1 and "line 3" in result.errors[0]
    entry = session.scalars(select(models.GlossaryEntry)).one()
    assert entry.note == "Latin, kept" and entry.domain == "legal"


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx"])
def test_export_import_round_trip(session, tmp_path, fmt):
    edit.add(session, {"source": "riot gear", "target": "equipo antidisturbios", "note": "Police <b>kit</b>"})
    edit.add(session, {"source": "bunk", "target": "litera"})
    session.commit()
    data = glossary_files.write(session.scalars(select(models.GlossaryEntry)), fmt)
    if fmt == "tbx":
        assert b'xml:lang="en"' in data and b'xml:lang="es"' in data
    rows = [r for _, r in glossary_files.read(data, fmt)]
    assert {(r["source"], r["target"]) for r in rows} == {("riot gear", "equipo antidisturbios"), ("bunk", "litera")}
    assert any(r.get("note") == "Police <b>kit</b>" for r in rows)


def test_unreadable_files(session):
    with pytest.raises(GlossaryError, match="not UTF-8"):
        glossary_files.read(b"\xff\xfe\x00bad", "tsv")
    with pytest.raises(GlossaryError, match="TBX file could not be parsed"):
        glossary_files.read(b"<martif><unclosed>", "tbx")
    with pytest.raises(GlossaryError, match="Unknown glossary format"):
        glossary_files.read(b"a\tb", "xlsx")


def test_part_of_speech_is_validated_derived_and_kept(session):
    with pytest.raises(GlossaryError, match="part of speech must be one of"):
        edit.add(session, {"source": "x", "target": "y", "pos": "preposition"})
    noun = edit.add(session, {"source": "visit", "target": "visita", "gender": "f"}).entry
    name = edit.add(session, {"source": "Rikers", "target": "Rikers", "kind": "keep"}).entry
    verb = edit.add(session, {"source": "sentence", "target": "condenar", "pos": "verb"}).entry
    anything = edit.add(session, {"source": "allegedly", "target": "presuntamente"}).entry
    assert [e.pos for e in (noun, name, verb, anything)] == ["noun", "name", "verb", "any"]
    edit.update(session, noun.id, {"note": "a family visit"})
    assert noun.pos == "noun"  # an edit that does not name it leaves it
    edit.update(session, verb.id, {"pos": "noun", "target": "condena", "gender": "f"})
    assert verb.pos == "noun"


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_part_of_speech_round_trips(session, fmt):
    edit.add(session, {"source": "sentence", "target": "condenar", "pos": "verb"})
    edit.add(session, {"source": "Rikers", "target": "Rikers", "kind": "keep"})
    session.commit()
    data = glossary_files.write(session.scalars(select(models.GlossaryEntry)), fmt)
    if fmt == "tbx":
        assert b'<termNote type="partOfSpeech">verb</termNote>' in data
        assert b'<termNote type="partOfSpeech">properNoun</termNote>' in data
    rows = {r["source"]: r.get("pos") for _, r in glossary_files.read(data, fmt)}
    assert rows == {"sentence": "verb", "Rikers": "name"}


def test_an_import_that_names_no_part_of_speech_leaves_an_entrys_own(session):
    edit.add(session, {"source": "hearing", "target": "audiencia", "gender": "f", "pos": "any"})
    session.commit()
    result = glossary_files.import_rows(session, glossary_files.read(b"hearing\taudiencia\tnew note\n", "tsv"), "t")
    assert result.updated == 1
    entry = session.scalars(select(models.GlossaryEntry)).one()
    assert (entry.note, entry.pos) == ("new note", "any")


# --- issue 22 item 9: a re-import changes only the fields the file has, and says what it changed ----


def detainee(session):
    change = edit.add(session, {"source": "detainee", "target": "detenido", "gender": "m", "number": "sg",
                                "domain": "prison", "note": "Not 'preso': not convicted.", "origin": "RAE",
                                "target_plural": "detenidos"}, who="ana")
    session.commit()
    return change.entry


def import_text(session, text: str, fmt: str):
    return glossary_files.import_rows(session, glossary_files.read(text.encode(), fmt), "ben")


def test_a_reimport_keeps_the_fields_the_file_does_not_have(session):
    entry = detainee(session)
    result = import_text(session, "source,target,gender,number\ndetainee,detenido,m,sg\n", "csv")
    assert (result.added, result.updated, result.skipped) == (0, 0, 1)
    assert result.entries == [{"line": 2, "source": "detainee", "status": "unchanged", "fields": []}]
    assert (entry.note, entry.origin, entry.domain, entry.target_plural) == (
        "Not 'preso': not convicted.", "RAE", "prison", "detenidos")


def test_a_reimport_reports_which_fields_changed(session):
    entry = detainee(session)
    result = import_text(session, "source,target,gender,number\ndetainee,persona detenida,f,sg\n", "csv")
    assert result.updated == 1
    assert result.entries == [{"line": 2, "source": "detainee", "status": "updated",
                               "fields": ["target", "target_plural", "gender"]}]
    assert (entry.target, entry.gender, entry.target_plural) == ("persona detenida", "f", "personas detenidas")
    assert (entry.note, entry.origin, entry.domain) == ("Not 'preso': not convicted.", "RAE", "prison")


def test_columns_go_by_their_header_names_in_any_order(session):
    text = ("Spanish\tEnglish\tNotes\tSpanish plural\tpart of speech\tdomain\tkind\n"
            "alcaide\twarden\tPrison head.\talcaides\tnoun\tprison\ttranslate\n")
    result = import_text(session, text, "tsv")
    assert result.added == 1 and result.errors == []
    entry = session.scalars(select(models.GlossaryEntry)).one()
    assert (entry.source, entry.target, entry.note, entry.target_plural, entry.pos, entry.domain) == (
        "warden", "alcaide", "Prison head.", "alcaides", "noun", "prison")
    csv_text = "note,target,source,gender\nA noun.,celda,cell,f\n"
    assert import_text(session, csv_text, "csv").added == 1
    cell = session.scalars(select(models.GlossaryEntry).where(models.GlossaryEntry.source == "cell")).one()
    assert (cell.target, cell.note, cell.gender) == ("celda", "A noun.", "f")


def test_a_tsv_without_a_header_may_have_gender_and_number(session):
    result = import_text(session, "warden\talcaide\tm\tsg\nbunk\tliteras\tf\tpl\n", "tsv")
    assert result.added == 2 and result.errors == []
    rows = {e.source: (e.target, e.gender, e.number) for e in session.scalars(select(models.GlossaryEntry))}
    assert rows == {"warden": ("alcaide", "m", "sg"), "bunk": ("literas", "f", "pl")}


def test_header_columns_that_are_no_field_are_named_in_the_report(session):
    result = import_text(session, "id,source,target,colour\n7,warden,alcaide,red\n", "csv")
    assert result.added == 1 and result.skipped == 0
    assert result.errors == ["line 1: column(s) id, colour ignored: not a glossary field, or named twice"]


def test_the_csv_export_has_the_plurals_and_comes_back_unchanged(session):
    detainee(session)
    data = glossary_files.write(session.scalars(select(models.GlossaryEntry)), "csv")
    assert data.decode().splitlines()[0].endswith(",source_plural,target_plural,direction")
    result = glossary_files.import_rows(session, glossary_files.read(data, "csv"), "ben")
    assert result.entries[0]["status"] == "unchanged"


# --- issue 22 item 10: a changed term gets its plural made again -----------------------------------


def test_a_changed_target_without_a_plural_gets_a_new_plural(session):
    entry = edit.add(session, {"source": "prison sentence", "target": "pena de prisión",
                               "target_plural": "penas de prisión", "gender": "f"}).entry
    edit.update(session, entry.id, {"target": "condena de prisión"})
    assert entry.target_plural == "condenas de prisión"
    # the edit form sends every field back: the old plural, untouched, is made again too
    edit.update(session, entry.id, {"target": "sentencia de prisión", "target_plural": "condenas de prisión"})
    assert entry.target_plural == "sentencias de prisión"
    # a plural the editor gives is theirs
    edit.update(session, entry.id, {"target": "pena privativa de libertad",
                                    "target_plural": "penas privativas de libertad"})
    assert entry.target_plural == "penas privativas de libertad"
    edit.update(session, entry.id, {"note": "only the note"})
    assert entry.target_plural == "penas privativas de libertad"


def test_a_changed_source_gets_a_new_english_plural(session):
    entry = edit.add(session, {"source": "cellmate", "target": "compañero de celda", "source_plural": "cellmates",
                               "gender": "m"}).entry
    edit.update(session, entry.id, {"source": "cell mate"})
    assert entry.source_plural == "cell mates"
