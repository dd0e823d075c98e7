"""Exports: one contract test over every registered format (write, read back, same pairs), plus
per-format checks of what CAT tools and corpus tools rely on."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile

import lxml.html
import pytest
from lxml import etree
from translate.storage import tmx, xliff, xliff2

from app import __version__
from app.core.models import Article, Translation
from app.interchange import exports
from tests.support.app import FakeEngine, import_article, make_app, translate_now
from tests.support.paths import SEED

# A human post-edit with what breaks naive writers: accents, em dash, curly quotes, a comma, a
# double quote, markup-looking text and an embedded newline.
HUMAN_TEXT = 'Él dijo: “sí, ‘claro’” — y, "fin" <b>AT&T</b>\nsegunda línea'
HUMAN_KEY = "p3.s0"
TARGET = "es-419"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XLIFF12 = "{urn:oasis:names:tc:xliff:document:1.2}"
XLIFF20 = "{urn:oasis:names:tc:xliff:document:2.0}"


def make_translated(app, text: str) -> int:
    """Import and translate an article with the app's engines; return its id."""
    return translate_now(app, text, target_lang=TARGET)


def post_edit(app, article_id: int, key: str, text: str, stale: bool = False) -> None:
    """Replace a sentence's machine translation with a human one, as app.translation.postedit.save does (but
    keeping line breaks, which the editor would fold)."""
    with app.extensions["paralelo.db"]() as session:
        seg = next(s for s in session.get(Article, article_id).segments if s.key == key)
        machine = seg.current
        machine.current = False
        seg.translations.append(Translation(
            text=text, origin="human", engine=None, engine_version=None,
            glossary_revision=machine.glossary_revision, terms=[], author="tester", current=True,
            stale=stale,
        ))
        session.commit()


def prepare(app, text: str) -> int:
    """The article machine-translated, with one human post-edit and its last sentence
    untranslated (as after an interrupted job)."""
    article_id = make_translated(app, text)
    post_edit(app, article_id, HUMAN_KEY, HUMAN_TEXT)
    with app.extensions["paralelo.db"]() as session:
        for tr in session.get(Article, article_id).segments[-1].translations:
            session.delete(tr)
        session.commit()
    return article_id


@pytest.fixture
def article_id(app, seed_text) -> int:
    return prepare(app, seed_text)


@pytest.fixture(scope="module")
def doc(tmp_path_factory) -> exports.ParallelDoc:
    """The prepared seed article as a ParallelDoc, built once: the tests only read it."""
    app = make_app(tmp_path_factory.mktemp("exports"), {"fake": FakeEngine()})
    try:
        article_id = prepare(app, SEED.read_text("utf-8"))
        with app.extensions["paralelo.db"]() as session:
            return exports.build_doc(session.get(Article, article_id))
    finally:
        app.extensions["paralelo.jobs"].shutdown()


# Readers: each turns an export back into (key, source, target) triples, with the format's own
# parser where there is one. Every registered format must have one (test_every_format_has_a_reader).


def read_tmx(data: bytes) -> list[tuple]:
    store = tmx.tmxfile.parsestring(data)
    return [(u.getid(), u.source, u.gettarget(TARGET)) for u in store.units]


def read_xliff(data: bytes) -> list[tuple]:
    store = xliff.xlifffile.parsestring(data)
    return [(u.xmlelement.get("id"), u.source, u.target or "") for u in store.units]


def read_xliff2(data: bytes) -> list[tuple]:
    store = xliff2.Xliff2File.parsestring(data)
    return [(u.getid(), u.source, u.target or "") for u in store.units]


def read_tsv(data: bytes) -> list[tuple]:
    lines = data.decode("utf-8").split("\n")
    assert lines[0].split("\t") == ["id", "paragraph", "source", "target", "origin", "engine"]
    assert lines[-1] == ""
    rows = [line.split("\t") for line in lines[1:-1]]
    assert {len(r) for r in rows} == {6}
    return [(r[0], r[2], r[3]) for r in rows]


def read_csv(data: bytes) -> list[tuple]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert list(rows[0]) == ["id", "paragraph", "source", "target", "origin", "engine"]
    return [(r["id"], r["source"], r["target"]) for r in rows]


def read_jsonl(data: bytes) -> list[tuple]:
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    return [(r["key"], r["source"], r["target"]) for r in records]


def read_html(data: bytes) -> list[tuple]:
    page = lxml.html.document_fromstring(data.decode("utf-8"))
    rows = page.xpath("//table/tbody/tr")
    return [(tr.get("data-key"), tr[0].text_content(), tr[1].text_content()) for tr in rows]


