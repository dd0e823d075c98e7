"""Text fidelity (issue 11, item 4) and the HTML complexity budget (item 5): text comes back as typed."""

from __future__ import annotations

import time
import unicodedata

import pytest

from app.core.terms import Term, spans
from app.core.textclean import clean
from app.intake import html_budget, parse
from app.reader.present import pieces
from app.translation.engines.apertium import batch_nonce, protect
from tests.support.app import wait_jobs


def term(sentence: str, source: str, target: str, **kw) -> Term:
    i = sentence.index(source)
    return Term(i, i + len(source), source, target, **kw)


def body(text: str) -> str:
    return parse.parse("Title\n\n" + text).blocks[0].text


# --- emphasis only where it is markup ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["5*3 years, or 15*12 months.", "Call __init__ and __main__ first.", "a*b*c and x_y_z stay.",
     "The 2*x* factor.", "snake_case_name and @el_faro_english."],
)
def test_characters_that_are_not_markup_are_kept(typed):
    assert body(typed) == typed


@pytest.mark.parametrize(
    "typed, shown",
    [("It was *really* cold.", "It was really cold."), ("**Update:** the judge ruled.", "Update: the judge ruled."),
     ("A _very_ long __two words__ day.", "A very long two words day.")],
)
def test_markdown_emphasis_is_still_stripped(typed, shown):
    assert body(typed) == shown


def test_html_text_keeps_asterisks_and_underscores():
    parsed = parse.parse("<html><body><h1>T *x*</h1><p>Use *args, **kw and __init__ _here_.</p></body></html>")
    assert parsed.title == "T *x*" and parsed.blocks[0].text == "Use *args, **kw and __init__ _here_."


# --- NFC and control characters at import --------------------------------------------------------


def test_clean_normalises_to_nfc_and_drops_control_characters():
    assert clean("cafe\u0301") == "café" == unicodedata.normalize("NFC", "cafe\u0301")
    assert clean("a\x00b\x07c\x7fd\x9be\ufffff\ufdd0g\U0010ffffh") == "abcdefgh"
    assert clean("line\x0bbreak\x0cpage\x85next") == "line\nbreak\npage\nnext"
    assert clean("tab\tnew\nline\r\n") == "tab\tnew\nline\r\n"


def test_decomposed_text_matches_the_composed_glossary_entry(app, client):
    assert client.post("/api/glossary", json={"source": "café", "target": "cafetín"}).status_code == 201
    assert client.post("/api/glossary", json={"source": "Jose\u0301 Cañas", "target": "José Cañas",
                                              "kind": "keep"}).status_code == 201
    text = "Title\n\nThe cafe\u0301 on José Can\u0303as street was closed."
    article_id = client.post("/api/articles", json={"text": text}).get_json()["id"]
    wait_jobs(app)
    seg = client.get(f"/api/articles/{article_id}").get_json()["segments"][1]
    assert seg["source"] == "The café on José Cañas street was closed."
    assert {(t["source"], t["target"], t["status"]) for t in seg["terms"]} >= {
        ("café", "cafetín", "enforced"), ("José Cañas", "José Cañas", "enforced")}


def test_control_characters_never_fail_an_article(app, client):
    text = "Title\n\nOne\x00 sentence here.\uffff Two\x07 sentences here.\x0c\x0cA third\x9b one."
    resp = client.post("/api/articles", json={"text": text})
    assert resp.status_code == 202
    wait_jobs(app)
    article = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()
    assert article["status"] == "ready"
    assert [s["source"] for s in article["segments"][1:]] == [
        "One sentence here.", "Two sentences here.", "A third one."]


def test_post_edits_and_glossary_entries_are_cleaned_too(app, client):
    article_id = client.post("/api/articles", json={"text": "Title\n\nThe guard spoke."}).get_json()["id"]
    wait_jobs(app)
    seg = client.get(f"/api/articles/{article_id}").get_json()["segments"][1]
    url = f"/api/articles/{article_id}/segments/{seg['id']}"
    assert client.put(url, json={"text": "El guardia\x00 habló en el cafe\u0301."}).get_json()["target"] == (
        "El guardia habló en el café.")
    assert client.put(url, json={"text": "\x00\x07"}).status_code == 400
    entry = client.post("/api/glossary", json={"source": "tea\x00 room", "target": "sala de te\u0301"})
    assert (entry.get_json()["entry"]["source"], entry.get_json()["entry"]["target"]) == ("tea room", "sala de té")


