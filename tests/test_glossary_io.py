"""Glossary editing with history and revert, and TSV/CSV/TBX import and export."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import glossary_edit, glossary_io, store
from app.glossary import GlossaryError
from app.glossary_edit import ConflictError, NotFound


@pytest.fixture
def session(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'g.db'}")
    store.init_db(engine)
    with store.session_factory(engine)() as session:
        yield session


def test_add_edit_delete_revert_with_history(session):
    change = glossary_edit.add(session, {"source": "warden", "target": "alcaide", "gender": "m"}, who="ana")
    entry = change.entry
    assert entry.version == 1 and entry.revision == change.record.id == store.glossary_revision(session)
    glossary_edit.update(session, entry.id, {"target": "director del penal"}, who="ben", version=1)
    assert entry.target == "director del penal" and entry.version == 2
    with pytest.raises(ConflictError) as info:
        glossary_edit.update(session, entry.id, {"target": "x"}, version=1)
    assert info.value.current["target"] == "director del penal"
    glossary_edit.delete(session, entry.id, who="ana")
    with pytest.raises(NotFound):
        glossary_edit.get(session, entry.id)
    history = glossary_edit.history(session, entry.id)
    assert [h.action for h in history] == ["delete", "edit", "add"]
    assert history[1].before["target"] == "alcaide" and history[1].after["target"] == "director del penal"
    glossary_edit.revert(session, history[1].id, who="ana")  # back to before the edit, undeleted
    assert not entry.deleted and entry.target == "alcaide"
    glossary_edit.revert(session, history[2].id)  # undo the add
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
        glossary_edit.add(session, data)


def test_duplicate_is_a_conflict(session):
    glossary_edit.add(session, {"source": "Parole", "target": "libertad condicional"})
    with pytest.raises(ConflictError, match="already exists"):
        glossary_edit.add(session, {"source": "parole", "target": "otra"})


def test_bundled_load_never_clobbers_user_edits(session):
    first = glossary_io.load_bundled(session)
    assert first.added >= 80 and not first.errors
    entry = session.scalars(select(store.GlossaryEntry).where(store.GlossaryEntry.source == "inmate")).one()
    glossary_edit.update(session, entry.id, {"target": "privado de libertad"}, who="editor")
    session.commit()
    again = glossary_io.load_bundled(session)
    assert again.added == 0 and again.updated == 0
    assert entry.target == "privado de libertad"


def test_tsv_import_reports_bad_lines(session):
    data = "source\ttarget\nwarden\talcaide\tprison head\nbroken line\n\tempty source\nwarden\talcaide\tprison head\n"
    result = glossary_io.import_rows(session, glossary_io.read(data.encode(), "tsv"), "test")
    assert (result.added, result.updated, result.skipped) == (1, 0, 3)
    assert result.errors[0].startswith("line 3: expected 2 or 3")
    assert result.errors[1].startswith("line 4: The source term must not be empty")


def test_csv_import_with_quotes_and_header(session):
    data = (
        'source,target,kind,domain,gender,number,note\n'
        '"habeas corpus","hábeas corpus",translate,legal,m,sg,"Latin, kept"\nx\n'
    )
    result = glossary_io.import_rows(session, glossary_io.read(data.encode(), "csv"), "test")
    assert result.added == 1 and result.skipped == 1 and "line 3" in result.errors[0]
    entry = session.scalars(select(store.GlossaryEntry)).one()
    assert entry.note == "Latin, kept" and entry.domain == "legal"


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx"])
def test_export_import_round_trip(session, tmp_path, fmt):
    glossary_edit.add(session, {"source": "riot gear", "target": "equipo antidisturbios", "note": "Police <b>kit</b>"})
    glossary_edit.add(session, {"source": "bunk", "target": "litera"})
    session.commit()
    data = glossary_io.write(session.scalars(select(store.GlossaryEntry)), fmt)
    if fmt == "tbx":
        assert b'xml:lang="en"' in data and b'xml:lang="es"' in data
    rows = [r for _, r in glossary_io.read(data, fmt)]
    assert {(r["source"], r["target"]) for r in rows} == {("riot gear", "equipo antidisturbios"), ("bunk", "litera")}
    assert any(r.get("note") == "Police <b>kit</b>" for r in rows)


def test_unreadable_files(session):
    with pytest.raises(GlossaryError, match="not UTF-8"):
        glossary_io.read(b"\xff\xfe\x00bad", "tsv")
    with pytest.raises(GlossaryError, match="TBX file could not be parsed"):
        glossary_io.read(b"<martif><unclosed>", "tbx")
    with pytest.raises(GlossaryError, match="Unknown glossary format"):
        glossary_io.read(b"a\tb", "xlsx")