def read_txt(data: bytes) -> list[tuple]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == 2
        source, target = (archive.read(n).decode("utf-8").split("\n") for n in names)
    assert len(source) == len(target) and source[-1] == target[-1] == ""
    return [(None, s, t) for s, t in zip(source[:-1], target[:-1], strict=True)]


def read_text(data: bytes) -> list[tuple]:
    """Plain text for reading: a header, a rule, then (English, translation, blank) per sentence."""
    lines = data.decode("utf-8").split("\n")
    body = lines[lines.index("=" * 60) + 2:]
    assert len(body) % 3 == 0 and all(line == "" for line in body[2::3])
    return [(None, body[i], body[i + 1]) for i in range(0, len(body), 3)]


def read_omegat(data: bytes) -> list[tuple]:
    """The project's auto TM (its source file is checked in tests/test_omegat.py)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [name] = [n for n in archive.namelist() if "/tm/auto/" in n]
        return read_tmx(archive.read(name))


READERS = {
    "tmx": read_tmx, "xliff": read_xliff, "xliff2": read_xliff2, "tsv": read_tsv, "csv": read_csv,
    "jsonl": read_jsonl, "html": read_html, "txt": read_txt, "text": read_text, "omegat": read_omegat,
}
ONE_LINE = {"tsv", "txt", "text", "omegat"}  # line-oriented formats fold line breaks inside a sentence into a space
NO_KEYS = {"txt", "text"}
SKIPS_UNTRANSLATED = {"tmx", "omegat"}  # an empty target would be offered as a TM match


def expected(name: str, doc: exports.ParallelDoc) -> list[tuple]:
    fold = (lambda s: s.replace("\n", " ")) if name in ONE_LINE else (lambda s: s)
    return [
        (None if name in NO_KEYS else u.key, fold(u.source), fold(u.target))
        for u in doc.units
        if u.translated or name not in SKIPS_UNTRANSLATED
    ]


def test_every_format_has_a_reader():
    assert set(READERS) == set(exports.names())


@pytest.mark.parametrize("name", exports.names())
def test_round_trip(name, doc):
    """The contract: every format gives back the same sentence pairs, in order, unicode intact."""
    data = exports.get(name).write(doc)
    assert isinstance(data, bytes)
    pairs = READERS[name](data)
    assert pairs == expected(name, doc)
    human = [p for p in pairs if p[2].startswith("Él dijo")]
    assert len(human) == 1
    assert human[0][2] == (HUMAN_TEXT.replace("\n", " ") if name in ONE_LINE else HUMAN_TEXT)


def test_fixture_has_all_three_cases(doc):
    origins = [u.origin for u in doc.units]
    assert len(doc.units) == 37
    assert origins.count("human") == 1 and origins.count(None) == 1
    assert origins.count("machine") + origins.count("template") == 35  # byline, credit: by template
    assert doc.units[-1].target == "" and not doc.units[-1].translated


FILES = {
    "tmx": ("tmx", "application/x-tmx+xml"),
    "xliff": ("xlf", "application/x-xliff+xml"),
    "xliff2": ("xliff2.xlf", "application/xliff+xml"),
    "tsv": ("tsv", "text/tab-separated-values"),
    "csv": ("csv", "text/csv"),
    "jsonl": ("jsonl", "application/jsonl"),
    "html": ("html", "text/html"),
    "txt": ("zip", "application/zip"),
    "omegat": ("omegat.zip", "application/zip"),
    "text": ("txt", "text/plain"),
}


@pytest.mark.parametrize("name", exports.names())
def test_filename_and_mimetype(name, doc):
    exporter = exports.get(name)
    extension, mimetype = FILES[name]
    assert exporter.name == name and exporter.label
    assert exporter.filename(doc) == f"{doc.slug}.{extension}"
    assert exporter.mimetype == mimetype


def test_get_unknown_format_lists_known_ones():
    with pytest.raises(exports.UnknownFormat) as caught:
        exports.get("docx")
    assert str(caught.value) == (
        "Unknown format 'docx'; known: tmx, xliff, xliff2, tsv, csv, jsonl, html, txt, omegat, text"
    )
    with pytest.raises(exports.UnknownFormat):
        exports.get(None)


def test_export_refuses_an_article_still_translating(app, seed_text):
    article = import_article(app, seed_text)  # queued, job not run
    with pytest.raises(exports.NotReady) as caught:
        exports.export(article, "tmx")
    assert caught.value.status == "queued" and caught.value.progress == 0


def test_export_names_and_types_the_file(app, article_id):
    with app.extensions["paralelo.db"]() as session:
        result = exports.export(session.get(Article, article_id), "csv")
    assert result.filename.endswith(".csv") and result.mimetype == "text/csv"
    assert result.units == 37 and result.data.startswith(b"id,paragraph,source")


# TMX


def test_tmx_header_languages_and_props(doc):
    root = etree.fromstring(exports.get("tmx").write(doc))
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "en" and header.get("adminlang") == "en"
    assert header.get("creationtool") == "Paralelo"
    assert header.get("creationtoolversion") == __version__
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    assert header.get("segtype") == "sentence" and header.get("datatype") == "plaintext"
    tus = root.findall("body/tu")
    assert len(tus) == 36  # the untranslated sentence is left out
    by_key = {tu.get("tuid"): tu for tu in tus}
    for tu in tus:
        langs = [tuv.get(f"{{{XML_NS}}}lang") for tuv in tu.findall("tuv")]
        assert langs == ["en", TARGET]
        assert all(len(seg) == 0 for seg in tu.iter("seg"))  # level 1: no inline markup
        children = [child.tag for child in tu]
        assert children.index("tuv") > max(i for i, t in enumerate(children) if t == "prop")

    def props(key):
        return {p.get("type"): p.text for p in by_key[key].findall("prop")}

    machine = doc.units[0]
    assert props(machine.key) == {
        "x-origin": "machine", "x-kind": "title", "x-engine": "fake", "x-engine-version": "1.0",
        "x-glossary-revision": str(machine.glossary_revision), "x-review": "machine",
    }
    assert props(HUMAN_KEY) == {
        "x-origin": "human", "x-kind": "paragraph",
        "x-glossary-revision": str(machine.glossary_revision), "x-review": "edited",
    }
    assert "terms: " in by_key[machine.key].findtext("note")


def test_tmx_marks_stale_edits(doc):
    stale = [dataclasses.replace(u, stale=True) if u.origin == "human" else u for u in doc.units]
    root = etree.fromstring(exports.get("tmx").write(dataclasses.replace(doc, units=stale)))
    tu = root.find(f"body/tu[@tuid='{HUMAN_KEY}']")
    assert tu.find("prop[@type='x-stale']").text == "true"


def test_tmx_carries_the_alignment_confidence_of_aligned_pairs(doc):
    aligned = [dataclasses.replace(u, engine="aligned", engine_version="Edición en español", confidence=0.8345)
               if u.key == HUMAN_KEY else u for u in doc.units]
    root = etree.fromstring(exports.get("tmx").write(dataclasses.replace(doc, units=aligned)))
    tu = root.find(f"body/tu[@tuid='{HUMAN_KEY}']")
    assert tu.find("prop[@type='x-alignment-confidence']").text == "0.83"
    assert tu.find("prop[@type='x-engine']").text == "aligned"
    others = [tu for tu in root.findall("body/tu") if tu.get("tuid") != HUMAN_KEY]
    assert others and all(tu.find("prop[@type='x-alignment-confidence']") is None for tu in others)


# XLIFF


def with_stale_human(doc):
    return dataclasses.replace(doc, units=[
        *doc.units, dataclasses.replace(doc.units[-2], key="p99.s0", origin="human", stale=True),
    ])


def test_xliff12_states_and_notes(doc):
    root = etree.fromstring(exports.get("xliff").write(with_stale_human(doc)))
    assert root.get("version") == "1.2" and root.tag == f"{XLIFF12}xliff"
    file = root.find(f"{XLIFF12}file")
    assert file.get("source-language") == "en" and file.get("target-language") == TARGET
    assert list(file)[0].tag == f"{XLIFF12}header"
    units = {tu.get("id"): tu for tu in file.iter(f"{XLIFF12}trans-unit")}
    assert len(units) == 38

    def target(key):
        return units[key].find(f"{XLIFF12}target")

    assert target(HUMAN_KEY).get("state") == "translated"
    assert target(HUMAN_KEY).get("state-qualifier") is None
    assert target("p0.s0").get("state") == "needs-review-translation"
    assert target("p0.s0").get("state-qualifier") == "mt-suggestion"
    assert target("p99.s0").get("state") == "needs-review-translation"  # stale human edit
    assert target(doc.units[-1].key) is None  # untranslated: no target
    assert [k for k, u in units.items() if u.get("approved") == "yes"] == [HUMAN_KEY]
    notes = [n.text for n in units[HUMAN_KEY].findall(f"{XLIFF12}note")]
    assert notes[0].startswith("origin: human; glossary revision: ")
    # translate-toolkit sees the same states
    store = xliff.xlifffile.parsestring(exports.get("xliff").write(doc))
    by_id = {u.xmlelement.get("id"): u for u in store.units}
    assert by_id[HUMAN_KEY].istranslated() and not by_id[HUMAN_KEY].isfuzzy()
    assert by_id["p0.s0"].isfuzzy() and by_id["p0.s0"].isreview()
    assert not by_id[doc.units[-1].key].istranslated()


def test_xliff2_states_substates_and_notes(doc):
    root = etree.fromstring(exports.get("xliff2").write(with_stale_human(doc)))
    assert root.get("version") == "2.0" and root.tag == f"{XLIFF20}xliff"
    assert root.get("srcLang") == "en" and root.get("trgLang") == TARGET
    units = {u.get("id"): u for u in root.iter(f"{XLIFF20}unit")}
    assert len(units) == 38

    def segment(key):
        return units[key].find(f"{XLIFF20}segment")

    def state(key):
        return segment(key).get("state"), segment(key).get("subState")

    assert state(HUMAN_KEY) == ("translated", "paralelo:human")
    assert state("p0.s0") == ("initial", "paralelo:machine")
    assert state("p99.s0") == ("initial", "paralelo:human-stale")
    assert state(doc.units[-1].key) == ("initial", None)
    assert segment(doc.units[-1].key).find(f"{XLIFF20}target") is None
    for unit in units.values():
        assert unit.get(f"{{{XML_NS}}}space") == "preserve"
        assert segment(unit.get("id")).get(f"{{{XML_NS}}}space") is None  # not allowed there
    assert units["p0.s0"][0].tag == f"{XLIFF20}notes"  # notes come first in a unit
    note = units["p0.s0"].find(f"{XLIFF20}notes/{XLIFF20}note")
    assert note.get("category") == "paralelo" and note.text.startswith("origin: machine")


# Delimited text, JSON Lines, HTML, plain text


def test_tsv_folds_tabs_and_line_breaks(doc):
    tricky = dataclasses.replace(doc.units[0], source="a\tb\r\nc\u2028d")
    data = exports.get("tsv").write(dataclasses.replace(doc, units=[tricky]))
    assert data.decode("utf-8").split("\n")[1].split("\t")[2] == "a b c d"


def test_csv_quotes_commas_quotes_and_newlines(doc):
    data = exports.get("csv").write(doc).decode("utf-8")
    assert '"Él dijo: “sí, ‘claro’” — y, ""fin"" <b>AT&T</b>\nsegunda línea"' in data


def test_jsonl_fields_and_raw_unicode(doc):
    data = exports.get("jsonl").write(doc)
    assert "—".encode() in data and b"\\u2014" not in data
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert len(records) == 37
    human = next(r for r in records if r["key"] == HUMAN_KEY)
    assert set(human) >= {
        "id", "key", "paragraph", "index", "kind", "source", "target", "origin", "engine",
        "engine_version", "glossary_revision", "terms", "stale",
    }
    assert (human["origin"], human["stale"], human["paragraph"], human["index"]) == (
        "human", False, 3, 0)
    assert records[0]["terms"] and records[0]["terms"][0]["status"] == "enforced"
    assert records[-1]["origin"] is None and records[-1]["target"] == ""


def test_html_is_self_contained_and_escaped(doc):
    hostile = dataclasses.replace(doc.units[0], source='<script>alert("x")</script> & more')
    page_bytes = exports.get("html").write(
        dataclasses.replace(doc, title="A <b>bold</b> title", units=[hostile, *doc.units[1:]])
    )
    text = page_bytes.decode("utf-8")
    page = lxml.html.document_fromstring(text)
    assert page.get("lang") == "en"
    assert not page.xpath("//script | //link | //img | //iframe | //*[@src]")
    assert "<b>bold</b>" not in text and page.findtext(".//h1") == "A <b>bold</b> title"
    assert page.xpath("//tbody/tr")[0][0].text_content() == hostile.source
    assert {td.get("lang") for td in page.xpath("//td[contains(@class, 'tgt')]")} == {TARGET}
    assert {td.get("lang") for td in page.xpath("//td[contains(@class, 'src')]")} == {"en"}
    provenance = page.find_class("provenance")[0].text_content()
    assert "fake 1.0" in provenance and "(es-419)" in provenance and "Exported" in provenance
    assert "1 sentence post-edited" in provenance


def test_reading_text_has_a_header_with_the_source_and_provenance(doc):
    text = exports.get("text").write(doc).decode("utf-8")
    head = text.split("=" * 60)[0]
    assert head.startswith(doc.title) and "Machine translation into" in head


def test_txt_zip_names_and_line_pairs(doc):
    with zipfile.ZipFile(io.BytesIO(exports.get("txt").write(doc))) as archive:
        assert archive.namelist() == [f"{doc.slug}.en.txt", f"{doc.slug}.{TARGET}.txt"]
        target = archive.read(f"{doc.slug}.{TARGET}.txt").decode("utf-8")
    assert target.count("\n") == 37 and target.endswith("\n\n")  # the untranslated line is empty
