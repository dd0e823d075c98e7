"""The reader on desktop, phone and keyboard, in Debian's Chromium: term cards inside the viewport,
touch, roving tabindex, skip link, narrow screens, the editor, the terms toggle and word lookup."""

from __future__ import annotations

import pytest

from tests.support.axe import axe_violations
from tests.support.browser import (
    expect,
    first_line_point,
    live_app,
)

pytestmark = [pytest.mark.browser, pytest.mark.apertium]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}

# The card's box and the window's size, to check the one is inside the other.
CARD_BOX = """() => { const r = document.getElementById('term-card').getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          width: document.documentElement.clientWidth, height: window.innerHeight}; }"""
# The Spanish term whose right edge is furthest right: the one most likely to push a card off-screen.
MARKED = ".term.d-legal, .term.d-prison"  # marked by default; names, dates and other domains are quiet
RIGHTMOST_TERM = """() => { let best = -1, at = -1;
  document.querySelectorAll('.col.es :is(.term.d-legal, .term.d-prison)').forEach((t, i) => {
    const r = t.getBoundingClientRect(); if (r.width && r.right > best) { best = r.right; at = i; } });
  return at; }"""


@pytest.fixture(scope="module")
def live(tmp_path_factory, apertium_engine):
    folder = tmp_path_factory.mktemp("reader-browser")
    with live_app(folder, {"apertium": apertium_engine}, SEED_ON_START=True) as server:
        yield server


@pytest.fixture(scope="module")
def seed(live) -> dict:
    articles = live.json("/api/articles")["articles"]
    return live.json(f"/api/articles/{articles[0]['id']}")


@pytest.fixture
def open_reader(open_page, live, seed):
    """open_reader(viewport, **context options) -> a page on the bundled article; JS errors fail the test."""

    def opener(viewport=DESKTOP, **options):
        page = open_page(live, f"/articles/{seed['slug']}", viewport, **options)
        expect(page.locator(".col.es .seg").first).to_be_visible()
        return page

    return opener


def card_inside_window(page) -> None:
    box = page.evaluate(CARD_BOX)
    assert box["left"] >= 0 and box["right"] <= box["width"], box
    assert box["top"] >= 0 and box["bottom"] <= box["height"], box


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_term_card_stays_inside_the_window_and_off_its_sentence(open_reader, viewport):
    phone = viewport is PHONE
    page = open_reader(viewport, has_touch=phone, is_mobile=phone)
    if phone:
        page.locator("#view-toggle").click()  # on a phone the views fold behind one button
        page.locator('[data-view="side"]').click()  # the hardest case: the right-hand column
    index = page.evaluate(RIGHTMOST_TERM)
    term = page.locator(f".col.es :is({MARKED})").nth(index)
    card = page.locator("#term-card")
    point = first_line_point(term)
    if phone:
        page.touchscreen.tap(*point)
    else:
        page.mouse.move(*point)
    expect(card).to_be_visible()
    entry = term.get_attribute("data-entry")
    target = page.evaluate(f"() => JSON.parse(document.getElementById('term-data').textContent)['{entry}'].target")
    expect(card).to_contain_text(target)
    card_inside_window(page)
    sentence = term.locator("xpath=ancestor::span[contains(@class, 'seg')]").bounding_box()
    assert not overlaps(card.bounding_box(), sentence), "the card hides the sentence being read"
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_touch_tap_on_a_term_shows_its_card_not_the_editor(open_reader):
    page = open_reader(PHONE, has_touch=True, is_mobile=True)
    term = page.locator(f".col.es :is({MARKED})").first
    page.touchscreen.tap(*first_line_point(term))
    expect(page.locator("#term-card")).to_be_visible()
    expect(page.locator(".editor")).to_have_count(0)
    elsewhere = page.locator(".row.kind-paragraph .col.en").nth(8)
    page.touchscreen.tap(*first_line_point(elsewhere))  # a tap elsewhere closes it
    expect(page.locator("#term-card")).to_be_hidden()
    seg = term.locator("xpath=ancestor::span[contains(@class, 'seg')]")
    page.touchscreen.tap(*first_line_point(seg))
    expect(page.locator(".editor")).to_have_count(0)
    edit = page.locator("button.edit-seg")
    expect(edit).to_be_visible()
    edit.tap()
    expect(page.locator(".editor textarea")).to_be_focused()


