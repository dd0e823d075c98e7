"""Property-based fuzzing: the article importer, the segmenter, glossary import and the JSON API.

Bounded and derandomized for CI (PARALELO_FUZZ_SCALE=10 runs ten times the examples). Known bugs
were pinned by strict xfails until fixed; their inputs are now part of the strategies, and the
pinned cases below stay as regression tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import string
from collections import Counter
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from app.config import ENGINES, TARGET_LOCALES
from app.core import models, schema
from app.glossary import edit as glossary_edit
from app.glossary.matcher import DOMAINS, KINDS, GlossaryError, load_matcher
from app.intake import parse, segment
from app.intake.parse import ArticleError, Block
from app.interchange import glossary_files
from app.web import db
from tests.support.app import FakeEngine, make_app, wait_jobs

SCALE = float(os.environ.get("PARALELO_FUZZ_SCALE", "1"))
RUN: Counter[str] = Counter()  # generated cases run per target, reported at the end
SEQUENCES = Counter()  # glossary request sequences run (their steps are counted in RUN)
INF, NAN = float("inf"), float("nan")


def fuzz(examples: int):
    """Hypothesis settings for CI: bounded, reproducible, no example database."""
    return settings(
        max_examples=max(1, int(examples * SCALE)), deadline=None, derandomize=True,
        database=None, print_blob=False,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


@pytest.fixture(scope="module", autouse=True)
def fuzz_summary(request):
    """Print how many generated cases each target ran, so the number can be quoted."""
    yield
    detail = ", ".join(f"{name}: {n}" for name, n in sorted(RUN.items()))
    line = f"fuzz cases run: {sum(RUN.values())} ({detail}; {SEQUENCES['runs']} sequences)"
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line)
    else:
        print(line)


# ---------------------------------------------------------------- strategies

ANY_CHAR = st.characters(exclude_categories=())  # every code point, lone surrogates included
WHITESPACE = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85",
              "\u00a0", "\u2028", "\u2029", "\u3000"]
HTMLISH = ["<p>", "</p>", "<h1>", "</h1>", "<h2>", "</h2>", "<h4 class='x'>", "<figcaption>",
           "</figcaption>", '<p class="byline">', '<div class="caption">', "<script>",
           "</script>", "<style>", "<!doctype html>", "<html>", "<body>", "<article>", "<title>",
           "</title>", "<nav>", "<footer>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;",
           "&#x110000;", "&bogus;", "<", ">", "<p/>", "<br>", "<?xml version='1.0'?>",
           "<p\x00>", "</"]
MARKDOWN = ["# ", "## ", "###### ", "#", "[", "]", "(", ")", "[link](#)", "[a](", "**", "__",
            "*", "_", "\\$", "\\", "\\[", "---", "* * *", "—", "By ", "Posted on March 1 by ",
            "ASSOCIATED PRESS", "In this photo ", "(AP Photo", "?", "|"]
SENTENCE_BITS = ["U.S.", "D.C.", "Gen.", "Mr.", "e.g.", "a.m.", "No.", "J.", "F.", "...", "…",
                 ".", "!", "?", "?!", "“", "”", "‘", "’", '"', "'", "(", ")", "[", "]", "¿", "¡"]
WORDS = ["The", "the", "prison", "CECOT", "El Salvador", "Bukele", "habeas corpus", "a", "I",
         "He", "In", "Ñandú", "Éxodo", "123", "40,000", "$6", "2025"]
CONTROL = ["\x00", "\x07", "\x1b", "\ufeff", "\u200b", "\u202e", "\ud800", "\U0010ffff"]

chunk = st.one_of(
    st.sampled_from(HTMLISH + MARKDOWN + SENTENCE_BITS + WORDS + WHITESPACE + CONTROL),
    st.text(ANY_CHAR, max_size=12),
    st.just("x" * 300),
)
# Long repetitions of one piece: a quadratic parser or splitter would never finish these (the
# suite has no timed assertions; a regression shows as a run that does not end).
huge_line = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from(
        ["a", "word ", "é", "<p>x", "[x](y) ", "\x00", "# x\n\n", "Yes. ", "x\n", "Aa. ", " *a", "[", " _a"]
    ),
    st.integers(1_000, 40_000),
)
article_text = st.one_of(
    st.text(ANY_CHAR, max_size=300), st.lists(chunk, max_size=60).map("".join), huge_line
)
sentence_text = st.one_of(
    st.lists(st.sampled_from(SENTENCE_BITS + WORDS + WHITESPACE), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(SENTENCE_BITS + WHITESPACE), st.text(max_size=6)),
             max_size=30).map("".join),
    st.text(ANY_CHAR, max_size=200),
)


# Text that tends to break text handling: case folding, markup and LIKE syntax, controls.
TRICKY = ["É", "é", "ß", "İ", "ﬁ", "Σς", "a\u0301", "'", "’", '"', "\\", "<b>", "&amp;", "\x00",
          "\t", "\u2028", "*", "[x](y)", "-", " ", "", "court", "The court", "petition", "x" * 199,
          "%", "_"]
LONE_SURROGATES = ["a\ud800", "T\n\nB \udfff."]  # JSON can carry them; files and UTF-8 cannot
tricky_text = st.lists(st.sampled_from(TRICKY), min_size=1, max_size=4).map("".join)


def collapse(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- 1. article importer

any_title = st.one_of(st.none(), st.text(ANY_CHAR, max_size=20),
                      st.sampled_from(["", "  ", "x" * 501, "[t](u)"]))


@fuzz(400)
@given(text=article_text, title=any_title)
def test_parse_raises_only_article_error(text, title):
    RUN["1 articles.parse"] += 1
    try:
        parsed = parse.parse(text, title)
    except ArticleError:
        return
    assert parsed.title and parsed.title == collapse(parsed.title)
    assert len(parsed.title) <= parse.MAX_TITLE_CHARS
    assert parsed.blocks
    for block in parsed.blocks:
        assert block.kind in ("paragraph", "heading", "caption")
        assert block.text and block.text == collapse(block.text)


upload_bytes = st.one_of(
    st.binary(max_size=300),
    article_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00"]),
              st.binary(max_size=50), st.text(max_size=200).map(str.encode)).map(b"".join),
)


@fuzz(300)
@given(data=upload_bytes)
def test_decode_upload_raises_only_article_error(data):
    RUN["1 articles.decode_upload"] += 1
    try:
        text = parse.decode_upload(data)
    except ArticleError:
        assert b"\x00" in data or not _is_utf8(data)
        return
    assert b"\x00" not in data and text == data.decode("utf-8-sig")
    try:
        parse.parse(text)
    except ArticleError:
        pass


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- 2. segmenter


@fuzz(600)
@given(text=sentence_text)
def test_split_sentences_loses_no_text(text):
    RUN["2 segment.split_sentences"] += 1
    pieces = segment.split_sentences(text)
    assert all(p and p == p.strip() for p in pieces)
    assert collapse(" ".join(pieces)) == collapse(text)
    clean = collapse(text)  # what the importer hands over: white space already collapsed
    assert " ".join(segment.split_sentences(clean)) == clean


@fuzz(200)
@given(
    blocks=st.lists(st.tuples(st.sampled_from(["paragraph", "heading", "caption"]),
                              sentence_text.map(collapse).filter(bool)), max_size=8),
    title=st.one_of(st.none(), st.just(""), sentence_text),
    byline=st.one_of(st.none(), st.just(""), sentence_text),
)
def test_segment_keys_unique_and_text_kept(blocks, title, byline):
    RUN["2 segment.segment"] += 1
    sentences = segment.segment([Block(k, t) for k, t in blocks], title, byline)
    keys = [s.key for s in sentences]
    assert len(keys) == len(set(keys))
    first = bool(title) + bool(byline)
    for n, (kind, text) in enumerate(blocks, first):
        mine = [s for s in sentences if s.paragraph == n]
        assert [s.index for s in mine] == list(range(len(mine)))
        assert all(s.kind == kind for s in mine)
        assert " ".join(s.text for s in mine) == text
        if kind == "heading":
            assert len(mine) == 1


# ---------------------------------------------------------------- 3. glossary importers

TERM_CHARS = st.characters(exclude_categories=("Cs",))
TERM_POOL = ["warden", "Warden", "WARDEN", "habeas corpus", "Élan", "élan", "ÉLAN",
             "Tren de Aragua", "due process", "zqx sentinel writ", "  spaced   out  ", "source",
             "target", "en", "es"]
cell = st.one_of(
    st.sampled_from(TERM_POOL + ["", " ", "\t", '"', '""', "\n", "\r\n", ",", ";", "#", "#x",
                                 "'", "x" * 201, "y" * 301, "legal", "prison", "keep",
                                 "translate", "m", "f", "pl", "sg", "bogus", "\x00", "\ufeff",
                                 "<term>", "&amp;"]),
    st.text(TERM_CHARS, max_size=15),
    st.text(TERM_CHARS, min_size=150, max_size=2_100),
    tricky_text,
)
term_cell = st.one_of(st.sampled_from(TERM_POOL), tricky_text, st.text(TERM_CHARS, max_size=15))
# mostly well-formed rows reach the database; arbitrary ones test the readers
rows = st.one_of(
    st.lists(st.lists(cell, max_size=9), max_size=12),
    st.lists(st.lists(term_cell, min_size=2, max_size=3), min_size=1, max_size=6),
)
COLUMN_NAMES = [*glossary_files.CSV_COLUMNS, "case_sensitive", "id", "version", "bogus", "",
                "Source", " target "]


@st.composite
def tsv_bytes(draw):
    lines = ["\t".join(r) for r in draw(rows)]
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["source\ttarget", "en\tes", "EN\tES\tnote", "# c"])))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + text.encode("utf-8")


@st.composite
def csv_bytes(draw):
    records = draw(rows)
    if draw(st.booleans()):
        extra = draw(st.lists(st.sampled_from(COLUMN_NAMES), max_size=8))
        records.insert(0, ["source", "target", *extra])
    buf = io.StringIO()
    if draw(st.booleans()):
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
        end = draw(st.sampled_from(["\n", "\r\n"]))
        csv.writer(buf, quoting=quoting, lineterminator=end).writerows(records)
    else:  # hand-written, often broken quoting
        buf.write("\n".join(",".join(r) for r in records))
    return buf.getvalue().encode("utf-8")


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


TBX_JUNK = ["<termEntry>", "</termEntry>", "<langSet xml:lang='en'>", "<langSet>", "</langSet>",
            "<tig>", "</tig>", "<term>", "</term>", "<note>n</note>", "<note from='translator'>",
            "<ntig><termGrp><term>x</term></termGrp></ntig>", "&amp;", "&lt;", "&nbsp;", "&x;",
            "<!-- c -->", "<![CDATA[ <b> ]]>", "<?pi x?>", "<descrip type='definition'>d</descrip>",
            "\x00", "\x01", "<", ">", "&", "]]>", "</body>", "<body>", "<martif>", "</martif>"]
TBX_HEADS = ["<?xml version='1.0' encoding='UTF-8'?>", "",
             "<?xml version='1.0' encoding='latin-1'?>",
             "<!DOCTYPE martif [<!ENTITY x 'boom'>]>",
             "<?xml version='1.0'?><!DOCTYPE martif [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"]
TBX_ROOTS = [("<martif type='TBX' xml:lang='en'><text><body>", "</body></text></martif>"),
             ("<martif>", "</martif>"), ("<tmx><body>", "</body></tmx>"), ("", "")]


@st.composite
def tbx_bytes(draw):
    def lang_set(lang):
        term = _xml_escape(draw(cell))
        return f"<langSet xml:lang='{lang}'><tig><term>{term}</term></tig></langSet>"

    parts = []
    for _ in range(draw(st.integers(0, 6))):
        langs = draw(st.lists(st.sampled_from(["en", "es", "fr", ""]), max_size=3))
        sets = [lang_set(lang) for lang in langs]
        if draw(st.booleans()):
            sets.append(f"<note>{_xml_escape(draw(cell))}</note>")
        parts.append("<termEntry>" + "".join(sets) + "</termEntry>")
        parts.extend(draw(st.lists(st.sampled_from(TBX_JUNK), max_size=2)))
    start, end = draw(st.sampled_from(TBX_ROOTS))
    doc = draw(st.sampled_from(TBX_HEADS)) + start + "".join(parts) + end
    cut = draw(st.one_of(st.none(), st.integers(0, len(doc))))
    doc = doc if cut is None else doc[:cut]
    return doc.encode(draw(st.sampled_from(["utf-8", "utf-16"])))


raw_glossary = st.binary(max_size=400)
glossary_file = st.one_of(tsv_bytes(), csv_bytes(), tbx_bytes(), raw_glossary)


def check_read(data: bytes, fmt: str):
    """Rows from glossary_io.read, checked for shape; None when it refused with GlossaryError."""
    try:
        got = glossary_files.read(data, fmt)
    except GlossaryError:
        return None
    lines = [line for line, _ in got]
    assert lines == sorted(lines) and all(isinstance(n, int) and n >= 1 for n in lines)
    for _, row in got:
        if "_error" in row or "_warning" in row:  # a bad line; a header's odd columns (the file is read anyway)
            assert set(row) in ({"_error"}, {"_warning"}) and all(isinstance(v, str) and v for v in row.values())
        else:
            assert {"source", "target"} <= set(row) <= set(glossary_edit.FIELDS)
            assert all(isinstance(v, str) for v in row.values())
    return got


@fuzz(250)
@given(fmt=st.sampled_from(["tsv", "csv", "tbx"]), data=glossary_file)
def test_glossary_read_raises_only_glossary_error(fmt, data):
    RUN["3 glossary_io.read"] += 1
    check_read(data, fmt)
    with pytest.raises(GlossaryError):
        glossary_files.read(data, "xlsx")


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(text: str) -> str:
    """Case-fold as SQLite's LIKE and lower() do: ASCII letters only."""
    return text.translate(_ASCII_LOWER)


