"""The reader for each of its audiences, in Debian's Chromium at desktop 1366 and phone 360 (touch), with
accounts on: an anonymous reader (notice, sentence links, listening, the study list as an Anki deck), an
editor using only the keyboard (correct, add a term, use a memory match, focus kept), a learner (look up a
glossary word, save it). axe-core with the WCAG 2.2 AA rules on every state, and target sizes at 360 px."""

from __future__ import annotations

import re
import sqlite3
import zipfile

import pytest

from tests.support.axe import axe_violations, describe
from tests.support.browser import expect, first_line_point, live_app
from tests.support.servers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.apertium]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "a long editor password"
MARKED = ".term.d-legal, .term.d-prison"

# speechSynthesis may be missing headless: a stand-in that records what the page asks it to say.
SPEECH_STUB = """
window.__spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); this.queue.push(u);
    if (this.queue.length === 1) this.next(); },
  next() { const u = this.queue[0]; if (!u) return; u.onstart && u.onstart();
    this.timer = setTimeout(() => { this.queue.shift(); u.onend && u.onend(); this.next(); }, 150); },
  cancel() { clearTimeout(this.timer); this.queue = []; }, queue: [], getVoices() { return []; },
}});
"""

# Every control a finger must hit: its box (inline links inside running text are excepted by WCAG 2.5.8).
SMALL_TARGETS = """root => {
  const inText = el => el.tagName === 'A' && el.closest('p, li, td')
    && !el.closest('.toolbar, .seg-actions, nav, .buttons');
  const controls = 'a[href], button, summary, select, input:not([type=hidden]), textarea, [role=button]';
  return [...root.querySelectorAll(controls)]
    .filter(el => el.getClientRects().length && !inText(el))
    .map(el => { const r = el.getBoundingClientRect();
      return {what: el.outerHTML.slice(0, 80), w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10}; })
    .filter(t => t.w < 24 || t.h < 24);
}"""


# The most characters on one rendered line of an element's text.
LONGEST_LINE = """el => { const lines = new Map(); const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) for (let i = 0; i < n.data.length; i++) {
    const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); const box = r.getClientRects()[0];
    if (box) { const top = Math.round(box.top); lines.set(top, (lines.get(top) || 0) + 1); } }
  return Math.max(0, ...lines.values()); }"""


def touch(viewport) -> dict:
    return {"has_touch": True, "is_mobile": True} if viewport is PHONE else {}


@pytest.fixture(scope="module")
def live(tmp_path_factory, apertium_engine):
    with live_app(tmp_path_factory.mktemp("audiences"), {"apertium": apertium_engine}, SEED_ON_START=True,
                  AUTH="on") as server:
        runner = server.app.test_cli_runner()
        from app.cli import main

        created = runner.invoke(main, ["users", "create", "ed", "--password-stdin"], input=PASSWORD + "\n")
        assert created.exit_code == 0, created.output
        yield server


@pytest.fixture(scope="module")
def seed(live) -> dict:
    articles = live.json("/api/articles")["articles"]
    return live.json(f"/api/articles/{articles[0]['id']}")


def open_reader(open_page, live, seed, viewport, path_suffix="", **options):
    page = open_page(live, None, viewport, **touch(viewport), **options)
    page.add_init_script(SPEECH_STUB)
    page.goto(f"/articles/{seed['slug']}{path_suffix}")
    expect(page.locator("#reader")).to_have_attribute("data-ready", "yes")
    return page


def sign_in(page, live, seed) -> None:
    page.goto(f"/login?next=/articles/{seed['slug']}")
    page.locator('input[name="username"]').fill("ed")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    expect(page).to_have_url(re.compile(f"/articles/{re.escape(seed['slug'])}$"))
    expect(page.locator("#reader")).to_have_attribute("data-ready", "yes")


def wcag_violations(page, exclude=()) -> list[dict]:
    return axe_violations(page, WCAG22, tuple(exclude))


def assert_accessible(page, state: str) -> None:
    """axe's WCAG 2.2 AA rules on the whole page as it is now, the site header and footer included."""
    found = wcag_violations(page)
    assert not found, f"{state}:\n{describe(found)}"