def test_keyboard_one_tab_stop_for_the_text_and_arrows_move(open_reader, seed):
    page = open_reader()
    sentences = len(seed["segments"])
    inside = 0
    entered = False
    for _ in range(sentences + 40):
        page.keyboard.press("Tab")
        in_reader = page.evaluate("() => !!document.activeElement.closest('#reader')")
        if in_reader:
            entered = True
            inside += 1
        elif entered:
            break
    assert entered and inside <= sentences + 15, inside
    assert inside <= 20, f"{inside} tab stops in the reader: the sentences should be one roving stop"

    first = page.locator(".col.en .seg").first
    first.focus()
    assert first.evaluate("el => getComputedStyle(el).outlineStyle") != "none"  # focus is visible
    page.keyboard.press("ArrowDown")
    expect(page.locator(".col.en .seg").nth(1)).to_be_focused()
    expect(page.locator(".col.en .seg").nth(1)).to_have_attribute("tabindex", "0")
    expect(first).to_have_attribute("tabindex", "-1")
    page.keyboard.press("ArrowRight")
    twin = page.locator(f'.col.es .seg[data-seg="{seed["segments"][1]["id"]}"]')
    expect(twin).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator(".col.es .seg").first).to_be_focused()
    # into the terms of a sentence, and back out with Esc
    with_terms = page.locator(f".col.en .seg:has({MARKED})").first
    with_terms.focus()
    page.keyboard.press("Alt+ArrowRight")
    focused_term = page.evaluate("() => document.activeElement.classList.contains('term')")
    assert focused_term
    expect(page.locator("#term-card")).to_be_visible()
    card_inside_window(page)
    page.keyboard.press("Escape")
    expect(page.locator("#term-card")).to_be_hidden()
    expect(with_terms).to_be_focused()