def last_clean_rows(parsed) -> dict[str, dict]:
    """The cleaned fields of the last valid row for each (folded) source, as an import keeps."""
    out = {}
    for _, row in parsed or []:
        if "_error" in row or "_warning" in row:
            continue
        try:
            clean = glossary_edit.validate(row)
        except GlossaryError:
            continue
        out[fold(clean["source"])] = clean
    return out


@pytest.fixture
def glossary_db(tmp_path):
    """A session factory on a fresh database holding the bundled glossary."""
    engine = models.make_engine(f"sqlite:///{tmp_path / 'fuzz.db'}")
    schema.init_db(engine)
    factory = models.session_factory(engine)
    with factory() as session:
        glossary_files.load_bundled(session)
    yield factory
    engine.dispose()


def db_snapshot(session) -> dict[int, dict]:
    entries = session.scalars(select(models.GlossaryEntry))
    return {e.id: glossary_edit.snapshot(e) for e in entries}


@fuzz(100)
@given(fmt=st.sampled_from(["tsv", "csv", "tbx"]), data=glossary_file)
def test_import_rows_counts_errors_and_keeps_other_entries(glossary_db, fmt, data):
    parsed = check_read(data, fmt)
    assume(parsed is not None)
    RUN["3 glossary_io.import_rows"] += 1
    with glossary_db() as session:
        before = db_snapshot(session)
        result = glossary_files.import_rows(session, parsed, "fuzz")
        session.commit()  # domain functions never commit: the caller owns the unit of work
    with glossary_db() as session:
        after = db_snapshot(session)
    entries = [row for _, row in parsed if "_warning" not in row]
    assert result.added + result.updated + result.skipped == len(entries)
    warnings = sum(1 for _, row in parsed if "_warning" in row)
    assert len(result.errors) <= result.skipped + warnings
    lines = {line for line, _ in parsed}
    for error in result.errors:
        m = re.match(r"line (\d+): \S", error)
        assert m and int(m.group(1)) in lines, error
    named = last_clean_rows(parsed)
    for entry_id, old in before.items():
        if fold(old["source"]) not in named:
            assert after[entry_id] == old, f"entry {entry_id} changed though no row named it"
    assert len(after) - len(before) == result.added
    live = {fold(e["source"]): e for e in after.values() if not e["deleted"]}
    for key, clean in named.items():
        assert (live[key]["source"], live[key]["target"]) == (clean["source"], clean["target"])