def assert_no_small_targets(page, state: str) -> None:
    """No control under 24x24 CSS px anywhere on the page (header, footer, cards, dialogs) as it is now."""
    small = page.locator("body").evaluate(SMALL_TARGETS)
    assert small == [], (state, small)


def select_text(page, seg, text: str) -> None:
    """Select `text` inside a sentence, as a double-click or a long press would."""
    found = seg.evaluate(
        """(el, phrase) => { const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let n = w.nextNode(); n; n = w.nextNode()) { const at = n.data.indexOf(phrase); if (at < 0) continue;
            const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + phrase.length);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r);
            const b = r.getBoundingClientRect(); return [b.left + 2, b.top + b.height / 2]; } return null; }""",
        text,
    )
    assert found, text


def pick_word(page, seg, word: str, viewport) -> None:
    """Select a word the way the device does: a double-click with a mouse, a long press's selection on a phone."""
    seg.scroll_into_view_if_needed()
    if viewport is PHONE:
        page.touchscreen.tap(*first_line_point(seg))  # the reader now knows a finger is in use
        select_text(page, seg, word)
    else:
        point = seg.evaluate(
            """(el, w) => { const t = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
              for (let n = t.nextNode(); n; n = t.nextNode()) { const at = n.data.indexOf(w); if (at < 0) continue;
                const r = document.createRange(); r.setStart(n, at + 1); r.setEnd(n, at + 2);
                const b = r.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; } }""",
            word,
        )
        page.mouse.dblclick(*point)


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


# ---- an anonymous reader ------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_anonymous_reader_reads_listens_shares_and_keeps_words(open_page, live, seed, viewport, tmp_path):
    linked = next(s for s in seed["segments"] if s["source"].startswith("Bukele has made"))
    page = open_reader(open_page, live, seed, viewport, f"#s-{linked['key']}")

    # a page made for reading: no write forms, no token, a way to sign in that comes back here
    expect(page.locator('meta[name="csrf-token"]')).to_have_count(0)
    expect(page.locator('main form[method="post"], #add-term, textarea, button.edit-seg')).to_have_count(0)
    expect(page.locator(".toolbar a.sign-in")).to_have_attribute(
        "href", f"/login?next=/articles/{seed['slug']}")
    notice = page.locator('[data-notice="machine-translation"]')
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Machine translation")
    expect(notice).to_contain_text("No person has checked its 37 sentences yet")

    # the sentence link: scrolled to, highlighted in both languages, holding the tab stop
    english, spanish = page.locator(f"#s-{re.escape(linked['key'])}"), page.locator(f'[id="es-{linked["key"]}"]')
    for seg in (english, spanish):
        expect(seg).to_have_class(re.compile(r"\blinked\b"))
    box = english.bounding_box() if english.is_visible() else spanish.bounding_box()
    assert 0 <= box["y"] and box["y"] + min(box["height"], 40) <= viewport["height"], box
    assert page.evaluate("() => document.activeElement.matches('.seg.linked')")

    # the title is near the top on a phone: the toolbar waits at the bottom, in reach of a thumb
    title = page.locator("h1#article-title").bounding_box()
    page.evaluate("() => window.scrollTo(0, 0)")
    title = page.locator("h1#article-title").bounding_box()
    assert title["y"] < viewport["height"] * (0.2 if viewport is PHONE else 0.25), title

    # listening: the whole article in Spanish, then one sentence in English
    if viewport is PHONE:
        page.locator("details.listen summary").tap()
        page.get_by_role("button", name="Read the Spanish aloud").tap()
    else:
        page.locator("details.listen summary").click()
        page.get_by_role("button", name="Read the Spanish aloud").click()
    page.wait_for_function("() => window.__spoken.length >= 3")
    spoken = page.evaluate("() => window.__spoken")
    assert {s["lang"] for s in spoken} == {seed["target_lang"]}
    assert spoken[0]["text"].startswith(linked["target"].split()[0])  # from the current sentence on
    page.get_by_role("button", name="Stop").click()
    first = page.locator(".col.en .seg").nth(5) if viewport is DESKTOP else page.locator(".col.en .seg").nth(5)
    if viewport is PHONE:
        page.touchscreen.tap(*first_line_point(first))
    else:
        first.click()
    bar = page.locator(".seg-actions")
    expect(bar).to_have_count(1)
    count = page.evaluate("() => window.__spoken.length")
    bar.get_by_role("button", name="Listen").click()
    page.wait_for_function(f"() => window.__spoken.length > {count}")
    assert page.evaluate("() => window.__spoken.at(-1)") == {
        "text": " ".join(seed["segments"][5]["source"].split()), "lang": "en"}

    # a word kept with its sentence, then the list as an Anki deck
    seg = page.locator(".col.en .seg", has_text="deportees").first
    pick_word(page, seg, "deportees", viewport)
    card = page.locator("#term-card")
    expect(card.locator(".card-head")).to_have_text("deportees")
    expect(card.get_by_role("button", name="Add to glossary")).to_have_count(0)  # readers do not edit
    card.get_by_role("button", name="Save to study list").click()
    expect(page.locator(".study-link .count")).to_have_text("(1)")
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('paralelo-study'))")
    assert saved[0]["front"] == "deportees" and "deportees" in saved[0]["context"]
    page.goto("/study")
    expect(page.locator("#study")).to_have_attribute("data-ready", "yes")
    expect(page.locator("table.study-items tbody tr")).to_have_count(1)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as an Anki deck").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".apkg"
    with zipfile.ZipFile(path) as deck:
        names = deck.namelist()
        assert {"collection.anki2", "collection.anki21"} & set(names)
        collection = tmp_path / "collection.anki2"
        collection.write_bytes(deck.read("collection.anki2"))
    with sqlite3.connect(collection) as db:
        fields = [row[0].split("\x1f") for row in db.execute("select flds from notes")]
    assert fields[0][0] == "deportees" and "deportees" in fields[0][2]