def test_skip_link_jumps_to_the_article(open_reader):
    page = open_reader()
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # shown while focused
    page.keyboard.press("Enter")
    expect(page.locator("#reader-text")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('.seg')")


def test_esc_closes_the_download_menu(open_reader):
    page = open_reader()
    menu = page.locator("details.download-menu")
    menu.locator("summary").click()
    expect(menu.locator(".menu-panel")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.locator(".menu-panel")).to_be_hidden()
    expect(menu.locator("summary")).to_be_focused()


@pytest.mark.parametrize("view", ["default", "side"])
def test_no_sideways_scrolling_on_a_small_phone(open_reader, view):
    page = open_reader(SMALL_PHONE, has_touch=True, is_mobile=True)
    if view == "side":
        page.locator("#view-toggle").click()
        page.locator('[data-view="side"]').click()
        en, es = page.locator(".col.en").nth(2).bounding_box(), page.locator(".col.es").nth(2).bounding_box()
        assert es["x"] >= en["x"] + en["width"] - 1 and abs(es["y"] - en["y"]) < 2, "not side by side"
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    toolbar = page.locator(".toolbar").bounding_box()  # in reach of a thumb: the bottom of the screen
    assert abs(toolbar["y"] + toolbar["height"] - SMALL_PHONE["height"]) < 2
    assert toolbar["width"] <= SMALL_PHONE["width"]


def test_editor_shows_the_whole_sentence_inside_its_column(open_reader, seed):
    page = open_reader(PHONE, has_touch=True, is_mobile=True)
    longest = max(seed["segments"], key=lambda s: len(s["target"] or ""))
    seg = page.locator(f'.col.es .seg[data-seg="{longest["id"]}"]')
    page.touchscreen.tap(*first_line_point(seg))
    page.locator("button.edit-seg").tap()
    area = page.locator(".editor textarea")
    expect(area).to_be_focused()
    sizes = area.evaluate("el => [el.scrollHeight, el.clientHeight]")
    assert sizes[0] <= sizes[1], sizes
    column = page.locator(".editor").locator("xpath=ancestor::*[contains(@class, 'col')][1]").bounding_box()
    box = area.bounding_box()
    assert box["x"] >= column["x"] - 1 and box["x"] + box["width"] <= column["x"] + column["width"] + 1


def test_quiet_marks_legal_and_prison_terms_by_default_and_a_remembered_choice(open_reader):
    page = open_reader()
    date = page.locator(".term.loc").first
    expect(date).to_have_count(1)
    assert date.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    legal = page.locator(f":is({MARKED})").first
    assert legal.evaluate("el => getComputedStyle(el).textDecorationStyle") == "dotted"
    name = page.locator(".term.keep").first  # names are quiet
    assert name.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    other = page.locator(".term.d-immigration").first
    assert other.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    unknown = page.locator(".unknown").first  # left in English: italic, no red wavy line
    assert unknown.evaluate("el => [getComputedStyle(el).fontStyle, getComputedStyle(el).textDecorationLine]") == [
        "italic", "none"]
    expect(page.locator("#legend")).to_be_visible()
    page.locator("details.options summary").click()
    page.locator("#marks").select_option("all")
    assert other.evaluate("el => getComputedStyle(el).textDecorationStyle") == "dotted"
    page.locator("#marks").select_option("none")
    page.reload()
    expect(page.locator("#marks")).to_have_value("none")
    assert legal.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    page.mouse.move(*first_line_point(legal))
    expect(page.locator("#term-card")).to_be_hidden()


def test_word_lookup_card_from_a_double_click_and_from_the_keyboard(open_reader):
    page = open_reader()
    seg = page.locator(".col.en .seg", has_text="deported").first
    seg.scroll_into_view_if_needed()
    point = page.evaluate(
        """el => { const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let n = w.nextNode(); n; n = w.nextNode()) { const at = n.data.indexOf('deported');
            if (at >= 0) { const r = document.createRange(); r.setStart(n, at + 1); r.setEnd(n, at + 3);
              const b = r.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; } } }""",
        seg.element_handle(),
    )
    page.mouse.dblclick(*point)
    card = page.locator("#term-card")
    expect(card).to_contain_text("deportar", timeout=15_000)
    expect(card).to_contain_text("verb")
    card_inside_window(page)
    card.get_by_role("button", name="Add to glossary").click()
    dialog = page.locator("#add-term")
    expect(dialog).to_be_visible()
    expect(dialog.locator('input[name="source"]')).to_have_value("deported")
    expect(dialog.locator('input[name="target"]')).to_have_value("deportar")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # keyboard: a focused English sentence, Shift+Right selects its first word, Enter looks it up
    first = page.locator(".col.en .seg").first
    first.focus()
    page.keyboard.press("Shift+ArrowRight")
    word = page.evaluate("() => window.getSelection().toString().trim()")
    assert word and " " not in word
    page.keyboard.press("Enter")
    expect(card).to_be_visible()
    expect(card.locator(".card-head")).to_contain_text(word, timeout=15_000)


def test_add_term_from_the_keyboard_prefills_the_sentence(open_reader, seed):
    page = open_reader()
    page.locator(".col.en .seg").nth(2).focus()
    page.locator("#add-term-open").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#add-term")
    expect(dialog).to_be_visible()
    source = " ".join(seed["segments"][2]["source"].split())[:200]
    expect(dialog.locator('input[name="source"]')).to_have_value(source)
    expect(dialog.locator('input[name="target"]')).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_landmarks_and_headings(open_reader):
    page = open_reader()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator("h2.kind-heading").count() >= 1
    expect(page.get_by_role("region", name="Article text")).to_have_count(1)
    expect(page.locator("article#reader")).to_have_attribute("aria-labelledby", "article-title")




@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_reader_has_no_axe_violations(open_reader, seed, lang, viewport):
    page = open_reader(viewport)
    page.goto(f"/articles/{seed['slug']}?lang={lang}")
    violations = axe_violations(page, tags=None)  # every rule, the site header included
    assert [(v["id"], v["impact"], v["nodes"][:3]) for v in violations] == []


@pytest.fixture(scope="module")
def anonymous_live(tmp_path_factory, apertium_engine):
    """Accounts on: the page a reader without an account gets (the shared, cached one)."""
    with live_app(tmp_path_factory.mktemp("reader-anon"), {"apertium": apertium_engine}, SEED_ON_START=True,
                  AUTH="on") as server:
        yield server


def test_anonymous_reader_gets_cards_and_lookup_but_no_editing(open_page, anonymous_live):
    slug = anonymous_live.json("/api/articles")["articles"][0]["slug"]
    page = open_page(anonymous_live, f"/articles/{slug}", PHONE, has_touch=True, is_mobile=True)
    expect(page.locator('meta[name="csrf-token"]')).to_have_count(0)
    term = page.locator(".col.es .term:not(.loc)").first
    page.touchscreen.tap(*first_line_point(term))
    expect(page.locator("#term-card")).to_be_visible()
    card_inside_window(page)
    seg = page.locator(".col.es .seg").nth(3)
    page.touchscreen.tap(*first_line_point(seg))
    expect(page.locator("button.edit-seg")).to_have_count(0)
    expect(page.locator(".editor")).to_have_count(0)
    first = page.locator(".col.en .seg").first
    first.focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    card = page.locator("#term-card")
    expect(card.locator("ul.senses")).to_be_visible(timeout=15_000)
    expect(card.get_by_role("button", name="Add to glossary")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()



def test_dragging_over_spanish_text_selects_it_and_never_opens_the_editor(open_reader):
    """Issue 24 item 4: a selection is for reading; a plain click (no selection) still opens the editor."""
    page = open_reader()
    spanish = page.locator(".row.kind-paragraph .col.es .seg").nth(2)
    spanish.scroll_into_view_if_needed()
    line = spanish.evaluate(
        "el => { const r = el.getClientRects()[0]; return [r.left, r.top + r.height / 2, r.width]; }")
    start, end = (line[0] + 3, line[1]), (line[0] + min(line[2] - 3, 160), line[1])
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    selected = page.evaluate("() => getSelection().toString()")
    assert len(selected.strip()) >= 5, selected
    page.wait_for_timeout(600)  # past the pause in which a click waits for a second one (editor.js)
    expect(page.locator(".editor")).to_have_count(0)
    assert page.evaluate("() => getSelection().toString()") == selected  # still selected, ready to copy
    page.mouse.dblclick(*end)  # a double-click selects a word: a lookup, not the editor
    page.wait_for_timeout(600)
    expect(page.locator(".editor")).to_have_count(0)
    page.keyboard.press("Escape")
    page.evaluate("() => getSelection().removeAllRanges()")
    page.mouse.click(*start)  # a plain click without a selection opens it
    expect(page.locator(".editor textarea")).to_be_focused()