def test_import_wildcard_source_leaves_other_entries_alone(glossary_db):
    with glossary_db() as session:
        before = db_snapshot(session)
        glossary_files.import_rows(session, glossary_files.read(b"%\tpor ciento\n", "tsv"), "fuzz")
        session.commit()
    with glossary_db() as session:
        after = db_snapshot(session)
    assert [after[i] for i in before] == list(before.values())
    assert any(e["source"] == "%" for e in after.values())


def test_import_term_deleted_then_added_again(glossary_db):
    with glossary_db() as session:
        first = glossary_edit.add(session, {"source": "zz jailer", "target": "alcaide"}).entry
        glossary_edit.delete(session, first.id)
        glossary_edit.add(session, {"source": "zz jailer", "target": "director"})
        session.commit()
        row = {"source": "zz jailer", "target": "custodio"}
        result = glossary_files.import_rows(session, [(1, row)], "fuzz")
    assert result.updated == 1


# ---------------------------------------------------------------- 4. JSON API

SENTINEL_TERM = {"source": "zqx sentinel writ", "target": "auto centinela zqx",
                 "domain": "legal", "note": "fuzz sentinel"}
SENTINEL_TEXT = ("Sentinel Title\n\nThe zqx sentinel writ was filed. The court heard the "
                 "petition.\n\nA second paragraph stays here.")
