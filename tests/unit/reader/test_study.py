"""The study list: items checked and bounded, the CSV file, the Anki package, an account's list."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import pytest

from app.core.models import Article, StudyItem
from app.reader import study
from tests.support.app import import_article


def test_an_item_is_checked_trimmed_and_bounded():
    item = study.clean({"front": "  inmates ", "back": "reclusos", "context": "The inmates\r\nLos reclusos"})
    assert item == study.Item("inmates", "reclusos", "The inmates\nLos reclusos", "en")
    assert study.clean({"front": "reclusos", "lang": "es-419"}).lang == "es-419"
    for bad in ({}, {"front": ""}, {"front": "   "}, {"front": 5}, {"front": "x", "back": ["y"]},
                {"front": "x" * (study.MAX_FRONT + 1)}, {"front": "x", "context": "y" * (study.MAX_CONTEXT + 1)},
                "inmates", None):
        with pytest.raises(study.StudyError):
            study.clean(bad)


@pytest.mark.parametrize("body", [None, {}, {"items": []}, {"items": "x"}, [{"front": "x"}],
                                  {"items": [{"front": "x"}] * (study.MAX_ITEMS + 1)}])
def test_a_list_has_one_to_max_items(body):
    with pytest.raises(study.StudyError) as caught:
        study.clean_all(body)
    assert caught.value.http_status == 400


def test_csv_has_a_header_keeps_line_breaks_and_defuses_formulas():
    items = [study.Item("inmates", "reclusos", "The inmates, she said\nLos reclusos"), study.Item("=HYPERLINK(1)")]
    rows = list(csv.reader(io.StringIO(study.to_csv(items).decode("utf-8"), newline="")))
    assert rows == [["front", "back", "context"], ["inmates", "reclusos", "The inmates, she said\nLos reclusos"],
                    ["'=HYPERLINK(1)", "", ""]]


def test_anki_package_is_a_zip_holding_a_collection_with_one_note_per_item(tmp_path):
    items = [study.Item("inmates", "reclusos", "The <b>inmates</b>\nLos reclusos"), study.Item("bail", "fianza")]
    data = study.to_apkg(items)
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        assert set(deck.namelist()) == {"collection.anki2", "media"}
        assert deck.read("media") == b"{}"
        (tmp_path / "c.anki2").write_bytes(deck.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        notes = [row[0].split("\x1f") for row in db.execute("select flds from notes order by id")]
        cards = db.execute("select count(*) from cards").fetchone()[0]
        decks = db.execute("select decks from col").fetchone()[0]
    assert notes == [["inmates", "reclusos", "The &lt;b&gt;inmates&lt;/b&gt;<br>Los reclusos"], ["bail", "fianza", ""]]
    assert cards == 2 and "Paralelo" in decks


def test_export_names_and_types_the_file():
    items = [study.Item("bail", "fianza")]
    data, mimetype, name = study.export(items, "apkg")
    assert mimetype == "application/apkg" and name.startswith("paralelo-study-") and name.endswith(".apkg")
    assert data[:2] == b"PK"
    assert study.export(items, "csv")[1:] == ("text/csv; charset=utf-8", study.export(items, "csv")[2])
    with pytest.raises(study.StudyError):
        study.export(items, "docx")


def test_an_accounts_list_keeps_items_once_and_only_its_own(app, seed_text):
    article_id = import_article(app, seed_text).id
    with app.extensions["paralelo.db"]() as session:
        first = study.add(session, "ana", study.Item("bail", "fianza"), article_id, "p3.s1")
        again = study.add(session, "ana", study.Item("bail", "fianza", "another sentence"))
        study.add(session, "ben", study.Item("bail", "fianza"))
        session.commit()
        assert again.id == first.id
        [item] = study.list_items(session, "ana")
        slug = session.get(Article, article_id).slug
        assert (item["front"], item["back"], item["article"], item["key"]) == ("bail", "fianza", slug, "p3.s1")
        with pytest.raises(study.NoSuchItem):
            study.remove(session, "ben", first.id)
        study.remove(session, "ana", first.id)
        session.commit()
        assert study.list_items(session, "ana") == []
        assert session.query(StudyItem).count() == 1


def test_an_accounts_list_is_bounded(app, monkeypatch):
    monkeypatch.setattr(study, "MAX_ITEMS", 2)
    with app.extensions["paralelo.db"]() as session:
        study.add(session, "ana", study.Item("one"))
        study.add(session, "ana", study.Item("two"))
        with pytest.raises(study.StudyError):
            study.add(session, "ana", study.Item("three"))