# The clipboard, recorded: what the page asks navigator.clipboard to write.
CLIPBOARD_STUB = """
window.__copied = [];
Object.defineProperty(navigator, "clipboard", {configurable: true, value: {
  writeText(text) { window.__copied.push(text); return Promise.resolve(); }}});
"""


def test_anonymous_reader_copies_a_pair_its_link_and_all_the_spanish(open_page, live, seed):
    page = open_page(live, None, DESKTOP)
    page.add_init_script(CLIPBOARD_STUB)
    page.goto(f"/articles/{seed['slug']}")
    expect(page.locator("#reader")).to_have_attribute("data-ready", "yes")
    pair = seed["segments"][5]
    page.locator(f'[id="es-{pair["key"]}"]').focus()
    bar = page.locator(".seg-actions")
    bar.get_by_role("button", name="Copy both languages").click()
    expect(page.locator("#reader-status")).to_have_text("Copied.")
    bar.get_by_role("button", name="Copy a link to this sentence").click()
    expect(page.locator("#reader-status")).to_have_text("Link copied.")
    page.locator("details.options summary").click()
    page.get_by_role("button", name="Copy all the Spanish").click()
    pair_text, link, spanish = page.evaluate("() => window.__copied")
    assert pair_text == " ".join(pair["source"].split()) + "\n" + " ".join(pair["target"].split())
    assert link == f"{live.url}/articles/{seed['slug']}#s-{pair['key']}"
    translated = [" ".join(s["target"].split()) for s in seed["segments"] if s["target"]]
    assert all(t in spanish for t in translated) and pair["source"] not in spanish
    assert spanish.index(translated[1]) < spanish.index(translated[-1]) and "\n\n" in spanish  # in order, by paragraph
    shared = open_page(live, link.removeprefix(live.url), PHONE, **touch(PHONE))  # the link opens on the pair
    expect(shared.locator(f'[id="es-{pair["key"]}"]')).to_have_class(re.compile(r"\blinked\b"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_term_card_never_covers_the_spanish_twin_in_interleaved_view(open_page, live, seed, viewport):
    page = open_reader(open_page, live, seed, viewport)
    if viewport is PHONE:
        expect(page.locator("#reader")).to_have_class(re.compile(r"\bview-interleaved\b"))  # a phone's default
    else:
        page.get_by_role("button", name="Interleaved").click()
    terms = page.locator(f".col.en :is({MARKED})")
    for index in (0, 3, 7):
        term = terms.nth(index)
        point = first_line_point(term)
        if viewport is PHONE:
            page.touchscreen.tap(*point)
        else:
            page.mouse.move(*point)
        card = page.locator("#term-card")
        expect(card).to_be_visible()
        seg = term.locator("xpath=ancestor::span[contains(@class, 'seg')][1]")
        twin = page.locator(f'.col.es .seg[data-seg="{seg.get_attribute("data-seg")}"]')
        assert not overlaps(card.bounding_box(), twin.bounding_box()), "the card covers the Spanish twin"
        assert not overlaps(card.bounding_box(), seg.bounding_box()), "the card covers the sentence"
        page.keyboard.press("Escape")
        expect(card).to_be_hidden()


def test_a_spanish_sentence_shows_its_english_in_the_spanish_only_view(open_page, live, seed):
    page = open_reader(open_page, live, seed, PHONE)
    page.locator("#view-toggle").tap()
    page.get_by_role("button", name="Spanish only").tap()
    expect(page.locator(".col.en").first).to_be_hidden()
    spanish = page.locator(".col.es .seg").nth(4)
    page.touchscreen.tap(*first_line_point(spanish))
    card = page.locator("#term-card")
    expect(card).to_be_visible()
    expect(card.locator(".card-twin")).to_have_text(" ".join(seed["segments"][4]["source"].split()))
    expect(card.locator(".card-twin")).to_have_attribute("lang", "en")


def test_spanish_interface_titles_the_tab_in_spanish(open_page, live, seed):
    page = open_page(live, f"/articles/{seed['slug']}?lang=es", DESKTOP)
    spanish_title = seed["segments"][0]["target"]
    assert page.title() == f"{spanish_title} · Paralelo"
    assert " - Associated Press" not in seed["title"] and "Associated" not in spanish_title
    byline = page.locator(".kind-byline .col.en")
    expect(byline).to_contain_text("Marcos Alemán")  # not MARCOS ALEMÁN beside the Spanish "Marcos Alemán"
    expect(page.locator('[data-notice="machine-translation"]')).to_contain_text("Traducción automática")
    english = open_page(live, f"/articles/{seed['slug']}?lang=en", DESKTOP)
    assert english.title() == f"{seed['title']} · Paralelo"


def test_print_is_a_clean_bilingual_page(open_page, live, seed):
    page = open_reader(open_page, live, seed, DESKTOP)
    page.emulate_media(media="print")
    for chrome in ("header.site", ".toolbar", ".legend"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator('[data-notice="machine-translation"]')).to_be_visible()
    expect(page.locator(".col.en").nth(3)).to_be_visible()
    expect(page.locator(".col.es").nth(3)).to_be_visible()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(".printed-from")).to_have_text(f"{live.url}/articles/{seed['slug']}")
    expect(page.locator(".printed-from")).to_be_visible()


def test_dark_colours_follow_the_system_and_a_switch(open_page, live, seed):
    page = open_reader(open_page, live, seed, DESKTOP, color_scheme="dark")
    background = "() => getComputedStyle(document.body).backgroundColor"
    dark = page.evaluate(background)
    assert dark != "rgb(255, 255, 255)"
    page.locator("details.options summary").click()
    page.locator("#theme").select_option("light")
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.reload()
    assert page.evaluate(background) == "rgb(255, 255, 255)"  # kept, and applied before the first paint
    page.locator("details.options summary").click()
    page.locator("#text-size").select_option("xl")
    size = page.locator(".row.kind-paragraph .col.en").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 20
    page.locator("#theme").select_option("auto")
    assert page.evaluate(background) == dark
    page.get_by_role("button", name="Interleaved").click()
    for size in ("m", "xl"):
        page.locator("details.options summary").click()
        page.locator("#text-size").select_option(size)
        page.keyboard.press("Escape")
        longest = max(page.locator(".row.kind-paragraph .col").nth(i).evaluate(LONGEST_LINE) for i in range(6))
        assert 50 <= longest <= 80, f"interleaved lines of {longest} characters"


# ---- a learner ---------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_learner_looks_up_a_glossary_word_and_saves_it(open_page, live, seed, viewport):
    page = open_reader(open_page, live, seed, viewport)
    seg = page.locator(".col.en .seg", has_text="inmates").first
    pick_word(page, seg, "inmates", viewport)
    card = page.locator("#term-card")
    expect(card.locator(".card-head")).to_have_text("inmates")
    expect(card.locator("ul.glossary")).to_contain_text("reclusos", timeout=15_000)  # the glossary first
    expect(card.locator(".card-domain").first).to_have_text("Glossary")
    expect(card.get_by_role("button")).to_have_count(2)  # Save to study list, Close
    card.get_by_role("button", name="Save to study list").click()
    expect(page.locator("#reader-status")).to_have_text("Saved to your study list.")
    expect(page.locator(".study-link .count")).to_have_text("(1)")
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    page.goto("/study")
    row = page.locator("table.study-items tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("inmates")
    expect(row.locator("td").nth(1)).to_have_text("reclusos")
    expect(row.get_by_role("link", name="Article")).to_have_attribute(
        "href", re.compile(rf"^/articles/{re.escape(seed['slug'])}#s-p\d+\.s\d+$"))
    assert_accessible(page, "the study list")
    if viewport is PHONE:
        assert_no_small_targets(page, "the study list")


def test_a_spanish_article_adds_its_words_as_the_spanish_side_of_an_entry(open_page, live, seed):
    """In a Spanish article the source column is Spanish: a word picked there is the entry's Spanish, its
    English comes from the spa-eng dictionary, and the menus name the columns' real languages."""
    from app.cli import main

    text = ("Pandilleros trasladados\n\nLas autoridades trasladaron a los pandilleros a la cárcel el lunes. "
            "Los abogados pidieron una audiencia.\n")
    done = live.app.test_cli_runner().invoke(main, ["import", "-", "--source-lang", "es"], input=text)
    assert done.exit_code == 0, done.output
    slug = re.search(r"/articles/(\S+)", done.output).group(1)
    page = open_page(live, None, DESKTOP)
    sign_in(page, live, seed)
    page.goto(f"/articles/{slug}")
    expect(page.locator("#reader")).to_have_attribute("data-ready", "yes")
    expect(page.locator(".col.en").first).to_have_attribute("lang", "es")
    page.locator("details.options summary").click()
    expect(page.locator("#copy-spanish")).to_contain_text("Copy all the English")
    page.keyboard.press("Escape")
    pick_word(page, page.locator(".col.en .seg", has_text="pandilleros").nth(1), "pandilleros", DESKTOP)
    card = page.locator("#term-card")
    expect(card.locator(".card-head")).to_have_text("pandilleros")
    card.get_by_role("button", name="Add to glossary").click()
    form = page.locator("#add-term-form")
    expect(form.locator('input[name="target"]')).to_have_value("pandilleros")  # the Spanish side
    assert form.locator('input[name="source"]').input_value() != "pandilleros"


def test_an_editor_swaps_sides_and_joins_aligned_pairs_by_keyboard(open_page, live, seed, tmp_path):
    """Issue 26 in the reader: Swap sides is remembered; focusing a pair from an existing translation shows
    its Join/Split bar, and Alt+J joins it with the next one (the handlers are delegated from #reader, so
    they hold after the text is refreshed in place)."""
    from app.cli import main
    from tests.web.test_aligned_import import ENGLISH, SPANISH

    edition = tmp_path / "edicion.txt"
    edition.write_text(SPANISH, "utf-8")
    done = live.app.test_cli_runner().invoke(main, ["import", "-", "--translation", str(edition)], input=ENGLISH)
    assert done.exit_code == 0, done.output
    slug = re.search(r"/articles/(\S+)", done.output).group(1)
    page = open_page(live, None, DESKTOP)
    sign_in(page, live, seed)
    page.goto(f"/articles/{slug}")
    expect(page.locator("#reader")).to_have_attribute("data-ready", "yes")
    page.locator("#swap-sides").click()
    expect(page.locator("#reader")).to_have_class(re.compile(r"\bsource-right\b"))
    page.reload()
    expect(page.locator("#reader")).to_have_class(re.compile(r"\bsource-right\b"))  # remembered
    aligned = page.locator(".col.target .seg.aligned")
    before = aligned.count()
    assert before >= 3
    aligned.first.focus()
    expect(page.locator(".align-tools").first).to_be_visible()
    page.keyboard.press("Alt+j")
    expect(page.locator(".col.target .seg.aligned")).to_have_count(before - 1, timeout=10_000)


# ---- an editor, by keyboard only ---------------------------------------------------------------


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.outerHTML.slice(0, 60)")


def test_editor_by_keyboard_corrects_adds_a_term_and_uses_a_memory_match(open_page, live, seed):
    page = open_page(live, None, DESKTOP)
    sign_in(page, live, seed)
    keys = page.keyboard

    # into the text with Tab, down to a sentence, across to its Spanish, Enter edits it
    for _ in range(40):
        keys.press("Tab")
        if page.evaluate("() => document.activeElement.matches('#reader-text .seg')"):
            break
    for _ in range(4):
        keys.press("ArrowDown")
    keys.press("ArrowRight")
    spanish_id = focused(page)
    assert spanish_id.startswith("es-p")
    keys.press("Enter")
    area = page.locator(".editor textarea")
    expect(area).to_be_focused()
    expect(page.locator(".editor")).to_contain_text("Ctrl+Enter saves · Esc cancels")
    keys.press("Tab")  # Esc works anywhere in the editor, not only in the text box
    keys.press("Escape")
    expect(page.locator(".editor")).to_have_count(0)
    assert focused(page) == spanish_id
    keys.press("Enter")
    expect(area).to_be_focused()
    keys.press("Control+End")
    keys.type(" Corregido.")
    keys.press("Control+Enter")
    expect(page.locator(f'[id="{spanish_id}"]')).to_have_class(re.compile(r"\breview-edited\b"))
    expect(page.locator(f'[id="{spanish_id}"]')).to_be_focused()  # focus stays on the sentence just saved
    expect(page.locator(f'[id="{spanish_id}"]')).to_have_attribute("tabindex", "0")
    expect(page.locator('[data-notice="machine-translation"]')).to_contain_text("checked 1 of 37")
    keys.press("Tab")  # the next stop is beside the sentence, not the skip link at the top
    assert page.evaluate("() => !!document.activeElement.closest('.seg-actions')")

    # a term: Shift+Right selects a word of the English, Enter looks it up, Add to glossary, Enter saves
    keys.press("Shift+Tab")
    keys.press("ArrowLeft")
    for _ in range(20):  # down to the sentence that starts with an adverb worth a glossary entry
        if page.evaluate("() => document.activeElement.textContent.startsWith('Occasionally')"):
            break
        keys.press("ArrowDown")
    english_id = focused(page)
    assert english_id.startswith("s-p")
    keys.press("Shift+ArrowRight")
    word = page.evaluate("() => getSelection().toString().trim()")
    keys.press("Enter")
    card = page.locator("#term-card")
    expect(card.locator(".card-head")).to_have_text(word)
    expect(page.get_by_role("button", name="Add to glossary")).to_have_count(1)  # one, in the card
    for _ in range(4):
        if page.evaluate("() => document.activeElement.textContent.trim() === 'Add to glossary'"):
            break
        keys.press("Tab")
    keys.press("Enter")
    dialog = page.locator("#add-term")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name="Add to glossary")).to_have_count(0)  # the card closed with it
    expect(dialog.locator('input[name="source"]')).to_have_value(word)
    expect(dialog.locator('input[name="target"]')).to_be_focused()
    keys.press("Control+a")
    keys.type("de vez en cuando")
    keys.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(".notice")).to_have_count(0, timeout=15_000)  # re-translated, text refreshed
    expect(page.locator(f'[id="{english_id}"]')).to_be_focused()
    entry = next(e for e in live.json("/api/glossary?q=" + word)["entries"] if e["target"] == "de vez en cuando")
    expect(page.locator(f'[id="{english_id}"] .term[data-entry="{entry["id"]}"]')).to_have_count(1)

    # a memory match, used by keyboard
    target = next(s for s in seed["segments"] if "40,000 inmates" in s["source"])
    similar = target["source"].replace("40,000", "30,000")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    memory = f"""<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t"
      creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
      <body><tu><tuv xml:lang="en"><seg>{similar}</seg></tuv>
      <tuv xml:lang="es-419"><seg>Tiene ocho pabellones y alberga a 30,000 reos.</seg></tuv></tu></body></tmx>"""
    response = page.request.post("/api/tm/import", headers={"X-CSRFToken": token}, multipart={
        "file": {"name": "memory.tmx", "mimeType": "application/x-tmx+xml", "buffer": memory.encode()}})
    assert response.ok, response.text()
    seg_id = f'es-{target["key"]}'
    page.locator(f'[id="{seg_id}"]').focus()
    keys.press("Enter")
    suggestion = page.locator(".editor .suggestions li.tm")
    expect(suggestion).to_have_count(1)
    score = suggestion.locator(".score").inner_text()
    assert score.endswith("match") and int(score.split("%")[0]) < 100  # 30,000 is not 40,000
    use = suggestion.get_by_role("button", name="Use")
    while not page.evaluate("el => el === document.activeElement", use.element_handle()):
        keys.press("Tab")
    keys.press("Enter")
    expect(page.locator(".editor textarea")).to_have_value("Tiene ocho pabellones y alberga a 40,000 reos.")
    expect(page.locator(".editor textarea")).to_be_focused()
    keys.press("Control+Enter")
    expect(page.locator(f'[id="{seg_id}"]')).to_have_text(re.compile(r"^Tiene ocho pabellones y alberga a 40"))
    expect(page.locator(f'[id="{seg_id}"]')).to_be_focused()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_editor_for_the_longest_sentence_is_on_screen_with_alternatives_to_insert(open_page, live, seed, viewport):
    page = open_page(live, None, viewport, **touch(viewport))
    sign_in(page, live, seed)
    longest = max(seed["segments"], key=lambda s: len(s["target"] or ""))
    seg = page.locator(f'[id="es-{longest["key"]}"]')
    seg.focus()
    page.keyboard.press("Enter")
    editor = page.locator(".editor")
    expect(editor.locator("textarea")).to_be_focused()
    expect(editor.locator(".suggestions")).to_be_visible(timeout=15_000)
    box = editor.locator("textarea").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    words = editor.locator("li.words button.insert")
    if words.count():  # Apertium's other words: usable Spanish, no "#" or "_", inserted on a press
        options = words.all_inner_texts()
        assert not [o for o in options if re.search(r"[#_<>]", o)], options
        before = editor.locator("textarea").input_value()
        words.first.click()
        assert editor.locator("textarea").input_value() != before or options[0] in before
    page.keyboard.press("Escape")