SENTINEL_EDIT = "Se presentó el auto centinela zqx (corregido a mano)."


def assert_answer(resp) -> None:
    """Never a 500; every 4xx is JSON with a non-empty string error."""
    assert resp.status_code < 500, resp.get_data(as_text=True)[:300]
    if resp.status_code >= 400:
        body = resp.get_json(silent=True)
        assert isinstance(body, dict), resp.get_data(as_text=True)[:300]
        assert isinstance(body.get("error"), str) and body["error"].strip()


class Sentinels:
    """A glossary entry and a post-edited article made first, that no fuzzed request may lose."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        resp = client.post("/api/glossary", json=SENTINEL_TERM)
        assert resp.status_code == 201, resp.get_json()
        self.entry = resp.get_json()["entry"]
        resp = client.post("/api/articles", json={"text": SENTINEL_TEXT})
        assert resp.status_code == 202, resp.get_json()
        self.article_id, self.slug = resp.get_json()["id"], resp.get_json()["slug"]
        wait_jobs(app)
        segs = client.get(f"/api/articles/{self.article_id}").get_json()["segments"]
        self.edited = next(s for s in segs if "zqx" in s["source"])
        url = f"/api/articles/{self.article_id}/segments/{self.edited['id']}"
        assert client.put(url, json={"text": SENTINEL_EDIT}).status_code == 200
        self.sources = [(s["id"], s["source"]) for s in segs]
        self.other_segments = [s["id"] for s in segs if s["id"] != self.edited["id"]]
        victim = client.post("/api/glossary", json={"source": "fuzz victim", "target": "víctima"})
        self.victim_id = victim.get_json()["entry"]["id"]
        self.entry_ids = [e["id"] for e in client.get("/api/glossary").get_json()["entries"]]

    def check(self) -> None:
        """The sentinel entry, the article's sentences and the human edit are all unchanged."""
        wait_jobs(self.app)
        entry = self.client.get(f"/api/glossary/{self.entry['id']}")
        assert entry.status_code == 200 and entry.get_json() == self.entry
        found = self.client.get("/api/glossary", query_string={"q": SENTINEL_TERM["source"]})
        twins = [e["id"] for e in found.get_json()["entries"]
                 if fold(e["source"]) == SENTINEL_TERM["source"]]
        assert twins == [self.entry["id"]]
        article = self.client.get(f"/api/articles/{self.article_id}").get_json()
        assert [(s["id"], s["source"]) for s in article["segments"]] == self.sources
        edited = next(s for s in article["segments"] if s["id"] == self.edited["id"])
        assert edited["origin"] == "human" and edited["target"] == SENTINEL_EDIT
        assert article["status"] == "ready" and article["error"] is None
        with db.sessions(self.app)() as session:  # the glossary still compiles, no job failed
            jobs = select(models.Job).where(models.Job.article_id == self.article_id)
            failed = session.scalars(jobs.where(models.Job.status == "failed"))
            assert [(j.reason, j.error) for j in failed] == []
            load_matcher(session).terms(SENTINEL_TEXT)