def test_a_nul_reaching_apertium_keeps_the_alignment(apertium):
    out = apertium.translate_batch(["One\x00 dog barked.", "Two cats.", "Three birds."])
    assert len(out) == 3 and "gatos" in out[1]


# --- offsets on the string that is displayed -----------------------------------------------------


@pytest.mark.parametrize("before", ["La Straße y ", "El ﬁscal, la ", "İ ", "ŉ ß ﬀ ﬃ "])
def test_target_underlines_are_not_shifted_by_case_folding(before):
    text = before + "Fiscal General habló con el fiscal general."
    found = spans(text, ["fiscal general"])
    assert [text[s:e] for s, e, _ in found] == ["Fiscal General", "fiscal general"]
    cut = pieces(text, [(s, e, {"t": 1}) for s, e, _ in found])
    assert "".join(p.text for p in cut) == text
    assert [p.text for p in cut if p.term] == ["Fiscal General", "fiscal general"]


def test_a_term_with_a_folding_character_is_underlined_whole():
    text = "Viven en la STRASSE y en la Straße."  # equal when case-folded, as terms.present() sees them
    assert [text[s:e] for s, e, _ in spans(text, ["straße"])] == ["STRASSE", "Straße"]
    text = "La ﬁrma y la firma."
    assert [text[s:e] for s, e, _ in spans(text, ["firma"])] == ["ﬁrma", "firma"]


# --- placeholders cannot collide with user text --------------------------------------------------


def test_marker_lookalikes_in_the_english_come_out_as_typed(apertium):
    s = "The literal [§t0§] and [§s0§] stay beside the mega-prison."
    [out, second] = apertium.translate_batch([s, "The guard [§s1§] spoke."], [[term(s, "mega-prison", "megacárcel",
                                                                                  gender="f", number="sg")], []])
    assert "[§t0§]" in out and "[§s0§]" in out and "megacárcel" in out
    assert out.count("megacárcel") == 1 and "[§s1§]" in second


def test_marker_nonce_never_occurs_in_the_text():
    texts = ["[§t0§] [§s0§]", "plain"]
    nonce = batch_nonce(texts)
    protected = protect("x [§t0§] y mega-prison", [Term(12, 23, "mega-prison", "megacárcel")], nonce=nonce)
    assert all(nonce not in t for t in texts) and list(protected.markers) == [f"[§t{nonce}0§]"]
    assert "\\[§t0§\\]" in protected.text  # the user's brackets are escaped: text, not a superblank


# --- item 5: HTML complexity budget --------------------------------------------------------------


def attack(attributes: int = 100_000) -> str:
    return "<html><body><p" + "".join(f" a{i}=1" for i in range(attributes)) + ">Hello world.</p></body></html>"


def test_an_element_with_100000_attributes_is_refused_fast(client):
    page = attack()
    assert 850_000 < len(page.encode()) < 1_000_000
    start = time.perf_counter()
    resp = client.post("/api/articles", json={"text": page})
    assert time.perf_counter() - start < 1.0
    assert resp.status_code == 400 and "attributes" in resp.get_json()["error"]


@pytest.mark.parametrize(
    "page, limit",
    [("<html><body>" + "<div>" * 300 + "<p>Deep text.</p><p>More.</p>" + "</div>" * 300, "deep"),
     ("<html><body>" + "<p>x</p>" * 25_000, "elements"),
     ("<html><body>" + "<p a=1 b=2 c=3>x</p>" * 17_000, "attributes"),
     ('<html><body><p title=">"' + " x" * 300 + ">Quoted.</p></body></html>", "attributes")],
)
def test_html_over_the_budget_gets_a_clear_error(page, limit):
    start = time.perf_counter()
    with pytest.raises(parse.ArticleError, match=limit):
        parse.parse(page)
    assert time.perf_counter() - start < 1.0


def test_a_normal_page_is_within_the_budget():
    page = "<html><head><title>T</title></head><body><h1>Headline</h1>" + "".join(
        f'<div class="row" id="r{i}" data-x="1"><p class="c" style="a:b">Paragraph {i}.</p></div>'
        for i in range(2000)) + "</body></html>"
    assert len(parse.parse(page).blocks) == 2000
    assert html_budget.DEFAULT.attributes_per_element >= 100
