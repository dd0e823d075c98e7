"""The reader in a real browser: Debian's Chromium driven by Playwright against a live app that
translates with Apertium. Run with PARALELO_REQUIRE_ENGINES=1 to fail instead of skip when
Chromium, Playwright or Apertium is missing; PARALELO_SCREENSHOT=1 refreshes docs/screenshot.png and
docs/screenshot-phone.png."""

from __future__ import annotations

import os
import re
from collections import defaultdict

import pytest

from app.intake.furniture import readable_caps
from app.interchange import exports
from tests.support.browser import (
    HUMAN,
    SELECT_PHRASE,
    edit_sentence,
    en_seg,
    es_seg,
    expect,
    first_line_point,
    import_through_form,
    live_app,
    machine_translations,
    sentence_text,
    sentence_texts,
    tab_until,
    twins,
    wait_translated,
)
from tests.support.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.apertium]

SCREENSHOT = ROOT / "docs" / "screenshot.png"
PHONE_SCREENSHOT = ROOT / "docs" / "screenshot-phone.png"
SEED_SENTENCES = 37
VIEWS = ("side", "interleaved", "en", "es")
SPANISH_WORDS = re.compile(r"\b(el|la|los|las|de|del|que|en|y|una?)\b")
TWIN = re.compile(r"\btwin\b")
PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
# The markdown cleaner may eat the double underscores, so an injected payload could set either.
NO_XSS = "() => [typeof window.__xss, typeof window.xss]"


@pytest.fixture(scope="module")
def engine(apertium_engine):
    return apertium_engine


@pytest.fixture(scope="module")
def live(tmp_path_factory, engine):
    """The app with the bundled article translated by Apertium, served on 127.0.0.1."""
    with live_app(tmp_path_factory.mktemp("browser"), {"apertium": engine}, SEED_ON_START=True) as server:
        yield server


@pytest.fixture
def page(open_page, live):
    """A fresh context per test (no view left in localStorage); an uncaught JS error fails it."""
    return open_page(live)


@pytest.fixture
def seed(live) -> dict:
    """The bundled article as the API shows it now."""
    articles = live.json("/api/articles")["articles"]
    found = [a for a in articles if a["slug"].startswith("what-to-know")]
    assert len(found) == 1
    return live.json(f"/api/articles/{found[0]['id']}")