@pytest.fixture
def sentinels(app, client):
    return Sentinels(app, client)


json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**70, 2**70),
                        st.floats(), st.sampled_from([INF, -INF, NAN, 1e300, -0.0]),
                        st.text(max_size=20), tricky_text)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
ids = st.integers(0, 2**64)
BIG_TEXTS = ["x" * 5_001, "Title\n\n" + "Body text here. " * 70_000]  # > 5000 chars; > 1 MB


def optional_fields(**fields):
    return st.fixed_dictionaries({}, optional=fields)


article_payload = st.one_of(json_value, st.builds(
    lambda text, key, value: {"text": text, key: value},
    st.sampled_from(["Title\n\nBody text. More text.", "<p>Body</p>"]),
    st.sampled_from(["text", "title", "target_lang", "engine"]),
    st.one_of(tricky_text, json_scalar, article_text),
), optional_fields(
    text=st.one_of(article_text, json_value, st.sampled_from(BIG_TEXTS + LONE_SURROGATES)),
    title=st.one_of(st.none(), st.text(max_size=30), json_value, st.just("t" * 600)),
    target_lang=st.one_of(st.sampled_from([*TARGET_LOCALES, "pt", "", "ES", "es_419"]),
                          json_value),
    engine=st.one_of(st.sampled_from([*ENGINES, "fake", "deepl", ""]), json_value),
))
term_text = st.one_of(
    st.sampled_from([*TERM_POOL, "ZQX Sentinel WRIT", "", " ", "x" * 201, "y" * 301, *LONE_SURROGATES]),
    st.text(TERM_CHARS, max_size=20), tricky_text, json_value,
)


@st.composite
def mutated_entry(draw):
    """A valid new entry with one field (or 'version') replaced by something odd."""
    entry = {"source": draw(st.one_of(st.text(TERM_CHARS, min_size=1, max_size=20), tricky_text)),
             "target": "traducción"}
    key = draw(st.sampled_from([*glossary_edit.FIELDS, "version", "id"]))
    value = st.one_of(tricky_text, json_scalar, json_value)
    entry[key] = draw(value)
    return entry


entry_payload = st.one_of(mutated_entry(), json_value, optional_fields(
    source=term_text, target=term_text, source_plural=term_text, target_plural=term_text,
    kind=st.one_of(st.sampled_from([*KINDS, "", "KEEP"]), json_value),
    case_sensitive=json_value,
    gender=st.one_of(st.sampled_from(["m", "f", "", "n", "M"]), json_value),
    number=st.one_of(st.sampled_from(["sg", "pl", "", "du"]), json_value),
    domain=st.one_of(st.sampled_from([*DOMAINS, "", "space", "Legal"]), json_value),
    note=st.one_of(st.text(max_size=30), st.just("n" * 2_001), json_value),
    origin=st.one_of(st.text(max_size=20), json_value),
    version=st.one_of(st.integers(-1, 5), st.sampled_from([NAN, INF, -INF, 1e300, "1", "x", True, [1]]),
                      json_value),
    id=json_value,
    colour=st.just("red"),
))


