"""Regression tests for the attack run of issue 11: request bodies, conflicts, spreadsheet exports."""

from __future__ import annotations

import csv
import io

import pytest
from werkzeug.routing import IntegerConverter

from app.glossary.matcher import Entry
from app.interchange import glossary_files
from app.interchange.spreadsheet import guard, unguard
from tests.support.app import wait_jobs

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
BAD_BODIES = [b"[1, 2]", b'"text"', b"null", b"42", b"[" * 100_000 + b"]" * 100_000, b"{" * 50_000]


@pytest.fixture
def article_id(app, client):
    resp = client.post("/api/articles", json={"text": "Title\n\nThe guard spoke. The yard was empty."})
    wait_jobs(app)
    return resp.get_json()["id"]


# --- item 6: every JSON body goes through the shared parser: 400, never 500 --------------------


@pytest.mark.parametrize("body", BAD_BODIES, ids=["list", "string", "null", "number", "nested", "unclosed"])
def test_retranslate_refuses_a_body_that_is_not_an_object(client, article_id, body):
    resp = client.post(f"/api/articles/{article_id}/translate", data=body, content_type="application/json")
    assert resp.status_code == 400 and resp.get_json()["error"]


def test_retranslate_still_takes_no_body_or_an_engine(app, client, article_id):
    assert client.post(f"/api/articles/{article_id}/translate").status_code == 202
    wait_jobs(app)
    assert client.post(f"/api/articles/{article_id}/translate", json={"engine": "fake"}).status_code == 400
    assert client.post(f"/api/articles/{article_id}/translate", json={"engine": ["auto"]}).status_code == 400
    assert client.post(f"/api/articles/{article_id}/translate", json={"engine": "auto"}).status_code == 202


def test_no_api_write_route_answers_500_to_a_hostile_body(app, client, article_id):
    segment_id = client.get(f"/api/articles/{article_id}").get_json()["segments"][0]["id"]
    ids = {"article_id": article_id, "segment_id": segment_id}
    tried = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        for method in rule.methods & WRITES:
            args = {a: ids.get(a, 1) if isinstance(rule._converters[a], IntegerConverter) else "x"
                    for a in rule.arguments}
            url = rule.build(args, append_unknown=False)[1]
            for body in BAD_BODIES:
                resp = client.open(url, method=method, data=body, content_type="application/json")
                assert resp.status_code < 500, (method, url, body[:10])
                tried += 1
            wait_jobs(app)
    assert tried >= 10 * len(BAD_BODIES)


# --- item 13: a stale post-edit gets both versions back ------------------------------------------


def test_stale_post_edit_409_returns_both_versions(client, article_id):
    seg = client.get(f"/api/articles/{article_id}").get_json()["segments"][1]
    url = f"/api/articles/{article_id}/segments/{seg['id']}"
    base = client.put(url, json={"text": "Base.", "version": None}).get_json()["version"]
    winner = client.put(url, json={"text": "El guardia habló.", "version": base})
    assert winner.status_code == 200
    loser = client.put(url, json={"text": "  El  guardia dijo.", "version": base})
    body = loser.get_json()
    assert loser.status_code == 409
    assert body["current"]["target"] == "El guardia habló."
    assert body["current"]["version"] == winner.get_json()["version"]
    assert body["submitted"]["target"] == "  El  guardia dijo."


# --- item 10: formula cells in CSV/TSV exports ---------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.parametrize("cell", FORMULAS + ["\tx", "\r=1"])
def test_guard_neutralises_formula_cells_and_unguard_restores_them(cell):
    assert guard(cell).startswith("'") and unguard(guard(cell)) == cell


@pytest.mark.parametrize("cell", ["Hello", "", "'quoted'", "5 = 5", "it's"])
def test_guard_leaves_other_cells_alone(cell):
    assert guard(cell) == cell and unguard(cell) == cell


def test_article_csv_and_tsv_exports_neutralise_formulas(app, client):
    text = "Title\n\n" + "\n\n".join(f"{f} is here." for f in FORMULAS)
    article_id = client.post("/api/articles", json={"text": text}).get_json()["id"]
    wait_jobs(app)
    seg = client.get(f"/api/articles/{article_id}").get_json()["segments"][1]
    client.put(f"/api/articles/{article_id}/segments/{seg['id']}", json={"text": "=1+1"})
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/api/articles/{article_id}/export?format=csv").get_data(as_text=True), newline="")))
    sources = [r["source"] for r in rows[1:]]
    assert sources == [f"'{f} is here." for f in FORMULAS]
    assert rows[1]["target"] == "'=1+1"
    tsv = client.get(f"/api/articles/{article_id}/export?format=tsv").get_data(as_text=True).splitlines()
    cells = [cell for line in tsv[1:] for cell in line.split("\t")]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_glossary_exports_neutralise_formulas_and_import_back_unchanged(fmt):
    entries = [Entry(None, "=HYPERLINK(\"http://evil.example\")", "+cmd|x", note="@SUM(A1)"),
               Entry(None, "-ness", "-idad", note="a suffix")]
    data = glossary_files.write(entries, fmt)
    text = data.decode("utf-8")
    for value in ("=HYPERLINK", "+cmd", "@SUM", "-ness", "-idad"):
        assert f"'{value}" in text
    rows = [row for _, row in glossary_files.read(data, fmt)]
    assert [(r["source"], r["target"], r["note"]) for r in rows] == [(e.source, e.target, e.note) for e in entries]