def test_bundled_article_opens_from_the_index_side_by_side(page, seed, open_page, live):
    page.goto("/")
    page.get_by_role("link", name=seed["title"]).click()
    expect(page).to_have_url(re.compile(f"/articles/{re.escape(seed['slug'])}$"))
    expect(page.locator(".col.en .seg")).to_have_count(SEED_SENTENCES)
    expect(page.locator(".col.es .seg")).to_have_count(SEED_SENTENCES)
    ids = [str(s["id"]) for s in seed["segments"]]
    assert page.eval_on_selector_all(".col.en .seg", "els => els.map(e => e.dataset.seg)") == ids
    assert page.eval_on_selector_all(".col.es .seg", "els => els.map(e => e.dataset.seg)") == ids
    expect(page.locator(".col.es .seg.pending")).to_have_count(0)

    english = sentence_texts(page, ".col.en .seg")
    spanish = sentence_texts(page, ".col.es .seg")
    shown = [readable_caps(s["source"]) if s["kind"] == "byline" else s["source"] for s in seed["segments"]]
    assert english == [" ".join(s.split()) for s in shown]  # an ALL-CAPS byline in its usual case
    assert spanish == [" ".join(s["target"].split()) for s in seed["segments"]]
    assert all(spanish)
    assert sum(e != s for e, s in zip(english, spanish, strict=True)) >= SEED_SENTENCES - 2
    assert len(SPANISH_WORDS.findall(" ".join(spanish))) > 100
    expect(page.locator(".col.es").first).to_have_attribute("lang", seed["target_lang"])

    en_box = page.locator(".col.en").first.bounding_box()
    es_box = page.locator(".col.es").first.bounding_box()
    assert es_box["x"] >= en_box["x"] + en_box["width"] and abs(es_box["y"] - en_box["y"]) < 2

    if os.environ.get("PARALELO_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.mouse.move(*first_line_point(es_seg(page, ids[3])))  # show a highlighted pair
        expect(en_seg(page, ids[3])).to_have_class(TWIN)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOT))
        phone = open_page(live, f"/articles/{seed['slug']}", {"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True, device_scale_factor=1)
        phone.locator(".col.es .seg").nth(3).tap()  # tap a Spanish sentence: its English beside it
        phone.screenshot(path=str(PHONE_SCREENSHOT))


def test_hovering_or_focusing_a_sentence_highlights_its_twin(page, seed):
    page.goto(f"/articles/{seed['slug']}")
    by_paragraph = defaultdict(list)
    for s in seed["segments"]:
        by_paragraph[s["paragraph"]].append(str(s["id"]))
    # the second sentence of a paragraph, so its neighbour in the same rows must stay plain
    seg_id = next(ids for ids in by_paragraph.values() if len(ids) >= 2)[1]

    page.mouse.move(*first_line_point(es_seg(page, seg_id)))
    expect(en_seg(page, seg_id)).to_have_class(TWIN)
    assert sorted(twins(page)) == [("en", seg_id), ("es", seg_id)]
    page.mouse.move(2, 2)
    expect(page.locator(".seg.twin")).to_have_count(0)

    tab_until(page, "el.matches('.col.en .seg')")
    first = page.evaluate("() => document.activeElement.dataset.seg")
    expect(es_seg(page, first)).to_have_class(TWIN)
    assert sorted(twins(page)) == [("en", first), ("es", first)]
    page.keyboard.press("ArrowDown")  # the text is one tab stop; arrows move between its sentences
    second = page.evaluate("() => document.activeElement.closest('.seg').dataset.seg")
    expect(en_seg(page, first)).not_to_have_class(TWIN)
    assert sorted(twins(page)) == [("en", second), ("es", second)]


def test_view_switches_show_and_hide_the_columns(page, seed):
    page.goto(f"/articles/{seed['slug']}")
    reader = page.locator("#reader")
    en_col, es_col = page.locator(".col.en").first, page.locator(".col.es").first

    def choose(view: str) -> None:
        page.locator(f'[data-view="{view}"]').click()
        expect(reader).to_have_class(re.compile(rf"\bview-{view}\b"))
        pressed = page.eval_on_selector_all(
            "[data-view]", "els => els.map(b => [b.dataset.view, b.ariaPressed])"
        )
        assert dict(pressed) == {v: str(v == view).lower() for v in VIEWS}

    def all_hidden(selector: str) -> bool:
        return page.eval_on_selector_all(
            selector, "els => els.every(e => getComputedStyle(e).display === 'none')"
        )

    choose("interleaved")
    expect(en_col).to_be_visible()
    expect(es_col).to_be_visible()
    en_box, es_box = en_col.bounding_box(), es_col.bounding_box()
    assert es_box["y"] >= en_box["y"] + en_box["height"] - 1  # Spanish under English

    choose("en")
    expect(es_col).to_be_hidden()
    expect(en_col).to_be_visible()
    assert all_hidden(".col.es") and not all_hidden(".col.en")

    choose("es")
    expect(en_col).to_be_hidden()
    expect(es_col).to_be_visible()
    assert all_hidden(".col.en") and not all_hidden(".col.es")

    page.reload()  # the choice is remembered
    expect(reader).to_have_class(re.compile(r"\bview-es\b"))
    expect(page.locator('[data-view="es"]')).to_have_attribute("aria-pressed", "true")
    expect(en_col).to_be_hidden()

    choose("side")
    expect(en_col).to_be_visible()
    expect(es_col).to_be_visible()
    en_box, es_box = en_col.bounding_box(), es_col.bounding_box()
    assert es_box["x"] >= en_box["x"] + en_box["width"] and abs(es_box["y"] - en_box["y"]) < 2


def test_glossary_term_shows_its_tooltip_on_hover_and_focus(page, seed, live):
    entries = {str(e["id"]): e for e in live.json("/api/glossary")["entries"]}
    page.goto(f"/articles/{seed['slug']}")
    # a term whose Spanish rendering differs from the English, so the tooltip's content is telling
    shown = sentence_texts(page, ".col.en .term")
    found = page.eval_on_selector_all(".col.en .term", "els => els.map(e => e.dataset.entry)")
    index = next(
        i for i, (text, entry_id) in enumerate(zip(shown, found, strict=True))
        if entry_id in entries and entries[entry_id]["target"].lower() not in text.lower()
    )
    term = page.locator(".col.en .term").nth(index)
    entry = entries[found[index]]
    tip = page.locator("#term-card")  # one card for the page, filled from the term map
    expect(tip).to_be_hidden()
    page.mouse.move(*first_line_point(term))
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    expect(tip).to_contain_text(entry["source"])
    expect(tip).to_contain_text(entry["target"])
    page.mouse.move(2, 2)
    expect(tip).to_be_hidden()

    tab_until(page, "el.matches('.col.en .seg')")
    page.keyboard.press("Alt+ArrowRight")  # into the sentence's terms
    for _ in range(SEED_SENTENCES):  # the first sentence with a term
        if page.evaluate("() => document.activeElement.matches('.col.en .term')"):
            break
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Alt+ArrowRight")
    index = page.evaluate(
        "() => [...document.querySelectorAll('.col.en .term')].indexOf(document.activeElement)"
    )
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(entries[found[index]]["target"])
    page.keyboard.press("Tab")
    expect(tip).to_be_hidden()


def test_pasted_article_is_translated_while_the_page_watches(page, live, engine):
    title = "Morning at the prison"
    sentences = [
        "The guards open the gates at dawn.",
        "The families wait outside the prison for news.",
        "The director visits the cells every week.",
        "Nobody knows when the prisoners will come home.",
    ]
    text = f"{sentences[0]} {sentences[1]}\n\n{sentences[2]} {sentences[3]}\n"
    engine.gate.clear()  # hold the translation so the page shows its progress first
    try:
        import_through_form(page, title, text)
        expect(page.locator(".progress[role=status]")).to_be_visible()
        expect(page.locator(".col.es .seg.pending")).to_have_count(len(sentences) + 1)
        assert page.locator("#reader").get_attribute("data-status") in ("queued", "translating")
    finally:
        engine.gate.set()
    wait_translated(page)  # the page polls the API and reloads itself
    expect(page.locator("#reader")).to_have_attribute("data-status", "ready")

    article = live.json(f"/api/articles/{page.locator('#reader').get_attribute('data-article-id')}")
    english = sentence_texts(page, ".col.en .seg")
    spanish = sentence_texts(page, ".col.es .seg")
    assert english == [title, *sentences]
    assert len(spanish) == len(article["segments"]) == len(sentences) + 1
    assert spanish == [s["target"] for s in article["segments"]]
    assert all(s and s != e for e, s in zip(english, spanish, strict=True))
    assert {s["origin"] for s in article["segments"]} == {"machine"}
    assert {s["engine"] for s in article["segments"]} == {"apertium"}
    joined = " ".join(spanish)
    assert "guardias" in joined and "familias" in joined and "semana" in joined


def test_post_edit_is_saved_kept_and_undone(page, seed, live):
    seg = next(s for s in seed["segments"] if s["source"].startswith("Bukele has made"))
    seg_id, machine = str(seg["id"]), seg["target"]
    edited = "Bukele hizo de sus cárceles “duras” — acentos: á é í ó ú ü, eñe: ñ — su marca."
    page.goto(f"/articles/{seed['slug']}")
    spanish = es_seg(page, seg_id)

    page.mouse.click(*first_line_point(spanish))  # open, then leave without saving
    expect(page.locator(".editor textarea")).to_have_value(" ".join(machine.split()))
    page.keyboard.press("Escape")
    expect(page.locator(".editor")).to_have_count(0)
    expect(spanish).to_be_visible()

    edit_sentence(page, seg_id, edited)
    expect(spanish).to_have_attribute("data-origin", "human")
    assert sentence_text(spanish) == edited
    page.reload()
    expect(spanish).to_have_class(HUMAN)
    assert sentence_text(spanish) == edited
    # the ✓ after it is drawn by CSS: screen readers hear words instead, copied text has neither
    assert f"{edited} (checked by a person)" in spanish.aria_snapshot()
    assert spanish.evaluate("e => getComputedStyle(e, '::after').content").startswith('"✓"')
    stored = live.json(f"/api/articles/{seed['id']}/segments/{seg_id}/history")["translations"]
    assert [(t["text"], t["origin"]) for t in stored if t["current"]] == [(edited, "human")]

    spanish.focus()  # the keyboard way in: Enter on the sentence
    page.keyboard.press("Enter")
    expect(page.locator(".editor textarea")).to_have_value(edited)
    page.get_by_role("button", name="Back to machine translation").click()
    expect(spanish).not_to_have_class(HUMAN)
    expect(spanish).to_have_attribute("data-origin", "machine")
    assert sentence_text(spanish) == " ".join(machine.split())
    assert "checked by a person" not in spanish.aria_snapshot()


def test_adding_a_selected_phrase_to_the_glossary_retranslates_only_its_sentences(page, seed, live):
    phrase, rendering = "crown jewel", "joya de la corona"
    assert not [e for e in live.json("/api/glossary")["entries"] if e["source"].lower() == phrase]
    before = machine_translations(live)
    affected = {key for key, (source, _) in before.items() if phrase in source.lower()}
    assert affected  # the bundled article has it
    seg = next(s for s in seed["segments"] if phrase in s["source"].lower())
    page.goto(f"/articles/{seed['slug']}")
    spanish = es_seg(page, seg["id"])
    assert rendering not in sentence_text(spanish)

    selected = en_seg(page, seg["id"]).evaluate(SELECT_PHRASE, phrase)
    assert selected and selected["text"] == phrase
    page.mouse.move(selected["x"], selected["y"])
    page.mouse.up()  # the end of the drag that selected it
    card = page.locator("#term-card")
    expect(card.locator(".card-head")).to_have_text(phrase)  # one card for the selection
    add = card.get_by_role("button", name="Add to glossary")
    expect(add).to_have_count(1)
    expect(page.get_by_role("button", name="Add to glossary")).to_have_count(1)  # and no other one
    add.click()
    dialog = page.locator("#add-term")
    expect(dialog).to_be_visible()
    expect(dialog.locator('input[name="source"]')).to_have_value(phrase)
    expect(dialog.locator('input[name="target"]')).to_be_focused()
    page.keyboard.type(rendering)
    answers = []  # read while passing it on: the page reloads before a later read could reach it

    def record(route):
        response = route.fetch()
        answers.append((response.status, response.json()))
        route.fulfill(response=response)

    page.route("**/api/glossary", record)
    dialog.get_by_role("button", name="Save").click()
    expect(spanish).to_contain_text(rendering, timeout=15_000)  # after the page reloaded itself
    expect(page.locator(".notice")).to_have_count(0)
    expect(dialog).to_be_hidden()
    assert [status for status, _ in answers] == [201]
    assert answers[0][1]["retranslating"] == len(affected)
    entry = answers[0][1]["entry"]
    expect(en_seg(page, seg["id"]).locator(f'.term[data-entry="{entry["id"]}"]')).to_have_count(1)
    assert live.app.extensions["paralelo.jobs"].wait(15)

    stored = [e for e in live.json("/api/glossary")["entries"] if e["source"].lower() == phrase]
    assert [(e["id"], e["target"]) for e in stored] == [(entry["id"], rendering)]
    after = machine_translations(live)
    assert after.keys() == before.keys()
    new = {key for key in before if after[key][1] != before[key][1]}
    assert new == affected
    assert all(after[key][1] == before[key][1] + 1 for key in affected)


def test_injected_markup_stays_text(page, live):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))

    page.goto("/glossary/#add")  # the add form starts closed; a link to it opens it
    form = page.locator("form", has=page.get_by_role("button", name="Add to glossary"))
    form.locator('input[name="source"]').fill("watchtower")
    form.locator('input[name="target"]').fill("torre de vigilancia")
    form.locator('textarea[name="note"]').fill(PAYLOAD)
    form.get_by_role("button", name="Add to glossary").click()
    expect(page.locator(".flash.info")).to_contain_text("watchtower")
    entries = live.json("/api/glossary?q=watchtower")["entries"]
    entry = next(e for e in entries if e["source"] == "watchtower")
    assert entry["note"] == PAYLOAD
    expect(page.locator(f"#entry-{entry['id']} td.note")).to_have_text(PAYLOAD)
    assert page.evaluate(NO_XSS) == ["undefined", "undefined"]

    title = 'Watchtower report <img src=x onerror="window.__xss=3">'
    text = (
        f"The watchtower stands at the corner of the yard. {PAYLOAD} "
        "The guards climb the watchtower every night.\n"
    )
    import_through_form(page, title, text)
    wait_translated(page)
    english = " ".join(sentence_texts(page, ".col.en .seg"))
    assert '<img src=x onerror="window.' in english and "</script>" in english
    assert page.locator("#reader").get_attribute("data-status") == "ready"

    page.locator("details.options summary").click()
    page.locator("#marks").select_option("all")  # the new entry is in no legal domain: mark every term
    page.keyboard.press("Escape")  # the Options menu closes
    term = page.locator(f'.col.en .term[data-entry="{entry["id"]}"]').first
    page.mouse.move(*first_line_point(term))
    expect(page.locator("#term-card")).to_be_visible()
    expect(page.locator("#term-card")).to_contain_text(PAYLOAD)

    seg_id = page.locator(".col.es .seg").nth(1).get_attribute("data-seg")
    edited = f"Texto corregido {PAYLOAD} fin."
    edit_sentence(page, seg_id, edited)
    page.reload()
    expect(es_seg(page, seg_id)).to_have_class(HUMAN)
    assert sentence_text(es_seg(page, seg_id)) == edited

    page.goto("/")
    listed = page.get_by_role("link", name=re.compile(r"^Watchtower report <img src=x"))
    expect(listed).to_have_count(1)
    for path in ("/", page.url, "/glossary/"):
        page.goto(path)
        page.wait_for_load_state("load")
        expect(page.locator("main img, main script")).to_have_count(0)
        assert page.evaluate(NO_XSS) == ["undefined", "undefined"]
    assert not [u for u in fetched if u.rstrip("/").endswith("/x")], "an injected <img> was fetched"