@fuzz(80)
@given(payload=article_payload)
def test_api_create_article(app, client, sentinels, payload):
    RUN["4 POST /api/articles"] += 1
    resp = client.post("/api/articles", json=payload)
    assert_answer(resp)
    if resp.status_code == 202:
        wait_jobs(app)
        shown = client.get(f"/api/articles/{resp.get_json()['id']}")
        assert shown.status_code == 200 and shown.get_json()["segments"]
        page = client.get("/articles/" + quote(resp.get_json()["slug"]))
        assert page.status_code == 200
    sentinels.check()


segment_payload = st.one_of(json_value, optional_fields(
    text=st.one_of(st.text(max_size=40), st.sampled_from(["x" * 5_001, "   "]), json_value),
    version=st.one_of(st.integers(-1, 10**6), st.integers(2**63, 2**70), json_value),
))


@fuzz(80)
@given(data=st.data(), payload=segment_payload)
def test_api_put_segment(client, sentinels, data, payload):
    RUN["4 PUT /api/articles/<id>/segments/<seg>"] += 1
    article_id = data.draw(st.one_of(st.just(sentinels.article_id), ids))
    seg_id = data.draw(st.one_of(st.sampled_from(sentinels.other_segments), ids))
    assume(seg_id != sentinels.edited["id"])
    assert_answer(client.put(f"/api/articles/{article_id}/segments/{seg_id}", json=payload))
    sentinels.check()


@fuzz(100)
@given(payload=entry_payload)
def test_api_add_glossary_entry(client, sentinels, payload):
    RUN["4 POST /api/glossary"] += 1
    resp = client.post("/api/glossary", json=payload)
    assert_answer(resp)
    if resp.status_code == 201:
        entry = resp.get_json()["entry"]
        assert client.get(f"/api/glossary/{entry['id']}").get_json() == entry
    sentinels.check()


@fuzz(80)
@given(data=st.data(), payload=entry_payload)
def test_api_patch_glossary_entry(client, sentinels, data, payload):
    RUN["4 PATCH /api/glossary/<id>"] += 1
    entry_id = data.draw(st.one_of(st.just(sentinels.victim_id),
                                   st.sampled_from(sentinels.entry_ids), ids))
    assume(entry_id != sentinels.entry["id"])
    resp = client.patch(f"/api/glossary/{entry_id}", json=payload)
    assert_answer(resp)
    if resp.status_code == 200:
        entry = resp.get_json()["entry"]
        assert client.get(f"/api/glossary/{entry_id}").get_json() == entry
    sentinels.check()


delete_version = st.one_of(st.none(), st.text(max_size=8), st.integers(-2, 3).map(str),
                           st.just("99999999999999999999999"))


@fuzz(60)
@given(data=st.data(), version=delete_version)
def test_api_delete_glossary_entry(client, sentinels, data, version):
    RUN["4 DELETE /api/glossary/<id>"] += 1
    entry_id = data.draw(st.one_of(st.sampled_from(sentinels.entry_ids), ids))
    assume(entry_id != sentinels.entry["id"])
    query = {} if version is None else {"version": version}
    resp = client.delete(f"/api/glossary/{entry_id}", query_string=query)
    assert_answer(resp)
    if resp.status_code == 200:
        assert client.get(f"/api/glossary/{entry_id}").status_code == 404
    sentinels.check()


def api_entries(client) -> dict[int, dict]:
    return {e["id"]: e for e in client.get("/api/glossary").get_json()["entries"]}


filenames = st.one_of(
    st.sampled_from(["g.tsv", "g.csv", "g.tbx", "G.TSV", "g", "g.", ".tsv", "g.xlsx"]),
    st.text(string.ascii_letters + string.digits + ".-", min_size=1, max_size=12),
)
import_format = st.one_of(st.none(), st.sampled_from(["tsv", "csv", "tbx", "TBX", "", "json"]),
                          st.text(max_size=6))


@fuzz(60)
@given(data=glossary_file, filename=filenames, fmt=import_format)
def test_api_glossary_import(client, sentinels, data, filename, fmt):
    RUN["4 POST /api/glossary/import"] += 1
    form = {"file": (io.BytesIO(data), filename)}
    if fmt is not None:
        form["format"] = fmt
    before = api_entries(client)
    resp = client.post("/api/glossary/import", data=form, content_type="multipart/form-data")
    assert_answer(resp)
    after = api_entries(client)
    if resp.status_code != 200:
        assert after == before
    named: dict[str, dict] = {}
    for any_fmt in ("tsv", "csv", "tbx"):  # whichever format the server picked
        named.update(last_clean_rows(check_read(data, any_fmt)))
    for entry_id, old in before.items():
        if fold(old["source"]) not in named:
            assert after.get(entry_id) == old, f"entry {entry_id} changed though no row named it"
    sentinels.check()