def test_failed_url_import_shows_its_reason_with_retry_and_delete(open_page, live, seed):
    from app.core.models import Article
    from app.core.states import ArticleStatus

    with live.app.extensions["paralelo.db"]() as session:
        article = Article(slug="failed-import", title="https://news.example/story", original_text="",
                          source_url="https://news.example/story", status=ArticleStatus.FAILED,
                          error="The page answered 404 Not Found.")
        session.add(article)
        session.commit()
        article_id = article.id
    anonymous = open_page(live, "/articles/failed-import", PHONE, **touch(PHONE))
    expect(anonymous.locator(".problem")).to_contain_text("The page answered 404 Not Found.")
    expect(anonymous.locator(".toolbar, details.download-menu, #add-term-open, .omegat-upload")).to_have_count(0)
    expect(anonymous.get_by_role("button", name="Retry")).to_have_count(0)
    page = open_page(live, None, DESKTOP)
    sign_in_to = "/login?next=/articles/failed-import"
    page.goto(sign_in_to)
    page.locator('input[name="username"]').fill("ed")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    expect(page.locator(".problem")).to_contain_text("The page could not be imported")
    expect(page.locator(".toolbar, details.download-menu, .omegat-upload, #add-term-open")).to_have_count(0)
    expect(page.get_by_role("link", name="Delete")).to_have_attribute("href", re.compile(r"/articles/\d+/delete$"))
    assert_accessible(page, "a failed article")
    page.get_by_role("button", name="Retry").click()  # back to the list, the page fetched again
    expect(page.locator(".flash.info")).to_contain_text("again")

    def reason() -> str | None:  # the fetch may already have failed again (no network here): a new reason
        with live.app.extensions["paralelo.db"]() as session:
            return session.get(Article, article_id).error

    wait_for(lambda: reason() != "The page answered 404 Not Found.", 10, what="the page fetched again")