def test_tmx_download_from_the_reader_has_one_unit_per_sentence(page, seed, tmp_path):
    from translate.storage import tmx

    page.goto(f"/articles/{seed['slug']}")
    menu = page.locator("details.download-menu")
    expect(menu).to_have_count(1)
    assert menu.locator("a").count() == len(exports.names())  # every registered format
    menu.locator("summary").click()
    link = menu.locator("a", has=page.locator(".ext", has_text=re.compile(r"^\.tmx$")))
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".tmx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    units = [u for u in tmx.tmxfile.parsefile(str(path)).units if u.source]
    assert len(units) == len(seed["segments"]) == SEED_SENTENCES
    assert [u.source for u in units] == [s["source"] for s in seed["segments"]]
    assert [u.target for u in units] == [s["target"] for s in seed["segments"]]


@pytest.mark.browser
def test_interface_language_switch_persists_across_pages(page, live):
    page.goto(live.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator('nav.lang a[hreflang="es"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Artículos"
    # plain links, no ?lang: the choice is remembered by the cookie the switch set
    page.locator("header.site nav a", has_text="Glosario").click()
    page.wait_for_load_state()
    assert "lang=" not in page.url
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Glosario"
    page.locator("footer a", has_text="Motores").click()  # the engines page is linked from the footer
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator('nav.lang a[hreflang="en"]').click()
    page.wait_for_load_state()
    page.locator("header.site nav a", has_text="Articles").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en" and page.locator("h1").inner_text() == "Articles"


def test_editor_shows_memory_suggestions_with_differences_and_takes_one(page, seed, live):
    seg = next(s for s in seed["segments"] if "40,000 inmates" in s["source"])
    similar = seg["source"].replace("40,000", "30,000").replace("eight", "nine")
    memory = f"""<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t"
      creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
      <body><tu creationid="maria"><tuv xml:lang="en"><seg>{similar}</seg></tuv>
      <tuv xml:lang="es-419"><seg>Tiene nueve pabellones y alberga a 30,000 reos.</seg></tuv></tu></body></tmx>"""
    response = page.request.post("/api/tm/import", multipart={
        "file": {"name": "memory.tmx", "mimeType": "application/x-tmx+xml", "buffer": memory.encode()},
    })
    assert response.ok and response.json()["added"] == 1
    page.goto(f"/articles/{seed['slug']}")
    page.mouse.click(*first_line_point(es_seg(page, str(seg["id"]))))
    box = page.locator(".editor .suggestions")
    expect(box.locator("li.tm")).to_have_count(1)
    score = int(box.locator(".score").inner_text().split("%")[0])
    assert 60 <= score < 100  # the English differs in two words: an honest figure, not "100%"
    expect(box.locator("li.tm del")).to_have_text(["nine", "30,000"])  # in the memory, not here
    expect(box.locator("li.tm ins")).to_have_text(["eight", "40,000"])
    expect(box.locator("li.tm .target")).to_have_text("Tiene nueve pabellones y alberga a 40,000 reos.")
    box.locator("li.tm").get_by_role("button", name="Use").click()
    expect(page.locator(".editor textarea")).to_have_value("Tiene nueve pabellones y alberga a 40,000 reos.")
    page.keyboard.press("Escape")