CONTENT_TYPES = ["application/json", "application/json; charset=latin-1",
                 "application/json; charset=utf-16", "application/json; charset=bogus",
                 "text/json", "text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data", "multipart/form-data; boundary=x",
                 "multipart/form-data; boundary=", "application/xml", "",
                 "application/octet-stream", "*/*"]
# the test client refuses header values with line breaks before they reach the app
HEADER_CHARS = string.printable.translate(str.maketrans("", "", "\r\n\x0b\x0c"))
BODY_BITS = ["{", "}", "[", "]", '"', ":", ",", "text", "source", "null", "1e999", "--x\r\n",
             'Content-Disposition: form-data; name="file"; filename="a.tsv"', "\r\n\r\n",
             "a\tb", "--x--", "\\u0000", "é"]
raw_body = st.one_of(
    st.binary(max_size=200),
    json_value.map(lambda v: json.dumps(v).encode()),
    st.lists(st.sampled_from(BODY_BITS), max_size=20).map(lambda bits: "".join(bits).encode()),
)


@fuzz(120)
@given(data=st.data(), body=raw_body,
       content_type=st.one_of(st.sampled_from(CONTENT_TYPES), st.text(HEADER_CHARS, max_size=30)))
def test_api_raw_bodies(client, sentinels, data, body, content_type):
    RUN["4 raw bodies on write routes"] += 1
    method, path = data.draw(st.sampled_from([
        ("POST", "/api/articles"),
        ("PUT", f"/api/articles/{sentinels.article_id}/segments/{sentinels.other_segments[0]}"),
        ("POST", "/api/glossary"),
        ("PATCH", f"/api/glossary/{sentinels.victim_id}"),
        ("DELETE", f"/api/glossary/{sentinels.victim_id}?version=x"),
        ("POST", "/api/glossary/import"),
    ]))
    headers = {"Content-Type": content_type} if content_type else {}
    assert_answer(client.open(path, method=method, data=body, headers=headers))
    sentinels.check()


GET_ROUTES = [
    ("/api/articles/{id}", ()), ("/api/articles/{id}/segments/{seg}/history", ()),
    ("/api/articles/{id}/export", ("format",)), ("/api/glossary/{id}", ()),
    ("/api/glossary", ("q", "domain")), ("/api/glossary/history", ("entry",)),
    ("/api/glossary/export", ("format",)), ("/api/engines", ()), ("/api/articles", ()),
    ("/articles/{slug}", ()), ("/articles/{slug}/export/{fmt}", ()), ("/glossary/{id}/edit", ()),
    ("/glossary/", ("q", "domain")), ("/glossary/history", ("entry",)), ("/", ()), ("/engines", ()),
]
EXPORTS = ["tmx", "xliff", "xliff2", "tsv", "csv", "tbx", "jsonl", "html", "txt", ""]


@st.composite
def get_request(draw, s: Sentinels):
    known = [s.article_id, s.entry["id"], s.victim_id, 0, 1]
    some_id = st.one_of(st.sampled_from(known), ids)
    word = st.one_of(st.text(max_size=12), st.sampled_from(["%", "_", "%%", "\\", "'", "\x00"]))
    fmt = st.one_of(st.sampled_from(EXPORTS), word)
    path, params = draw(st.sampled_from(GET_ROUTES))
    path = path.format(
        id=draw(some_id),
        seg=draw(st.one_of(st.sampled_from([s.edited["id"], *s.other_segments]), some_id)),
        slug=quote(draw(st.one_of(st.just(s.slug), st.text(min_size=1, max_size=20))), safe=""),
        fmt=quote(draw(fmt), safe=""),
    )
    query = {name: draw(fmt if name == "format" else word) for name in params
             if draw(st.booleans())}
    if draw(st.booleans()):
        query["lang"] = draw(st.one_of(st.sampled_from(["en", "es", "ES", "fr", ""]), word))
    return path, query


@fuzz(120)
@given(data=st.data())
def test_api_get_routes(client, sentinels, data):
    RUN["4 GET routes"] += 1
    path, query = data.draw(get_request(sentinels))
    resp = client.get(path, query_string=query)
    if path.startswith("/api/"):
        assert_answer(resp)
    else:
        assert resp.status_code < 500, resp.get_data(as_text=True)[:300]


# Sequences of glossary changes: add, edit, delete, revert and import in any order.
POOL = ["warden", "Warden", "bail bond", "Bail Bond", "jail-house", "Élan", "élan", "parole",
        "zqx sentinel writ"]
TARGETS = ["alcaide", "fianza", "cárcel", "libertad condicional", "Élan", ""]
pool_source = st.sampled_from(POOL)