# ---- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reader_meets_wcag_22_aa_with_every_card_menu_and_dialog_open(open_page, live, seed, lang, viewport):
    page = open_page(live, None, viewport, **touch(viewport))
    sign_in(page, live, seed)
    page.goto(f"/articles/{seed['slug']}?lang={lang}")
    expect(page.locator("#reader")).to_have_attribute("data-ready", "yes")
    assert_accessible(page, "the reader")
    phone = viewport is PHONE

    def press(locator):
        locator.tap() if phone else locator.click()

    page.locator(f".col.es .seg:has({MARKED})").first.focus()
    page.keyboard.press("Alt+ArrowRight")  # into the sentence's terms: the term card
    expect(page.locator("#term-card")).to_be_visible()
    assert_accessible(page, "a term card")
    page.keyboard.press("Escape")
    pick_word(page, page.locator(".col.en .seg", has_text="inmates").first, "inmates", viewport)
    expect(page.locator("#term-card ul.glossary")).to_be_visible(timeout=15_000)
    assert_accessible(page, "the lookup card")
    page.keyboard.press("Escape")
    for menu in ("details.options", "details.listen", "details.download-menu"):
        press(page.locator(f"{menu} > summary"))
        panel = page.locator(f"{menu} .menu-panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()  # the whole panel in the window, wherever the toolbar wrapped its menu
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (menu, box)
        assert_accessible(page, menu)
        page.keyboard.press("Escape")
    if phone:
        press(page.locator("#view-toggle"))
        expect(page.locator("#view-panel")).to_be_visible()
        assert_accessible(page, "the view menu")
        page.keyboard.press("Escape")
    seg = page.locator(".col.es .seg").nth(6)
    seg.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".editor .suggestions")).to_be_visible(timeout=15_000)
    assert_accessible(page, "the editor with suggestions")
    page.keyboard.press("Escape")
    press(page.locator("#add-term-open"))
    expect(page.locator("#add-term")).to_be_visible()
    assert_accessible(page, "the add-term dialog")
    page.keyboard.press("Escape")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_anonymous_reader_page_meets_wcag_22_aa(open_page, live, seed, lang):
    page = open_reader(open_page, live, seed, PHONE, f"?lang={lang}")
    assert_accessible(page, "the anonymous reader")
    page.locator(".col.en .seg").nth(3).focus()  # the bar beside the current sentence
    expect(page.locator(".seg-actions")).to_be_visible()
    assert_accessible(page, "the sentence actions")
    page.goto(f"/study?lang={lang}")
    expect(page.locator("#study")).to_have_attribute("data-ready", "yes")
    assert_accessible(page, "the empty study list")


@pytest.mark.parametrize("signed_in", [False, True], ids=["reader", "editor"])
def test_every_target_in_the_reader_is_at_least_24_px_on_a_phone(open_page, live, seed, signed_in):
    page = open_reader(open_page, live, seed, PHONE)
    if signed_in:
        sign_in(page, live, seed)
    assert_no_small_targets(page, "the page")  # the site header and footer included
    page.locator(".col.es .seg").nth(3).focus()
    expect(page.locator(".seg-actions")).to_be_visible()
    assert_no_small_targets(page, "the sentence actions")
    for menu in ("details.options", "details.listen", "details.download-menu"):
        page.locator(f"{menu} > summary").tap()
        expect(page.locator(f"{menu} .menu-panel")).to_be_visible()
        assert_no_small_targets(page, menu)
        page.keyboard.press("Escape")
    page.locator("#view-toggle").tap()
    expect(page.locator("#view-panel")).to_be_visible()
    assert_no_small_targets(page, "the view menu")
    page.keyboard.press("Escape")
    page.locator(f".col.es .seg:has({MARKED})").first.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#term-card")).to_be_visible()
    assert_no_small_targets(page, "a term card")
    page.keyboard.press("Escape")
    pick_word(page, page.locator(".col.en .seg", has_text="inmates").first, "inmates", PHONE)
    expect(page.locator("#term-card ul.glossary")).to_be_visible(timeout=15_000)
    assert_no_small_targets(page, "the lookup card")
    page.keyboard.press("Escape")
    if not signed_in:
        return
    page.locator(".col.es .seg").nth(6).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".editor .suggestions")).to_be_visible(timeout=15_000)
    assert_no_small_targets(page, "the editor with suggestions")
    page.keyboard.press("Escape")
    page.locator("#add-term-open").tap()
    expect(page.locator("#add-term")).to_be_visible()
    assert_no_small_targets(page, "the add-term dialog")
    page.keyboard.press("Escape")