class GlossarySequences(RuleBasedStateMachine):
    """Random sequences of glossary requests against one app; see the invariants."""

    def __init__(self, app, client, sentinels):
        super().__init__()
        self.app, self.client, self.s = app, client, sentinels

    def answer(self, resp):
        RUN["4 glossary sequence steps"] += 1
        assert_answer(resp)
        return resp

    def live_id(self, source: str) -> int:
        """The live entry with this source, or an id that does not exist."""
        found = self.client.get("/api/glossary", query_string={"q": source}).get_json()["entries"]
        return next((e["id"] for e in found if fold(e["source"]) == fold(source)), 10**9)

    @rule(source=pool_source, spanish=st.sampled_from(TARGETS))
    def add(self, source, spanish):
        resp = self.answer(self.client.post("/api/glossary", json={"source": source,
                                                                   "target": spanish}))
        if fold(source) == SENTINEL_TERM["source"]:
            assert resp.status_code == 409

    @rule(source=pool_source, new_source=st.one_of(st.none(), pool_source),
          spanish=st.sampled_from(TARGETS), stale=st.booleans())
    def edit(self, source, new_source, spanish, stale):
        assume(fold(source) != SENTINEL_TERM["source"])
        payload = {"target": spanish} if new_source is None else {"source": new_source}
        if stale:
            payload["version"] = 0
        resp = self.answer(self.client.patch(f"/api/glossary/{self.live_id(source)}", json=payload))
        assert not (stale and resp.status_code == 200)

    @rule(source=pool_source)
    def delete(self, source):
        assume(fold(source) != SENTINEL_TERM["source"])
        self.answer(self.client.delete(f"/api/glossary/{self.live_id(source)}"))

    @rule(pick=st.integers(0, 50))
    def revert(self, pick):
        changes = self.client.get("/api/glossary/history").get_json()["changes"]
        changes = [c for c in changes if c["entry"] != self.s.entry["id"]]
        if changes:
            change = changes[pick % len(changes)]
            self.answer(self.client.post(f"/api/glossary/changes/{change['id']}/revert"))

    @rule(lines=st.lists(st.tuples(st.sampled_from(POOL[:-1]), st.sampled_from(TARGETS)),
                         min_size=1, max_size=4))
    def import_tsv(self, lines):
        data = "\n".join(f"{a}\t{b}" for a, b in lines).encode()
        form = {"file": (io.BytesIO(data), "g.tsv")}
        self.answer(self.client.post("/api/glossary/import", data=form,
                                     content_type="multipart/form-data"))

    @invariant()
    def one_live_entry_per_source(self):
        with db.sessions(self.app)() as session:
            live = select(models.GlossaryEntry.source).where(models.GlossaryEntry.deleted.is_(False))
            sources = [fold(source) for source in session.scalars(live)]
        assert len(sources) == len(set(sources))

    def teardown(self):
        SEQUENCES["runs"] += 1
        self.s.check()


def test_api_glossary_sequences(app, client, sentinels):
    run_state_machine_as_test(lambda: GlossarySequences(app, client, sentinels),
                              settings=settings(fuzz(20), stateful_step_count=10))


@pytest.fixture(scope="module")
def pinned(tmp_path_factory):
    """One app for the known-bug pins below (each leaves the sentinels alone)."""
    app = make_app(tmp_path_factory.mktemp("pins"), {"fake": FakeEngine()})
    yield app.test_client(), Sentinels(app, app.test_client())
    app.extensions["paralelo.jobs"].shutdown()


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/api/articles", '{"text": "Title\\n\\nBody \\ud800."}'),
    ("POST", "/api/glossary", '{"source": "a\\ud800", "target": "b"}'),
    ("PUT", "segment", '{"text": "b\\ud800"}'),
])
def test_api_lone_surrogate_is_a_400(pinned, method, path, body):
    client, sentinels = pinned
    if path == "segment":
        path = f"/api/articles/{sentinels.article_id}/segments/{sentinels.other_segments[0]}"
    assert_answer(client.open(path, method=method, data=body, content_type="application/json"))


def test_api_deeply_nested_json_is_a_400(pinned):
    body = "[" * 100_000 + "]" * 100_000
    assert_answer(pinned[0].post("/api/glossary", data=body, content_type="application/json"))


@pytest.mark.parametrize(
    "path",
    ["/api/glossary/9223372036854775808", "/api/articles/9223372036854775808",
     "/api/glossary/history?entry=9223372036854775808", "/glossary/history?entry=99999999999999999999"],
)
def test_api_huge_ids_are_not_found(pinned, path):
    assert_answer(pinned[0].get(path))


def test_api_patch_infinite_version_is_a_400(pinned):
    body = '{"version": 1e400}'
    assert_answer(pinned[0].patch("/api/glossary/1", data=body, content_type="application/json"))


def test_api_duplicate_differing_in_accented_capital_is_a_409(pinned):
    client = pinned[0]
    assert client.post("/api/glossary", json={"source": "Élan vital", "target": "x"}).status_code == 201
    again = client.post("/api/glossary", json={"source": "élan vital", "target": "y"})
    assert again.status_code == 409
